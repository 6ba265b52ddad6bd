"""Remembered places: the last course, lesson and cursor, restored on the next start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lessontui.course.course import Course, Lesson
from lessontui.state import AppState

if TYPE_CHECKING:
    from lessontui.tui.features.host import FeatureHost
    from lessontui.tui.session import NoteSession


class Places:
    """Notes the cursor as it moves; writes the state file when the lesson changes or the
    screen goes."""

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session
        self._state: AppState | None = None
        self._restore: tuple[Path, str, tuple[int, int]] | None = None

    @property
    def app_state(self) -> AppState:
        if self._state is None:
            self._state = AppState()
        return self._state

    def remembered_lesson(self, course: Course) -> Lesson | None:
        """The lesson the user was last in for `course` (its cursor is restored on open)."""
        state = self.app_state
        state.opened(course.root)
        state.save()
        place = state.last_place(course.root)
        if place is None:
            return None
        name, cursor = place
        # A lesson named course.md too wins: it is the one that was remembered by name before.
        lesson = next((x for x in [*course.lessons, course.note] if x.path.name == name), None)
        if lesson is not None:
            self._restore = (lesson.path, name, cursor)
        return lesson

    def lesson_opened(self, lesson: Lesson) -> None:
        if self.host.course is None:
            return
        restore, self._restore = self._restore, None
        if restore is not None and restore[0] == lesson.path and self.session.lesson is lesson:
            self.host.editor.go_to(*restore[2])
        self.remember()

    def remember(self) -> None:
        """Store the open lesson and cursor (on switching lesson and on quitting)."""
        self._note()
        self.app_state.save()

    def cursor_moved(self) -> None:
        # Kept in memory as the cursor moves; written when the lesson changes or the app ends.
        if self._restore is None:
            self._note()

    def _note(self) -> None:
        course, lesson = self.host.course, self.session.lesson
        if course is None or lesson is None:
            return
        self.app_state.remember_place(
            course.root, lesson.path.name, self.host.editor.cursor_location
        )

    def close(self) -> None:
        # The widgets may be gone by now: write what was noted while they lived.
        if self._state is not None:
            self._state.save()
