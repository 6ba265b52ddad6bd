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
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings
from lessontui.tui.screens.course_details import CourseChanges, CourseDetails
from lessontui.tui.screens.lesson_details import LessonChanges, LessonDetails

if TYPE_CHECKING:
    from lessontui.tui.features.transcript import Transcripts
    from lessontui.tui.session import NoteSession


class Details(Feature):
    """Lesson details (title, URL, video, part, duration, status) and course details."""

    NAME = "details"
    # Also in the editor, where TextArea binds f6 and f7 to select line and select
    # all: NoteEditor makes those unavailable, so these keys reach the screen.
    BINDINGS = feature_bindings(
        NAME,
        [
            Binding("f6", "lesson_details", "Lesson details", id="lesson.details", show=False),
            Binding("f7", "course_details", "Course details", id="course.details", show=False),
        ],
    )

    def __init__(self, host: FeatureHost, session: NoteSession, transcripts: Transcripts) -> None:
        self.host = host
        self.session = session
        self.transcripts = transcripts

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if self.host.course is None else True

    def action_lesson_details(self) -> None:
        screen = self.host
        lesson, course = self.session.lesson, screen.course
        if course is None or lesson is None:
            return
        if lesson.is_course_note:  # its fields are the course's
            self.action_course_details()
            return
        if lesson.read_only:
            screen.notify("This lesson is read-only.", severity="warning")
            return
        self.session.save()  # the form's write must not race the editor's

        def save(changes: LessonChanges) -> str | None:
            """Write what the form changed; why not, when that failed (the form stays)."""
            try:
                if changes.fields:
                    lesson.edit(changes.fields)
            except (OSError, DocumentError, ValueError) as error:
                return str(error)
            if "video" in changes.fields:  # its subtitles sit beside the new file
                self.transcripts.fetched([lesson])
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

        screen.open_dialog(LessonDetails(course, lesson, save), done)

    def action_course_details(self) -> None:
        screen = self.host
        course = screen.course
        if course is None:
            return
        self.session.save()

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

        screen.open_dialog(CourseDetails(course, save), done)
