"""The search feature of LessonApp: ctrl+f opens the search screen, enter jumps to a line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.course import Course, CourseError

if TYPE_CHECKING:
    from lessontui.tui.screens.search_screen import SearchJump

SEARCH_BINDINGS = [
    Binding("ctrl+f", "search", "Search notes", id="search.open"),
]


class SearchActions:
    """Expects LessonApp's `course`, `settings`, `save_current`, `show_course`,
    `open_lesson`, `editor`, `lesson_list`."""

    _last_search: str = ""
    _last_search_library: bool = False

    def action_search(self) -> None:
        # Imported on first use, so start-up does not pay for the search screen.
        from lessontui.tui.screens.search_screen import SearchScreen

        app = self  # type: ignore[assignment]
        app.save_current()  # type: ignore[attr-defined]  # search reads the files on disk
        course: Course | None = app.course  # type: ignore[attr-defined]
        titles = {lesson.path: lesson.title for lesson in course.lessons} if course else {}
        screen = SearchScreen(
            course.root if course else None,
            app.settings.library,  # type: ignore[attr-defined]
            titles,
            term=self._last_search,
            whole_library=self._last_search_library,
        )

        def done(jump: SearchJump | None) -> None:
            self._last_search = screen.term
            self._last_search_library = screen.whole_library
            if jump is not None:
                self.jump_to(jump.path, jump.row, jump.column)

        app.push_screen(screen, done)  # type: ignore[attr-defined]

    def jump_to(self, path: Path, row: int, column: int = 0) -> bool:
        """Open the lesson file `path` (switching course if needed) and put the cursor there."""
        app = self  # type: ignore[assignment]
        course: Course | None = app.course  # type: ignore[attr-defined]
        root = path.parent.parent
        if course is None or course.root.resolve() != root.resolve():
            if not app.save_current():  # type: ignore[attr-defined]
                return False
            try:
                course = Course.load(root)
            except CourseError as error:
                app.notify(str(error), title="Cannot open course", severity="error")  # type: ignore[attr-defined]
                return False
            app.show_course(course)  # type: ignore[attr-defined]
        lesson = next((x for x in course.lessons if x.path.resolve() == path.resolve()), None)
        if lesson is None:
            app.notify(f"{path.name} is no longer in the course.", severity="warning")  # type: ignore[attr-defined]
            return False
        app.open_lesson(lesson)  # type: ignore[attr-defined]
        if app.current_lesson is not lesson:  # type: ignore[attr-defined]
            return False  # the open lesson could not be saved; it was kept
        app.lesson_list.highlighted = course.lessons.index(lesson)  # type: ignore[attr-defined]
        editor = app.editor  # type: ignore[attr-defined]
        row = min(row, editor.document.line_count - 1)
        column = min(column, len(editor.document.get_line(row)))
        editor.move_cursor((row, column), center=True)
        editor.focus()
        return True
