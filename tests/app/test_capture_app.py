"""Capture the moment against a real headless mpv: the PNG is the frame at the stamp, the
lines land at the cursor with what was said, and nothing is overwritten or half-kept."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lessontui.course.course import Course
from lessontui.services.frames import FRAMES_FOLDER
from lessontui.tui.app import LessonApp
from tests.app.test_player_app import notifications, state, until
from tests.fixtures_player import player_settings

SECONDS = 30
SIZE = (32, 24)


def colour_of(second: int) -> tuple[int, int, int]:
    """The colour the clip shows through second `second` (as geq draws it below)."""
    return (second * 40 % 256, second * 90 % 256, second * 150 % 256)


@pytest.fixture(scope="module", name="colour_clip")
def colour_clip_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clip whose frames are one flat colour per second, so a frame tells its time."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    path = tmp_path_factory.mktemp("colour-clip") / "colours.mp4"
    width, height = SIZE
    source = (
        f"color=c=black:s={width}x{height}:r=10,format=rgb24,"
        "geq=r='mod(floor(T)*40,256)':g='mod(floor(T)*90,256)':b='mod(floor(T)*150,256)'"
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", source,
         "-t", str(SECONDS), "-c:v", "libx264", "-g", "10", "-pix_fmt", "yuv420p",
         "-crf", "10", str(path)],
        check=True, timeout=120,
    )  # fmt: skip
    return path


def mean_rgb(image: Path, at: float | None = None) -> tuple[int, int, int]:
    """The mean colour of a PNG, or of a video's frame at `at` seconds, decoded by ffmpeg."""
    seek = ["-ss", f"{at:.3f}"] if at is not None else []
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", *seek, "-i", str(image), "-frames:v", "1",
         "-s", f"{SIZE[0]}x{SIZE[1]}", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True, capture_output=True, timeout=60,
    ).stdout  # fmt: skip
    pixels = len(raw) // 3
    assert pixels == SIZE[0] * SIZE[1]
    return tuple(sum(raw[c::3]) // pixels for c in range(3))  # type: ignore[return-value]


def close(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))


