"""The chapter list of the playing lesson: pick one to jump there."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from lessontui.course.timestamps import format_time
from lessontui.services.player_state import Chapter
from lessontui.tui.screens.dialog import Dialog


class ChapterList(Dialog[Chapter | None]):
    """Returns the chosen chapter, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="chapters.close")]

    DEFAULT_CSS = """
    ChapterList {
        align: center middle;
    }
    #chapters-box {
        width: 70;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    #chapters-list {
        height: auto;
        max-height: 24;
        border: none;
    }
    #chapters-hint {
        color: $text-muted;
    }
    """

    def __init__(
        self, chapters: Sequence[Chapter], current: int | None = None, title: str = ""
    ) -> None:
        super().__init__()
        self.chapters = list(chapters)
        self.current = current
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="chapters-box"):
            yield Label(Content(f"Chapters · {self._title}" if self._title else "Chapters"))
            # Chapter titles come from the internet: Content, never markup.
            yield OptionList(
                *(
                    Option(Content(f"{format_time(c.time):>8}  {c.title}"), id=f"chapter-{i}")
                    for i, c in enumerate(self.chapters)
                ),
                id="chapters-list",
            )
            yield Label("enter jumps there, escape closes", id="chapters-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.current is not None and 0 <= self.current < len(self.chapters):
            options.highlighted = self.current
        elif self.chapters:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.chapters[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
