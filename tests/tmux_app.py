"""Drive the installed `lessontui` in a real terminal (tmux), as a user's keys arrive.

Pilot waits for the app between presses, which hides races between keys; tmux
writes a whole `send-keys` (or a bracketed paste and the keys after it, in one
tmux command) into the pty at once, as a fast typist, a paste or a busy machine
does. Each TmuxApp has its own tmux server (`-L` socket), killed on close.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

# The console script installed next to the Python running the tests.
LESSONTUI = Path(sys.executable).parent / "lessontui"


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds (a bound, not a timing)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


class TmuxApp:
    """`lessontui <course>` in a detached tmux session of its own."""

    def __init__(
        self, course: Path, home: Path, config: str = "", size: tuple[int, int] = (160, 50)
    ) -> None:
        self.socket = f"lessontui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.course = course
        config_path = home / "config.toml"
        config_path.write_text(config, encoding="utf-8")
        self.env = {
            "LESSONTUI_CONFIG": str(config_path),
            "LESSONTUI_LIBRARY": str(home / "library"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
        }
        self.size = size

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def start(self) -> None:
        env = " ".join(f"{key}={value}" for key, value in self.env.items())
        command = f"exec env {env} {LESSONTUI} {self.course}"
        width, height = self.size
        # remain-on-exit keeps the pane after the app exits, so tests can see it did.
        self.tmux(
            "new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), command,
            ";", "set-option", "-w", "-t", "app", "remain-on-exit", "on",
        )  # fmt: skip

    def close(self) -> None:
        pid = self.pid() if self.running() else None
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
        if pid is not None:  # a hung app would outlive its terminal otherwise
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    # -- looking -----------------------------------------------------------------------

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for_text(self, text: str, timeout: float = 30.0) -> None:
        wait_until(lambda: text in self.screen(), timeout, f"{text!r} on screen")

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def running(self) -> bool:
        try:
            return self.tmux("display-message", "-p", "-t", "app", "#{pane_dead}").strip() == "0"
        except RuntimeError:
            return False

    def wait_exit(self, timeout: float = 30.0) -> None:
        wait_until(lambda: not self.running(), timeout, "the app to exit")

    # -- typing ------------------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """tmux key names (`C-q`, `M-t`, `Enter`, `C-Home`) in one write."""
        self.tmux("send-keys", "-t", "app", *keys)

    def burst(self, *steps: str | tuple[str, ...]) -> None:
        """Steps in one tmux command, so no gap between them: a str is typed
        literally, a tuple holds tmux key names (`C-q`, `M-t`, `Enter`, `C-Home`)."""
        args: list[str] = []
        for step in steps:
            args += [";"] if args else []
            if isinstance(step, str):
                args += ["send-keys", "-t", "app", "-l", step]
            else:
                args += ["send-keys", "-t", "app", *step]
        self.tmux(*args)

    def paste_then(self, text: str, *keys: str) -> None:
        """`text` as a bracketed paste (newlines kept), then `keys`, in one tmux command."""
        args = ["set-buffer", "-b", "t", text, ";", "paste-buffer", "-p", "-r", "-d", "-b", "t"]
        args += ["-t", "app"]
        if keys:
            args += [";", "send-keys", "-t", "app", *keys]
        self.tmux(*args)

    def focus_editor(self) -> None:
        """Enter on the lesson list opens the note in the editor; a probe key proves it."""
        self.keys("Enter")
        probe = "\u00a7"  # §: in no note of these tests
        deadline = time.monotonic() + 30
        while probe not in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError("the editor never took the probe key")
            self.keys("-l", probe)
            time.sleep(0.3)
        for _ in range(self.screen().count(probe)):
            self.keys("BSpace")
        wait_until(lambda: probe not in self.screen(), 30, "the probe to be deleted")


@contextmanager
def tmux_app(course: Path, home: Path, config: str = "") -> Iterator[TmuxApp]:
    """A started TmuxApp, closed (its tmux server and the app killed) at the end."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not LESSONTUI.exists():
        pytest.skip(f"{LESSONTUI} is not installed")
    app = TmuxApp(course, home, config)
    app.start()
    try:
        yield app
    finally:
        app.close()
