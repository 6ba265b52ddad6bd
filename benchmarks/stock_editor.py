"""The typing baseline: Textual's stock TextArea with `language="markdown"`, on one note.

`python -m benchmarks.stock_editor NOTE ROW COLUMN [LANGUAGE]` opens NOTE full
screen, focused, with the cursor at ROW, COLUMN (LANGUAGE "none": plain text).
"""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class StockEditor(App[None]):
    def __init__(self, text: str, row: int, column: int, language: str | None) -> None:
        super().__init__()
        self.text, self.place, self.language = text, (row, column), language

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, language=self.language, soft_wrap=True)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(self.place, center=True)


if __name__ == "__main__":
    path, row, column, *rest = sys.argv[1:]
    language = (rest or ["markdown"])[0]
    text = Path(path).read_text(encoding="utf-8")
    StockEditor(text, int(row), int(column), None if language == "none" else language).run()
