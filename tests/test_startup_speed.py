"""The start-up shortcuts give the same answers as the slow paths they skip."""

from __future__ import annotations

import random

import pytest
from textual.content import Content
from textual.css.styles import Styles

from lessontui.tui.widgets.lesson_list import Row, lesson_prompt

PIECES = ["a", "bc ", "def  ", "ghijkl-", "mn.", " ", "界", "😀", "é", "---", "x" * 40, "\t"]


def stock_height(row: Content, styles: Styles, width: int) -> int:
    return Content(row.plain, row.spans).get_height(styles, width)


def test_row_is_the_assembled_prompt(demo_course) -> None:
    for number, lesson in enumerate(demo_course.lessons, start=1):
        row = lesson_prompt(number, lesson)
        assert isinstance(row, Row)
        assert row.plain.startswith(f"{number:>3} ")
        assert lesson.title in row.plain


@pytest.mark.parametrize("overflow", ["fold", "ellipsis", "clip"])
@pytest.mark.parametrize("wrap", ["wrap", "nowrap"])
def test_row_height_matches_content_wrapping(overflow: str, wrap: str) -> None:
    styles = Styles()
    styles.text_overflow = overflow  # type: ignore[assignment]
    styles.text_wrap = wrap  # type: ignore[assignment]
    rng = random.Random(7)
    rows = []
    for _ in range(400):
        title = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
        rows.append(Row(title))
        rows.append(Row(f"  1 ● {title}\n      12:34"))
        rows.append(Row(f"{title}\n"))
    for width in (1, 3, 10, 20, 32, 80):
        for row in rows:
            assert row.get_height(styles, width) == stock_height(row, styles, width), (
                width,
                row.plain,
            )


async def test_refresh_lesson_replaces_only_a_changed_row(demo_course) -> None:
    from lessontui.tui.app import LessonApp
    from lessontui.tui.widgets.lesson_list import STATUS_MARKS

    app = LessonApp(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        rows = app.lesson_list
        lesson = demo_course.lessons[1]
        before = rows.get_option_at_index(1).prompt
        rows.refresh_lesson(lesson)
        assert rows.get_option_at_index(1).prompt is before  # nothing changed: kept
        status = "done" if lesson.status != "done" else "todo"
        lesson.update(status=status)
        rows.refresh_lesson(lesson)
        await pilot.pause()
        after = rows.get_option_at_index(1).prompt
        assert after is not before
        assert STATUS_MARKS[status][0] in str(after)