def colour_course(root: Path, clip: Path, cues: bool = True) -> Course:
    course = Course.create(root, "Capture course")
    (root / "media").mkdir()
    shutil.copy(clip, root / "media" / "colours.mp4")
    course.add_lesson("Deploy", body="First line\n", video="../media/colours.mp4")
    if cues:
        stem = course.lessons[0].path.stem
        (root / "media" / f"{stem}.en.vtt").write_text(
            "WEBVTT\n\n00:00:10.000 --> 00:00:14.000\nThe slide says deploy.\n\n"
            "00:00:20.000 --> 00:00:21.000\nA short one.\n",
            encoding="utf-8",
        )
    return Course.load(root)


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_alt_i_keeps_the_frame_at_the_stamp_with_what_was_said(
    tmp_path: Path, colour_clip: Path
) -> None:
    course = colour_course(tmp_path / "course", colour_clip)
    stem = course.lessons[0].path.stem
    app = LessonApp(course=course, settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).status == "playing",
                    "playing")  # fmt: skip
        await pilot.press("alt+p")
        await until(pilot, lambda: state(app).paused, "paused")
        screen.playback.seek_to(12.4)
        await until(pilot, lambda: abs((state(app).position or 0) - 12.4) < 0.05, "the seek")
        screen.editor.move_cursor((1, 0))  # the empty line after "First line"
        await pilot.press("alt+i")
        frame = tmp_path / "course" / FRAMES_FOLDER / f"{stem}-0h00m12s.png"
        link = f"../media/frames/{frame.name}"
        await until(pilot, lambda: link in screen.editor.text, "the capture in the note")
        assert screen.editor.text == (
            f"First line\n\n![0:12]({link})\n> [0:12] The slide says deploy.\n\n"
        )
        assert close(mean_rgb(frame), colour_of(12))
        assert close(mean_rgb(frame), mean_rgb(tmp_path / "course/media/colours.mp4", 12.4))

        # alt+y: the time on the clipboard (a deep link with a URL; here the stamp).
        await pilot.press("alt+y")
        assert app.clipboard == "[0:12]"
        lesson = screen.current_lesson
        assert lesson is not None
        lesson.meta["url"] = "https://www.youtube.com/watch?v=Xy1lesson01"
        await pilot.press("alt+y")
        assert app.clipboard == "https://youtu.be/Xy1lesson01?t=12"
        del lesson.meta["url"]

        # Again at the same second: a new file beside it, the first one kept as it was.
        first = frame.read_bytes()
        await pilot.press("alt+shift+i")
        second = frame.with_name(f"{stem}-0h00m12s-2.png")
        await until(pilot, lambda: f"({second.name})" in screen.editor.text.replace(
            "../media/frames/", ""), "the second capture")  # fmt: skip
        assert frame.read_bytes() == first
        assert f"![0:12](../media/frames/{second.name})\n\n" in screen.editor.text
        assert close(mean_rgb(second), colour_of(12))

        # Playing: the frame is the one at the stamp's second (or the next, a frame on).
        screen.playback.seek_to(16.0)
        await pilot.press("alt+p")
        await until(pilot, lambda: state(app).status == "playing" and
                    (state(app).position or 0) > 17, "playing past 17 s")  # fmt: skip
        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press("alt+i")
        await until(pilot, lambda: screen.editor.text.count("![") == 3, "the capture playing")
        line = screen.editor.text.split("![")[-1]
        shown = int(line.split("]")[0].split(":")[1])
        kept = next(tmp_path.glob(f"course/media/frames/{stem}-0h00m{shown:02d}s.png"))
        assert any(close(mean_rgb(kept), colour_of(s)) for s in (shown, shown + 1))
        # At 17 s and on, nothing is said (the cue ran 10-14 s): the stamp alone.
        assert line.endswith(f")\n[0:{shown:02d}]\n\n")


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_capture_says_why_not_and_keeps_nothing_half_done(
    tmp_path: Path, colour_clip: Path
) -> None:
    course = colour_course(tmp_path / "course", colour_clip, cues=False)
    app = LessonApp(course=course, settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        text = screen.editor.text
        await pilot.press("alt+i", "alt+shift+i")  # nothing plays yet
        await until(pilot, lambda: "Nothing is playing" in notifications(app), "the message")
        assert screen.editor.text == text
        assert not (tmp_path / "course" / FRAMES_FOLDER).exists()

        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).loaded, "loaded")
        # media/frames is a file: the folder cannot be made.
        (tmp_path / "course" / FRAMES_FOLDER).write_text("not a folder", encoding="utf-8")
        await pilot.press("alt+i")
        await until(pilot, lambda: "Cannot make media/frames/" in notifications(app),
                    "the folder message")  # fmt: skip
        assert screen.editor.text == text
        assert (tmp_path / "course" / FRAMES_FOLDER).read_text() == "not a folder"

        # A symlink out of the course: refused, nothing written outside.
        (tmp_path / "course" / FRAMES_FOLDER).unlink()
        outside = tmp_path / "outside"
        outside.mkdir()
        (tmp_path / "course" / FRAMES_FOLDER).symlink_to(outside)
        await pilot.press("alt+i")
        await until(pilot, lambda: "leads outside the course" in notifications(app),
                    "the outside message")  # fmt: skip
        assert list(outside.iterdir()) == []

        # The link gone, a capture works again: without a transcript, image and stamp.
        (tmp_path / "course" / FRAMES_FOLDER).unlink()
        await pilot.press("alt+i")
        await until(pilot, lambda: "![0:" in screen.editor.text, "a capture without cues")
        assert "> [" not in screen.editor.text
        assert re.match(r"!\[(0:0\d)\]\(\.\./media/frames/[^)]+\)\n\[\1\]\n\nFirst line\n",
                        screen.editor.text), screen.editor.text  # fmt: skip


