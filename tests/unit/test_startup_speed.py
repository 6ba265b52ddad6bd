"""The start-up shortcuts give the same answers as the slow paths they skip."""

from __future__ import annotations

from lessontui.course.course import Course
from lessontui.tui.widgets.lesson_list import row_text


def test_row_text_numbers_and_titles(demo_course: Course) -> None:
    for number, lesson in enumerate(demo_course.lessons, start=1):
        row = row_text(number, lesson)
        assert row.number == f"{number:>3} "
        assert row.title == lesson.title


async def test_refresh_lesson_replaces_only_a_changed_row(demo_course: Course) -> None:
    from lessontui.tui.app import LessonApp
    from lessontui.tui.widgets.lesson_list import STATUS_MARKS

    app = LessonApp(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        rows = app.main_screen.lesson_list
        lesson = demo_course.lessons[1]
        await pilot.pause()
        built = rows.rows_built
        rows.refresh_lesson(lesson)
        await pilot.pause()
        assert rows.rows_built == built  # nothing changed: the row's strips are kept
        status = "done" if lesson.status != "done" else "todo"
        lesson.update(status=status)
        rows.refresh_lesson(lesson)
        await pilot.pause()
        assert rows.rows_built == built + 1  # that row alone is drawn again
        lines = [rows.render_line(y).text for y in range(10)]
        assert f"  2 {STATUS_MARKS[status][0]} {lesson.title}" in "\n".join(lines)
