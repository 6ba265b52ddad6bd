"""The lesson and course details forms: fields edited in the app reach the files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.demo_clip import make_clip
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.course_details import CourseDetails
from lessontui.tui.screens.lesson_details import LessonDetails
from tests.screen import screen_of


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


@pytest.mark.needs_ffmpeg
async def test_lesson_details_set_url_video_part_and_duration_from_the_file(
    tmp_path: Path,
) -> None:
    course = Course.create(
        tmp_path / "c", "Course", parts=[{"title": "Basics"}, {"title": "Deployment"}]
    )
    lesson = course.add_lesson("Made with ctrl+n", body="my notes\n")
    make_clip(course.media_dir / "talk.mp4", seconds=4)
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        form = app.screen
        form.query_one("#details-url", Input).value = "https://youtu.be/abcdefghijk"
        form.query_one("#details-part", Select).value = 2
        form.query_one("#details-status", Select).value = "watching"
        video = form.query_one("#details-video", Select)
        video.value = str((course.media_dir / "talk.mp4").resolve())
        duration = form.query_one("#details-duration", Input)
        await wait_for(pilot, lambda: duration.value == "0:04")  # read with ffprobe
        assert "plays" in str(form.query_one("#details-media-info").render())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    again = Course.load(course.root).lessons[0]
    assert again.url == "https://youtu.be/abcdefghijk"
    assert again.part == 2
    assert again.duration == 4
    assert again.status == "watching"
    assert again.meta["video"] == "../media/talk.mp4"
    assert again.video_path == (course.media_dir / "talk.mp4").resolve()
    assert again.body == "my notes\n"
    assert lesson.path == again.path


async def test_lesson_details_refuse_a_bad_url_and_keep_the_file(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("L")
    before = lesson.path.read_bytes()
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        form = app.screen
        form.query_one("#details-url", Input).value = "youtu.be/x y"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LessonDetails)
        assert "https://" in str(form.query_one("#details-problem").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    assert lesson.path.read_bytes() == before


async def test_course_details_write_title_source_parts_goals_and_export(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Draft title", parts=[{"title": "One"}])
    first = course.add_lesson("First", part=1)
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = screen_of(app, CourseDetails)
        form.query_one("#course-title-input", Input).value = "Course Notes -- Fast.ai"
        form.query_one("#course-source", Input).value = "https://www.youtube.com/playlist?list=PLx"
        form.query_one("#course-date", Input).value = "2024-03-18"
        form.query_one("#part-list").focus()
        await pilot.press(*"Part 2", "tab", *"deploy a model", "enter")
        await wait_for(pilot, lambda: len(form.rows) == 2)
        await pilot.press("shift+tab", "alt+up")  # Part 2 first: "One"'s lesson becomes part 2
        await pilot.press("down", "enter")
        await pilot.press("tab", *"go through the basics", "enter")
        form.query_one("#course-notes", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
        assert "Course Notes -- Fast.ai" in str(app.query_one("#course-title").render())
    again = Course.load(course.root)
    assert again.title == "Course Notes -- Fast.ai"
    assert again.meta["source"] == "https://www.youtube.com/playlist?list=PLx"
    assert str(again.meta["date"]) == "2024-03-18"
    assert again.parts == [
        {"title": "Part 2", "goal": "deploy a model"},
        {"title": "One", "goal": "go through the basics"},
    ]
    assert again.export_settings == {"notes": True}
    assert next(x for x in again.lessons if x.path == first.path).part == 2


async def test_f6_and_f7_open_the_forms_from_the_editor_too(tmp_path: Path) -> None:
    """TextArea binds f6/f7 (select line, select all); the note editor gives them back."""
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("L", body="text\n")
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))
    async with app.run_test(size=(140, 45)) as pilot:
        app.main_screen.editor.focus()
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
        app.main_screen.editor.focus()
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
