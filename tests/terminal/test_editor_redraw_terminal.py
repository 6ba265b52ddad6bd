"""In a real terminal, the row-by-row repaint leaves no stale row behind.

The editor and the preview repaint only the rows whose content changed (see
`MarkdownTextArea.refresh` and `NotePreview._repaint_changed_rows`). What tmux
shows after a session of typing, deleting, selecting, scrolling and undoing
must equal what a full repaint of the same state shows (the terminal made
narrower and widened again).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from lessontui.course.course import Course

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NOTE = "".join(
    f"## Part {n}\n\n[{n}:00] text with `code` and *em* {n}\n\n```python\nx = {n}\n```\n\n"
    for n in range(60)
)


class Tmux:
    def __init__(self, command: str) -> None:
        self.base = ["tmux", "-L", f"lessontui-redraw-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        subprocess.run(
            [*self.base, "new-session", "-d", "-x", "160", "-y", "50", command], check=True, env=env
        )

    def screen(self, colours: bool = False) -> str:
        flags = ["-p", "-e"] if colours else ["-p"]
        return subprocess.run(
            [*self.base, "capture-pane", *flags], capture_output=True, text=True
        ).stdout

    def coloured_rows(self) -> list[str]:
        """The screen with colours, less the cursor's row (the cursor blinks)."""
        rows = self.screen(colours=True).splitlines()
        del rows[self.cursor_row()]
        return rows

    def cursor_row(self) -> int:
        return int(
            subprocess.run(
                [*self.base, "display-message", "-p", "#{cursor_y}"],
                capture_output=True,
                text=True,
            ).stdout
        )

    def resize(self, width: int) -> None:
        subprocess.run([*self.base, "resize-window", "-x", str(width), "-y", "50"], check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.base, "send-keys", *keys], check=True)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in (screen := self.screen()):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared:\n{self.screen()}")

    def settled(self, timeout: float = 30) -> str:
        """The screen once it has not changed for a second."""
        deadline = time.monotonic() + timeout
        last = self.screen()
        while time.monotonic() < deadline:
            time.sleep(1.0)
            now = self.screen()
            if now == last:
                return now
            last = now
        raise AssertionError("the screen never settled")

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


def test_no_stale_rows_after_editing(tmp_path: Path) -> None:
    # No autosave: a save between the two captures would change the mark on the border.
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("autosave_delay = 3600\nautosave_max_wait = 3600\n")
    course = Course.create(tmp_path / "course", "Redraw")
    course.add_lesson("Only lesson", body=NOTE)
    script = Path(sys.executable).parent / "lessontui"
    tmux = Tmux(f"{script if script.exists() else sys.executable + ' -m lessontui'} {course.root}")
    try:
        tmux.wait_for("Part 2")
        tmux.keys("Enter")  # into the editor
        top = tmux.cursor_row()
        deadline = time.monotonic() + 30
        while tmux.cursor_row() < top + 8:  # a few rows down, once the editor has the keys
            assert time.monotonic() < deadline, "the cursor never moved down"
            tmux.keys("Down")
            time.sleep(0.2)
        # Each step then a pause, so the preview and checklist draw each state.
        for step in (
            ["-l", "hello world"],
            ["Enter", "BSpace", "Home"],
            ["-l", "~~~ "],  # a fence opener: every row below turns into code
            ["S-Down", "S-Down", "S-Right", "Left", "Up"],
            ["-l", "more *typing* [1:23]"],
            ["C-z", "Down", "Down", "BSpace"],
        ):
            tmux.keys(*step)
            time.sleep(0.4)
        before = tmux.settled()
        before_colours = tmux.coloured_rows()
        # Narrower and back: every widget draws every row again from its content
        # (a screen over it and closed would repaint from the widgets' row caches).
        tmux.resize(150)
        tmux.settled()
        tmux.resize(160)
        time.sleep(0.5)
        assert tmux.settled() == before
        assert tmux.coloured_rows() == before_colours
    finally:
        tmux.close()
