"""The lesson list draws its rows lazily, literally, and moves and opens like a list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message

from lessontui.course.course import Lesson
from lessontui.tui.textual_compat.control_pictures import show_control_characters
from lessontui.tui.widgets.lesson_list import LessonList, line_count

WIDTH = 34  # the pane is 36 wide with its border; a scrollbar takes 2 more when there is one


def lesson(title: str, **meta: Any) -> Lesson:
    return Lesson(Path(f"/nowhere/{abs(hash(title))}.md"), {"title": title, **meta})


class ListApp(App[None]):
    """The list alone, as wide as in the app; records the messages it posts."""

    CSS = f"LessonList {{ width: {WIDTH}; height: 1fr; }}"

    def __init__(self, lessons: list[Lesson]) -> None:
        super().__init__()
        show_control_characters()  # as LessonApp does
        self.lessons = lessons
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield LessonList(id="lessons")

    def on_mount(self) -> None:
        self.query_one(LessonList).show(self.lessons)
        self.query_one(LessonList).focus()

    def on_lesson_list_lesson_chosen(self, event: LessonList.LessonChosen) -> None:
        self.messages.append(event)

    def on_lesson_list_lesson_highlighted(self, event: LessonList.LessonHighlighted) -> None:
        self.messages.append(event)


def screen_lines(rows: LessonList) -> list[str]:
    """What the list draws, line by line, right spaces removed."""
    return [rows.render_line(y).text.rstrip() for y in range(rows.scrollable_content_region.height)]


def chosen(app: ListApp) -> list[str]:
    return [m.lesson.title for m in app.messages if isinstance(m, LessonList.LessonChosen)]


def highlighted(app: ListApp) -> list[str]:
    return [m.lesson.title for m in app.messages if isinstance(m, LessonList.LessonHighlighted)]


SAMPLE = [
    lesson("Intro", status="done", duration=90),
    lesson("Getting started", status="watching", duration=3600, position=75),
    lesson("No duration yet"),
    lesson("A very long title that cannot fit on one line of the list at all", duration=600),
    lesson("Broken file"),
]
SAMPLE[4].error = "YAML header: bad indent"


async def test_rows_show_number_mark_title_and_detail() -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(LessonList))
    assert lines[:11] == [
        "  1 ● Intro",
        "      1:30",
        "  2 ◐ Getting started",
        "      1:15 / 1:00:00",
        "  3 ○ No duration yet",  # no duration, no error: one line
        "  4 ○ A very long title that",
        "      cannot fit on one line of",
        "      the list at all",
        "      10:00",
        "  5 ⚠ Broken file",
        "      YAML header: bad indent",
    ]
    assert lines[11:] == [""] * (len(lines) - 11)


async def test_marks_and_cursor_are_styled() -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = app.query_one(LessonList)
        rows.highlighted = 1
        await pilot.pause()

        def style_of(y: int, text: str):  # type: ignore[no-untyped-def]
            return next(s.style for s in rows.render_line(y) if text in s.text)

        done, watching, error = style_of(0, "●"), style_of(2, "◐"), style_of(9, "⚠")
        assert len({done.color, watching.color, error.color}) == 3
        assert style_of(10, "YAML").italic
        cursor, plain = style_of(2, "Getting"), style_of(5, "A very")
        assert cursor.bgcolor != plain.bgcolor
        focused = cursor.bgcolor
        rows.blur()
        await pilot.pause()
        assert style_of(2, "Getting").bgcolor not in (focused, plain.bgcolor)  # dimmer, still shown


async def test_keys_move_and_enter_chooses() -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        await pilot.pause()
        assert rows.highlighted is None
        assert rows.highlighted_lesson is None
        await pilot.press("down")  # no cursor yet: the first lesson
        await pilot.press("down", "down")
        await pilot.pause()
        assert rows.highlighted == 2
        assert rows.highlighted_lesson is SAMPLE[2]
        assert highlighted(app) == ["Intro", "Getting started", "No duration yet"]
        await pilot.press("enter")
        await pilot.pause()
        assert chosen(app) == ["No duration yet"]
        await pilot.press("end")
        await pilot.press("down")  # already last: nothing moves, nothing is posted
        await pilot.pause()
        assert rows.highlighted == 4
        assert highlighted(app)[-1] == "Broken file"
        assert highlighted(app).count("Broken file") == 1
        await pilot.press("home", "up")
        await pilot.pause()
        assert rows.highlighted == 0
        assert highlighted(app)[-1] == "Intro"


async def test_page_keys_move_a_screen_of_lines() -> None:
    many = [lesson(f"Lesson {n}", duration=60) for n in range(1, 101)]  # two lines each
    app = ListApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert rows.highlighted == 10  # 20 lines down: ten rows of two lines
        assert "Lesson 11" in "\n".join(screen_lines(rows))  # scrolled into view
        await pilot.press("pagedown", "pageup")
        await pilot.pause()
        assert rows.highlighted == 10
        await pilot.press("end")
        await pilot.pause()
        assert screen_lines(rows)[-2:] == ["100 ○ Lesson 100", "      1:00"]


async def test_click_highlights_and_chooses() -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        await pilot.click(LessonList, offset=(10, 7))  # the long title's third line
        await pilot.pause()
        assert rows.highlighted == 3
        assert chosen(app) == [SAMPLE[3].title]
        assert highlighted(app) == [SAMPLE[3].title]
        await pilot.click(LessonList, offset=(10, 15))  # below the last row: nothing
        await pilot.pause()
        assert chosen(app) == [SAMPLE[3].title]


async def test_wheel_scrolls_without_moving_the_cursor() -> None:
    many = [lesson(f"Lesson {n}", duration=60) for n in range(1, 101)]
    app = ListApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 0
        await pilot.pause()
        # Pilot has no wheel method; this is what its click uses to send mouse events.
        await pilot._post_mouse_events([events.MouseScrollDown], LessonList, (5, 5), times=3)
        await pilot.pause()
        assert rows.scroll_offset.y > 0
        assert not screen_lines(rows)[0].startswith("  1 ")
        assert rows.highlighted == 0


async def test_refresh_lesson_redraws_only_a_changed_row() -> None:
    lessons = [lesson(f"Lesson {n}", duration=60) for n in range(1, 6)]
    app = ListApp(lessons)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        await pilot.pause()
        screen_lines(rows)
        built = rows.rows_built
        rows.refresh_lesson(lessons[1])  # nothing changed: the row is kept
        screen_lines(rows)
        assert rows.rows_built == built
        lessons[1].meta.update(status="watching", position=30)
        rows.refresh_lesson(lessons[1])
        assert screen_lines(rows)[2:4] == ["  2 ◐ Lesson 2", "      0:30 / 1:00"]
        assert rows.rows_built == built + 1
        lessons[0].meta["title"] = "Lesson 1 now has a title long enough to wrap"
        rows.refresh_lesson(lessons[0])  # taller: the rows below move down
        assert screen_lines(rows)[:5] == [
            "  1 ○ Lesson 1 now has a title",
            "      long enough to wrap",
            "      1:00",
            "  2 ◐ Lesson 2",
            "      0:30 / 1:00",
        ]
        rows.refresh_lesson(lesson("Not in the list"))  # ignored


async def test_show_keeps_the_highlight() -> None:
    lessons = [lesson(f"Lesson {n}") for n in range(1, 6)]
    app = ListApp(lessons)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 2
        await pilot.pause()
        app.messages.clear()
        reordered = [lessons[2], *lessons[:2], *lessons[3:]]
        rows.show(reordered, current=lessons[2])
        await pilot.pause()
        assert rows.highlighted == 0
        assert rows.highlighted_lesson is lessons[2]
        assert highlighted(app) == []  # the same lesson: nothing to open
        assert screen_lines(rows)[0] == "  1 ○ Lesson 3"  # numbered by place
        rows.highlighted = 4
        await pilot.pause()
        app.messages.clear()
        rows.show(lessons[:2])  # no current: the same row, clamped
        await pilot.pause()
        assert rows.highlighted == 1
        assert rows.lesson_count == 2
        assert highlighted(app) == ["Lesson 2"]
        rows.show([])
        assert rows.highlighted is None
        assert rows.highlighted_lesson is None


async def test_a_thousand_lessons_build_only_what_is_drawn() -> None:
    many = [lesson(f"Lesson {n}: " + "word " * (n % 9), duration=n * 7) for n in range(1, 1001)]
    app = ListApp(many)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 0
        await pilot.pause()
        assert rows.lesson_count == 1000
        assert 0 < rows.rows_built <= 25  # the rows on screen, and the cursor's restyled
        assert rows.measures == 1  # at once at the width the scrollbar leaves, not twice
        await pilot.press("end")
        await pilot.pause()
        assert rows.highlighted == 999
        assert rows.rows_built <= 50
        assert screen_lines(rows)[-1] == "       1:56:40"  # 1000 * 7 s, under a 4-digit number
        assert rows.virtual_size.height == sum(
            line_count(f"Lesson {n}: " + "word " * (n % 9), WIDTH - 2 - 7) + 1
            for n in range(1, 1001)
        )


HOSTILE = ["\x1b]0;pwned\x07 title", "[bold]x[/]", "[@click=app.quit]Quit[/]", "tab\there\x00\x9b"]


async def test_hostile_titles_are_literal() -> None:
    app = ListApp([lesson(title) for title in HOSTILE])
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = app.query_one(LessonList)
        lines = screen_lines(rows)
        segments = [s.text for y in range(8) for s in rows.render_line(y)]
    assert lines[:4] == [
        "  1 ○ ␛]0;pwned␇ title",  # ESC and BEL drawn as symbols
        "  2 ○ [bold]x[/]",
        "  3 ○ [@click=app.quit]Quit[/]",
        "  4 ○ tab here␀\ufffd",
    ]
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for text in segments for c in text)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_theme_change_redraws_the_marks(theme: str) -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        app.theme = theme
        await pilot.pause()
        before = next(s.style for s in rows.render_line(2) if "◐" in s.text)
        app.theme = "nord" if theme == "textual-dark" else "solarized-light"
        await pilot.pause()
        after = next(s.style for s in rows.render_line(2) if "◐" in s.text)
        assert before is not None
        assert after is not None
        assert before.color != after.color


async def test_hover_marks_the_row_under_the_mouse() -> None:
    app = ListApp(SAMPLE)
    async with app.run_test(size=(60, 20)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 0
        await pilot.pause()

        def background(y: int) -> object:
            first = next(iter(rows.render_line(y)), None)
            return first is not None and first.style is not None and first.style.bgcolor

        plain = background(5)
        await pilot.hover(LessonList, offset=(3, 6))  # the long title's second line
        await pilot.pause()
        assert background(5) == background(8) != plain  # the whole row
        assert background(0) not in (plain, background(5))  # the cursor keeps its look
        await pilot.hover(LessonList, offset=(3, 2))
        await pilot.pause()
        assert background(5) == plain


async def test_a_highlighted_row_that_grows_stays_in_view() -> None:
    # Renaming the last lesson on screen to a long title: its new lines show.
    lessons = [lesson(f"Lesson {n}", duration=60) for n in range(1, 31)]
    app = ListApp(lessons)
    async with app.run_test(size=(60, 12)) as pilot:
        rows = app.query_one(LessonList)
        rows.highlighted = 29
        await pilot.pause()
        assert screen_lines(rows)[-2:] == [" 30 ○ Lesson 30", "      1:00"]
        lessons[29].meta["title"] = "Lesson 30 is renamed to a title that wraps onto three lines"
        rows.refresh_lesson(lessons[29])
        await pilot.pause()
        assert screen_lines(rows)[-1] == "      1:00"  # the whole row, to its last line
