"""The lesson and course details forms (f6, f7): open them, write what they ask.

The forms only say what to change; the files are written here through the
course model (`Lesson.edit`, `Course.set_status`, `Course.edit`, `Course.set_parts`),
so front matter stays byte-faithful. A write that fails keeps the form open with
what was typed, saying why; "Saved" is said only once everything was written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content

from lessontui.course.course import CourseError
from lessontui.course.document import DocumentError
from lessontui.tui.screens.course_details import CourseChanges, CourseDetails
from lessontui.tui.screens.lesson_details import LessonChanges, LessonDetails

if TYPE_CHECKING:
    from lessontui.tui.main_screen import MainScreen

DETAILS_BINDINGS = [
    Binding("f6", "lesson_details", "Lesson details", id="lesson.details", show=False),
    Binding("f7", "course_details", "Course details", id="course.details", show=False),
]


class Details:
    """Lesson details (title, URL, video, part, duration, status) and course details."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def edit_lesson(self) -> None:
        screen = self.screen
        lesson, course = screen.current_lesson, screen.course
        if course is None or lesson is None:
            return
        if lesson.is_course_note:  # its fields are the course's
            self.edit_course()
            return
        if lesson.read_only:
            screen.notify("This lesson is read-only.", severity="warning")
            return
        screen.save_current()  # the form's write must not race the editor's

        def save(changes: LessonChanges) -> str | None:
            """Write what the form changed; why not, when that failed (the form stays)."""
            try:
                if changes.fields:
                    lesson.edit(changes.fields)
            except (OSError, DocumentError, ValueError) as error:
                return str(error)
            if "video" in changes.fields:  # its subtitles sit beside the new file
                screen.transcripts.fetched([lesson])
            if changes.status is not None:
                try:
                    course.set_status(lesson, changes.status)
                except (OSError, DocumentError, ValueError) as error:
                    written = " (the other fields were saved)" if changes.fields else ""
                    return f"status not changed: {error}{written}"
            return None

        def done(saved: bool | None) -> None:
            if saved:
                screen.refresh_lessons()
                screen.editor.border_title = Content(lesson.title)
                screen.notify(f"Saved the details of {lesson.title}", timeout=3)

        screen.app.push_screen(LessonDetails(course, lesson, save), done)

    def edit_course(self) -> None:
        screen = self.screen
        course = screen.course
        if course is None:
            return
        screen.save_current()

        def save(changes: CourseChanges) -> str | None:
            """Write what the form changed; why not, when that failed (the form stays)."""
            try:
                if changes.fields:
                    course.edit(changes.fields)
            except (OSError, DocumentError, ValueError) as error:
                return str(error)
            if changes.parts is not None:
                try:
                    course.set_parts(changes.parts, changes.numbers)
                except (CourseError, OSError, DocumentError) as error:
                    written = " (the other fields were saved)" if changes.fields else ""
                    return f"parts not changed: {error}{written}"
            return None

        def done(saved: bool | None) -> None:
            if saved:
                screen.show_course_title()
                screen.refresh_lessons()
                screen.notify(f"Saved the details of {course.title}", timeout=3)

        screen.app.push_screen(CourseDetails(course, save), done)
