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


async def _open_picker(app: LessonApp, pilot) -> FilePicker:  # type: ignore[no-untyped-def]
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
    app.screen.query_one("#details-browse", Button).press()
    await wait_for(pilot, lambda: isinstance(app.screen, FilePicker))
    picker = app.screen
    assert isinstance(picker, FilePicker)
    await wait_for(pilot, lambda: app.focused is picker.query_one("#picker-tree"))
    return picker


@pytest.mark.needs_ffmpeg
async def test_a_typed_path_is_brought_in_with_ctrl_s_and_a_bad_file_is_not_copied(
    tmp_path: Path,
) -> None:
    """t10: a path typed, then ctrl+s (no enter) is the file brought in; a link named
    `.mp4` to a file that is no video is checked first and never copied."""
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("One", body="notes\n")
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0\n")
    (tmp_path / "shadowlink.mp4").symlink_to(secret)
    video = make_clip(tmp_path / "Downloads" / "talk.mp4", seconds=2)
    app = LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "l"))
    async with app.run_test(size=(150, 45)) as pilot:
        picker = await _open_picker(app, pilot)
        box = picker.query_one("#picker-path", Input)
        box.focus()
        await wait_for(pilot, lambda: box.has_focus)
        await pilot.press(*str(tmp_path / "shadowlink.mp4"))
        await pilot.press("ctrl+s")
        problem = picker.query_one("#picker-problem", Label)
        await wait_for(pilot, lambda: "not a video or audio file" in str(problem.render()))
        assert app.screen is picker
        assert not course.media_dir.exists() or not list(course.media_dir.iterdir())
        box.value = ""
        await pilot.press(*str(video))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        select = app.screen.query_one("#details-video", Select)
        assert select.value == str((course.media_dir / "talk.mp4").resolve())
    assert sorted(p.name for p in course.media_dir.iterdir()) == ["talk.mp4"]
