"""The import dialog: ask for a URL, import in a thread worker, show progress and the summary.

The screen never writes a file itself: the importer service does, in a thread
worker, while this modal screen keeps the editor out of reach. Progress and
the result come back as messages, so the UI stays responsive and Cancel works.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar

from lessontui.tui.screens.dialog import Dialog

if TYPE_CHECKING:
    from lessontui.services.importer import Importer, ImportProgress, ImportResult

# (progress callback, cancel event) -> Importer; the app passes one with its settings.
ImporterFactory = Callable[[Callable[["ImportProgress"], None], threading.Event], "Importer"]

STAGES = {"listing": "Reading the listing", "entry": "Importing", "download": "Downloading"}


@dataclass(frozen=True)
class ImportClosed:
    """How the dialog ended: the course it imported (if any), and whether to open it."""

    root: Path | None
    open: bool


class ImportScreen(Dialog[ImportClosed]):
    """Import a playlist, video or saved yt-dlp JSON into the library or the open course."""

    DEFAULT_CSS = """
    ImportScreen { align: center middle; }
    #import-box { width: 90; max-width: 95%; height: auto; max-height: 90%; }
    #import-status { color: $text-muted; height: auto; }
    #import-progress { margin: 0 0 1 0; }
    #import-summary { height: auto; max-height: 14; }
    #import-buttons { height: auto; }
    #import-buttons Button { margin: 0 1 0 0; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="import.close")]

    class Progress(Message):
        def __init__(self, event: ImportProgress) -> None:
            super().__init__()
            self.event = event

    class Finished(Message):
        def __init__(
            self, result: ImportResult | None, error: str | None = None, mismatch: bool = False
        ) -> None:
            super().__init__()
            self.result = result
            self.error = error
            self.mismatch = mismatch

    def __init__(
        self,
        make_importer: ImporterFactory,
        library: Path,
        current: Path | None = None,
        url: str = "",
    ) -> None:
        super().__init__()
        self.make_importer = make_importer
        self.library = library
        self.current = current
        self.initial_url = url
        self.cancel = threading.Event()
        self.running = False
        self.result: ImportResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="dialog-box"):
            yield Label("Import a course", classes="dialog-title")
            yield Input(
                self.initial_url,
                placeholder="playlist or video URL, or a file saved with yt-dlp -J",
                id="import-url",
            )
            if self.current is not None:
                yield Checkbox("Add to the open course", id="import-into")
            yield Checkbox("Download the videos too", id="import-download")
            yield Label(
                Content(f"New courses go to {self.library}"), id="import-status", markup=False
            )
            yield ProgressBar(id="import-progress", show_eta=False)
            # Not a tab stop while empty: an invisible stop between the fields and buttons.
            with VerticalScroll(id="import-summary", can_focus=False):
                yield Label("", id="import-summary-text", markup=False)
            with Horizontal(id="import-buttons"):
                yield Button("Import", variant="primary", id="import-start")
                yield Button("Import anyway", variant="warning", id="import-force")
                yield Button("Open course", variant="success", id="import-open")
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        self.query_one("#import-force").display = False
        self.query_one("#import-open").display = False
        self.query_one("#import-progress").display = False
        self.query_one("#import-url", Input).focus()

    # -- starting -------------------------------------------------------------------------

    @on(Input.Submitted, "#import-url")
    @on(Button.Pressed, "#import-start")
    def _start(self) -> None:
        self.start(force=False)

    @on(Button.Pressed, "#import-force")
    def _force(self) -> None:
        self.start(force=True)

    def start(self, force: bool) -> None:
        url = self.query_one("#import-url", Input).value.strip()
        if self.running:
            return
        if not url:
            self._status("Type or paste a URL first.")
            return
        into = self.current if self._checked("#import-into") else None
        download = self._checked("#import-download")
        self.running = True
        self.cancel.clear()
        for selector in ("#import-url", "#import-into", "#import-download", "#import-start"):
            for widget in self.query(selector):
                widget.disabled = True
        self.query_one("#import-force").display = False
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)  # a retry starts from nothing
        bar.display = True
        self.query_one("#import-cancel", Button).label = "Cancel import"
        self._status("Starting…")
        self.run_worker(
            lambda: self._work(url, into, download, force),
            thread=True,
            exclusive=True,
            group="import",
            name="import",
        )

    def _checked(self, selector: str) -> bool:
        return any(box.value for box in self.query(selector).results(Checkbox))

    def _work(self, url: str, into: Path | None, download: bool, force: bool) -> None:
        """Runs in a thread: the importer reports through messages, which are thread-safe."""
        from lessontui.services.importer import CourseMismatch, ImporterError

        def progress(event: ImportProgress) -> None:
            self.post_message(self.Progress(event))

        importer = self.make_importer(progress, self.cancel)
        try:
            result = importer.import_course(url, into=into, parent=self.library, force=force)
            if download and not result.cancelled:
                result.downloads = importer.download(result.course, result.listed)
        except CourseMismatch as error:
            self.post_message(self.Finished(None, str(error), mismatch=True))
        except ImporterError as error:
            self.post_message(self.Finished(None, str(error)))
        except Exception as error:  # a bug must not leave the dialog spinning
            self.post_message(self.Finished(None, f"{type(error).__name__}: {error}"))
        else:
            self.post_message(self.Finished(result))

    # -- progress and result ----------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#import-status", Label).update(Content(text))

    def on_import_screen_progress(self, message: Progress) -> None:
        event = message.event
        bar = self.query_one("#import-progress", ProgressBar)
        if event.stage == "done" or not event.total:
            bar.update(total=event.total or None, progress=event.total)
            if event.stage == "listing":
                self._status("Reading the listing…")
            return
        done = event.index - 1 + (event.fraction or 0.0)
        bar.update(total=event.total, progress=done)
        detail = f"{STAGES.get(event.stage, event.stage)} {event.index}/{event.total}: "
        self._status(detail + event.title)

    def on_import_screen_finished(self, message: Finished) -> None:
        from lessontui.services.import_summary import summary_lines

        self.running = False
        self.query_one("#import-cancel", Button).label = "Close"
        if message.result is None:
            self._status("Nothing was imported.")
            self._summary([message.error or "The import failed."])
            if message.mismatch:
                self.query_one("#import-force").display = True
            for selector in ("#import-url", "#import-into", "#import-download", "#import-start"):
                for widget in self.query(selector):
                    widget.disabled = False
            # An unfinished bar would animate `--%` forever; the URL is what to fix next
            # (focus was on a disabled field, so typing went nowhere).
            self.query_one("#import-progress").display = False
            self.query_one("#import-url", Input).focus()
            return
        self.result = message.result
        self._status("Done." if message.result.ok else "Done, with problems.")
        self._summary(summary_lines(message.result))
        open_button = self.query_one("#import-open", Button)
        open_button.display = True
        open_button.focus()

    def _summary(self, lines: list[str]) -> None:
        self.query_one("#import-summary-text", Label).update(Content("\n".join(lines)))
        self.query_one("#import-summary").can_focus = bool(lines)  # to scroll a long one

    # -- closing ------------------------------------------------------------------------

    @on(Button.Pressed, "#import-open")
    def _open(self) -> None:
        self.dismiss(ImportClosed(self._root(), open=True))

    @on(Button.Pressed, "#import-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.running:
            self.cancel.set()
            self._status("Cancelling after the current step…")
            return
        closed = ImportClosed(self._root(), open=False)
        self.dismiss_or_ask(closed, self.edited(), "the import")

    def edited(self) -> list[str]:
        """The URL or file typed and not imported yet (asked about before it is dropped)."""
        if self.running or self.result is not None:
            return []
        url = self.query_one("#import-url", Input).value.strip()
        return [f"the URL {url}"] if url and url != self.initial_url.strip() else []

    def _root(self) -> Path | None:
        return self.result.course.root if self.result is not None else None

    def summary_text(self) -> str:
        """The summary as shown (for tests and screen readers)."""
        return str(self.query_one("#import-summary-text", Label).content)
