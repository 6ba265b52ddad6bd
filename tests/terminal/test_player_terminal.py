"""The player's edges as a real terminal delivers the keys: the installed app in tmux, real mpv.

A long $TMPDIR, f5 at a lesson's end, and a file mpv cannot decode; the lesson
file on disk is the judge of what was marked done.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.fixtures_player import HEADLESS, undecodable
from tests.tmux_terminal import Terminal, start_app, wait_until

pytestmark = [pytest.mark.needs_tmux, pytest.mark.needs_mpv, pytest.mark.needs_ffmpeg]

CONFIG = "autosave_delay = 3600.0\n" + f"mpv_args = {HEADLESS!r}\n".replace("'", '"')


def one_lesson(root: Path, video: Path) -> Course:
    course = Course.create(root, "Player course")
    (root / "media").mkdir()
    shutil.copy(video, root / "media" / "lesson.mp4")
    course.add_lesson("One", body="notes\n", video="../media/lesson.mp4")
    return course


def lesson_on_disk(course: Course) -> dict[str, object]:
    return Course.load(course.root).lessons[0].meta


def started(course: Course, home: Path, **env: str) -> Terminal:
    app = start_app(course.root, home, CONFIG, env)
    app.wait_for_text("Player course")
    app.focus_editor()
    return app


def test_f5_plays_with_a_long_tmpdir_and_starts_again_at_the_end(
    tmp_path: Path, player_clip: Path
) -> None:
    course = one_lesson(tmp_path / "course", player_clip)
    long_tmp = tmp_path / ("t" * 60) / ("m" * 60)  # mpv's socket path would pass 108 bytes
    long_tmp.mkdir(parents=True)
    app = started(course, tmp_path, TMPDIR=str(long_tmp))
    try:
        app.keys("F5")
        wait_until(lambda: re.search(r"playing +One +0:0[1-9] /", app.screen()), "playing", 60)
        app.keys("M-S-Right", "M-S-Right")  # 30 s and 30 s on: the end of the 60 s clip
        wait_until(lambda: "ended" in app.screen(), "the end", 60)
        wait_until(lambda: lesson_on_disk(course).get("status") == "done", "done", 30)
        app.keys("F5")
        wait_until(lambda: re.search(r"playing +One +0:0\d /", app.screen()), "again", 60)
    finally:
        app.close()


def test_a_file_mpv_cannot_decode_says_why_and_is_not_done(
    tmp_path: Path, player_clip: Path
) -> None:
    broken = undecodable(player_clip, tmp_path / "broken.mp4")
    course = one_lesson(tmp_path / "course", broken)
    app = started(course, tmp_path)
    try:
        app.keys("F5")
        wait_until(
            lambda: "One: cannot play: nothing in it could be decoded" in app.screen(),
            "mpv's reason in the bar",
            60,
        )
        app.keys("C-q")
        app.wait_for_exit()
    finally:
        app.close()
    meta = lesson_on_disk(course)
    assert meta.get("status", "todo") == "todo"
    assert "position" not in meta
