"""ctrl+f served by the index: a transcript hit opens its lesson and starts a real mpv there."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.search_screen import SearchScreen
from tests.fixtures_player import (
    clip_course,
    player_settings,
)
from tests.screen import screen_of

VTT = """WEBVTT

00:00:05.000 --> 00:00:08.000
Welcome back.

00:00:37.000 --> 00:00:40.000
The mitochondria is the powerhouse of the cell.
"""


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 15.0
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_a_transcript_hit_opens_the_lesson_and_plays_from_there(
    tmp_path: Path, player_clip: Path
) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    # Named after lesson Two's video (two.mp4), not after its file: found through `video:`.
    (course.root / "media" / "two.en.vtt").write_text(VTT)
    app = LessonApp(course=Course.load(course.root), settings=player_settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"powerhouse")
        screen = screen_of(app, SearchScreen)
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: bool(screen.hits), "the transcript hit")
        (hit,) = screen.hits
        assert (hit.kind, hit.path.name, hit.time) == ("transcript", "02-two.md", 37.0)
        assert "said at [0:37]" in str(
            screen.query_one("#search-results", OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("enter")
        main = app.main_screen
        await until(
            pilot,
            lambda: main.current_lesson is not None and main.current_lesson.title == "Two",
            "lesson Two open",
        )
        player = main.playback.player

        def position() -> float | None:
            return player.state.position if player is not None else None

        await until(pilot, lambda: main.playback.player is not None, "the player started")
        player = main.playback.player
        await until(
            pilot, lambda: (p := position()) is not None and abs(p - 37) < 1.5, "playing at 0:37"
        )
        # A second search opens with the last term; ctrl+u clears it.
        await pilot.press("ctrl+f", "ctrl+u", *"welcome")
        screen = screen_of(app, SearchScreen)
        await until(pilot, lambda: [h.time for h in screen.hits] == [5.0], "the second hit")
        await pilot.press("escape")


async def test_a_hit_in_another_course_is_labelled_with_its_course_and_lesson_titles(
    tmp_path: Path,
) -> None:
    """It showed the other course's folder and the lesson file's slug."""
    from lessontui.config import Settings

    library = tmp_path / "library"
    here = Course.create(library / "here", "Course here")
    here.add_lesson("Local lesson", body="nothing to see\n")
    there = Course.create(library / "there", "Course over there")
    there.add_lesson("Backprop by hand", body="gradients of zebrafish\n")
    app = LessonApp(course=Course.load(here.root), settings=Settings(library=library))
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("ctrl+f")
        screen = screen_of(app, SearchScreen)
        assert isinstance(screen, SearchScreen)
        if not screen.whole_library:
            await pilot.press("ctrl+l")  # the whole library
        await pilot.press(*"zebrafish")
        await until(pilot, lambda: bool(screen.hits), "the hit in the other course")
        prompt = str(screen.query_one("#search-results", OptionList).get_option_at_index(0).prompt)
        assert "Course over there › Backprop by hand" in prompt
        assert "01-backprop" not in prompt
