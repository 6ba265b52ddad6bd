"""Capture as a real terminal delivers the keys: the installed app in tmux, real mpv; the
preview draws the kept frame in half blocks whose colours tmux reports."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.app.test_capture_app import colour_clip_fixture, colour_course, colour_of
from tests.fixtures_player import HEADLESS
from tests.tmux_terminal import LESSONTUI, Terminal, app_environment, wait_until

pytestmark = [pytest.mark.needs_tmux, pytest.mark.needs_mpv, pytest.mark.needs_ffmpeg]
colour_clip = colour_clip_fixture

CONFIG = "autosave_delay = 0.3\n" + f"mpv_args = {HEADLESS!r}\n".replace("'", '"')


def _buffer(app: Terminal) -> str:
    try:
        return app.tmux("show-buffer")
    except subprocess.CalledProcessError:  # no buffer yet
        return ""


def cells_of(app: Terminal) -> str:
    return app.tmux("capture-pane", "-p", "-e", "-t", "app")


def test_alt_i_in_a_burst_keeps_the_frame_and_the_preview_draws_it(
    tmp_path: Path, colour_clip: Path
) -> None:
    course = colour_course(tmp_path / "course", colour_clip)
    # COLORTERM: else Textual sends 256 colours, no exact RGB to read.
    env = {**app_environment(tmp_path, CONFIG), "COLORTERM": "truecolor"}
    app = Terminal([LESSONTUI, course.root], size=(200, 50), env=env)
    try:
        app.wait_for_text("Capture course")
        app.focus_editor()
        app.keys("F5")
        wait_until(lambda: re.search(r"playing +Deploy +0:0[3-9] /", app.screen()), "playing", 60)
        app.keys("M-p")
        wait_until(lambda: "paused" in app.screen(), "paused", 30)
        # Typed text, the capture key, the same key again and the frame-only key, in one
        # write: the keys pressed while a frame is being kept keep no other (nor type a
        # letter: alt+shift+i is `ESC I`).
        app.burst(("C-End",), "Seen: ", ("M-i",), ("M-i",), ("M-I",))
        lesson = Course.load(course.root).lessons[0]
        wait_until(lambda: lesson.path.read_text().count("![") == 1, "the capture saved", 30)
        app.keys("M-I")  # once it is kept, the frame-only key works
        wait_until(lambda: lesson.path.read_text().count("![") == 2, "the frame saved", 30)
        text = lesson.path.read_text()
        assert "Seen: \n\n![" in text, text  # a block of its own below the text; no I typed
        frames = sorted((course.root / "media" / "frames").iterdir())
        assert len(frames) == 2
        shown = int(re.search(r"!\[0:(\d\d)\]", text).group(1))  # type: ignore[union-attr]
        # The preview draws it: half blocks in the frame's colour (tmux: 38;2;r;g;b).
        red, green, blue = colour_of(shown)

        def drawn() -> bool:
            found = re.findall(r"38;2;(\d+);(\d+);(\d+)m(?:\x1b\[[\d;]*m)*▀", cells_of(app))
            return any(
                abs(int(r) - red) < 16 and abs(int(g) - green) < 16 and abs(int(b) - blue) < 16
                for r, g, b in found
            )

        wait_until(drawn, f"half blocks of colour {colour_of(shown)} in the preview", 30)

        # alt+y: the time reaches the terminal's clipboard by OSC 52 (tmux keeps it as a buffer).
        app.tmux("set-option", "-s", "set-clipboard", "on")
        app.keys("M-y")
        wait_until(lambda: _buffer(app) == f"[0:{shown:02d}]", "the time on the clipboard", 30)
    finally:
        app.close()
