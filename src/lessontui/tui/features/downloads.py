"""Import a course, download lesson videos and fetch transcripts: the downloads feature.

Downloads run in a thread worker; the worker reports through messages and the
lesson's `video` field is written on the app's own thread, through the app's
Lesson object, so it never races the note editor's saves. Fetching transcripts
is the importer's subtitles-only download (what `lessontui subs` runs), in the
same worker, panel and cancel key: one job at a time.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message
from textual.worker import Worker, get_current_worker

from lessontui.course.course import Course, CourseError, Lesson
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from lessontui.services.importer import (
        DownloadResult,
        Importer,
        ImportProgress,
        YdlFactory,
    )
    from lessontui.tui.features.transcript import Transcripts
    from lessontui.tui.screens.import_screen import ImportClosed
    from lessontui.tui.session import NoteSession

# f4, f6 and f7 are taken (theme, the editor).
# Not in the footer (it is full of per-lesson keys): the palette and help list them.
# Seconds the downloads panel stays after a batch: long enough to read the rows.
DONE_ROWS_SHOWN = 8.0
FAILED_ROWS_SHOWN = 30.0

_BINDINGS = [
    Binding("f3", "import_course", "Import course", id="import.course", show=False),
    Binding(
        "alt+d", "download_video", "Download video", id="import.download_video", show=False,
    ),
    Binding(
        "alt+shift+d", "download_all_videos", "Download all videos", id="import.download_all",
        show=False,
    ),
    Binding(
        "alt+shift+x", "cancel_downloads", "Cancel downloads", id="import.cancel_downloads",
        show=False,
    ),
    Binding(
        "alt+shift+s", "fetch_transcript", "Fetch transcript", id="import.fetch_transcript",
        show=False,
    ),
    Binding(
        "alt+shift+t", "fetch_all_transcripts", "Fetch all transcripts",
        id="import.fetch_all_transcripts", show=False,
    ),
]  # fmt: skip


class DownloadProgress(Message):
    """A step of the running downloads (posted from the worker thread)."""

    def __init__(self, event: ImportProgress) -> None:
        super().__init__()
        self.event = event


class DownloadsFinished(Message):
    def __init__(self, result: DownloadResult | None, error: str | None = None) -> None:
        super().__init__()
        self.result = result
        self.error = error


# Keys for one lesson's video: the course intro has none.
_LESSON_ONLY = frozenset({"download_video", "fetch_transcript"})


class Downloads(Feature):
    """Import a course (f3), download the lessons' videos (alt+d, alt+shift+d) and
    fetch their transcripts (alt+shift+s, alt+shift+t)."""

    NAME = "import"
    BINDINGS = feature_bindings(NAME, _BINDINGS)

    def __init__(
        self,
        host: FeatureHost,
        session: NoteSession,
        transcripts: Transcripts,
        ydl_factory: YdlFactory | None = None,
    ) -> None:
        self.host = host
        self.session = session
        self.transcripts = transcripts
        # Tests pass an offline YoutubeDL factory; None is yt-dlp with all its extractors.
        self.ydl_factory = ydl_factory
        self._download_worker: Worker[None] | None = None  # the batch running
        self._download_batch: list[Lesson] = []  # replaced per batch, never mutated
        self._batch_subs: list[str] = []  # the batch's languages: transcripts only, no video

    def make_importer(
        self, progress: Any = None, cancel: threading.Event | None = None
    ) -> Importer:
        from lessontui.services.importer import Importer, default_ydl

        return Importer(
            ydl_factory=self.ydl_factory or default_ydl,
            settings=self.host.settings,
            progress=progress,
            cancel=cancel,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_course":
            return True
        if self.host.course is None:
            return None
        if action in _LESSON_ONLY:
            return True if self.session.on_lesson else None
        if action == "cancel_downloads":
            return True if self._download_worker is not None else None
        return True

    # -- import -----------------------------------------------------------------------------

    def action_import_course(self) -> None:
        # Imported on first use, so start-up does not pay for the import screen.
        from lessontui.tui.screens.import_screen import ImportScreen

        self.session.save()  # the import may rewrite the open lesson's front matter
        current = self.host.course.root if self.host.course is not None else None
        screen = ImportScreen(self.make_importer, self.host.settings.library, current)
        self.host.open_dialog(screen, self._import_closed)

    def _import_closed(self, closed: ImportClosed | None) -> None:
        if closed is None or closed.root is None:
            return
        current = self.host.course.root if self.host.course is not None else None
        if not closed.open and closed.root != current:
            self.host.notify(f"Imported into {closed.root}", title="Import", timeout=6)
            return
        try:
            course = Course.load(closed.root)
        except CourseError as error:
            self.host.notify(str(error), title="Cannot open the course", severity="error")
            return
        self.host.show_course(course)

    # -- downloads ---------------------------------------------------------------------------

    def action_download_video(self) -> None:
        lesson = self.session.lesson
        if self.host.course is None or lesson is None:
            return
        self._start_downloads([lesson])

    def action_download_all_videos(self) -> None:
        if self.host.course is None:
            self.host.notify("Open a course first.", severity="warning")
            return
        self._start_downloads([x for x in self.host.course.lessons if x.url])

    def action_fetch_transcript(self) -> None:
        lesson = self.session.lesson
        if self.host.course is None or lesson is None:
            return
        if not lesson.url:
            self.host.notify(
                "This lesson has no URL to fetch subtitles from (f6 sets it).",
                title="Transcript",
                severity="warning",
            )
            return
        self._start_downloads([lesson], subs=True)

    def action_fetch_all_transcripts(self) -> None:
        if self.host.course is None:
            self.host.notify("Open a course first.", severity="warning")
            return
        lessons = [x for x in self.host.course.lessons if x.url]
        if not lessons:
            self.host.notify(
                "No lesson of this course has a URL to fetch subtitles from.",
                title="Transcripts",
                severity="warning",
            )
            return
        self._start_downloads(lessons, subs=True)

    def action_cancel_downloads(self) -> None:
        if self._download_worker is not None:
            # Only its event, not Worker.cancel(): the worker stays until its thread
            # has stopped and said what it did (a cancelled task would never say).
            self._download_worker.cancelled_event.set()
            self.host.notify("Cancelling downloads; a new download resumes them.", timeout=4)

    def _start_downloads(self, lessons: list[Lesson], subs: bool = False) -> None:
        """Download `lessons`' videos, or with `subs` only their missing subtitles."""
        course = self.host.course
        if course is None:
            return
        if self._download_worker is not None:
            self.host.notify(
                "Downloads are running already (alt+shift+x cancels).", severity="warning"
            )
            return
        lessons = [x for x in lessons if x.url]
        if not lessons:
            self.host.notify("This lesson has no URL to download from.", severity="warning")
            return
        # As `lessontui subs` takes them: the settings' languages, first found wins.
        langs = [x.strip() for x in self.host.settings.subtitle_langs if x.strip()]
        if subs and not langs:
            self.host.notify(
                'No subtitle languages: set subtitle_langs in the settings, e.g. ["en"].',
                title="Transcript",
                severity="warning",
                markup=False,
            )
            return
        self._download_batch = lessons
        self._batch_subs = langs if subs else []
        self.host.downloads_panel().show_batch([x.title for x in lessons])

        def work() -> None:
            from lessontui.services.import_errors import ImporterError

            # The worker's own event: alt+shift+x and a quit (which cancels every
            # worker and does not wait) stop the download at its next chunk.
            cancel = get_current_worker().cancelled_event
            importer = self.make_importer(
                lambda e: self.host.post_message(DownloadProgress(e)), cancel
            )
            try:
                if subs:
                    result = importer.download(course, lessons, subs=langs, skip_video=True)
                else:
                    result = importer.download(course, lessons, record=self._record_from_thread)
            except ImporterError as error:  # media/ cannot be written: said in words
                self.host.post_message(DownloadsFinished(None, str(error)))
            except Exception as error:  # reported, never a crashed worker
                self.host.post_message(DownloadsFinished(None, f"{type(error).__name__}: {error}"))
            else:
                self.host.post_message(DownloadsFinished(result))

        self._download_worker = self.host.run_worker(
            work, thread=True, group="downloads", name="downloads"
        )

    def _record_from_thread(self, lesson: Lesson, video: str) -> None:
        self.host.app.call_from_thread(self._record_video, lesson, video)

    def _record_video(self, lesson: Lesson, video: str) -> None:
        lesson.update(video=video)

    def progress(self, message: DownloadProgress) -> None:
        event = message.event
        if event.stage != "download":
            return
        row = self.host.downloads_panel().row(event.index - 1)
        if row is not None:
            row.show_progress(event.fraction, event.downloaded)

    def finished(self, message: DownloadsFinished) -> None:
        self._download_worker = None
        panel = self.host.downloads_panel()
        result = message.result
        langs = self._batch_subs
        if result is None:
            self.host.notify(
                message.error or "Downloads failed",
                title="Transcript" if langs else "Download",
                severity="error",
                markup=False,
            )
            return
        failed = {f.video_id: f.reason for f in result.failures}
        for index, lesson in enumerate(self._download_batch):
            row = panel.row(index)
            if row is None:
                continue
            if lesson in result.no_subtitles:
                row.finish("no subtitles", failed=True)
            elif lesson in result.downloaded:
                row.finish("fetched" if langs else "downloaded")
            elif lesson in result.skipped:
                row.finish("already there")
            elif lesson.video_id in failed:
                row.finish("failed", failed=True)
            else:
                row.finish("cancelled" if result.cancelled else "not done", failed=True)
        # Failures stay longer, to be read; then the panel goes (toasts said it all).
        panel.close_after(FAILED_ROWS_SHOWN if failed or result.no_subtitles else DONE_ROWS_SHOWN)
        if langs:
            self._transcripts_finished(result, langs)
            return
        for lesson in result.downloaded:
            self.host.refresh_lesson_row(lesson)
        if result.failures:
            text = "\n".join(str(f) for f in result.failures)
            self.host.notify(
                text, title="Some downloads failed", severity="error", timeout=10, markup=False
            )
        elif result.cancelled:
            self.host.notify("Downloads cancelled; start again to resume.", timeout=5)
        else:
            done = len(result.downloaded)
            self.host.notify(f"{done} downloaded, {len(result.skipped)} already there", timeout=4)

    def _transcripts_finished(self, result: DownloadResult, langs: list[str]) -> None:
        """What a transcript fetch did, in words; the pane shows a fetched transcript."""
        host = self.host
        in_langs = ", ".join(langs)
        fetched = [x for x in result.downloaded if x not in result.no_subtitles]
        one = len(self._download_batch) == 1
        self.transcripts.fetched(fetched)
        if result.failures:
            host.notify(
                "\n".join(str(f) for f in result.failures),
                title="Cannot fetch the transcript" if one else "Some transcripts failed",
                severity="error",
                timeout=10,
                markup=False,
            )
        if result.no_subtitles:
            titles = "\n".join(x.title for x in result.no_subtitles)
            host.notify(
                f"No subtitles in {in_langs} for:\n{titles}",
                title="Transcript",
                severity="warning",
                timeout=8,
                markup=False,
            )
        if result.cancelled:
            text = "Fetching transcripts cancelled; start again to resume."
        elif one and result.skipped:
            text = f"This lesson has its transcript ({in_langs}) already; left alone."
        elif one:
            text = "Transcript fetched." if fetched else ""  # else a toast above says why
        else:
            text = (
                f"Transcripts ({in_langs}): {len(fetched)} fetched, "
                f"{len(result.skipped)} already there, {len(result.no_subtitles)} with none, "
                f"{len(result.failures)} failed"
            )
        if text:
            host.notify(text, title="Transcript", timeout=5, markup=False)
