"""In a real terminal (tmux), the editor draws a heading and a timestamp unlike body text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from lessontui.course.course import Course

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NOTE = "## Heading here\n\nplain body words [12:34] more plain words\n"
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def foreground_at(screen: str, text: str) -> str:
    """The SGR foreground in force where `text` starts on the captured screen."""
    for line in screen.splitlines():
        plain = _SGR.sub("", line)
        if text not in plain:
            continue
        target = plain.index(text)
        colour, column, position = "", 0, 0
        while column <= target and position < len(line):
            match = _SGR.match(line, position)
            if match:
                params = match.group(1).split(";")
                for index, value in enumerate(params):
                    if value == "38":
                        colour = ";".join(params[index : index + 5])
                    elif value in ("0", "", "39"):
                        colour = ""
                position = match.end()
            else:
                column += 1
                position += 1
        return colour
    raise AssertionError(f"{text!r} is not on the screen:\n{_SGR.sub('', screen)}")


def test_heading_and_timestamp_are_coloured_in_tmux(tmp_path: Path) -> None:
    # No preview: every piece of the note on screen is then the editor's.
    Path(os.environ["LESSONTUI_CONFIG"]).parent.mkdir(parents=True, exist_ok=True)
    Path(os.environ["LESSONTUI_CONFIG"]).write_text("show_preview = false\n")
    course = Course.create(tmp_path / "course", "Colours")
    course.add_lesson("Only lesson", body=NOTE)
    script = Path(sys.executable).parent / "lessontui"
    command = f"{script} {course.root}" if script.exists() else f"{sys.executable} -m lessontui"
    socket = f"lessontui-colours-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    tmux = ["tmux", "-L", socket, "-f", "/dev/null"]
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "160", "-y", "50", command], check=True, env=env
    )
    try:
        screen = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-e"], capture_output=True, text=True
            ).stdout
            if "more plain words" in _SGR.sub("", screen):
                break
            time.sleep(0.2)
        body = foreground_at(screen, "plain body words")
        assert foreground_at(screen, "Heading here") != body
        assert foreground_at(screen, "[12:34]") != body
        assert foreground_at(screen, "[12:34]") != foreground_at(screen, "Heading here")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
