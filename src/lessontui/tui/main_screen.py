"""The main screen: lesson list, note editor with preview, learned checklist, player bar.

It composes the panes, binds the features' keys (they apply only while this
screen is on top, so a dialog never sees them) and runs their actions through
one action, `feature` (see features/host.py), routes the widgets' and workers'
messages, and owns the timers that save and re-render the note: they stop with
the screen. The open note and its saving are the session's (tui/session.py).
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, TextArea

from lessontui.config import Settings
from lessontui.course import checklist
from lessontui.course.course import Course, CourseError, Lesson
from lessontui.course.document import DocumentError
from lessontui.course.timestamps import format_time
from lessontui.tui.features.capture import Capture
from lessontui.tui.features.details import Details
from lessontui.tui.features.disk_watch import DiskWatch
from lessontui.tui.features.downloads import DownloadProgress, Downloads, DownloadsFinished
from lessontui.tui.features.export import Export
from lessontui.tui.features.host import FEATURE_ACTION, Feature
from lessontui.tui.features.learned import Learned
from lessontui.tui.features.lessons import Lessons
from lessontui.tui.features.places import Places
from lessontui.tui.features.player import Playback, PlayerStateChanged
from lessontui.tui.features.review import Review
from lessontui.tui.features.search import Search
from lessontui.tui.features.transcript import Transcripts
from lessontui.tui.features.trash import Trash
from lessontui.tui.idle_gc import IdleCollector
from lessontui.tui.screens.library import LibraryScreen
from lessontui.tui.session import NoteSession, QuitCallback
from lessontui.tui.type_ahead import focus_moved
from lessontui.tui.widgets.checklist import LearnedChecklist
from lessontui.tui.widgets.key_footer import KeyFooter
from lessontui.tui.widgets.lesson_list import LessonList
from lessontui.tui.widgets.note_editor import NoteEditor
from lessontui.tui.widgets.player_bar import PlayerBar
from lessontui.tui.widgets.preview import NotePreview
from lessontui.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from lessontui.services.importer import YdlFactory
    from lessontui.tui.widgets.downloads import DownloadsPanel

PREVIEW_DELAY = 0.15  # seconds of quiet typing before the preview re-renders
NARROW_WIDTH = 140  # LessonApp.HORIZONTAL_BREAKPOINTS: below it, app.tcss stacks panes

SCREEN_BINDINGS = [
    Binding("ctrl+s", "save", "Save", id="app.save", show=False),
    Binding("f2", "toggle_preview", "Preview", id="app.toggle_preview", show=False),
    Binding("ctrl+o", "open_library", "Open course", id="app.open_course", show=False),
]
# Each feature's keys, in the order help and the palette list them.
FEATURES: tuple[type[Feature], ...] = (
    Lessons,
    Learned,
    Details,
    Playback,
    Capture,
    Transcripts,
    Export,
    DiskWatch,
    Search,
    Downloads,
    Review,
)


class MainScreen(Screen[None]):
    """One course: its lessons, the open note, the checklist, the player."""

    BINDINGS = [*SCREEN_BINDINGS, *(b for feature in FEATURES for b in feature.BINDINGS)]

    class LessonOpened(Message):
        """A lesson is now in the editor; features (the player) follow it."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    def __init__(
        self,
        settings: Settings,
        course: Course | None,
        ydl_factory: YdlFactory | None,
        on_quit: QuitCallback,
    ) -> None:
        """`on_quit` ends the app once the note is safe (LessonApp._end)."""
        super().__init__()
        self._settings = settings
        self._course = course
        self.session = NoteSession(self, on_quit)
        self._preview_timer: Timer | None = None
        self._gc_frozen = False
        self._narrow = False
        self._preview_before_narrow = True
        session = self.session
        self.places = Places(self, session)
        self.playback = Playback(self, session)
        self.transcripts = Transcripts(self, session, self.playback)
        self.capture = Capture(self, session, self.playback)
        self.disk_watch = DiskWatch(self, session)
        self.search = Search(self, session, self.playback)
        self.trash = Trash(self, session)
        self.lessons = Lessons(self, session)
        self.learned_items = Learned(self, session)
        self.details = Details(self, session, self.transcripts)
        self.export = Export(self, session)
        self.downloads = Downloads(self, session, self.transcripts, ydl_factory)
        self.review = Review(self, session, self.playback)
        session.disk = self.disk_watch
        session.saved_hooks.append(self.search.note_saved)
        session.saved_hooks.append(self.review.note_saved)  # its items' due marks
        session.leaving_hooks.append(self.places.remember)
        self._features: dict[str, Feature] = {
            f.NAME: f
            for f in (
                self.lessons,
                self.learned_items,
                self.details,
                self.playback,
                self.capture,
                self.transcripts,
                self.export,
                self.disk_watch,
                self.search,
                self.downloads,
                self.review,
            )
        }

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="lessons-pane"):
                yield Label("", id="course-title")
                yield LessonList(id="lessons")
                yield Label("", id="progress")
            with Horizontal(id="notes-pane"):
                yield NoteEditor(id="editor")
                with Vertical(id="reading"):  # beside the note, or below it when narrow
                    yield NotePreview(id="preview")
                    yield TranscriptView(id="transcript")
            with Vertical(id="learned-pane"):
                yield Label("Things I learned", id="learned-title")
                yield LearnedChecklist(id="learned")
        yield PlayerBar(id="player-bar")
        yield KeyFooter()

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def course(self) -> Course | None:
        return self._course

    @property
    def current_lesson(self) -> Lesson | None:
        """The lesson in the editor (the session's; read-only here)."""
        return self.session.lesson

    @property
    def editor(self) -> NoteEditor:
        return self.query_one("#editor", NoteEditor)

    @property
    def preview(self) -> NotePreview:
        return self.query_one("#preview", NotePreview)

    @property
    def lesson_list(self) -> LessonList:
        return self.query_one("#lessons", LessonList)

    @property
    def learned(self) -> LearnedChecklist:
        return self.query_one("#learned", LearnedChecklist)

    @property
    def transcript_view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    @property
    def player_bar(self) -> PlayerBar | None:
        bars = self.query(PlayerBar)
        return bars.first() if bars else None

    def downloads_panel(self) -> DownloadsPanel:
        """The downloads panel (made on first use, above the player bar)."""
        from lessontui.tui.widgets.downloads import DownloadsPanel  # on the first download

        for panel in self.query(DownloadsPanel).results(DownloadsPanel):
            return panel
        panel = DownloadsPanel(id="downloads")
        bars = self.query("#player-bar")
        if bars:
            self.mount(panel, before=bars.first())
        else:
            self.mount(panel)
        return panel

    def open_dialog(self, dialog: Screen[Any], done: Callable[[Any], None] | None = None) -> None:
        self.app.push_screen(dialog, done)

    def _start_collector(self) -> None:
        collector = getattr(self.app, "collector", None)  # LessonApp's; not a test's bare App
        if isinstance(collector, IdleCollector):
            collector.start()

    def on_mount(self) -> None:
        self.preview.display = self.settings.show_preview
        self.preview.image_mode = self.settings.preview_images
        self.transcript_view.display = False
        self._fit_width(self.app.size.width)
        self._fit_reading()
        self.disk_watch.start()
        if self.course is not None:
            self.show_course(self.course)

    def on_unmount(self) -> None:
        self.playback.close()
        self.places.close()
        self.review.close()

    def after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the editor has handled every key it has received so far.

        Keys reach the editor through its own message queue, so a callback queued
        there runs after them (ctrl+q, an App key, must not overtake typed text).
        """
        self.editor.call_later(callback)

    # -- the features' keys ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A feature's key is available where the feature says it applies."""
        if action != FEATURE_ACTION:
            return True
        feature = self._features.get(str(parameters[0])) if len(parameters) >= 2 else None
        if feature is None:  # a binding written by hand, naming no feature: never runs
            return False
        return feature.check_action(str(parameters[1]), parameters[2:])

    async def action_feature(self, name: str, action: str, *arguments: object) -> None:
        """Run a feature's `action_<action>` (its keys are bound here, see FEATURES)."""
        result = getattr(self._features[name], f"action_{action}")(*arguments)
        if isawaitable(result):
            await result

    # -- course and lessons ------------------------------------------------------------

    def action_open_library(self) -> None:
        self.open_library()

    def open_library(self) -> None:
        """The library of courses over this screen (the open note saved first)."""
        if self.session.can_leave():
            self.app.push_screen(
                LibraryScreen(self.settings.library, lambda: self.course), self.library_closed
            )

    def library_closed(self, root: Path | None) -> None:
        if root is None:
            if self.course is None:
                self.app.exit()
            return
        try:
            course = Course.load(root)
        except CourseError as error:
            self.notify(str(error), title="Cannot open course", severity="error")
            return
        self.show_course(course)

    def show_course(self, course: Course) -> bool:
        """Show `course`; False when the open lesson could not be saved (nothing changes)."""
        if self.session.lesson is not None and not self.session.can_leave():
            return False
        self._course = course
        self.session.show(None)
        self.show_course_title()
        self.lesson_list.show(course.lessons, intro=course.note)
        self.call_after_refresh(self.review.count_due)  # after the course's first frame
        self.refresh_progress()
        first = self.places.remembered_lesson(course)  # where the user was last time
        first = first or next((x for x in course.lessons if x.status == "watching"), None)
        first = first or (course.lessons[0] if course.lessons else course.note)
        self.open_lesson(first)
        self.lesson_list.highlight(first)
        self.lesson_list.focus()
        return True

    def show_course_title(self) -> None:
        """The course title in the terminal's title and above the lesson list."""
        if self.course is not None:
            self.app.title = self.course.title
            self.query_one("#course-title", Label).update(Content(self.course.title))

    def show_no_lesson(self) -> None:
        """Nothing to edit: the course intro's file is gone and there are no lessons."""
        self.session.show(None)
        self.editor.load_text("")
        self.editor.read_only = True
        self.editor.border_title = "No lesson yet: ctrl+n adds one"
        self.preview.update_text("")
        self.learned.show([])

    def refresh_progress(self) -> None:
        if self.course is None:
            return
        progress = self.course.progress()
        watched = format_time(progress.watched_seconds)
        total = format_time(progress.total_seconds)
        due = self.review.due_text()
        self.query_one("#progress", Label).update(
            Content(  # literal: the due line names a key from the user's [keymap]
                f"{progress.done}/{progress.total} done · {watched} / {total}"
                + (f"\n{due}" if due else "")
            )
        )

    def refresh_lesson_row(self, lesson: Lesson) -> None:
        """Redraw a lesson's row and the progress line (status or position changed)."""
        self.lesson_list.refresh_lesson(lesson)
        self.refresh_progress()

    def refresh_lessons(self) -> None:
        """Redraw the whole list (lessons added, removed or reordered)."""
        if self.course is not None:
            self.lesson_list.show(self.course.lessons, self.session.lesson, self.course.note)
            self.refresh_progress()

    def open_lesson(self, lesson: Lesson) -> None:
        """Show a lesson in the editor, saving the one that was open."""
        if lesson is self.session.lesson:
            return
        if not self.session.can_leave():
            return
        self.session.load(lesson)
        if lesson.read_only:
            self.notify(
                f"{lesson.path.name}: {lesson.error}. Opened read-only; the file is not changed.",
                title="Cannot edit this lesson",
                severity="warning",
                timeout=8,
            )
        self.lesson_list.refresh_lesson(lesson)
        self.render_side_panes(preview_later=True)
        if not self._gc_frozen:
            self._gc_frozen = True
            # After the frame that draws the first preview (its lines included): what
            # lives all session leaves the collector's walk (tui/idle_gc.py).
            self.call_after_refresh(self.call_after_refresh, self._start_collector)
        self.preview.set_place(lesson.path.parent, self.course.root if self.course else None)
        self.disk_watch.lesson_opened()
        self.playback.lesson_opened(lesson)
        self.transcripts.lesson_opened(lesson)
        self.places.lesson_opened(lesson)
        self.post_message(self.LessonOpened(lesson))

    def open_lesson_at(self, lesson: Lesson, row: int, column: int = 0) -> bool:
        """Open `lesson` with the cursor at (row, column) and the editor focused.

        False when the open lesson could not be saved (it stays open).
        """
        self.open_lesson(lesson)
        if self.session.lesson is not lesson:
            return False
        self.lesson_list.highlight(lesson)  # the course intro too
        self.editor.go_to(row, column)
        self.editor.focus()
        return True

    def on_lesson_list_lesson_chosen(self, event: LessonList.LessonChosen) -> None:
        self.open_lesson(event.lesson)
        self.editor.focus()
        focus_moved(self.app)  # the keys typed behind enter, into the editor

    def on_lesson_list_lesson_highlighted(self, event: LessonList.LessonHighlighted) -> None:
        # Moving through the list opens lessons, so the editor follows the cursor: to
        # where it is now, not event.lesson (moves queued behind a slow open, or a
        # course switched since, would open every row the cursor has already left).
        lesson = self.lesson_list.highlighted_lesson
        if lesson is not None:
            self.open_lesson(lesson)

    def on_lesson_list_trash_requested(self) -> None:
        self.trash.ask_to_trash()

    def guard(self, change: Callable[[], object]) -> bool:
        """Run a change to the files; show why it failed instead of crashing."""
        try:
            change()
        except (OSError, DocumentError, ValueError) as error:
            self.notify(str(error), title="Not changed", severity="error", timeout=8)
            return False
        return True

    # -- editing and saving -------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    def _text_changed(self) -> None:
        if not self.session.edited():
            return
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self.render_side_panes)

    def action_save(self) -> None:
        if self.session.save():
            self.notify("Saved", timeout=1.5)

    def render_side_panes(self, preview_later: bool = False) -> None:
        """Bring the preview and the checklist up to the editor's text.

        With `preview_later` the preview renders after the next frame, so opening
        a course or lesson shows its list and note without waiting for Markdown.
        """
        text = self.editor.text
        if self.preview.display:
            if preview_later:
                self.call_after_refresh(self._render_preview)
            else:
                self.preview.update_text(text)
        self.transcripts.note_changed(text)
        if self.session.on_course_note:  # learned items belong to lessons
            self.learned.show([])
            self._title_learned("Things I learned: in the lessons, not the intro")
            return
        items = checklist.items(text, self.learned_items.heading)
        self.learned.show(items, self.review.due_items(self.session.lesson, items))
        done = sum(item.checked for item in items)
        self._title_learned(f"Things I learned {done}/{len(items)}")

    def _title_learned(self, text: str) -> None:
        title = self.query_one("#learned-title", Label)
        if title.content != text:  # an update lays the screen out again, at each pause in typing
            title.update(text)

    def _render_preview(self) -> None:
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    # -- the learned checklist ----------------------------------------------------------

    def on_learned_checklist_toggle(self, event: LearnedChecklist.Toggle) -> None:
        self.learned_items.toggle(event.index)

    def on_learned_checklist_remove(self, event: LearnedChecklist.Remove) -> None:
        self.learned_items.remove(event.index)

    def on_learned_checklist_add_requested(self, event: LearnedChecklist.AddRequested) -> None:
        self.learned_items.add_requested(event.checked)

    def on_learned_checklist_edit_requested(self, event: LearnedChecklist.EditRequested) -> None:
        self.learned_items.edit(event.index, event.text)

    # -- the reading column ---------------------------------------------------------------

    def action_toggle_preview(self) -> None:
        self.preview.display = not self.preview.display
        self._fit_reading()
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    def show_transcript_pane(self, show: bool) -> None:
        self.transcript_view.display = show
        self._fit_reading()

    def _fit_reading(self) -> None:
        """The column of the preview and the transcript shows while either does."""
        reading = self.query_one("#reading", Vertical)
        reading.display = bool(self.preview.display or self.transcript_view.display)

    def insert_block(self, block: str, at: tuple[int, int] | None = None) -> None:
        """Type `block` (whole lines: a quote) at the cursor (or `at`), on lines of its own.

        A blank line follows it: text typed (or already) right below a block
        quote would join it (a lazy continuation). A block that does not start
        with a quote gets a blank line before it when the line above has text:
        an image line right below a paragraph or a list item would join it and
        not show as a line of its own (a `>` line starts a block by itself).
        """
        editor = self.editor
        row, column = editor.cursor_location if at is None else at
        text_before = editor.document.get_line(row)[:column].strip()
        above = row > 0 and editor.document.get_line(row - 1).strip()
        if block.lstrip(" ").startswith(">"):
            before = "\n" if text_before else ""
        elif text_before:
            before = "\n\n"
        else:
            before = "\n" if above else ""
        editor.insert(before + block + "\n", (row, column))  # a cursor after `at` keeps its text

    def on_transcript_view_seek_requested(self, event: TranscriptView.SeekRequested) -> None:
        self.playback.seek_to(event.seconds)

    def on_transcript_view_leave(self) -> None:
        self.editor.focus()

    def on_note_preview_timestamp_clicked(self, event: NotePreview.TimestampClicked) -> None:
        self.playback.seek_to(event.seconds)

    def on_note_preview_lesson_link_clicked(self, event: NotePreview.LessonLinkClicked) -> None:
        course = self.course
        if course is None:
            return
        # Only lessons of this course open: a link cannot reach other files.
        target = event.path.resolve()
        for lesson in [course.note, *course.lessons]:
            if lesson.path.resolve() == target:
                self.open_lesson(lesson)
                self.lesson_list.highlight(lesson)
                self.editor.focus()
                return
        self.notify(f"No lesson {event.path.name} in this course.", severity="warning")

    @on(TextArea.SelectionChanged, "#editor")
    def _cursor_moved(self, event: TextArea.SelectionChanged) -> None:
        if self.preview.display:
            self.preview.scroll_to_source_line(event.selection.end[0])
        self.places.cursor_moved()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        """Hide the preview when the terminal gets narrow, bring it back when it widens.

        The preview's display is set inline (f2, `show_preview`), which CSS cannot
        override, so the breakpoint's CSS class needs this small helper.
        """
        narrow = width < NARROW_WIDTH
        if narrow == self._narrow:
            return
        self._narrow = narrow
        preview = self.preview
        if narrow:
            self._preview_before_narrow = preview.display
            preview.display = False  # the transcript, when shown, takes its place
            self._fit_reading()
        elif self._preview_before_narrow and not preview.display:
            self.action_toggle_preview()

    # -- the features' messages ------------------------------------------------------------

    def on_player_state_changed(self, message: PlayerStateChanged) -> None:
        self.playback.state_changed(message)
        self.transcripts.player_moved(message.state)

    def on_download_progress(self, message: DownloadProgress) -> None:
        self.downloads.progress(message)

    def on_downloads_finished(self, message: DownloadsFinished) -> None:
        self.downloads.finished(message)
