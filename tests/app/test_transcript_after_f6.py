"""Choosing a lesson's video in f6 shows its transcript at once, not after reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.demo_clip import make_clip
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.lesson_details import LessonDetails
from tests.app.test_details_forms import wait_for
from tests.app.test_transcript_pane import VTT
from tests.screen import rendered_text


@pytest.mark.needs_ffmpeg
async def test_the_transcript_follows_the_video_chosen_in_f6(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("One", body="my notes\n")
    make_clip(course.media_dir / "talk.mp4", seconds=4)
    (course.media_dir / "talk.en.vtt").write_text(VTT, encoding="utf-8")
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("alt+s")
        await wait_for(pilot, lambda: "Welcome to lesson one" not in rendered_text(app))
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        video = app.screen.query_one("#details-video", Select)
        video.value = str((course.media_dir / "talk.mp4").resolve())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
        await wait_for(pilot, lambda: "Welcome to lesson one" in rendered_text(app))
