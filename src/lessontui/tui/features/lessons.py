"""The open lesson's own keys: new lesson, rename, status, move up and down the course."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from lessontui.course.course import STATUSES
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings
from lessontui.tui.screens.text_prompt import TextPrompt
from lessontui.tui.session import NoteSession


class Lessons(Feature):
    """Add a lesson (ctrl+n); rename, cycle the status and move the open one."""

    NAME = "lessons"
    BINDINGS = feature_bindings(
        NAME,
        [
            Binding("ctrl+n", "new_lesson", "New lesson", id="lesson.new", show=False),
            Binding("ctrl+t", "cycle_status", "Status", id="lesson.status", show=False),
            Binding("ctrl+r", "rename_lesson", "Rename lesson", id="lesson.rename", show=False),
            Binding("alt+up", "move_lesson(-1)", "Move lesson up", id="lesson.move_up", show=False),
            Binding(
                "alt+down", "move_lesson(1)", "Move lesson down", id="lesson.move_down", show=False
            ),
        ],
    )

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.host.course is None:
            return None
        if action == "new_lesson":
            return True
        # The course intro is not a lesson: no title of its own (f7 edits the
        # course's), no status, and it always comes first.
        lesson = self.session.lesson
        if lesson is None or lesson.is_course_note:
            return None
        if action == "move_lesson":
            return True
        return None if lesson.read_only else True

    def action_new_lesson(self) -> None:
        host = self.host

        def done(title: str | None) -> None:
            if not title or host.course is None:
                return
            try:
                lesson = host.course.add_lesson(title)
            except OSError as error:
                host.notify(str(error), title="Could not add the lesson", severity="error")
                return
            host.refresh_lessons()
            host.open_lesson(lesson)
            host.lesson_list.highlight(lesson)
            host.editor.focus()

        host.open_dialog(TextPrompt("New lesson title"), done)

    def action_rename_lesson(self) -> None:
        lesson, course, host = self.session.lesson, self.host.course, self.host
        if course is None or lesson is None:
            return

        def done(title: str | None) -> None:
            if title and host.guard(lambda: course.retitle(lesson, title)):
                host.editor.border_title = Content(lesson.title)
                host.refresh_lesson_row(lesson)

        host.open_dialog(TextPrompt("Lesson title", lesson.title), done)

    def action_cycle_status(self) -> None:
        lesson, course, host = self.session.lesson, self.host.course, self.host
        if course is None or lesson is None:
            return
        status = STATUSES[(STATUSES.index(lesson.status) + 1) % len(STATUSES)]
        if host.guard(lambda: course.set_status(lesson, status)):
            host.refresh_lesson_row(lesson)
            host.notify(f"{lesson.title}: {status}", timeout=2)

    def action_move_lesson(self, step: int) -> None:
        lesson, course = self.session.lesson, self.host.course
        if course is None or lesson is None:
            return
        index = course.lessons.index(lesson) + step
        if 0 <= index < len(course.lessons) and self.host.guard(lambda: course.move(lesson, index)):
            self.host.refresh_lessons()
