"""Moving the open lesson to the course's `.trash/` (after asking) and bringing one back.

Reached from the lesson list (`delete`, binding id `lesson.delete`) and the
command palette; never from a key the editor uses. The file work is
`Course.delete` and `Course.restore_from_trash`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import SimpleCommand
from textual.markup import escape

from lessontui.course.course import TRASH_DIR, Lesson
from lessontui.course.document import DocumentError, read_header
from lessontui.tui.screens.confirm import ConfirmDialog
from lessontui.tui.screens.library import LibraryScreen

if TYPE_CHECKING:
    from lessontui.tui.app import LessonApp


class LessonTrash:
    """The trash feature of one app."""

    def __init__(self, app: LessonApp) -> None:
        self.app = app

    def ask_to_trash(self) -> None:
        """Ask, then move the open lesson to the trash."""
        app = self.app
        lesson = app.current_lesson
        if app.course is None or lesson is None:
            return
        if not app.can_leave_lesson():  # unsaved text that cannot be saved: not even asked
            return

        def answered(yes: bool | None) -> None:
            if yes and lesson is app.current_lesson:
                self._trash(lesson)

        app.push_screen(
            ConfirmDialog(
                f"Move “{lesson.title}” to the trash?",
                f"{lesson.path.name} goes to {TRASH_DIR}/ in the course folder. "
                "“Restore a trashed lesson” in the palette (ctrl+p) brings it back.",
                "Move to trash",
            ),
            answered,
        )

    def _trash(self, lesson: Lesson) -> None:
        app = self.app
        course = app.course
        if course is None or not app.can_leave_lesson():
            return
        trash_path: list[Path] = []
        if not app._guard(lambda: trash_path.append(course.delete(lesson))):
            return
        app.current_lesson = None
        app.refresh_lessons()
        app.notify(f"Moved {lesson.path.name} to {trash_path[0].parent}", timeout=5)
        if course.lessons:
            app.open_lesson(app.lesson_list.highlighted_lesson or course.lessons[0])
        else:
            app._show_no_lesson()

    def pick_to_restore(self) -> None:
        """A palette of the trashed lesson files; the one picked goes back."""
        course = self.app.course
        if course is None:
            return
        files = course.trashed()
        if not files:
            self.app.notify("This course's trash is empty.", timeout=4)
            return
        choices = [
            # The palette reads names as markup: file names and titles are escaped.
            SimpleCommand(escape(path.name), lambda path=path: self._restore(path), _describe(path))
            for path in files
        ]
        self.app.search_commands(choices, placeholder="Restore which trashed lesson?")

    def _restore(self, path: Path) -> None:
        app = self.app
        course = app.course
        if course is None:
            return
        restored: list[Lesson] = []
        if not app._guard(lambda: restored.append(course.restore_from_trash(path))):
            return
        lesson = restored[0]
        app.refresh_lessons()
        app.notify(f"Restored {path.name} as {lesson.path.name}", timeout=5)
        app.open_lesson(lesson)  # saves the open one first; stays there if it cannot
        if app.current_lesson is lesson:
            app.lesson_list.highlighted = course.lessons.index(lesson)

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's trash commands, where a course is on screen."""
        app = self.app
        if app.course is None or isinstance(app.screen, LibraryScreen):
            return
        yield SystemCommand(
            "Move lesson to trash", "asks first; delete in the lesson list", self.ask_to_trash
        )
        yield SystemCommand(
            "Restore a trashed lesson",
            f"put a lesson from {TRASH_DIR}/ back into the course",
            self.pick_to_restore,
        )


def _describe(path: Path) -> str:
    """The trashed lesson's title and when it was trashed, for the picker."""
    try:
        title = str(read_header(path).get("title") or "")
        trashed = dt.datetime.fromtimestamp(path.stat().st_ctime)  # the move sets it
    except (OSError, DocumentError, ValueError):
        return "cannot be read; restoring puts it back as it is"
    return f"{escape(title)} · trashed {trashed:%Y-%m-%d %H:%M}"
