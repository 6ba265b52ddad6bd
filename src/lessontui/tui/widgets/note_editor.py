"""The Markdown note editor: a TextArea that applies outside edits as small changes."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.binding import Binding

from lessontui.tui.textual_compat.bindings_in_order import run_binding_inline
from lessontui.tui.textual_compat.paste_undo import PasteUndoFix
from lessontui.tui.type_ahead import hand_over
from lessontui.tui.widgets.markdown_text_area import MarkdownTextArea

PLAIN_FROM_LINES = 20_000  # lines from which a note loses soft wrap
_MODIFIERS = frozenset({"ctrl", "alt", "super", "meta", "hyper"})
_SCREEN_KEYS = frozenset({"select_line", "select_all"})  # TextArea's f6 and f7


def _types_text(event: events.Key) -> bool:
    """The key types into the note (TextArea._on_key inserts it): a character or enter."""
    if event.key == "enter":
        return True
    modifiers = set(event.key.split("+")[:-1])
    return event.is_printable and not modifiers & _MODIFIERS


class NoteEditor(MarkdownTextArea, PasteUndoFix):
    """Markdown editing with highlighting, soft wrap and undo.

    `tab` moves to the next pane (as in every pane of the app), so indent with spaces.
    """

    # TextArea has no keys for the top and end of the document.
    BINDINGS = [
        Binding("ctrl+home", "note_start", "Top of note", id="editor.top", show=False),
        Binding("ctrl+end", "note_end", "End of note", id="editor.end", show=False),
        Binding(
            "ctrl+shift+home",
            "note_start(True)",
            "Select to top",
            id="editor.select_top",
            show=False,
        ),
        Binding(
            "ctrl+shift+end", "note_end(True)", "Select to end", id="editor.select_end", show=False
        ),
        # TextArea has ctrl+backspace (and alt+backspace, ctrl+w) for the word to the
        # left, but only alt+delete for the word to the right.
        Binding(
            "ctrl+delete",
            "delete_word_right",
            "Delete word right",
            id="editor.delete_word_right",
            show=False,
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # TextArea binds f6 (select line) and f7 (select all), with no ids: made
        # unavailable, the keys go on to the screen, where the lesson and course
        # details forms own them (ids lesson.details and course.details, remappable).
        if action in _SCREEN_KEYS:
            return False
        return super().check_action(action, parameters)

    async def _on_key(self, event: events.Key) -> None:
        """Run a bound key here, in line with the typed characters around it
        (tui/textual_compat/bindings_in_order.py: Textual issue #6605)."""
        # Textual then calls TextArea._on_key itself (handlers run down the MRO),
        # unless prevent_default() said the key is used up.
        if hand_over(self, event) or (
            not _types_text(event) and await run_binding_inline(self, event.key)
        ):
            event.stop()
            event.prevent_default()

    async def _on_paste(self, event: events.Paste) -> None:
        # A paste right after ctrl+f belongs to the search box (tui/type_ahead.py);
        # otherwise Textual goes on to TextArea._on_paste.
        if hand_over(self, event):
            event.stop()
            event.prevent_default()

    def action_note_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_note_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            **kwargs,
        )

    def load_text(self, text: str) -> None:
        """Load a note; a huge one (a pasted transcript) is shown unwrapped.

        Textual re-wraps every line on each resize: seconds for a 200,000-line note.
        """
        self.soft_wrap = text.count("\n") < PLAIN_FROM_LINES
        super().load_text(text)

    def load_text_keeping_place(self, text: str) -> None:
        """Show new text (a reload, another lesson) and start a fresh undo history."""
        row, column = self.cursor_location
        self.load_text(text)
        self.go_to(row, column, center=False)

    def go_to(self, row: int, column: int = 0, *, center: bool = True) -> None:
        """Put the cursor at (row, column), or as near as the text allows."""
        row = max(0, min(row, self.document.line_count - 1))
        column = max(0, min(column, len(self.document.get_line(row))))
        self.move_cursor((row, column), center=center)

    def apply_text(self, new_text: str) -> None:
        """Turn the text into `new_text` by replacing only the lines that differ.

        The checklist edits the same text the editor shows; doing it as one small
        edit keeps the cursor where it is and lets ctrl+z undo it.
        """
        newline = self.document.newline
        old_lines = list(self.document.lines)
        new_lines = new_text.split(newline)
        start = 0
        limit = min(len(old_lines), len(new_lines))
        while start < limit and old_lines[start] == new_lines[start]:
            start += 1
        end_old, end_new = len(old_lines), len(new_lines)
        while (
            end_old > start and end_new > start and old_lines[end_old - 1] == new_lines[end_new - 1]
        ):
            end_old -= 1
            end_new -= 1
        if start == end_old == end_new:
            return
        added = new_lines[start:end_new]
        if end_old < len(old_lines):
            # Whole lines [start, end_old) become the added lines.
            text = "".join(line + newline for line in added)
            self.replace(text, (start, 0), (end_old, 0), maintain_selection_offset=True)
        elif start > 0:
            # The change runs to the end: join it on after the last kept line.
            text = "".join(newline + line for line in added)
            last = old_lines[end_old - 1]
            begin = (start - 1, len(old_lines[start - 1]))
            self.replace(text, begin, (end_old - 1, len(last)), maintain_selection_offset=True)
        else:
            self.replace(new_text, (0, 0), self.document.end, maintain_selection_offset=True)
