"""The library: the courses in the library folder, with progress; open, create, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from lessontui.course.course import Course, CourseError
from lessontui.course.library import find_courses, is_in_library
from lessontui.course.slug import slugify, unique_path
from lessontui.course.timestamps import format_time
from lessontui.state import AppState
from lessontui.tui.screens.text_prompt import TextPrompt
from lessontui.tui.widgets.key_footer import KeyFooter


def opened_text(when: dt.datetime | None, now: dt.datetime | None = None) -> str:
    if when is None:
        return "never opened here"
    days = ((now or dt.datetime.now()).date() - when.date()).days
    if days <= 0:
        return f"opened today {when:%H:%M}"
    if days == 1:
        return "opened yesterday"
    return f"opened {when:%Y-%m-%d}"


def course_prompt(course: Course, opened: dt.datetime | None = None) -> Content:
    progress = course.progress()
    watched = format_time(progress.watched_seconds)
    total = format_time(progress.total_seconds)
    return Content.assemble(
        (course.title, "bold"),  # a plain str part is literal text, never markup
        "\n  ",
        (f"{progress.done}/{progress.total} lessons done · {watched} of {total} watched", "dim"),
        " · ",
        (opened_text(opened), "dim"),
        "\n  ",
        (str(course.root), "dim italic"),
    )


class LibraryScreen(Screen[Path | None]):
    """Pick a course to open; dismissed with its folder."""

    BINDINGS = [
        Binding("n", "new_course", "New course", id="library.new"),
        Binding("i", "import", "Import", id="library.import"),
        Binding("d", "demo", "Write demo course", id="library.demo"),
        Binding("r", "refresh", "Refresh", id="library.refresh"),
        Binding("x", "forget", "Forget course", id="library.forget"),
        Binding("escape", "back", "Back to the course", id="library.back"),
    ]

    def __init__(self, library: Path) -> None:
        super().__init__()
        self.library = library
        self.courses: list[Course] = []
        self._course_when_opened: object = None

    def compose(self) -> ComposeResult:
        with Vertical(id="library"):
            yield Label(Content(f"Courses in {self.library}"), id="library-title")
            yield OptionList(id="library-courses")
            yield Label("", id="library-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._course_when_opened = getattr(self.app, "course", None)
        self.action_refresh()

    def on_screen_resume(self) -> None:
        # Back from an import that opened its course: go straight to it.
        course = getattr(self.app, "course", None)
        if course is not None and course is not self._course_when_opened:
            self.dismiss(None)
            return
        self.action_refresh()

    def action_back(self) -> None:
        """Back to the course that was open (with none open, the library stays)."""
        if getattr(self.app, "course", None) is not None:
            self.dismiss(None)

    def action_forget(self) -> None:
        """Take a course made elsewhere off the list; its folder is left as it is."""
        index = self.query_one("#library-courses", OptionList).highlighted
        if index is None or not self.courses:
            return
        course = self.courses[index]
        if is_in_library(course.root, self.library):
            self.notify(
                "This course is in the library folder; move or delete its folder to drop it.",
                timeout=6,
            )
            return
        state = AppState()
        state.forget_course(course.root)
        problem = state.save()
        if problem:
            self.notify(problem, title="Could not forget the course", severity="error")
            return
        self.notify(f"Forgot {course.title} (its files are still in {course.root})")
        self.action_refresh()

    def action_refresh(self) -> None:
        state = AppState()
        found = find_courses(self.library, state.known_courses())
        self.courses = found.courses
        if found.skipped:  # listed, never hiding the courses that could be read
            self.notify(
                "\n".join(f"Skipped {folder.name}: {why}" for folder, why in found.skipped),
                title="Not listed",
                severity="warning",
                markup=False,
            )
        options = self.query_one("#library-courses", OptionList)
        options.set_options(
            Option(course_prompt(c, state.last_opened(c.root))) for c in self.courses
        )
        hint = self.query_one("#library-hint", Label)
        if self.courses:
            hint.update(
                "enter opens · n new course · i import a playlist · d demo course · "
                "x forgets a course made elsewhere · escape back · F1 help · ctrl+q quits"
            )
            last = state.last_course
            roots = [c.root.resolve() for c in self.courses]
            options.highlighted = roots.index(last) if last in roots else 0
            options.focus()
        else:
            hint.update(
                "No course here yet. Press n to make one, i to import a playlist, or d to\n"
                "write a demo course that shows every feature."
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.courses[event.option_index].root)

    def action_new_course(self) -> None:
        def done(title: str | None) -> None:
            if not title:
                return
            try:
                folder = unique_path(self.library, slugify(title, fallback="course"))
                course = Course.create(folder, title, date=dt.date.today())
            except (CourseError, OSError, ValueError) as error:
                self.notify(str(error), title="Could not make the course", severity="error")
                return
            self.dismiss(course.root)

        self.app.push_screen(TextPrompt("New course title"), done)

    async def action_import(self) -> None:
        if hasattr(self.app, "action_import_course"):
            await self.app.run_action("import_course")  # a coroutine: must be awaited
        else:
            self.notify("Import from the shell: lessontui import URL", timeout=6)

    def action_demo(self) -> None:
        target = self.library / "demo-course"
        if (target / "course.md").exists():
            self.dismiss(target)
            return
        self.notify("Writing the demo course and making its clip...", timeout=3)
        self._write_demo(target)

    @work(thread=True, exclusive=True, group="demo")
    def _write_demo(self, target: Path) -> None:
        """ffmpeg takes a moment to make the clip: off the UI thread."""
        from lessontui.services.demo_clip import write_demo_course

        try:
            _, problem = write_demo_course(target)
        except (CourseError, OSError) as error:
            self.app.call_from_thread(
                self.notify, str(error), title="Could not write the demo", severity="error"
            )
            return
        if problem:
            self.app.call_from_thread(self.notify, problem, severity="warning", timeout=8)
        self.app.call_from_thread(self.dismiss, target)
