"""f6's file picker: a video from anywhere copied into media/ (or linked), a subtitle copied."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, Label, RadioButton, Select

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.demo_clip import make_clip
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.file_picker import FilePicker
from lessontui.tui.screens.lesson_details import LessonDetails
from tests.app.test_details_forms import wait_for
from tests.app.test_transcript_pane import VTT


async def _pick(app: LessonApp, pilot, path: Path, link: bool = False) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
    app.screen.query_one("#details-browse", Button).press()
    await wait_for(pilot, lambda: isinstance(app.screen, FilePicker))
    picker = app.screen
    box = picker.query_one("#picker-path", Input)
    await wait_for(pilot, lambda: app.focused is picker.query_one("#picker-tree"))
    box.value = str(path)
    box.focus()
    await wait_for(pilot, lambda: box.has_focus)
    await pilot.press("enter")
    info = picker.query_one("#picker-info", Label)
    await wait_for(pilot, lambda: "free for" in str(info.render()))
    assert str(path.name) in str(info.render())  # its size and the free space, before a copy
    if link:
        picker.query_one("#picker-link", RadioButton).value = True
        await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))


@pytest.mark.needs_ffmpeg
async def test_a_video_from_elsewhere_is_copied_into_media(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("One", body="notes\n")
    downloads = tmp_path / "Downloads"
    video = make_clip(downloads / "talk.mp4", seconds=3)
    (downloads / "talk.en.vtt").write_text(VTT, encoding="utf-8")
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "l"))
    async with app.run_test(size=(150, 45)) as pilot:
        await _pick(app, pilot, video)
        select = app.screen.query_one("#details-video", Select)
        assert select.value == str((course.media_dir / "talk.mp4").resolve())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
        # A subtitle: copied under the lesson's name, where the transcript pane looks.
        await _pick(app, pilot, downloads / "talk.en.vtt")
        await pilot.press("escape")
    lesson = Course.load(course.root).lessons[0]
    assert lesson.meta["video"] == "../media/talk.mp4"
    assert (course.media_dir / "talk.mp4").read_bytes() == video.read_bytes()
    assert (course.media_dir / f"{lesson.path.stem}.en.vtt").read_text() == VTT
    assert video.exists()  # copied, not moved
    assert not list(course.media_dir.glob(".*.part"))


@pytest.mark.needs_ffmpeg
async def test_a_video_can_be_linked_where_it_is(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("One", body="notes\n")
    video = make_clip(tmp_path / "Videos" / "big.mp4", seconds=3)
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "l"))
    async with app.run_test(size=(150, 45)) as pilot:
        await _pick(app, pilot, video, link=True)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    lesson = Course.load(course.root).lessons[0]
    assert lesson.video_path == video.resolve()
    assert not course.media_dir.exists() or not any(course.media_dir.iterdir())
