"""The installed `lessontui` in tmux, driven as a user's terminal drives it.

Keys go in with `send-keys` (bursts arrive as one read, as from a fast typist),
pastes with `paste-buffer -p` (bracketed, as a terminal pastes), and the screen
is read back with `capture-pane`. Every session runs on its own tmux server
(a unique socket), which `close()` kills with everything in it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

LESSONTUI = Path(sys.executable).with_name("lessontui")  # the installed console script
WAIT = 30.0  # seconds: generous, the machine may be busy


def wait_until(condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    """Poll `condition` until it is true; fail saying `what` was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)


class Terminal:
    """One tmux pane running one program; the pane stays after the program exits."""

    def __init__(
        self,
        args: Sequence[str | Path],
        size: tuple[int, int] = (160, 50),
        extended_keys: bool = False,
    ) -> None:
        self.socket = f"lessontui-test-{uuid.uuid4().hex[:12]}"
        width, height = size
        # The server (and so the program) gets a plain environment with the test's
        # config, library and state folders: no COLUMNS or LINES from pytest to
        # override the pane's size. -f /dev/null keeps the user's tmux.conf out.
        kept = ("PATH", "HOME", "LANG", "LC_ALL", "XDG_STATE_HOME", "XDG_DATA_HOME", "TMPDIR")
        self.env = {k: v for k, v in os.environ.items() if k in kept or k.startswith("LESSON")}
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", str(width), "-y", str(height))
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        if extended_keys:  # keys with no classic code (ctrl+backspace) as CSI u
            self.tmux("set-option", "-s", "extended-keys", "always")
        self.tmux("respawn-pane", "-k", "-t", ":0.0", *map(str, args))

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
        )
        return done.stdout

    def _pane(self, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", ":0.0", f"#{{{field}}}").strip()

    @property
    def pid(self) -> int:
        return int(self._pane("pane_pid"))

    @property
    def dead(self) -> bool:
        return self._pane("pane_dead") == "1"

    @property
    def exit_status(self) -> str:
        return self._pane("pane_dead_status")

    def keys(self, *keys: str) -> None:
        """Key names as tmux knows them (C-q, M-t, Enter, BSpace), in one write."""
        self.tmux("send-keys", "-t", ":0.0", *keys)

    def type(self, text: str) -> None:
        """Literal text, in one write."""
        self.tmux("send-keys", "-t", ":0.0", "-l", text)

    def paste(self, text: str) -> None:
        """A bracketed paste, as a terminal delivers one."""
        self.tmux("set-buffer", "-b", "paste", text)
        self.tmux("paste-buffer", "-p", "-d", "-b", "paste", "-t", ":0.0")

    def paste_bytes(self, data: bytes) -> None:
        """A bracketed paste of raw bytes (ESC, control bytes: what a clipboard may hold).

        `-r`: the bytes go as they are (tmux otherwise turns LF into CR).
        """
        with tempfile.NamedTemporaryFile(prefix="lessontui-paste-") as buffer:
            buffer.write(data)
            buffer.flush()
            self.tmux("load-buffer", "-b", "raw", buffer.name)
        self.tmux("paste-buffer", "-p", "-r", "-d", "-b", "raw", "-t", ":0.0")

    def screen(self, colours: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", ":0.0")

    def keys_and_wait_for_redraw(self, *keys: str) -> None:
        """Send keys whose only sign may be a colour (focus moving), and wait for it."""
        before = self.screen(colours=True)
        self.keys(*keys)
        wait_until(lambda: self.screen(colours=True) != before, f"a redraw after {keys}")

    def wait_for_text(self, text: str, timeout: float = WAIT) -> None:
        try:
            wait_until(lambda: text in self.screen(), f"{text!r} on screen", timeout)
        except AssertionError as error:
            raise AssertionError(f"{error}; the screen:\n{self.screen()}") from None

    def wait_for_exit(self, timeout: float = WAIT) -> None:
        wait_until(lambda: self.dead, "the program to exit", timeout)

    def close(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind
