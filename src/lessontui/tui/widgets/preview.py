"""The live preview of the note beside the editor."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.containers import VerticalScroll
from textual.widgets import Static


class NotePreview(VerticalScroll):
    """Rendered Markdown of the open note.

    Small interface so the engine can be replaced: `update_text` (called off the
    keystroke path; unchanged text is skipped) and `scroll_to_source_line`.
    """

    def __init__(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self._text: str | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="preview-body")

    def update_text(self, text: str) -> None:
        if text == self._text:
            return
        self._text = text
        self.query_one("#preview-body", Static).update(RichMarkdown(text))

    def scroll_to_source_line(self, line: int) -> None:
        total = max(1, (self._text or "").count("\n") + 1)
        self.scroll_to(y=self.max_scroll_y * line / total, animate=False)
