"""f5 on a machine without a display or sound: a clear message on what mpv needs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.mpv_headless import headless_hint
from lessontui.tui.app import LessonApp
from tests.app.test_player_app import notifications, until
from tests.fixtures_player import clip_course


async def test_f5_says_mpv_needs_null_outputs_here(tmp_path: Path, player_clip: Path) -> None:
    if headless_hint([]) is None:
        pytest.skip(f"this machine has a display and sound (DISPLAY={os.environ.get('DISPLAY')})")
    course = clip_course(tmp_path / "course", player_clip)
    # A missing mpv: the hint is about the settings, shown before mpv is even run.
    settings = Settings(mpv=str(tmp_path / "no-mpv"), library=tmp_path / "lib")
    app = LessonApp(course=Course.load(course.root), settings=settings)
    async with app.run_test(size=(160, 45)) as pilot:
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.title == "One"
        await pilot.press("f5")
        await until(pilot, lambda: "--vo=null" in notifications(app), "the headless hint")
        assert "mpv may stop as soon as it starts" in notifications(app)
        assert "mpv_args" in notifications(app)
