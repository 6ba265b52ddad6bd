"""Moving through the lesson list opens only the lesson the cursor ends on."""

from __future__ import annotations

from pathlib import Path

from textual import events

from lessontui.config import Settings
from lessontui.course.course import Course, Lesson
from lessontui.tui import app as app_module
from lessontui.tui.app import LessonApp
from lessontui.tui.main_screen import MainScreen


class RecordingApp(LessonApp):
    """LessonApp noting each lesson it opens."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")  # relative paths follow the class

    def __init__(self, course: Course) -> None:
        super().__init__(course=course, settings=Settings(autosave_delay=60))
        self.opened: list[Lesson] = []

    def on_main_screen_lesson_opened(self, event: MainScreen.LessonOpened) -> None:
        self.opened.append(event.lesson)


def course_of(root: Path, count: int) -> Course:
    course = Course.create(root, root.name)
    for number in range(1, count + 1):
        course.add_lesson(f"{root.name} lesson {number}")
    return Course.load(root)


async def test_keys_faster_than_the_app_open_only_where_the_cursor_ends(tmp_path: Path) -> None:
    # Holding a key down queues moves faster than lessons open; each stale
    # "highlighted" message used to open its lesson (a disk read, the side panes,
    # the player following) on the way to the row the cursor had already left.
    app = RecordingApp(course_of(tmp_path / "a", 12))
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.lesson_list.focus()
        await pilot.pause()
        app.opened.clear()
        for _ in range(8):
            app.post_message(events.Key("down", None))
        await pilot.pause()
        await pilot.pause()
        assert app.main_screen.lesson_list.highlighted == 9  # row 0 is the course intro
        assert [lesson.title for lesson in app.opened] == ["a lesson 9"]
        assert app.main_screen.current_lesson is app.main_screen.lesson_list.highlighted_lesson


async def test_another_course_opens_only_its_own_first_lesson(tmp_path: Path) -> None:
    # The list keeps its cursor row across show(); switching course used to open
    # the new course's lesson on the old cursor row before its first lesson.
    app = RecordingApp(course_of(tmp_path / "a", 10))
    other = course_of(tmp_path / "b", 10)
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.lesson_list.highlighted = 6
        await pilot.pause()
        app.opened.clear()
        assert app.main_screen.show_course(other)
        await pilot.pause()
        await pilot.pause()
        assert [lesson.title for lesson in app.opened] == ["b lesson 1"]
        assert app.main_screen.current_lesson is other.lessons[0]
        assert app.main_screen.lesson_list.highlighted == 1  # below the course intro
