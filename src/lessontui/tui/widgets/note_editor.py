"""The Markdown note editor: a TextArea that applies outside edits as small changes."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from lessontui.tui.widgets.lazy_highlight import LazyHighlightMixin
from lessontui.tui.widgets.paste_undo_fix import PasteUndoFix

PLAIN_FROM_LINES = 20_000  # lines from which a note loses soft wrap and highlighting


class NoteEditor(LazyHighlightMixin, PasteUndoFix, TextArea):
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

    def action_note_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_note_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(
            language="markdown",
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            **kwargs,
        )

    def load_text(self, text: str) -> None:
        """Load a note; a huge one (a pasted transcript) is shown plain and unwrapped.

        Textual re-wraps every line on each resize and re-parses the whole
        syntax tree on each edit: seconds a keystroke for a 200,000-line note.
        """
        huge = text.count("\n") >= PLAIN_FROM_LINES
        self.soft_wrap = not huge
        self.language = None if huge else "markdown"
        super().load_text(text)

    def load_text_keeping_place(self, text: str) -> None:
        """Show new text (a reload, another lesson) and start a fresh undo history."""
        row, column = self.cursor_location
        self.load_text(text)
        row = min(row, self.document.line_count - 1)
        column = min(column, len(self.document.get_line(row)))
        self.move_cursor((row, column))

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
