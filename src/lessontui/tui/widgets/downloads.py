"""The downloads panel: one row with a ProgressBar per lesson being downloaded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Label, ProgressBar


class DownloadRow(Horizontal):
    """A lesson's title, its progress bar and a word on how it went."""

    DEFAULT_CSS = """
    DownloadRow { height: 1; }
    DownloadRow .download-title { width: 1fr; }
    DownloadRow ProgressBar { width: 36; }
    DownloadRow .download-state { width: 22; color: $text-muted; }
    DownloadRow.-failed .download-state { color: $text-error; }
    """

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def compose(self) -> ComposeResult:
        yield Label(Content(self.title), classes="download-title")  # literal: from the internet
        yield ProgressBar(total=None, show_eta=False)
        yield Label("waiting", classes="download-state")

    def show_progress(self, fraction: float | None, downloaded: int) -> None:
        bar = self.query_one(ProgressBar)
        if fraction is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=round(fraction * 100))
        self.query_one(".download-state", Label).update(f"{downloaded // 1024} KiB")

    def finish(self, state: str, failed: bool = False) -> None:
        bar = self.query_one(ProgressBar)
        if not failed:
            bar.update(total=100, progress=100)
        self.set_class(failed, "-failed")
        self.query_one(".download-state", Label).update(Content(state))


class DownloadsPanel(VerticalScroll):
    """Shown while the app downloads videos; the rows stay until the next batch."""

    DEFAULT_CSS = """
    DownloadsPanel {
        height: auto;
        max-height: 8;
        border-top: solid $primary-muted;
        padding: 0 1;
    }
    """

    def show_batch(self, titles: list[str]) -> None:
        self.remove_children()
        self.mount_all(DownloadRow(title) for title in titles)
        self.display = True

    def row(self, index: int) -> DownloadRow | None:
        rows = list(self.query(DownloadRow))
        return rows[index] if 0 <= index < len(rows) else None
