"""The downloads panel: one row with a ProgressBar per lesson being downloaded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label, ProgressBar


class DownloadRow(Horizontal):
    """A lesson's title, its progress bar and a word on how it went."""

    DEFAULT_CSS = """
    DownloadRow { height: 1; }
    DownloadRow .download-title { width: 1fr; }
    DownloadRow ProgressBar { width: auto; }
    DownloadRow .download-state { width: 24; padding-left: 1; color: $text-muted; }
    DownloadRow.-failed .download-state { color: $text-error; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        # Kept here and drawn once the row's children exist: a fast download can
        # report before the row has finished mounting.
        self._fraction: float | None = None
        self._state = "waiting"
        self._failed = False

    def compose(self) -> ComposeResult:
        yield Label(Content(self.title), classes="download-title")  # literal: from the internet
        yield ProgressBar(total=None, show_eta=False)
        yield Label("waiting", classes="download-state")

    def on_mount(self) -> None:
        self._show()

    def show_progress(self, fraction: float | None, downloaded: int) -> None:
        self._fraction = fraction
        self._state = f"{downloaded // 1024} KiB"
        self._show()

    def finish(self, state: str, failed: bool = False) -> None:
        if not failed:
            self._fraction = 1.0
        self._state, self._failed = state, failed
        self._show()

    def _show(self) -> None:
        bars, states = self.query(ProgressBar), self.query(".download-state")
        if not bars or not states:
            return  # not composed yet: on_mount draws it
        bar = bars.first(ProgressBar)
        # A failed download has no progress to show ("--%" read as "--failed").
        bar.display = not self._failed
        if self._fraction is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=round(self._fraction * 100))
        self.set_class(self._failed, "-failed")
        states.first(Label).update(Content(self._state))


class DownloadsPanel(VerticalScroll):
    """Shown while the app downloads videos; hidden a little after the batch ends."""

    DEFAULT_CSS = """
    DownloadsPanel {
        height: auto;
        max-height: 8;
        border-top: solid $primary-muted;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # This batch's rows: a query would also find the last batch's rows while
        # they are being removed, their labels already gone.
        self._rows: list[DownloadRow] = []
        self._close_timer: Timer | None = None

    def close_after(self, seconds: float) -> None:
        """Hide the finished batch after a while: long enough to read how it went (a
        toast says it too), never for the rest of the session."""
        if self._close_timer is not None:
            self._close_timer.stop()
        self._close_timer = self.set_timer(seconds, self._close)

    def _close(self) -> None:
        self._close_timer = None
        self.display = False
        self.remove_children()
        self._rows = []

    def show_batch(self, titles: list[str]) -> None:
        if self._close_timer is not None:
            self._close_timer.stop()
            self._close_timer = None
        self.remove_children()
        self._rows = [DownloadRow(title) for title in titles]
        self.mount_all(self._rows)
        self.display = True

    def row(self, index: int) -> DownloadRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None
