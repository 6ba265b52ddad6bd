"""Closing the terminal, SIGTERM and SIGINT keep the text typed just before.

The installed app runs in tmux with autosave out of the way and real mpv
(headless) playing; a word is typed, and 0.4 s after it is on screen the
signal arrives (or the tmux session is killed, which hangs the terminal up).
The word must be on disk, mpv gone and the app exited with 128 + the signal.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.fixtures_player import HEADLESS, clip_course
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until

pytestmark = [pytest.mark.needs_tmux, pytest.mark.needs_mpv]


def gone(pid: int) -> bool:
    """The process has ended (a zombie not yet reaped by its parent has ended too)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):  # reaped before or during the read
        return True
    return "\nState:\tZ" in status


def children(pid: int, name: str) -> list[int]:
    """Child processes of `pid` whose name starts with `name`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
        except (FileNotFoundError, NotADirectoryError, PermissionError, ProcessLookupError):
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid") == str(pid) and fields.get("Name", "").startswith(name):
            found.append(int(entry.name))
    return found


# Runs the app and writes down how it ended: its exit status, or minus the signal
# that killed it (tmux is slow to report a pane's status, or never does).
RECORDER = (
    "import subprocess, sys; code = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(code))"
)


def start(course: Course, status: Path, wrapper: str = RECORDER) -> tuple[Terminal, int, int]:
    """The app on `course`, mpv playing its first lesson; (terminal, app pid, mpv pid).

    `wrapper` runs the app and writes its exit status to `status`.
    """
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    args = ", ".join(f'"{arg}"' for arg in HEADLESS)
    config.write_text(f"autosave_delay = 3600\nmpv_args = [{args}]\n")
    terminal = Terminal([sys.executable, "-c", wrapper, status, LESSONTUI, course.root])
    terminal.wait_for_text("Intro line")  # the preview: the app is up
    (app,) = children(terminal.pid, "lessontui")
    terminal.keys_and_wait_for_redraw("Enter")  # into the editor
    terminal.keys("F5")
    wait_until(lambda: children(app, "mpv"), "mpv to start")
    (mpv,) = children(app, "mpv")
    return terminal, app, mpv


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGHUP", "close the terminal"])
def test_a_signal_saves_the_note_stops_mpv_and_exits(
    tmp_path: Path, player_clip: Path, how: str
) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    lesson = course.lessons[0]
    status = tmp_path / "exit-status"
    terminal, app, mpv = start(course, status)
    try:
        terminal.type("LASTWORD ")
        terminal.wait_for_text("LASTWORD Intro line")  # typed, not saved (autosave: an hour)
        assert "LASTWORD" not in lesson.path.read_text()
        if how == "close the terminal":
            terminal.tmux("kill-session")  # the pty hangs up: SIGHUP, and no terminal left
        else:
            os.kill(app, getattr(signal, how))
        wait_until(lambda: gone(app), "the app to exit")
        assert lesson.path.read_text().split("---\n", 2)[2].startswith("LASTWORD Intro line")
        wait_until(lambda: gone(mpv), "mpv to quit")
        if how != "close the terminal":  # (the hang-up ends the recorder too)
            wait_until(status.exists, "the exit status")
            assert status.read_text() == str(128 + getattr(signal, how))  # not killed by it
    finally:
        terminal.close()


def test_a_signal_with_the_save_refused_writes_a_conflict_copy(
    tmp_path: Path, player_clip: Path
) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    lesson = course.lessons[0]
    terminal, app, mpv = start(course, tmp_path / "exit-status")
    try:
        terminal.type("MINE ")
        terminal.wait_for_text("MINE Intro line")
        with lesson.path.open("a", encoding="utf-8") as handle:
            handle.write("a line from another editor\n")  # the save must not overwrite it
        time.sleep(0.4)
        os.kill(app, signal.SIGTERM)
        wait_until(lambda: gone(app), "the app to exit")
        assert lesson.path.read_text().endswith("a line from another editor\n")
        assert "MINE" not in lesson.path.read_text()
        copies = [p for p in lesson.path.parent.iterdir() if ".conflict-" in p.name]
        assert len(copies) == 1
        assert "MINE Intro line" in copies[0].read_text()
        wait_until(lambda: gone(mpv), "mpv to quit")
    finally:
        terminal.close()
