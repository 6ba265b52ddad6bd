"""A paste into a one-line Input keeps all its text (no upstream issue found).

Textual 8.2.8's `Input._on_paste` inserts `text.splitlines()[0]`: the rest of a
pasted text is dropped without a word, a paste that starts with a line end
inserts nothing, and `str.splitlines` also cuts at `\\x1c` or U+2028. Here only
CR, LF and CRLF end a line; the lines of a paste are joined by one space
(blank lines and the spaces around each line go), and every other character
(ESC, control bytes) is inserted as text, drawn as a symbol (control_pictures.py).
Canary: tests/unit/test_textual_compat_input_paste.py.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from lessontui.course.markdown_blocks import split_lines
from lessontui.tui.type_ahead import hand_over


def one_line(text: str) -> str:
    """A pasted text as one line: `"\\nhttps://a\\r\\n  b\\n"` -> `"https://a b"`.

    One line is kept as it is. Of several, blank lines and the indentation around
    each line go (spaces and tabs only: other characters, control ones included,
    are text).
    """
    lines = split_lines(text.strip("\r\n"))
    if len(lines) == 1:
        return lines[0]
    return " ".join(kept for line in lines if (kept := line.strip(" \t")))


def _on_paste(self: Input, event: events.Paste) -> None:
    if hand_over(self, event):  # pasted behind the key that closed this box's dialog
        event.stop()
        event.prevent_default()
        return
    if line := one_line(event.text):
        if self.selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *self.selection)
    event.stop()


def install() -> None:
    """Make every Input paste this way (idempotent)."""
    # A Textual method replaced on purpose, for all the app's Inputs at once.
    Input._on_paste = _on_paste  # type: ignore[method-assign]
