"""The player bar before any mpv ran says how to play, not that the player stopped."""

from __future__ import annotations

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.player_state import PlayerState
from lessontui.tui.app import LessonApp
from lessontui.tui.widgets.player_bar import PlayerBar


async def test_bar_is_idle_at_start_then_stopped_once_mpv_quit(demo_course: Course) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.pause()
        bar = app.query_one(PlayerBar)
        assert str(bar.render()) == "f5 plays the lesson in mpv"
        assert "stopped" not in str(bar.render())
        # The states a real mpv reports: started, playing, then quit.
        bar.show_state(PlayerState(running=True, idle=True), "Lesson 1")
        assert "idle" in str(bar.render())
        bar.show_state(PlayerState(running=False, position=12.0), "Lesson 1")
        await pilot.pause()
        assert str(bar.render()).startswith("⏹ player stopped")
        assert "f5 plays" in str(bar.render())
