"""The search screen's count reads as English: 1 line in 1 lesson, 3 lines in 2 lessons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.search_screen import SearchScreen


async def status_when(pilot: Pilot[Any], screen: SearchScreen, wanted: str) -> str:
    for _ in range(500):  # a condition, not a clock: stop as soon as it is there
        status = str(screen.query_one("#search-status").render())
        if wanted in status:
            return status
        await pilot.pause(0.01)
    return status


async def test_search_screen_counts_in_singular_and_plural(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    course.add_lesson("A", "a zebra here\nnothing\n")
    course.add_lesson("B", "yak one\nyak two\n")
    course.add_lesson("C", "yak three\n")
    app = LessonApp(course=Course.load(course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"zebra")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        wanted = "1 line in 1 lesson of this course"
        assert await status_when(pilot, screen, "in 1 ") == wanted
        await pilot.press(*["backspace"] * 5, *"yak")
        assert await status_when(pilot, screen, "lessons") == "3 lines in 2 lessons of this course"
