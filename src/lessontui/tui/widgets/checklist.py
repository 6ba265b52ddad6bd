"""The "things I learned" pane: a view of the task list in the open lesson's text."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessontui.course.checklist import Item
from lessontui.tui.type_ahead import opening_screen

CHECKLIST_BINDINGS = [
    Binding("space", "toggle_item", "Toggle", id="checklist.toggle"),
    Binding("a", "add", "Add learned", id="checklist.add"),
    Binding("u", "add_to_learn", "Add to learn", id="checklist.add_to_learn"),
    Binding("e,enter", "edit", "Edit", id="checklist.edit"),
    Binding("d,delete", "remove", "Delete", id="checklist.remove"),
]

# The preview's inline styles (render/markdown.py's RenderTheme defaults), so an
# item reads the same in the checklist as in the preview.
_INLINE_STYLES = {"em": "italic", "strong": "bold", "s": "strike", "link": "underline"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])


def _inline(tokens: list[Token], parts: list[str | tuple[str, str]]) -> None:
    """Markdown inline tokens as (text, style) parts; open/close tags nest styles."""
    styles: list[str] = []
    for token in tokens:
        kind = token.type
        if kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            styles.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES:
            if styles:
                styles.pop()
        elif kind == "code_inline":
            parts.append((token.content, " ".join([*styles, "reverse"])))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.content:
            parts.append((token.content, " ".join(styles)) if styles else token.content)


def item_prompt(item: Item, due: bool = False) -> Content:
    """The item as the preview shows it: emphasis, code and links styled, the rest
    literal text (never markup); a due item ends with a review mark."""
    box = ("☑ ", "$text-success") if item.checked else ("☐ ", "dim")
    parts: list[str | tuple[str, str]] = ["  " * item.indent, box]
    tokens = _parser().parseInline(item.text)
    _inline((tokens[0].children or []) if tokens else [], parts)
    if due:
        parts.append(("  ↻ due", "$text-warning"))
    return Content.assemble(*parts)


class LearnedChecklist(OptionList):
    """Shows the items; asks the app to change the text (it never edits anything itself)."""

    BINDINGS: ClassVar[list[BindingType]] = [*CHECKLIST_BINDINGS]

    class Toggle(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class AddRequested(Message):
        """The user wants to add an item: the app asks for its text."""

        def __init__(self, checked: bool = True) -> None:
            super().__init__()
            self.checked = checked  # learned (ticked), or still to learn

    class EditRequested(Message):
        def __init__(self, index: int, text: str) -> None:
            super().__init__()
            self.index = index
            self.text = text

    class Remove(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items: list[Item] = []
        self.due: set[int] = set()

    def show(self, items: list[Item], due: set[int] | None = None) -> None:
        """Show `items`; those at the indexes in `due` are marked due for review."""
        due = due or set()
        if items == self.items and due == self.due:
            return
        highlighted = self.highlighted
        self.items, self.due = list(items), due
        self.set_options(Option(item_prompt(item, item.index in due)) for item in self.items)
        if self.items:
            self.highlighted = min(highlighted or 0, len(self.items) - 1)

    def action_toggle_item(self) -> None:
        if self.highlighted is not None and self.items:
            self.post_message(self.Toggle(self.highlighted))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # enter edits (a binding of this widget); a click here only highlights: ticking
        # is space, never a slip of enter or of the mouse.
        event.stop()

    def action_add(self) -> None:
        opening_screen(self)  # the screen asks for the text in a prompt
        self.post_message(self.AddRequested(checked=True))

    def action_add_to_learn(self) -> None:
        opening_screen(self)
        self.post_message(self.AddRequested(checked=False))

    def action_edit(self) -> None:
        if self.highlighted is not None and self.items:
            item = self.items[self.highlighted]
            opening_screen(self)
            self.post_message(self.EditRequested(item.index, item.text))

    def action_remove(self) -> None:
        if self.highlighted is not None and self.items:
            self.post_message(self.Remove(self.highlighted))
