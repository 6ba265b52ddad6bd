"""Moving the open lesson to the course's `.trash/` (after asking) and bringing one back.

Reached from the lesson list (`delete`, binding id `lesson.delete`) and the
command palette; never from a key the editor uses. The file work is
`Course.delete` and `Course.restore_from_trash`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import SimpleCommand
from textual.markup import escape

from lessontui.course.course import TRASH_DIR, Course, Lesson
from lessontui.course.document import DocumentError, read_header
from lessontui.tui.screens.dialog import ConfirmDialog

if TYPE_CHECKING:
    from lessontui.tui.features.host import FeatureHost
    from lessontui.tui.session import NoteSession


class Trash:
    """The main screen's trash: ask, move the open lesson there, bring one back."""

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session

    def ask_to_trash(self) -> None:
        """Ask, then move the open lesson to the trash (the course intro never goes)."""
        host = self.host
        lesson = self.session.lesson
        if host.course is None or lesson is None or lesson.is_course_note:
            return
        if not self.session.can_leave():  # unsaved text that cannot be saved: not even asked
            return

        def answered(yes: bool | None) -> None:
            if yes and lesson is self.session.lesson:
                self._trash(lesson)

        host.open_dialog(
            ConfirmDialog(
                f"Move “{lesson.title}” to the trash?",
                f"{lesson.path.name} goes to {TRASH_DIR}/ in the course folder. "
                "“Restore a trashed lesson” in the palette (ctrl+p) brings it back.",
                "Move to trash",
            ),
            answered,
        )

    def _trash(self, lesson: Lesson) -> None:
        host = self.host
        course = host.course
        if course is None or not self.session.can_leave():
            return
        trash_path: list[Path] = []
        note = host.editor.text  # the note as saved by can_leave: the frames it shows
        if not host.guard(lambda: trash_path.append(course.delete(lesson))):
            return
        _frames_follow(course, note, lesson, trashed=True)
        self.session.show(None)
        host.refresh_lessons()
        host.notify(f"Moved {lesson.path.name} to {trash_path[0].parent}", timeout=5)
        host.open_lesson(host.lesson_list.highlighted_lesson or course.note)

    def pick_to_restore(self) -> None:
        """A palette of the trashed lesson files; the one picked goes back."""
        course = self.host.course
        if course is None:
            return
        files = course.trashed()
        if not files:
            self.host.notify("This course's trash is empty.", timeout=4)
            return
        choices = [
            # The palette reads names as markup: file names and titles are escaped.
            SimpleCommand(escape(path.name), lambda path=path: self._restore(path), _describe(path))
            for path in files
        ]
        self.host.app.search_commands(choices, placeholder="Restore which trashed lesson?")

    def _restore(self, path: Path) -> None:
        host = self.host
        course = host.course
        if course is None:
            return
        restored: list[Lesson] = []
        if not host.guard(lambda: restored.append(course.restore_from_trash(path))):
            return
        lesson = restored[0]
        _frames_follow(course, lesson.body, lesson, trashed=False)
        host.refresh_lessons()
        host.notify(f"Restored {path.name} as {lesson.path.name}", timeout=5)
        host.open_lesson(lesson)  # saves the open one first; stays there if it cannot
        if self.session.lesson is lesson:
            host.lesson_list.highlight(lesson)

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's trash commands, where a course is on screen."""
        if self.host.course is None or not self.host.is_current:
            return  # the library or a dialog is on top
        if self.session.on_lesson:  # the course intro never goes to the trash
            yield SystemCommand(
                "Move lesson to trash", "asks first; delete in the lesson list", self.ask_to_trash
            )
        yield SystemCommand(
            "Restore a trashed lesson",
            f"put a lesson from {TRASH_DIR}/ back into the course",
            self.pick_to_restore,
        )


def _frames_follow(course: Course, note: str, lesson: Lesson, trashed: bool) -> None:
    """The frames a trashed lesson shows go to the trash with it, and come back with it."""
    from lessontui.services import frames

    folder = lesson.path.parent if not trashed else course.lessons_dir
    with contextlib.suppress(OSError):  # the lesson moved; a frame left behind is no loss
        if trashed:
            others = [(x.body, x.path.parent) for x in [course.note, *course.lessons]]
            frames.trash_frames(course.root, note, folder, others)
        else:
            frames.restore_frames(course.root, note, folder)


def _describe(path: Path) -> str:
    """The trashed lesson's title and when it was trashed, for the picker."""
    try:
        title = str(read_header(path).get("title") or "")
        trashed = dt.datetime.fromtimestamp(path.stat().st_ctime)  # the move sets it
    except (OSError, DocumentError, ValueError):
        return "cannot be read; restoring puts it back as it is"
    return f"{escape(title)} · trashed {trashed:%Y-%m-%d %H:%M}"
