"""The open note: its lesson, whether the disk has its text; save, leave, rescue, quit.

Everything that changes the open lesson or its saved state goes through this
object; the save mark under the editor follows `save_state` by its watcher, so
no caller draws it. It is a `DOMNode` only for Textual's reactive attributes:
it is never mounted, and its timers are the screen's (they stop with it).
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.content import Content
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.widgets import TextArea

from lessontui.course.document import DiskChangedError, DocumentError

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from lessontui.config import Settings
    from lessontui.course.course import Course, Lesson
    from lessontui.tui.widgets.note_editor import NoteEditor


class SaveState(enum.Enum):
    """The note's text against its file; the value is the mark drawn under the editor."""

    SAVED = "✓ saved"
    UNSAVED = "● unsaved"
    FAILED = "✗ not saved"


class SessionHost(Protocol):
    """What the session asks of the screen that shows the note."""

    @property
    def settings(self) -> Settings: ...
    @property
    def course(self) -> Course | None: ...
    @property
    def editor(self) -> NoteEditor: ...
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...
    def set_timer(self, delay: float, callback: Callable[[], object]) -> Timer: ...
    def refresh_bindings(self) -> None: ...


class DiskGuard(Protocol):
    """What the session asks of the disk watch (features/disk_watch.py)."""

    quitting: bool  # a quit is saving: a refused save asks no question
    last_typed: float
    rescue_error: OSError | None

    def disk_save_refused(self, lesson: Lesson, error: DiskChangedError) -> None: ...
    def rescue(self, always: bool = False) -> Path | None: ...


# How the app ends: the message to print (where a copy went), the text to print
# when no file took it, the exit status.
QuitCallback = Callable[[str | None, str | None, int], None]