async def test_capture_keys_where_they_do_not_apply(tmp_path: Path) -> None:
    """No mpv needed: on the course intro the keys are unavailable (nothing typed, nothing
    said), on a read-only note the capture keys; in the transcript pane they type no letter."""
    from tests.app.test_transcript_pane import course_with_transcript, open_pane
    from tests.apps import make_app

    course = course_with_transcript(tmp_path / "c")
    bad = course.lessons_dir / "09-bad.md"
    bad.write_bytes(b"---\ntitle: [unclosed\n---\nmy notes\n")  # opens read-only
    app = make_app(Course.load(course.root))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.main_screen
        assert screen.course is not None
        screen.open_lesson(screen.course.note)
        await pilot.pause()
        screen.editor.focus()
        said = len(app._notifications)
        text = screen.editor.text
        await pilot.press("alt+i", "alt+shift+i", "alt+y", "alt+i")
        await pilot.pause()
        assert len(app._notifications) == said
        assert screen.editor.text == text
        for key in ("alt+i", "alt+shift+i", "alt+y"):
            assert not screen.active_bindings[key].enabled, key
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert not {"Capture", "Capture frame", "Copy time link"} & commands

        read_only = next(x for x in screen.course.lessons if x.path == bad)
        screen.open_lesson(read_only)
        await pilot.pause()
        assert screen.editor.read_only
        assert not screen.active_bindings["alt+i"].enabled
        assert not screen.active_bindings["alt+shift+i"].enabled
        assert screen.active_bindings["alt+y"].enabled  # the time is still worth copying

        screen.open_lesson(screen.course.lessons[0])
        await pilot.pause()
        assert all(screen.active_bindings[k].enabled for k in ("alt+i", "alt+shift+i", "alt+y"))
        pane = await open_pane(pilot, app)
        await pilot.press("alt+i", "alt+y", "alt+shift+i")  # in the pane: no letter typed
        await until(pilot, lambda: "Nothing is playing" in notifications(app), "the message")
        assert pane.filter == ""
        assert not (tmp_path / "c" / FRAMES_FOLDER).exists()


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_a_video_without_pictures_says_mpv_could_not_save_and_leaves_no_file(
    tmp_path: Path,
) -> None:
    root = tmp_path / "course"
    course = Course.create(root, "Sound only")
    (root / "media").mkdir()
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=300",
         "-t", "20", str(root / "media" / "talk.m4a")],
        check=True, timeout=60,
    )  # fmt: skip
    course.add_lesson("Talk", body="", video="../media/talk.m4a")
    app = LessonApp(course=Course.load(root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).loaded, "loaded")
        await pilot.press("alt+i")
        await until(pilot, lambda: "mpv could not save the frame" in notifications(app),
                    "mpv's refusal")  # fmt: skip
        assert list((root / FRAMES_FOLDER).iterdir()) == []  # the reserved name given back
        assert "![" not in screen.editor.text
        await pilot.press("alt+i")  # the key works again after a failure
        await until(pilot, lambda: notifications(app).count("could not save") == 2, "again")


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_a_capture_that_lands_after_the_lesson_was_left_types_nowhere(
    tmp_path: Path, colour_clip: Path
) -> None:
    """The frame is kept, no note gets the lines (not the one now open either), it says
    so, and the key works again on the lesson."""
    course = colour_course(tmp_path / "course", colour_clip)
    course.add_lesson("Other", body="Other notes\n")
    course = Course.load(course.root)
    deploy, other = course.lessons
    app = LessonApp(course=course, settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).loaded, "loaded")
        text = screen.editor.text
        screen.capture.action_capture_moment()  # in flight: its answer needs the loop
        screen.capture.action_capture_moment()  # a second one while it is: dropped
        screen.open_lesson(other)
        assert screen.current_lesson is other
        await until(pilot, lambda: "is no longer open" in notifications(app), "the message")
        assert screen.editor.text == "Other notes\n"
        assert len(list((tmp_path / "course" / FRAMES_FOLDER).iterdir())) == 1
        screen.open_lesson(deploy)
        await pilot.pause()
        assert screen.editor.text == text
        await until(pilot, lambda: screen.playback.player_state_for(deploy), "mpv on Deploy")
        await pilot.press("alt+i")
        await until(pilot, lambda: "![" in screen.editor.text, "a capture on the lesson")
        assert len(list((tmp_path / "course" / FRAMES_FOLDER).iterdir())) == 2


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_keys_typed_while_mpv_keeps_the_frame_follow_the_block(
    tmp_path: Path, colour_clip: Path
) -> None:
    """The block lands where the key was pressed: a word typed on while mpv answers
    was cut wherever the answer came (`ABCDEF`, image, `GHI` in a tmux burst)."""
    course = colour_course(tmp_path / "course", colour_clip)
    app = LessonApp(course=course, settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        editor = screen.editor
        editor.focus()
        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).loaded, "loaded")
        editor.move_cursor((1, 0))  # the empty line after "First line"
        editor.insert("ABC")
        screen.capture.action_capture_frame()  # in flight: its answer needs the loop
        editor.insert("DEF")  # typed before mpv answers
        await until(pilot, lambda: "![" in editor.text, "the capture in the note")
        assert re.fullmatch(r"First line\nABC\n\n!\[0:\d\d\]\([^)]+\)\n\nDEF", editor.text)
        editor.insert("GHI")  # the cursor stayed after what was typed
        assert editor.text.endswith("\n\nDEFGHI")
