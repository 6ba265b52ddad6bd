"""The lessontui app: lesson list, note editor with preview, learned checklist."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, TextArea

from lessontui.config import Settings, load_settings
from lessontui.course import checklist
from lessontui.course.course import STATUSES, Course, CourseError, Lesson
from lessontui.course.document import DiskChangedError, DocumentError
from lessontui.course.timestamps import format_time
from lessontui.tui import shutdown, terminal_keys
from lessontui.tui.disk_watch_actions import DISK_WATCH_BINDINGS, DiskWatchActions
from lessontui.tui.export_actions import EXPORT_BINDINGS, ExportActions
from lessontui.tui.help_actions import HELP_BINDINGS, NARROW_WIDTH, HelpActions
from lessontui.tui.import_actions import IMPORT_BINDINGS, ImportActions
from lessontui.tui.lesson_trash import LessonTrash
from lessontui.tui.player_actions import PLAYER_BINDINGS, PlayerActions
from lessontui.tui.preview_actions import PreviewActions
from lessontui.tui.safe_text import LiteralNotifications, show_control_characters
from lessontui.tui.screens.library import LibraryScreen
from lessontui.tui.screens.text_prompt import TextPrompt
from lessontui.tui.search_actions import SEARCH_BINDINGS, SearchActions
from lessontui.tui.widgets.checklist import LearnedChecklist
from lessontui.tui.widgets.key_footer import KeyFooter
from lessontui.tui.widgets.lesson_list import LessonList
from lessontui.tui.widgets.note_editor import NoteEditor
from lessontui.tui.widgets.player_bar import PlayerBar
from lessontui.tui.widgets.preview import NotePreview

PREVIEW_DELAY = 0.15  # seconds of quiet typing before the preview re-renders

CORE_BINDINGS = [
    Binding("ctrl+q", "save_and_quit", "Quit", id="app.quit", priority=True),
    Binding("ctrl+s", "save", "Save", id="app.save", show=False),
    Binding("ctrl+n", "new_lesson", "New lesson", id="lesson.new", show=False),
    Binding("ctrl+t", "cycle_status", "Status", id="lesson.status", show=False),
    Binding("ctrl+l", "add_learned", "Learned+", id="learned.add"),
    Binding("f2", "toggle_preview", "Preview", id="app.toggle_preview", show=False),
    Binding("ctrl+r", "rename_lesson", "Rename lesson", id="lesson.rename", show=False),
    Binding("alt+up", "move_lesson(-1)", "Move lesson up", id="lesson.move_up", show=False),
    Binding("alt+down", "move_lesson(1)", "Move lesson down", id="lesson.move_down", show=False),
    Binding("ctrl+o", "open_library", "Open course", id="app.open_course", show=False),
]


def _freeze_session_objects() -> None:
    gc.collect()  # garbage frozen now would stay until the app exits
    gc.freeze()


class LessonApp(
    LiteralNotifications,
    DiskWatchActions,
    PlayerActions,
    ExportActions,
    SearchActions,
    HelpActions,
    ImportActions,
    PreviewActions,
    App[None],
):
    """Opens one course; with none, starts on the library of courses."""

    CSS_PATH = "app.tcss"
    TITLE = "lessontui"
    BINDINGS = [
        *CORE_BINDINGS,
        *PLAYER_BINDINGS,
        *EXPORT_BINDINGS,
        *DISK_WATCH_BINDINGS,
        *SEARCH_BINDINGS,
        *HELP_BINDINGS,
        *IMPORT_BINDINGS,
    ]
    # Below NARROW_WIDTH columns the screen gets the -narrow class (app.tcss stacks
    # panes): side by side, the editor would be under 30 columns wide.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]

    def __init__(self, course: Course | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        show_control_characters()  # untrusted text: ESC is drawn as ␛, never sent raw
        terminal_keys.install()
        self.settings = settings or load_settings()
        self.course = course
        self.current_lesson: Lesson | None = None
        self._dirty = False
        self._gc_frozen = False
        # What was on screen when a ctrl+q could not save: a second ctrl+q quits
        # only while it is still the same lesson and text.
        self._quit_anyway: tuple[Lesson | None, str] | None = None
        self._autosave_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            with Vertical(id="lessons-pane"):
                yield Label("", id="course-title")
                yield LessonList(id="lessons")
                yield Label("", id="progress")
            with Horizontal(id="notes-pane"):
                yield NoteEditor(id="editor")
                yield NotePreview(id="preview")
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

    def on_mount(self) -> None:
        shutdown.install(self)  # SIGHUP, SIGTERM, SIGINT: save_all_and_exit
        self.preview.display = self.settings.show_preview
        for problem in self.settings.problems:
            self.notify(problem, title="Settings", severity="warning", timeout=10)
        if self.course is None:
            self.push_screen(LibraryScreen(self.settings.library), self._library_closed)
        else:
            self.show_course(self.course)

    def _library_closed(self, root: Path | None) -> None:
        if root is None:
            if self.course is None:
                self.exit()
            return
        try:
            course = Course.load(root)
        except CourseError as error:
            self.notify(str(error), title="Cannot open course", severity="error")
            return
        self.show_course(course)

    def action_open_library(self) -> None:
        if self.can_leave_lesson():
            self.push_screen(LibraryScreen(self.settings.library), self._library_closed)

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

    # -- course and lessons ------------------------------------------------------------

    def show_course(self, course: Course) -> bool:
        """Show `course`; False when the open lesson could not be saved (nothing changes)."""
        if self.current_lesson is not None and not self.can_leave_lesson():
            return False
        self.course = course
        self.current_lesson = None
        self.title = course.title
        self.query_one("#course-title", Label).update(Content(course.title))
        self.lesson_list.show(course.lessons)
        self.refresh_progress()
        first = self.remembered_lesson(course)  # where the user was last time
        first = first or next((x for x in course.lessons if x.status == "watching"), None)
        first = first or (course.lessons[0] if course.lessons else None)
        if first is not None:
            self.open_lesson(first)
            self.lesson_list.highlighted = course.lessons.index(first)
        else:
            self._show_no_lesson()
        self.lesson_list.focus()
        return True

    def _show_no_lesson(self) -> None:
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
            self.lesson_list.show(self.course.lessons, self.current_lesson)
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
        self._dirty = False
        self._update_save_mark()
        if lesson.read_only:
            self.notify(
                f"{lesson.path.name}: {lesson.error}. Opened read-only; the file is not changed.",
                title="Cannot edit this lesson",
                severity="warning",
                timeout=8,
            )
        self.lesson_list.refresh_lesson(lesson)
        self._render_side_panes(preview_later=True)
        if not self._gc_frozen:
            self._gc_frozen = True
            # After the frame that draws the first preview (its lines included): see on_unmount.
            self.call_after_refresh(self.call_after_refresh, _freeze_session_objects)
        self.post_message(self.LessonOpened(lesson))

    class LessonOpened(Message):
        """A lesson is now in the editor; features (the player) follow it."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    def on_lesson_list_lesson_chosen(self, event: LessonList.LessonChosen) -> None:
        self.open_lesson(event.lesson)
        self.editor.focus()

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
        self._dirty = True
        self.last_typed = time.monotonic()
        self._update_save_mark()
        self._restart_timer("_autosave_timer", self.settings.autosave_delay, self.save_current)
        self._restart_timer("_preview_timer", PREVIEW_DELAY, self._render_side_panes)

    def _restart_timer(self, name: str, delay: float, callback) -> None:  # type: ignore[no-untyped-def]
        timer: Timer | None = getattr(self, name)
        if timer is not None:
            timer.stop()
        setattr(self, name, self.set_timer(delay, lambda: self._unless_exiting(callback)))

    def _unless_exiting(self, callback) -> None:  # type: ignore[no-untyped-def]
        """Timers can fire while the app tears its widgets down; quitting saved already."""
        if not self._exit:
            callback()

    def _render_side_panes(self, preview_later: bool = False) -> None:
        """Bring the preview and the checklist up to the editor's text.

        With `preview_later` the preview renders after the next frame, so opening
        a course or lesson shows its list and note without waiting for Markdown.
        """
        text = self.editor.text
        if self.preview.display:
            if preview_later:
                self.call_after_refresh(lambda: self._unless_exiting(self._render_preview))
            else:
                self.preview.update_text(text)
        heading = self.course.learned_heading if self.course else checklist.DEFAULT_HEADING
        items = checklist.items(text, heading)
        self.learned.show(items)
        done = sum(item.checked for item in items)
        self.query_one("#learned-title", Label).update(f"Things I learned {done}/{len(items)}")

    def on_unmount(self) -> None:
        shutdown.uninstall(self)
        # Frozen once the first note is shown: what lives all session (modules,
        # widgets, styles, the course) leaves the cyclic collector's walk, so a
        # full collection while typing in a 10,000-line note takes about 12 ms
        # instead of 45. Given back here, for whatever runs after the app.
        gc.unfreeze()

    def _render_preview(self) -> None:
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    def save_current(self) -> bool:
        """Save the open lesson's text if it changed; False if that failed."""
        lesson = self.current_lesson
        if lesson is None or not self._dirty or lesson.read_only:
            return True
        try:
            lesson.save_body(self.editor.text, check_disk=True)
        except DiskChangedError as error:
            self._update_save_mark(failed=True)
            self.disk_save_refused(lesson, error)  # never overwrite someone else's edit
            return False
        except (OSError, DocumentError) as error:
            self.notify(
                f"{error}. Your text is kept here; saving will be tried again.",
                title=f"Could not save {lesson.path.name}",
                severity="error",
                timeout=10,
            )
            self._update_save_mark(failed=True)
            return False
        self._dirty = False
        self._update_save_mark()
        return True

    def _update_save_mark(self, failed: bool = False) -> None:
        lesson = self.current_lesson
        if lesson is None:
            self.editor.border_subtitle = ""
        elif lesson.read_only:
            self.editor.border_subtitle = "read-only"
        elif failed:
            self.editor.border_subtitle = "✗ not saved"
        else:
            self.editor.border_subtitle = "● unsaved" if self._dirty else "✓ saved"

    def action_save(self) -> None:
        if self.save_current():
            self.notify("Saved", timeout=1.5)

    def action_save_and_quit(self) -> None:
        # The note stays marked unsaved while the quit is armed: pretending it was
        # saved would let the disk poll reload the file over the unsaved text.
        on_screen = (self.current_lesson, self.editor.text)
        if self.save_current() or self._quit_anyway == on_screen:
            self.exit()
            return
        self._quit_anyway = on_screen
        self.notify(
            "Not quitting: the note could not be saved. Fix the problem, "
            "or copy your text out, then press ctrl+q again to quit anyway.",
            severity="error",
            timeout=10,
        )

    # -- quitting on a signal (shutdown.py) ------------------------------------------------

    def save_all_and_exit(self, return_code: int = 0) -> None:
        """Quit now and keep the text, with no question (the terminal may be gone).

        Saves the note as ctrl+q does; where the save is refused, exit() writes the
        text beside the lesson as a conflict copy, as quitting with a conflict open
        does. exit() then closes mpv (if we started it) and restores the terminal.
        """
        if not self.save_current():
            self._disk_unresolved = True  # makes exit() write the conflict copy
        self.exit(return_code=return_code)

    # -- the learned checklist ----------------------------------------------------------

    @property
    def _heading(self) -> str:
        return self.course.learned_heading if self.course else checklist.DEFAULT_HEADING

    def _edit_checklist(self, new_text: str) -> None:
        if self.editor.read_only:
            self.notify("This lesson is read-only.", severity="warning")
            return
        self.editor.apply_text(new_text)
        self._render_side_panes()

    def on_learned_checklist_toggle(self, event: LearnedChecklist.Toggle) -> None:
        self._edit_checklist(checklist.toggle(self.editor.text, event.index, self._heading))

    def on_learned_checklist_remove(self, event: LearnedChecklist.Remove) -> None:
        self._edit_checklist(checklist.remove(self.editor.text, event.index, self._heading))

    def on_learned_checklist_add_requested(self) -> None:
        self.action_add_learned()

    def on_learned_checklist_edit_requested(self, event: LearnedChecklist.EditRequested) -> None:
        def done(text: str | None) -> None:
            if text:
                body = checklist.set_text(self.editor.text, event.index, text, self._heading)
                self._edit_checklist(body)

        self.push_screen(TextPrompt("Edit learned item (Markdown)", event.text), done)

    def action_add_learned(self) -> None:
        if self.current_lesson is None or self.editor.read_only:
            self.notify("Open a lesson you can edit first.", severity="warning")
            return

        def done(text: str | None) -> None:
            if text:
                self._edit_checklist(checklist.add(self.editor.text, text, heading=self._heading))
                if self.learned.items:  # the new item (added last) is the one to act on next
                    self.learned.highlighted = len(self.learned.items) - 1

        self.push_screen(
            TextPrompt(
                "Add a thing you learned", placeholder="[timm](https://timm.fast.ai/) is..."
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
            self.lesson_list.highlighted = self.course.lessons.index(lesson)
            self.editor.focus()

        self.push_screen(TextPrompt("New lesson title"), done)

    def action_rename_lesson(self) -> None:
        lesson = self.current_lesson
        if self.course is None or lesson is None or lesson.read_only:
            return

        def done(title: str | None) -> None:
            course = self.course
            if title and course is not None and self._guard(lambda: course.retitle(lesson, title)):
                self.editor.border_title = Content(lesson.title)
                self.refresh_lesson_row(lesson)

        self.push_screen(TextPrompt("Lesson title", lesson.title), done)

    def action_cycle_status(self) -> None:
        lesson = self.current_lesson
        if self.course is None or lesson is None or lesson.read_only:
            return
        status = STATUSES[(STATUSES.index(lesson.status) + 1) % len(STATUSES)]
        if self._guard(lambda: self.course.set_status(lesson, status)):  # type: ignore[union-attr]
            self.refresh_lesson_row(lesson)
            self.notify(f"{lesson.title}: {status}", timeout=2)

    def action_move_lesson(self, step: int) -> None:
        lesson = self.current_lesson
        if self.course is None or lesson is None:
            return
        index = self.course.lessons.index(lesson) + step
        if 0 <= index < len(self.course.lessons) and self._guard(
            lambda: self.course.move(lesson, index)  # type: ignore[union-attr]
        ):
            self.refresh_lessons()

    # -- trash (lesson_trash.py): `delete` in the lesson list and the palette, never
    # a key the editor uses; it asks first, and the palette restores.
    def action_delete_lesson(self) -> None:
        LessonTrash(self).ask_to_trash()

    def on_lesson_list_trash_requested(self) -> None:
        LessonTrash(self).ask_to_trash()

    # -- end of trash

    def _guard(self, change) -> bool:  # type: ignore[no-untyped-def]
        """Run a change to the files; show why it failed instead of crashing."""
        try:
            change()
        except (OSError, DocumentError, ValueError) as error:
            self.notify(str(error), title="Not changed", severity="error", timeout=8)
            return False
        return True

    LESSON_ACTIONS = frozenset(
        {
            "save",
            "new_lesson",
            "cycle_status",
            "add_learned",
            "toggle_preview",
            "rename_lesson",
            "move_lesson",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Lesson keys are hidden where there is no course on screen (the library).

        Priority keys (the player's alt+ keys, downloads) fire even when a dialog
        has focus, so they are turned off while one is open: alt+t in a rename
        prompt must not stamp the time into the hidden editor.
        """
        no_course = self.course is None or isinstance(self.screen, LibraryScreen)
        if no_course and action in self.LESSON_ACTIONS:
            return False
        return not (action in _PRIORITY_ACTIONS and self.screen is not self.screen_stack[0])

    def action_toggle_preview(self) -> None:
        self.preview.display = not self.preview.display
        if self.preview.display:
            self.preview.update_text(self.editor.text)

    # -- command palette ----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every app and screen binding with a description is a command, its key shown.

        The focused widget's own keys (the editor's cursor moves) stay out: they
        are not commands, and f1 lists them by pane.
        """
        yield from super().get_system_commands(screen)
        yield from LessonTrash(self).commands()  # not bindings of the App or screen
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not isinstance(active.node, (App, Screen)):
                continue
            if binding.description and binding.action not in seen:
                seen.add(binding.action)
                yield SystemCommand(
                    binding.description,
                    f"{self.get_key_display(binding)}",
                    lambda action=binding.action, node=active.node: self.run_action(action, node),
                )


# Actions of priority bindings other than quit: off while a dialog is open.
_PRIORITY_ACTIONS = frozenset(
    binding.action.split("(")[0]
    for binding in LessonApp.BINDINGS
    if isinstance(binding, Binding) and binding.priority and binding.action != "save_and_quit"
)
