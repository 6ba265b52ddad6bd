"""The one tmux driver: the installed `lessontui` in tmux, driven as a user's terminal drives it.

Pilot waits for the app between presses, which hides races between keys. Here
keys go in with `send-keys` (a burst arrives as one read, as from a fast
typist; `burst` and `paste_then` put several steps in one tmux command, with no
gap), pastes with `paste-buffer -p` (bracketed, as a terminal pastes), and the
screen is read back with `capture-pane`. Every session runs on its own tmux
server (a unique socket), which `close()` kills with everything in it.
`tmux_app` starts `lessontui <course>` with its config, library and state in a
folder of the test's.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

LESSONTUI = Path(sys.executable).with_name("lessontui")  # the installed console script
WAIT = 30.0  # seconds: generous, the machine may be busy


def wait_until(
    condition: Callable[[], object], what: str, timeout: float = WAIT, poll: float = 0.05
) -> None:
    """Poll `condition` until it is true; fail saying `what` was awaited (a bound, not a timing)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(poll)


class Terminal:
    """One tmux pane running one program; the pane stays after the program exits."""

    def __init__(
        self,
        args: Sequence[str | Path],
        size: tuple[int, int] = (160, 50),
        extended_keys: bool = False,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.socket = f"lessontui-test-{uuid.uuid4().hex[:12]}"
        width, height = size
        # The server (and so the program) gets a plain environment with the test's
        # config, library and state folders (and `env`): no COLUMNS or LINES from
        # pytest to override the pane's size. -f /dev/null keeps the user's tmux.conf out.
        kept = ("PATH", "HOME", "LANG", "LC_ALL", "XDG_STATE_HOME", "XDG_DATA_HOME", "TMPDIR")
        self.env = {k: v for k, v in os.environ.items() if k in kept or k.startswith("LESSON")}
        self.env.update(env or {})
        # The session is named "app": `-t app` and `-t :0.0` both name its pane.
        size_args = ("-x", str(width), "-y", str(height))
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "app", *size_args)
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
            timeout=30,
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

    def burst(self, *steps: str | tuple[str, ...]) -> None:
        """Steps in one tmux command, so no gap between them: a str is typed
        literally, a tuple holds tmux key names (`C-q`, `M-t`, `Enter`, `C-Home`)."""
        args: list[str] = []
        for step in steps:
            args += [";"] if args else []
            if isinstance(step, str):
                args += ["send-keys", "-t", ":0.0", "-l", step]
            else:
                args += ["send-keys", "-t", ":0.0", *step]
        self.tmux(*args)

    def paste_then(self, text: str, *keys: str) -> None:
        """`text` as a bracketed paste (newlines kept), then `keys`, in one tmux command."""
        args = ["set-buffer", "-b", "t", text, ";", "paste-buffer", "-p", "-r", "-d", "-b", "t"]
        args += ["-t", ":0.0"]
        if keys:
            args += [";", "send-keys", "-t", ":0.0", *keys]
        self.tmux(*args)

    def focus_editor(self) -> None:
        """Enter on the lesson list opens the note in the editor; a probe key proves it."""
        self.keys("Enter")
        probe = "\u00a7"  # §: in no note of these tests

        def probe_shown() -> bool:
            if probe in self.screen():
                return True
            self.type(probe)  # again: the editor may not have had the focus yet
            return False

        wait_until(probe_shown, "the editor to take the probe key", poll=0.3)
        self.keys(*["BSpace"] * self.screen().count(probe))
        wait_until(lambda: probe not in self.screen(), "the probe to be deleted")

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
        try:
            pid = None if self.dead else self.pid
        except subprocess.CalledProcessError:  # the test ended the tmux server itself
            pid = None
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, env=self.env
        )
        self.socket_path.unlink(missing_ok=True)  # tmux leaves it behind
        if pid is not None:  # a hung program would outlive its terminal otherwise
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def app_environment(home: Path, config: str = "") -> dict[str, str]:
    """lessontui's config file (holding `config`), library and state, all in `home`."""
    config_path = home / "config.toml"
    config_path.write_text(config, encoding="utf-8")
    return {
        "LESSONTUI_CONFIG": str(config_path),
        "LESSONTUI_LIBRARY": str(home / "library"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }


def start_app(
    course: Path, home: Path, config: str = "", env: Mapping[str, str] | None = None
) -> Terminal:
    """`lessontui <course>` in a terminal of its own, its environment in `home` (and `env`)."""
    return Terminal([LESSONTUI, course], env={**app_environment(home, config), **(env or {})})


@contextmanager
def tmux_app(course: Path, home: Path, config: str = "") -> Iterator[Terminal]:
    """`start_app`, closed (its tmux server and the app killed) at the end."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not LESSONTUI.exists():
        pytest.skip(f"{LESSONTUI} is not installed")
    app = start_app(course, home, config)
    try:
        yield app
    finally:
        app.close()
