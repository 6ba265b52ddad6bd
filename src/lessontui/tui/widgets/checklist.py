"""The "things I learned" pane: a view of the task list in the open lesson's text."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessontui.course.checklist import Item

CHECKLIST_BINDINGS = [
    Binding("space", "toggle_item", "Toggle", id="checklist.toggle"),
    Binding("a", "add", "Add", id="checklist.add"),
    Binding("e", "edit", "Edit", id="checklist.edit"),
    Binding("d,delete", "remove", "Delete", id="checklist.remove"),
]


_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")


def item_prompt(item: Item) -> Content:
    """The item with its Markdown links shown as underlined text (literal, never markup)."""
    box = ("☑ ", "$text-success") if item.checked else ("☐ ", "dim")
    parts: list[str | tuple[str, str]] = ["  " * item.indent, box]
    position = 0
    for match in _LINK.finditer(item.text):
        parts.append(item.text[position : match.start()])
        parts.append((match.group(1), "underline"))
        position = match.end()
    parts.append(item.text[position:])
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

    def show(self, items: list[Item]) -> None:
        if items == self.items:
            return
        highlighted = self.highlighted
        self.items = list(items)
        self.set_options(Option(item_prompt(item)) for item in self.items)
        if self.items:
            self.highlighted = min(highlighted or 0, len(self.items) - 1)

    def action_toggle_item(self) -> None:
        if self.highlighted is not None and self.items:
            self.post_message(self.Toggle(self.highlighted))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Toggle(event.option_index))

    def action_add(self) -> None:
        self.post_message(self.AddRequested())

    def action_edit(self) -> None:
        if self.highlighted is not None and self.items:
            item = self.items[self.highlighted]
            self.post_message(self.EditRequested(item.index, item.text))

    def action_remove(self) -> None:
        if self.highlighted is not None and self.items:
            self.post_message(self.Remove(self.highlighted))
