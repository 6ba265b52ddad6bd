"""Search notes: ctrl+f opens the search screen, enter jumps to a line (a feature of MainScreen)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.course import Course, CourseError
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from lessontui.tui.features.player import Playback
    from lessontui.tui.screens.search_screen import SearchJump
    from lessontui.tui.session import NoteSession


class Search(Feature):
    """Remembers the last search; jumps to a hit, switching course if needed."""

    NAME = "search"
    BINDINGS = feature_bindings(
        NAME, [Binding("ctrl+f", "search", "Search notes", id="search.open")]
    )

    def __init__(self, host: FeatureHost, session: NoteSession, playback: Playback) -> None:
        self.host = host
        self.session = session
        self.playback = playback
        self._last_search = ""
        self._last_search_library = False

    def action_search(self) -> None:
        # Imported on first use, so start-up does not pay for the search screen.
        from lessontui.tui.screens.search_screen import SearchScreen

        main = self.host
        self.session.save()  # search reads the files on disk
        course = main.course
        titles = {lesson.path: lesson.title for lesson in course.lessons} if course else {}
        dialog = SearchScreen(
            course.root if course else None,
            main.settings.library,
            titles,
            term=self._last_search,
            whole_library=self._last_search_library,
            langs=main.settings.subtitle_langs,
        )

        def done(jump: SearchJump | None) -> None:
            self._last_search = dialog.term
            self._last_search_library = dialog.whole_library
            if jump is None:
                return
            course_note = jump.kind == "course"  # a line of a course.md intro
            if (
                self.jump_to(jump.path, jump.row, jump.column, course_note=course_note)
                and jump.time is not None
            ):
                self.playback.seek_to(jump.time)  # starts the player when it is not running

        main.open_dialog(dialog, done)

    def note_saved(self, path: Path) -> None:
        """Bring the saved file's rows in the search index up to date, off the UI thread."""
        self.host.run_worker(
            partial(_refresh_index, path),
            thread=True,
            group="search.refresh",
            exit_on_error=False,
            description=f"search index: {path.name}",
        )

    def jump_to(self, path: Path, row: int, column: int = 0, course_note: bool = False) -> bool:
        """Open the lesson file `path` (switching course if needed) and put the cursor there.

        With `course_note`, `path` is a course.md: its intro opens, as a note.
        """
        main = self.host
        course: Course | None = main.course
        root = path.parent if course_note else path.parent.parent
        if course is None or course.root.resolve() != root.resolve():
            if not self.session.save():
                return False
            try:
                course = Course.load(root)
            except CourseError as error:
                main.notify(str(error), title="Cannot open course", severity="error")
                return False
            main.show_course(course)
        notes = [course.note] if course_note else course.lessons
        lesson = next((x for x in notes if x.path.resolve() == path.resolve()), None)
        if lesson is None:
            main.notify(f"{path.name} is no longer in the course.", severity="warning")
            return False
        return main.open_lesson_at(lesson, row, column)


def _refresh_index(path: Path) -> None:
    """One file's rows, at once; nothing when the index was never made (never searched)."""
    from lessontui.services import search_index

    if not search_index.index_path().exists():
        return
    try:
        with search_index.SearchIndex() as index:
            index.refresh([path])
    except search_index.IndexError_:
        pass  # the next search syncs from the files' stat, or reads the files
