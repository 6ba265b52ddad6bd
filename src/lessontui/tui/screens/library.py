"""The library: the courses in the library folder, with their progress."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from lessontui.course.course import Course, CourseError
from lessontui.course.timestamps import format_time


def find_courses(library: Path) -> list[Course]:
    """Courses directly inside the library folder, by title."""
    courses = []
    try:
        folders = sorted(p for p in library.iterdir() if p.is_dir())
    except OSError:
        return []
    for folder in folders:
        if (folder / "course.md").is_file():
            try:
                courses.append(Course.load(folder))
            except CourseError:
                continue
    return sorted(courses, key=lambda c: c.title.lower())


def course_prompt(course: Course) -> Content:
    progress = course.progress()
    watched = format_time(progress.watched_seconds)
    total = format_time(progress.total_seconds)
    return Content.assemble(
        (Content(course.title), "bold"),
        "\n  ",
        (f"{progress.done}/{progress.total} lessons done · {watched} of {total} watched", "dim"),
        "\n  ",
        (str(course.root), "dim italic"),
    )


class LibraryScreen(Screen[Path | None]):
    """Pick a course to open; dismissed with its folder."""

    BINDINGS = [
        Binding("d", "demo", "Write demo course", id="library.demo"),
        Binding("r", "refresh", "Refresh", id="library.refresh"),
    ]

    def __init__(self, library: Path) -> None:
        super().__init__()
        self.library = library
        self.courses: list[Course] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Label(Content(f"Courses in {self.library}"), id="library-title")
            yield OptionList(id="library-courses")
            yield Label("", id="library-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.courses = find_courses(self.library)
        options = self.query_one("#library-courses", OptionList)
        options.set_options(Option(course_prompt(c)) for c in self.courses)
        hint = self.query_one("#library-hint", Label)
        if self.courses:
            hint.update("enter opens a course · d writes the demo course · ctrl+q quits")
            options.focus()
        else:
            hint.update(
                "No course here yet. Press d to write a demo course that shows every feature,\n"
                "or make one from the shell: lessontui new PATH, lessontui import URL."
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.courses[event.option_index].root)

    def action_demo(self) -> None:
        from lessontui.course.demo import write_demo

        target = self.library / "demo-course"
        try:
            if not (target / "course.md").exists():
                write_demo(target)
        except (CourseError, OSError) as error:
            self.notify(str(error), title="Could not write the demo", severity="error")
            return
        self.dismiss(target)