class NoteSession(DOMNode):
    """The lesson in the editor and its saved state; saving, leaving, rescuing, quitting."""

    # always_update: each edit redraws the mark over a disk warning, as it always did.
    save_state: reactive[SaveState] = reactive(SaveState.SAVED, init=False, always_update=True)

    def __init__(self, host: SessionHost, on_quit: QuitCallback) -> None:
        super().__init__()
        self._host = host
        self._on_quit = on_quit
        self.lesson: Lesson | None = None
        self.quit_begun = False  # the app is on its way out: the disk poll stops
        # Set by the screen once the features exist (they need the session first).
        self.disk: DiskGuard | None = None
        self.saved_hooks: list[Callable[[Path], None]] = []  # after each save (search index)
        self.leaving_hooks: list[Callable[[], None]] = []  # before the app quits (places)
        # What was on screen when a ctrl+q could not save: a second ctrl+q quits
        # only while it is still the same lesson and text.
        self._quit_anyway: tuple[Lesson | None, str] | None = None
        self._autosave_idle: Timer | None = None  # fires once typing pauses
        self._autosave_deadline: Timer | None = None  # fires while typing never pauses

    # -- state -----------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """The editor holds text the file does not (as far as the Changed messages told)."""
        return self.save_state is not SaveState.SAVED

    @property
    def on_course_note(self) -> bool:
        """The course intro (course.md) is open in the editor, not a lesson."""
        return self.lesson is not None and self.lesson.is_course_note

    @property
    def on_lesson(self) -> bool:
        """A lesson (not the course intro) is open."""
        return self.lesson is not None and not self.lesson.is_course_note

    @property
    def editable(self) -> bool:
        """A note is open and the editor may change it."""
        return self.lesson is not None and not self._host.editor.read_only

    def watch_save_state(self) -> None:
        self.draw_mark()

    def draw_mark(self) -> None:
        """The mark under the editor: saved, unsaved, not saved, read-only."""
        lesson, editor = self.lesson, self._host.editor
        if lesson is None:
            editor.border_subtitle = ""
        elif lesson.read_only:
            editor.border_subtitle = "read-only"
        else:
            editor.border_subtitle = self.save_state.value

    def show(self, lesson: Lesson | None) -> None:
        """`lesson` is the note now (None: none), its text as on disk; nothing is saved here."""
        self._stop_autosave()
        self.lesson = lesson
        self.save_state = SaveState.SAVED
        self._host.refresh_bindings()  # the keys that apply to it (see Feature.check_action)

    def load(self, lesson: Lesson) -> None:
        """Put `lesson`'s text in the editor (read-only when its file cannot be parsed)."""
        editor = self._host.editor
        try:
            body = lesson.body
        except DocumentError:
            body = lesson.text_to_show()  # read-only below: never saved
        with editor.prevent(TextArea.Changed):
            editor.load_text(body)
        editor.read_only = lesson.read_only
        editor.border_title = Content(lesson.title)
        editor.move_cursor((0, 0))
        self.show(lesson)

    def mark_saved(self) -> None:
        """The file has the editor's text (written, or reloaded from it)."""
        self.save_state = SaveState.SAVED

    def mark_unsaved(self) -> None:
        self.save_state = SaveState.UNSAVED

    def mark_failed(self) -> None:
        """A write failed: the text is still only here."""
        self.save_state = SaveState.FAILED

    def differs_from_disk(self) -> bool:
        lesson = self.lesson
        if lesson is None or lesson.read_only or not lesson.loaded:
            return False
        try:
            return self._host.editor.text != lesson.document().body
        except DocumentError:
            return False

    # -- saving ----------------------------------------------------------------------------

    def edited(self) -> bool:
        """The editor's text changed: mark it and plan the autosave; False when it is
        saved already (a late Changed message for an edit that ctrl+s saved in line)."""
        if self.lesson is None or self._host.editor.read_only:
            return False
        if not self.dirty and not self.differs_from_disk():
            return False
        self.mark_unsaved()
        if self.disk is not None:
            self.disk.last_typed = time.monotonic()
        # Saved once typing pauses, and at least every autosave_max_wait seconds
        # while it never does: the disk is never more than that behind the screen.
        settings = self._host.settings
        if self._autosave_idle is not None:
            self._autosave_idle.stop()
        self._autosave_idle = self._host.set_timer(settings.autosave_delay, self._autosave)
        if self._autosave_deadline is None:
            self._autosave_deadline = self._host.set_timer(
                settings.autosave_max_wait, self._autosave
            )
        return True

    def _stop_autosave(self) -> None:
        for timer in (self._autosave_idle, self._autosave_deadline):
            if timer is not None:
                timer.stop()
        self._autosave_idle = self._autosave_deadline = None

    def _autosave(self) -> None:
        self._stop_autosave()
        self.save()

    def save(self) -> bool:
        """Save the open lesson's text if it changed; False if that failed.

        Text typed but not yet reported (its Changed message still queued) counts
        as changed: a save run in line with the keys must not miss it.
        """
        lesson = self.lesson
        if lesson is None or lesson.read_only:
            return True
        if not self.dirty and not self.differs_from_disk():
            return True
        self._stop_autosave()
        try:
            lesson.save_body(self._host.editor.text, check_disk=True)
        except DiskChangedError as error:
            self.mark_failed()
            if self.disk is not None:
                self.disk.disk_save_refused(lesson, error)  # never overwrite their edit
            return False
        except (OSError, DocumentError) as error:
            self._host.notify(
                f"{error}. Your text is kept here; saving will be tried again.",
                title=f"Could not save {lesson.path.name}",
                severity="error",
                timeout=10,
            )
            self.mark_failed()
            return False
        self.mark_saved()
        for hook in self.saved_hooks:
            hook(lesson.path)
        return True

    def can_leave(self) -> bool:
        """Save the open lesson before it leaves the editor; False (and why) if that failed.

        Leaving anyway would drop the only copy of the unsaved text.
        """
        if self.save():
            return True
        self._host.notify(
            "The open lesson has unsaved text that could not be saved. Resolve it first "
            "(alt+r checks the disk again), or copy your text out.",
            title="Staying on this lesson",
            severity="error",
            timeout=10,
        )
        return False

    # -- rescuing and quitting -------------------------------------------------------------

    def unsaved_text(self) -> tuple[str, str, str] | None:
        """(text, course folder name, lesson file stem) when the editor holds unsaved text."""
        lesson = self.lesson
        if lesson is None or lesson.read_only or not (self.dirty or self.differs_from_disk()):
            return None
        course = self._host.course
        return self._host.editor.text, course.root.name if course else "course", lesson.path.stem

    def _rescue(self, always: bool) -> Path | None:
        return self.disk.rescue(always=always) if self.disk is not None else None

    def save_all_and_exit(self, return_code: int = 0) -> None:
        """A signal (terminal closed or gone, SIGTERM, SIGINT): quit now, keeping the text.

        No question can be asked (the terminal may be gone): a note whose save is
        refused goes beside the lesson as a conflict copy, or, where that folder
        cannot be written either, to a rescue file in the user's data folder. The
        exit then stops mpv (if we started it) and restores the terminal, as
        ctrl+q does; workers are cancelled, never waited for.
        """
        saved = self.save()
        copy = self._rescue(always=not saved)
        self._leaving()
        error = self.disk.rescue_error if self.disk is not None else None
        last_words = None
        message = self._copy_message(copy)
        if copy is None and error is not None:
            # Nowhere took it: say so, and show the text once the terminal is back.
            message = f"lessontui: could not rescue the note: {error}"
            last_words = self._host.editor.text
        self._quit(message, last_words, return_code)

    def save_and_quit(self) -> None:
        """ctrl+q: save and quit.

        A note whose save is refused (changed on disk, read-only folder, disk
        full) goes beside the lesson as a conflict copy, or to a rescue file in
        the user's data folder, and the app quits saying where. Only when even
        that fails does it stay, and quit on a second ctrl+q.
        """
        # The note stays marked unsaved while the quit is armed: pretending it was
        # saved would let the disk poll reload the file over the unsaved text.
        on_screen = (self.lesson, self._host.editor.text)
        if self.disk is not None:
            self.disk.quitting = True  # a refused save asks no question now
        saved = self.save()
        if self.disk is not None:
            self.disk.quitting = False
        copy = self._rescue(always=not saved)
        if saved or copy is not None or self._quit_anyway == on_screen:
            self._leaving()
            self._quit(self._copy_message(copy), None, 0)
            return
        self._quit_anyway = on_screen
        self._host.notify(
            "Not quitting: the note could not be saved, not even to a rescue file. "
            "Copy your text out, then press ctrl+q again to quit anyway.",
            severity="error",
            timeout=10,
        )

    def _leaving(self) -> None:
        for hook in self.leaving_hooks:
            hook()

    def _quit(self, message: str | None, last_words: str | None, return_code: int) -> None:
        self.quit_begun = True
        self._on_quit(message, last_words, return_code)

    def _copy_message(self, copy: Path | None) -> str | None:
        """What the terminal shows after the app quits, when the note went to a copy."""
        lesson = self.lesson
        if copy is None or lesson is None:
            return None
        if copy.parent == lesson.path.parent:
            name = lesson.path.name
            return f"lessontui: {name} was not saved; your version is saved beside it as {copy}"
        return (
            f"lessontui: {lesson.path.name} could not be saved where it lives; "
            f"your text is saved in {copy}"
        )
