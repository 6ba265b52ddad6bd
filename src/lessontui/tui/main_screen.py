"""The main screen: lesson list, note editor with preview, learned checklist, player bar.

It composes the panes, holds the keys of the features (they apply only while
this screen is on top, so a dialog never sees them), routes the widgets' and
workers' messages, and owns the timers that save and re-render the note: they
stop with the screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

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
from lessontui.course.course import STATUSES, Course, CourseError, Lesson
from lessontui.course.document import DiskChangedError, DocumentError
from lessontui.course.timestamps import format_time
from lessontui.tui.features.details import DETAILS_BINDINGS, Details
from lessontui.tui.features.disk_watch import DISK_WATCH_BINDINGS, DiskWatch
from lessontui.tui.features.downloads import (
    IMPORT_BINDINGS,
    DownloadProgress,
    Downloads,
    DownloadsFinished,
)
from lessontui.tui.features.export import EXPORT_BINDINGS, Export
from lessontui.tui.features.places import Places
from lessontui.tui.features.player import PLAYER_BINDINGS, Playback, PlayerStateChanged
from lessontui.tui.features.search import SEARCH_BINDINGS, Search
from lessontui.tui.features.transcript import TRANSCRIPT_BINDINGS, Transcripts
from lessontui.tui.features.trash import Trash
from lessontui.tui.screens.library import LibraryScreen
from lessontui.tui.screens.text_prompt import TextPrompt
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

PREVIEW_DELAY = 0.15  # seconds of quiet typing before the preview re-renders
NARROW_WIDTH = 140  # LessonApp.HORIZONTAL_BREAKPOINTS: below it, app.tcss stacks panes

LESSON_BINDINGS = [
    Binding("ctrl+s", "save", "Save", id="app.save", show=False),
    Binding("ctrl+n", "new_lesson", "New lesson", id="lesson.new", show=False),
    Binding("ctrl+t", "cycle_status", "Status", id="lesson.status", show=False),
    Binding("ctrl+l", "add_learned", "Learned+", id="learned.add"),
    Binding("alt+u", "add_learned(False)", "To learn+", id="learned.add_to_learn", show=False),
    Binding("f2", "toggle_preview", "Preview", id="app.toggle_preview", show=False),
    Binding("ctrl+r", "rename_lesson", "Rename lesson", id="lesson.rename", show=False),
    Binding("alt+up", "move_lesson(-1)", "Move lesson up", id="lesson.move_up", show=False),
    Binding("alt+down", "move_lesson(1)", "Move lesson down", id="lesson.move_down", show=False),
    Binding("ctrl+o", "open_library", "Open course", id="app.open_course", show=False),
]


class MainScreen(Screen[None]):
    """One course: its lessons, the open note, the checklist, the player."""

    BINDINGS = [
        *LESSON_BINDINGS,
        *DETAILS_BINDINGS,
        *PLAYER_BINDINGS,
        *TRANSCRIPT_BINDINGS,
        *EXPORT_BINDINGS,
        *DISK_WATCH_BINDINGS,
        *SEARCH_BINDINGS,
        *IMPORT_BINDINGS,
    ]

    class LessonOpened(Message):
        """A lesson is now in the editor; features (the player) follow it."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    def __init__(
        self,
        settings: Settings,
        course: Course | None = None,
        ydl_factory: YdlFactory | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.course = course
        self.current_lesson: Lesson | None = None
        self.dirty = False  # the editor holds text the file does not
        # What was on screen when a ctrl+q could not save: a second ctrl+q quits
        # only while it is still the same lesson and text.
        self._quit_anyway: tuple[Lesson | None, str] | None = None
        self._autosave_idle: Timer | None = None  # fires once typing pauses
        self._autosave_deadline: Timer | None = None  # fires while typing never pauses
        self._preview_timer: Timer | None = None
        self._gc_frozen = False
        self._narrow = False
        self._preview_before_narrow = True
        self.playback = Playback(self)
        self.disk_watch = DiskWatch(self)
        self.downloads = Downloads(self, ydl_factory)
        self.export = Export(self)
        self.search = Search(self)
        self.places = Places(self)
        self.details = Details(self)
        self.trash = Trash(self)
        self.transcripts = Transcripts(self)

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

    def _start_collector(self) -> None:
        from lessontui.tui.app import LessonApp  # the app imports this module

        if isinstance(self.app, LessonApp):
            self.app.collector.start()

    def on_mount(self) -> None:
        self.preview.display = self.settings.show_preview
        self.query_one("#transcript", TranscriptView).display = False
        self._fit_width(self.app.size.width)
        self._fit_reading()
        self.disk_watch.start()
        if self.course is not None:
            self.show_course(self.course)

    def on_unmount(self) -> None:
        self.playback.close()
        self.places.close()

    def after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the editor has handled every key it has received so far.

        Keys reach the editor through its own message queue, so a callback queued
        there runs after them (ctrl+q, an App key, must not overtake typed text).
        """
        self.editor.call_later(callback)

    # -- course and lessons ------------------------------------------------------------

    def open_library(self) -> None:
        if self.can_leave_lesson():
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

    def can_leave_lesson(self) -> bool:
        """Save the open lesson before it leaves the editor; False (and why) if that failed.

        Leaving anyway would drop the only copy of the unsaved text.
        """
        if self.save_current():
            return True
        self.notify(
            "The open lesson has unsaved text that could not be saved. Resolve it first "
            "(alt+r checks the disk again), or copy your text out.",
            title="Staying on this lesson",
            severity="error",
            timeout=10,
        )
        return False

    def show_course(self, course: Course) -> bool:
        """Show `course`; False when the open lesson could not be saved (nothing changes)."""
        if self.current_lesson is not None and not self.can_leave_lesson():
            return False
        self.course = course
        self.current_lesson = None
        self.show_course_title()
        self.lesson_list.show(course.lessons, intro=course.note)
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
        self.query_one("#progress", Label).update(
            f"{progress.done}/{progress.total} done · {watched} / {total}"
        )

    def refresh_lesson_row(self, lesson: Lesson) -> None:
        """Redraw a lesson's row and the progress line (status or position changed)."""
        self.lesson_list.refresh_lesson(lesson)
        self.refresh_progress()

    def refresh_lessons(self) -> None:
        """Redraw the whole list (lessons added, removed or reordered)."""
        if self.course is not None:
            self.lesson_list.show(self.course.lessons, self.current_lesson, self.course.note)
            self.refresh_progress()

    def open_lesson(self, lesson: Lesson) -> None:
        """Show a lesson in the editor, saving the one that was open."""
        if lesson is self.current_lesson:
            return
        if not self.can_leave_lesson():
            return
        self.current_lesson = lesson
        editor = self.editor
        try:
            body = lesson.body
        except DocumentError:
            body = lesson.text_to_show()  # read-only below: never saved
        with editor.prevent(TextArea.Changed):
            editor.load_text(body)
        editor.read_only = lesson.read_only
        editor.border_title = Content(lesson.title)
        editor.move_cursor((0, 0))
        self.dirty = False
        self.update_save_mark()
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
        self.preview.base_path = lesson.path.parent
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
        if self.current_lesson is not lesson:
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

    # -- editing and saving -------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    def _text_changed(self) -> None:
        if self.current_lesson is None or self.editor.read_only:
            return
        if not self.dirty and not self._differs_from_disk():
            return  # a late message for an edit that is saved already (ctrl+s in line)
        self.dirty = True
        self.disk_watch.last_typed = time.monotonic()
        self.update_save_mark()
        # Saved once typing pauses, and at least every autosave_max_wait seconds
        # while it never does: the disk is never more than that behind the screen.
        if self._autosave_idle is not None:
            self._autosave_idle.stop()
        self._autosave_idle = self.set_timer(self.settings.autosave_delay, self._autosave)
        if self._autosave_deadline is None:
            self._autosave_deadline = self.set_timer(
                self.settings.autosave_max_wait, self._autosave
            )
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self.render_side_panes)

    def _differs_from_disk(self) -> bool:
        lesson = self.current_lesson
        if lesson is None or lesson.read_only or not lesson.loaded:
            return False
        try:
            return self.editor.text != lesson.document().body
        except DocumentError:
            return False

    def _stop_autosave(self) -> None:
        for timer in (self._autosave_idle, self._autosave_deadline):
            if timer is not None:
                timer.stop()
        self._autosave_idle = self._autosave_deadline = None

    def _autosave(self) -> None:
        self._stop_autosave()
        self.save_current()

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
        if self.on_course_note:  # learned items belong to lessons
            self.learned.show([])
            self._title_learned("Things I learned: in the lessons, not the intro")
            return
        items = checklist.items(text, self._heading)
        self.learned.show(items)
        done = sum(item.checked for item in items)
        self._title_learned(f"Things I learned {done}/{len(items)}")

    def _title_learned(self, text: str) -> None:
        title = self.query_one("#learned-title", Label)
        if title.content != text:  # an update lays the screen out again, at each pause in typing
            title.update(text)

    def _render_preview(self) -> None:
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    def save_current(self) -> bool:
        """Save the open lesson's text if it changed; False if that failed.

        Text typed but not yet reported (its Changed message still queued) counts
        as changed: a save run in line with the keys must not miss it.
        """
        lesson = self.current_lesson
        if lesson is None or lesson.read_only:
            return True
        if not self.dirty and not self._differs_from_disk():
            return True
        self._stop_autosave()
        try:
            lesson.save_body(self.editor.text, check_disk=True)
        except DiskChangedError as error:
            self.dirty = True
            self.update_save_mark(failed=True)
            self.disk_watch.disk_save_refused(lesson, error)  # never overwrite their edit
            return False
        except (OSError, DocumentError) as error:
            self.dirty = True
            self.notify(
                f"{error}. Your text is kept here; saving will be tried again.",
                title=f"Could not save {lesson.path.name}",
                severity="error",
                timeout=10,
            )
            self.update_save_mark(failed=True)
            return False
        self.dirty = False
        self.update_save_mark()
        self.search.note_saved(lesson.path)  # its rows in the search index, off the UI thread
        return True

    def update_save_mark(self, failed: bool = False) -> None:
        lesson = self.current_lesson
        editor = self.editor
        if lesson is None:
            editor.border_subtitle = ""
        elif lesson.read_only:
            editor.border_subtitle = "read-only"
        elif failed:
            editor.border_subtitle = "✗ not saved"
        else:
            editor.border_subtitle = "● unsaved" if self.dirty else "✓ saved"

    def action_save(self) -> None:
        if self.save_current():
            self.notify("Saved", timeout=1.5)

    def save_all_and_exit(self, return_code: int = 0) -> None:
        """A signal (terminal closed or gone, SIGTERM, SIGINT): quit now, keeping the text.

        No question can be asked (the terminal may be gone): a note whose save is
        refused goes beside the lesson as a conflict copy, or, where that folder
        cannot be written either, to a rescue file in the user's data folder. The
        exit then stops mpv (if we started it) and restores the terminal, as
        ctrl+q does; workers are cancelled, never waited for.
        """
        saved = self.save_current()
        copy = self.disk_watch.rescue(always=not saved)
        self.places.remember()
        error = self.disk_watch.rescue_error
        if copy is None and error is not None:
            # Nowhere took it: say so, and show the text once the terminal is back.
            quitter = getattr(self.app, "quitter", None)
            if quitter is not None:
                message = f"lessontui: could not rescue the note: {error}"
                quitter.text_is_safe(message, self.editor.text)
        self._quit(copy, return_code)

    def save_and_quit(self) -> None:
        """ctrl+q: save and quit.

        A note whose save is refused (changed on disk, read-only folder, disk
        full) goes beside the lesson as a conflict copy, or to a rescue file in
        the user's data folder, and the app quits saying where. Only when even
        that fails does it stay, and quit on a second ctrl+q.
        """
        # The note stays marked unsaved while the quit is armed: pretending it was
        # saved would let the disk poll reload the file over the unsaved text.
        on_screen = (self.current_lesson, self.editor.text)
        self.disk_watch.quitting = True  # a refused save asks no question now
        saved = self.save_current()
        self.disk_watch.quitting = False
        copy = self.disk_watch.rescue(always=not saved)
        if saved or copy is not None or self._quit_anyway == on_screen:
            self.places.remember()
            self._quit(copy)
            return
        self._quit_anyway = on_screen
        self.notify(
            "Not quitting: the note could not be saved, not even to a rescue file. "
            "Copy your text out, then press ctrl+q again to quit anyway.",
            severity="error",
            timeout=10,
        )

    def _quit(self, copy: Path | None, return_code: int = 0) -> None:
        """Quit, saying where a copy went; workers are cancelled, not waited for."""
        message = self._copy_message(copy)
        self.app.workers.cancel_all()  # a download or an index build stops, or is left
        quitter = getattr(self.app, "quitter", None)
        if quitter is not None:  # it prints the message once the terminal is restored
            quitter.text_is_safe(message)
        self.app.exit(return_code=return_code)

    def _copy_message(self, copy: Path | None) -> str | None:
        """What the terminal shows after the app quits, when the note went to a copy."""
        lesson = self.current_lesson
        if copy is None or lesson is None:
            return None
        if copy.parent == lesson.path.parent:
            name = lesson.path.name
            return f"lessontui: {name} was not saved; your version is saved beside it as {copy}"
        return (
            f"lessontui: {lesson.path.name} could not be saved where it lives; "
            f"your text is saved in {copy}"
        )

    def unsaved_text(self) -> tuple[str, str, str] | None:
        """(text, course folder name, lesson file stem) when the editor holds unsaved text."""
        lesson = self.current_lesson
        if lesson is None or lesson.read_only or not (self.dirty or self._differs_from_disk()):
            return None
        course = self.course.root.name if self.course is not None else "course"
        return self.editor.text, course, lesson.path.stem

    # -- the learned checklist ----------------------------------------------------------

    @property
    def _heading(self) -> str:
        return self.course.learned_heading if self.course else checklist.DEFAULT_HEADING

    def _edit_checklist(self, new_text: str) -> None:
        if self.editor.read_only:
            self.notify("This lesson is read-only.", severity="warning")
            return
        self.editor.apply_text(new_text)
        self.render_side_panes()

    def on_learned_checklist_toggle(self, event: LearnedChecklist.Toggle) -> None:
        self._edit_checklist(checklist.toggle(self.editor.text, event.index, self._heading))

    def on_learned_checklist_remove(self, event: LearnedChecklist.Remove) -> None:
        self._edit_checklist(checklist.remove(self.editor.text, event.index, self._heading))

    def on_learned_checklist_add_requested(self, event: LearnedChecklist.AddRequested) -> None:
        self.action_add_learned(event.checked)

    def on_learned_checklist_edit_requested(self, event: LearnedChecklist.EditRequested) -> None:
        def done(text: str | None) -> None:
            if not text:
                return
            body = self.editor.text
            index = checklist.find(body, event.index, event.text, self._heading)
            if index is None:  # changed or gone while the prompt was open: keep the text
                self.notify("That item changed meanwhile; your text is added as a new item.")
                self._edit_checklist(checklist.add(body, text, heading=self._heading))
                return
            self._edit_checklist(checklist.set_text(body, index, text, self._heading))

        self.app.push_screen(TextPrompt("Edit learned item (Markdown)", event.text), done)

    def action_add_learned(self, checked: bool = True) -> None:
        """Ask for an item and add it at the end of the learned list: ticked (learned),
        or not (`checked=False`: still to learn)."""
        if self.on_course_note:
            self.notify(
                "Learned items go in a lesson's notes; the course intro has none.", timeout=4
            )
            return
        if self.current_lesson is None or self.editor.read_only:
            self.notify("Open a lesson you can edit first.", severity="warning")
            return

        def done(text: str | None) -> None:
            if text:
                body = checklist.add(self.editor.text, text, checked, heading=self._heading)
                self._edit_checklist(body)
                if self.learned.items:  # the new item (added last) is the one to act on next
                    self.learned.highlighted = len(self.learned.items) - 1

        self.app.push_screen(
            TextPrompt(
                "Add a thing you learned" if checked else "Add a thing still to learn",
                placeholder="[timm](https://timm.fast.ai/) is...",
            ),
            done,
        )

    # -- lesson actions -------------------------------------------------------------------

    def action_new_lesson(self) -> None:
        if self.course is None:
            return

        def done(title: str | None) -> None:
            if not title or self.course is None:
                return
            try:
                lesson = self.course.add_lesson(title)
            except OSError as error:
                self.notify(str(error), title="Could not add the lesson", severity="error")
                return
            self.refresh_lessons()
            self.open_lesson(lesson)
            self.lesson_list.highlight(lesson)
            self.editor.focus()

        self.app.push_screen(TextPrompt("New lesson title"), done)

    @property
    def on_course_note(self) -> bool:
        """The course intro (course.md) is open in the editor, not a lesson."""
        return self.current_lesson is not None and self.current_lesson.is_course_note

    def not_for_course_note(self, what: str) -> bool:
        """True (and a toast saying so) when the intro is open: `what` is for lessons."""
        if self.on_course_note:
            self.notify(f"The course intro is not a lesson: {what}", timeout=4)
            return True
        return False

    def action_rename_lesson(self) -> None:
        lesson, course = self.current_lesson, self.course
        if course is None or lesson is None or lesson.read_only:
            return
        if self.not_for_course_note("f7 edits the course title."):
            return

        def done(title: str | None) -> None:
            if title and self.guard(lambda: course.retitle(lesson, title)):
                self.editor.border_title = Content(lesson.title)
                self.refresh_lesson_row(lesson)

        self.app.push_screen(TextPrompt("Lesson title", lesson.title), done)

    def action_cycle_status(self) -> None:
        lesson, course = self.current_lesson, self.course
        if course is None or lesson is None or lesson.read_only:
            return
        if self.not_for_course_note("it has no status."):
            return
        status = STATUSES[(STATUSES.index(lesson.status) + 1) % len(STATUSES)]
        if self.guard(lambda: course.set_status(lesson, status)):
            self.refresh_lesson_row(lesson)
            self.notify(f"{lesson.title}: {status}", timeout=2)

    def action_move_lesson(self, step: int) -> None:
        lesson, course = self.current_lesson, self.course
        if course is None or lesson is None:
            return
        if self.not_for_course_note("it always comes first."):
            return
        index = course.lessons.index(lesson) + step
        if 0 <= index < len(course.lessons) and self.guard(lambda: course.move(lesson, index)):
            self.refresh_lessons()

    # `delete` in the lesson list and the palette, never a key the editor uses; it
    # asks first, and the palette restores (features/trash.py).
    def action_delete_lesson(self) -> None:
        self.trash.ask_to_trash()

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

    def action_toggle_preview(self) -> None:
        self.preview.display = not self.preview.display
        self._fit_reading()
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    def show_transcript_pane(self, show: bool) -> None:
        self.query_one("#transcript", TranscriptView).display = show
        self._fit_reading()

    def _fit_reading(self) -> None:
        """The column of the preview and the transcript shows while either does."""
        reading = self.query_one("#reading", Vertical)
        reading.display = bool(
            self.preview.display or self.query_one("#transcript", TranscriptView).display
        )

    def insert_block(self, block: str) -> None:
        """Type `block` (whole lines: a quote) at the cursor, on lines of its own.

        A blank line follows it: text typed (or already) right below a block
        quote would join it (a lazy continuation).
        """
        editor = self.editor
        row, column = editor.cursor_location
        before = "\n" if editor.document.get_line(row)[:column].strip() else ""
        editor.insert(before + block + "\n")

    def action_open_library(self) -> None:
        self.open_library()

    def action_lesson_details(self) -> None:
        self.details.edit_lesson()

    def action_course_details(self) -> None:
        self.details.edit_course()

    # -- the preview ----------------------------------------------------------------------

    def on_transcript_view_seek_requested(self, event: TranscriptView.SeekRequested) -> None:
        self.playback.seek_to(event.seconds)

    def on_transcript_view_leave(self) -> None:
        self.editor.focus()

    def action_toggle_transcript(self) -> None:
        self.transcripts.toggle()

    def action_quote_transcript(self) -> None:
        self.transcripts.quote()

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

    # -- the features' keys and messages ----------------------------------------------------

    def on_player_state_changed(self, message: PlayerStateChanged) -> None:
        self.playback.state_changed(message)

    def on_download_progress(self, message: DownloadProgress) -> None:
        self.downloads.progress(message)

    def on_downloads_finished(self, message: DownloadsFinished) -> None:
        self.downloads.finished(message)

    def action_play_lesson(self) -> None:
        self.playback.play_lesson()

    def action_seek_to(self, seconds: float) -> None:
        self.playback.seek_to(seconds)

    def action_toggle_pause(self) -> None:
        self.playback.toggle_pause()

    def action_insert_timestamp(self) -> None:
        self.playback.insert_timestamp()

    def action_seek_timestamp(self) -> None:
        self.playback.seek_timestamp()

    def action_seek_back(self) -> None:
        self.playback.seek_back()

    def action_seek_forward(self) -> None:
        self.playback.seek_forward()

    def action_seek_back_long(self) -> None:
        self.playback.seek_back_long()

    def action_seek_forward_long(self) -> None:
        self.playback.seek_forward_long()

    def action_speed_down(self) -> None:
        self.playback.speed_down()

    def action_speed_up(self) -> None:
        self.playback.speed_up()

    def action_speed_reset(self) -> None:
        self.playback.speed_reset()

    def action_previous_chapter(self) -> None:
        self.playback.previous_chapter()

    def action_next_chapter(self) -> None:
        self.playback.next_chapter()

    def action_chapters(self) -> None:
        self.playback.chapters()

    def action_export_page(self) -> None:
        self.export.export_page()

    def action_check_course(self) -> None:
        self.export.check_course()

    def action_check_disk(self) -> None:
        self.disk_watch.check_now()

    def action_search(self) -> None:
        self.search.open()

    def action_import_course(self) -> None:
        self.downloads.import_course()

    def action_download_video(self) -> None:
        self.downloads.download_video()

    def action_download_all_videos(self) -> None:
        self.downloads.download_all_videos()

    def action_cancel_downloads(self) -> None:
        self.downloads.cancel_downloads()

    def action_fetch_transcript(self) -> None:
        self.downloads.fetch_transcript()

    def action_fetch_all_transcripts(self) -> None:
        self.downloads.fetch_all_transcripts()
