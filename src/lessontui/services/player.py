"""mpv over its JSON IPC socket: start or attach, send commands, observe playback.

mpv runs as its own process (so the user's mpv config, window and keys apply)
and lessontui talks to it through `--input-ipc-server`. A reader thread owns
the socket: it matches replies to requests and turns `property-change` and
`end-file` events into immutable `PlayerState` snapshots handed to a listener.
The listener runs on the reader thread; a GUI must hop to its own thread
(Textual: `post_message`), and must not block, or replies stall behind it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from lessontui.services.player_state import Chapter, PlayerState, chapters_from_mpv

INSTALL_HINT = (
    "mpv is not installed (or not on PATH). Install it with your package manager: "
    "`sudo apt install mpv` (Debian/Ubuntu), `sudo dnf install mpv` (Fedora), "
    "`sudo pacman -S mpv` (Arch), `brew install mpv` (macOS); "
    "or see https://mpv.io/installation/. The rest of lessontui works without it."
)

# What the file's decoders made, per file (the output's params outlive a file):
# a decoded frame's format. mpv fills the video's size from the container, the
# pixel format only once a frame was decoded.
DECODED = {"video-params": "pixelformat", "audio-params": "format"}
# Observed in this order: mpv sends a batch of changes in observation order, so
# `path` always arrives before the `time-pos` of the new file, and whether
# anything was decoded before a position or the end it reached.
OBSERVED = (
    "path",
    *DECODED,
    "time-pos",
    "pause",
    "speed",
    "duration",
    "chapter",
    "chapter-list",
    "eof-reached",
    "idle-active",
)
# Options lessontui needs whatever the user's config says: stay alive between
# files, keep the last frame at the end (the user may still seek back while
# finishing notes), and leave our terminal alone (the TUI owns it: mpv runs in
# its own session with no terminal, reads no keys from one, and its output, only
# errors, goes to a pipe we keep the last lines of, to say why it did not start).
# Not --no-terminal: that silences the errors too.
BASE_ARGS = (
    "--idle=yes",
    "--keep-open=yes",
    "--input-terminal=no",
    "--msg-level=all=error",
    "--msg-color=no",
)
QUIT_WITH_PARENT = Path(__file__).with_name("quit_with_parent.lua")
MIN_SPEED, MAX_SPEED = 0.1, 4.0
URL_SCHEMES = ("http://", "https://")
# An AF_UNIX socket path must fit sun_path with its NUL: 108 bytes on Linux,
# 104 on macOS and the BSDs.
SOCKET_PATH_MAX = 103
SOCKET_NAME = "mpv.sock"
NOTHING_DECODED = "nothing in it could be decoded"


class PlayerError(Exception):
    """mpv cannot be reached, or refused a command."""


class MpvMissing(PlayerError):
    """mpv is not installed; the message says how to install it."""

    def __init__(self, program: str = "mpv") -> None:
        hint = INSTALL_HINT if program == "mpv" else f"{program!r} not found. " + INSTALL_HINT
        super().__init__(hint)


Listener = Callable[[PlayerState], object]  # what it returns is not used


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    data: Any = None
    error: str = ""
    # for loadfile: what was asked for and the caller's tag, remembered against
    # its playlist entry
    target: tuple[str, str | None] | None = None


class Player:
    """One mpv, started by us or attached to through its IPC socket."""

    def __init__(
        self,
        listener: Listener | None = None,
        *,
        program: str = "mpv",
        args: Sequence[str] = (),
        socket_path: str | os.PathLike[str] | None = None,
        timeout: float = 5.0,
    ) -> None:
        """`socket_path` attaches to a running mpv instead of starting one."""
        self.listener = listener
        self.program = program
        self.args = [str(a) for a in args]
        self.attach_path = Path(socket_path).expanduser() if socket_path else None
        self.timeout = timeout
        self._state = PlayerState()
        self._lock = threading.RLock()  # guards state, pending requests and the socket
        self._send_lock = threading.Lock()
        # Loads run in threads (f5, or `p` in the review, pressed in a burst): one
        # starts mpv, the others wait for it instead of starting an mpv each.
        self._start_lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._private_dir: Path | None = None
        self._reader: threading.Thread | None = None
        self._pending: dict[int, _Pending] = {}
        self._next_id = 1
        self._entries: dict[int, tuple[str, str | None]] = {}  # entry id -> target, tag
        self._current_entry: int | None = None
        self._log_errors: list[str] = []
        self._failure: str | None = None  # why the current file failed, before the log's detail
        self._detail_pending = False  # an error was reported before mpv logged why
        self._decoded: dict[str, bool] = {}  # DECODED: has that decoder made anything?
        self._output: IO[bytes] | None = None  # mpv's output (errors), read by a thread
        self._output_tail: deque[str] = deque(maxlen=4)  # its last lines
        self._fallback_chapters: tuple[Chapter, ...] = ()
        self._last_view: tuple[Any, ...] | None = None

    # -- state ---------------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def running(self) -> bool:
        return self._state.running

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def socket_path(self) -> Path | None:
        if self.attach_path is not None:
            return self.attach_path
        return self._private_dir / SOCKET_NAME if self._private_dir else None

    def _update(self, notify: bool = True, **changes: Any) -> None:
        with self._lock:
            self._state = replace(self._state, **changes)
            state = self._state
            view = state.view()
            if not notify or view == self._last_view:
                return
            self._last_view = view
        if self.listener is not None:
            # a broken listener must not kill the reader thread
            with contextlib.suppress(Exception):
                self.listener(state)

    # -- starting and stopping --------------------------------------------------------

    def start(self) -> None:
        """Start mpv (or attach to it); a no-op while it runs. Raises PlayerError."""
        with self._start_lock:
            if not self.running:
                self._start()

    def _start(self) -> None:
        self._cleanup()
        if self.attach_path is not None:
            sock = self._connect(self.attach_path, deadline=time.monotonic() + self.timeout)
        else:
            sock = self._launch()
        with self._lock:
            self._socket = sock
            self._pending.clear()
            self._entries.clear()
            self._current_entry = None
            self._log_errors = []
            self._decoded = {}
            self._last_view = None
        # running before the reader starts: if mpv dies at once, the reader's
        # "stopped" must come after this, not be overwritten by it.
        self._update(
            running=True,
            loaded=False,
            error=None,
            eof=False,
            idle=True,
            target=None,
            tag=None,
            rendered=False,
        )
        self._reader = threading.Thread(target=self._read, args=(sock,), daemon=True)
        self._reader.name = "mpv-ipc-reader"
        self._reader.start()
        for number, name in enumerate(OBSERVED, start=1):
            self.command("observe_property", number, name, wait=False)
        self.command("request_log_messages", "error", wait=False)

    def _launch(self) -> socket.socket:
        program = shutil.which(self.program)
        if program is None:
            raise MpvMissing(self.program)
        self._private_dir = private_socket_folder()
        sock_path = self._private_dir / SOCKET_NAME
        command = [
            program,
            *BASE_ARGS,
            f"--input-ipc-server={sock_path}",
            # no mpv playing on after lessontui is killed
            f"--script={QUIT_WITH_PARENT}",
            f"--script-opts-append=lessontui-pid={os.getpid()}",
            *self.args,
        ]
        self._output_tail = deque(maxlen=4)
        read_end, write_end = os.pipe()
        # mpv never waits on us: while lessontui is suspended (ctrl+z) a full
        # pipe drops mpv's error lines rather than stalling its playback.
        os.set_blocking(write_end, False)
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=write_end,
                stderr=write_end,
                # its own session: a ctrl+c or suspend in our terminal is not for
                # mpv, and it has no terminal of ours to draw on
                start_new_session=True,
            )
        except OSError as error:
            os.close(read_end)
            raise PlayerError(f"cannot start {program}: {error.strerror}") from None
        finally:
            os.close(write_end)
        self._output = open(read_end, "rb")  # noqa: SIM115 - closed by its reader at mpv's exit
        threading.Thread(
            target=_keep_tail,
            args=(self._output, self._output_tail),
            name="mpv-output",
            daemon=True,
        ).start()
        try:
            return self._connect(sock_path, deadline=time.monotonic() + self.timeout)
        except PlayerError as error:
            self._kill()
            raise PlayerError(f"mpv did not start: {self._with_output(str(error))}") from None

    def _with_output(self, reason: str) -> str:
        """`reason` and what mpv printed last (its errors), once it has exited."""
        process, output = self._process, self._output
        if process is not None and output is not None:
            # the output thread has read everything once the pipe is closed
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=2)
            deadline = time.monotonic() + 1
            while not output.closed and time.monotonic() < deadline:
                time.sleep(0.01)
        said = " ".join(self._output_tail)
        return f"{reason}: {said}" if said else reason

    def _connect(self, path: Path, deadline: float) -> socket.socket:
        last_error = "no socket"
        delay = 0.005
        while True:
            if self._process is not None and self._process.poll() is not None:
                raise PlayerError(f"mpv exited with code {self._process.returncode}")
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(os.fspath(path))
                return sock
            except OSError as error:
                sock.close()
                last_error = error.strerror or str(error)
            if time.monotonic() >= deadline:
                raise PlayerError(f"cannot connect to mpv at {path}: {last_error}")
            # mpv creates the socket a little after it starts; wait with backoff
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def close(self, quit_mpv: bool | None = None) -> None:
        """Disconnect; quit mpv too if we started it (or if `quit_mpv`)."""
        if quit_mpv is None:
            quit_mpv = self.attach_path is None
        if quit_mpv and self.running:
            with contextlib.suppress(PlayerError):
                self.command("quit", wait=False)
        if self._process is not None:
            try:
                self._process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._kill()
        self._cleanup()
        if self._reader is not None and self._reader is not threading.current_thread():
            self._reader.join(timeout=2)

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=2)

    def _cleanup(self) -> None:
        with self._lock:
            sock, self._socket = self._socket, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._process is not None and self._process.poll() is not None:
            self._process = None
        if self._private_dir is not None and self._process is None:
            shutil.rmtree(self._private_dir, ignore_errors=True)
            self._private_dir = None

    # -- the reader thread --------------------------------------------------------------

    def _read(self, sock: socket.socket) -> None:
        buffer = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.strip():
                        self._dispatch(line)
        except OSError:
            pass
        self._stopped(sock)

    def _stopped(self, sock: socket.socket) -> None:
        with self._lock:
            current = self._socket is sock
            pending, self._pending = self._pending, {}
        for request in pending.values():
            request.error = "mpv stopped"
            request.done.set()
        if not current and self._socket is not None:
            return  # a newer connection took over; its reader reports
        code = None
        if self._process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self._process.wait(timeout=2)
        # A kill or crash is not an error the user must act on: the bar says stopped.
        reason = None
        if code not in (None, 0):
            reason = self._with_output(f"mpv exited with code {code}")
        self._update(
            running=False,
            loaded=False,
            paused=False,
            eof=False,
            idle=True,
            rendered=False,
            error=reason,
        )
        with self._lock:
            if self._socket is sock:
                self._socket = None
        self._cleanup()

    def _dispatch(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if "event" in message:
            self._event(message)
            return
        request_id = message.get("request_id")
        with self._lock:
            request = self._pending.pop(request_id, None) if request_id else None
        if request is None:
            return
        request.ok = message.get("error") == "success"
        request.error = str(message.get("error"))
        request.data = message.get("data")
        if request.ok and request.target is not None and isinstance(request.data, dict):
            entry = request.data.get("playlist_entry_id")
            if isinstance(entry, int):
                with self._lock:
                    self._entries[entry] = request.target
        request.done.set()

    def _event(self, message: dict[str, Any]) -> None:
        event = message["event"]
        if event == "property-change":
            self._property(str(message.get("name")), message.get("data"))
        elif event == "start-file":
            entry = message.get("playlist_entry_id")
            with self._lock:
                self._current_entry = entry if isinstance(entry, int) else None
                asked = self._entries.get(entry) if isinstance(entry, int) else None
                self._log_errors = []
                self._failure = None
                self._detail_pending = False
            # `rendered` stays: the DECODED properties report this file's own
            # changes (mpv does not report a value that went away and came back).
            self._update(
                target=asked[0] if asked else None,
                tag=asked[1] if asked else None,
                loaded=False,
                position=None,
                duration=None,
                chapter=None,
                chapters=(),
                eof=False,
                error=None,
                idle=False,
            )
        elif event == "file-loaded":
            self._update(loaded=True, error=None)
        elif event == "end-file":
            reason = message.get("reason")
            with self._lock:
                errors = list(self._log_errors)
                if message.get("playlist_entry_id") == self._current_entry:
                    self._current_entry = None
            if reason == "error":
                self._failed(str(message.get("file_error") or "error"), errors)
            else:
                self._update(loaded=False)
        elif event == "log-message":
            if message.get("level") in ("error", "fatal"):
                text = " ".join(str(message.get("text") or "").split())
                prefix = str(message.get("prefix") or "")
                line = f"{text} ({prefix})" if prefix else text
                with self._lock:
                    if len(self._log_errors) < 10 and text:
                        self._log_errors.append(line)
                    pending = self._detail_pending and bool(text)
                    if pending:
                        self._detail_pending = False
                if pending and self._failure is not None:
                    self._update(error=_failure_text(self._failure, [line]))
                elif text and self._state.eof and self._state.loaded and not self._state.rendered:
                    self._failed(NOTHING_DECODED, [line])  # the log trailed the end
        elif event == "shutdown":
            pass  # the socket closes next; _stopped reports it

    def _failed(self, reason: str, errors: list[str]) -> None:
        """The current file cannot be played: say mpv's reason, and its first logged error."""
        with self._lock:
            self._failure = reason
            # mpv's log can trail the event: a later error line says more.
            self._detail_pending = not errors
        self._update(loaded=False, error=_failure_text(reason, errors))

    def _property(self, name: str, data: Any) -> None:
        if name == "time-pos":
            position = float(data) if isinstance(data, int | float) else None
            if position is not None:
                self._update(position=position)
        elif name == "pause":
            self._update(paused=bool(data))
        elif name == "speed":
            if isinstance(data, int | float):
                self._update(speed=round(float(data), 2))
        elif name == "duration":
            self._update(duration=float(data) if isinstance(data, int | float) else None)
        elif name == "chapter":
            self._update(chapter=int(data) if isinstance(data, int) and data >= 0 else None)
        elif name == "chapter-list":
            self._update(chapters=chapters_from_mpv(data))
        elif name in DECODED:
            with self._lock:
                self._decoded[name] = isinstance(data, dict) and DECODED[name] in data
                rendered = any(self._decoded.values())
            self._update(rendered=rendered)
        elif name == "eof-reached":
            state = self._state
            with self._lock:
                errors = list(self._log_errors)
            if data and state.loaded and not state.rendered and errors:
                # An end reached with nothing decoded and errors logged: keep-open
                # jumped to the "last frame" of a stream it cannot decode, an end
                # never played. (Without errors it may be an audio file loaded
                # at its very end: not played either, but nothing failed.)
                self._update(eof=True)
                self._failed(NOTHING_DECODED, errors)
                return
            self._update(eof=bool(data))
        elif name == "idle-active":
            self._update(idle=bool(data))

    # -- commands ----------------------------------------------------------------------

    def command(self, *args: Any, wait: bool = True, timeout: float | None = None) -> Any:
        """Send one command; with `wait`, return its data or raise PlayerError."""
        return self._send({"command": list(args)}, wait=wait, timeout=timeout)

    def _send(
        self,
        payload: dict[str, Any],
        *,
        wait: bool = True,
        timeout: float | None = None,
        target: tuple[str, str | None] | None = None,
    ) -> Any:
        with self._lock:
            sock = self._socket
            if sock is None or not self._state.running:
                raise PlayerError("mpv is not running")
            request_id = self._next_id
            self._next_id += 1
            request = _Pending(target=target)
            # Replies are always matched, so a loadfile's playlist entry is
            # learned even when nobody waits for it.
            self._pending[request_id] = request
        payload = {**payload, "request_id": request_id}
        data = (json.dumps(payload) + "\n").encode()
        try:
            with self._send_lock:
                sock.sendall(data)
        except OSError as error:
            with self._lock:
                self._pending.pop(request_id, None)
            raise PlayerError(f"mpv is not reachable: {error.strerror or error}") from None
        if not wait:
            return None
        if not request.done.wait(self.timeout if timeout is None else timeout):
            with self._lock:
                self._pending.pop(request_id, None)
            raise PlayerError("mpv did not answer")
        if not request.ok:
            raise PlayerError(f"mpv: {request.error}")
        return request.data

    def get(self, name: str) -> Any:
        """A property's current value, or None when mpv has none (nothing loaded)."""
        try:
            return self.command("get_property", name)
        except PlayerError as error:
            if "property unavailable" in str(error):
                return None
            raise

    def time_pos(self) -> float | None:
        """The exact position now (asks mpv); falls back to the last reported one."""
        try:
            value = self.get("time-pos")
        except PlayerError:
            value = None
        return float(value) if isinstance(value, int | float) else self._state.position

    def duration(self) -> float | None:
        value = self.get("duration")
        return float(value) if isinstance(value, int | float) else None

    def chapter_list(self) -> tuple[Chapter, ...]:
        return chapters_from_mpv(self.get("chapter-list")) or self._fallback_chapters

    def load(
        self,
        target: str | os.PathLike[str],
        start: float = 0.0,
        *,
        chapters: Sequence[Chapter] = (),
        play: bool = True,
        tag: str | None = None,
    ) -> None:
        """Open a file or http(s) URL at `start` seconds; starts mpv if needed.

        `chapters` (from the lesson) are used for chapter steps when the file
        itself has none. `tag` names what is played (a lesson): the states of
        this load carry it, so two lessons with one file are told apart.
        """
        text = os.fspath(target)
        if "://" in text and not text.startswith(URL_SCHEMES):
            # Lesson files may come from anyone: no edl://, av://, file:// tricks.
            raise PlayerError(f"will only stream http(s) URLs, not {text.split('://')[0]}://")
        if not self.running:
            self.start()
        self._fallback_chapters = tuple(chapters)
        options = f"start={max(0.0, float(start)):.3f}" if start else ""
        self._send(
            {"command": {"name": "loadfile", "url": text, "flags": "replace", "options": options}},
            target=(text, tag),
        )
        if play:
            self.command("set_property", "pause", False, wait=False)

    def toggle_pause(self) -> None:
        self.command("cycle", "pause", wait=False)

    def set_pause(self, paused: bool) -> None:
        self.command("set_property", "pause", paused, wait=False)

    def seek(self, seconds: float, relative: bool = True) -> None:
        """Seek exactly (not to the nearest keyframe): a stamp must land on its second."""
        mode = "relative+exact" if relative else "absolute+exact"
        if not relative:
            seconds = max(0.0, seconds)
        self.command("seek", float(seconds), mode, wait=False)

    def set_speed(self, speed: float) -> float:
        speed = round(min(MAX_SPEED, max(MIN_SPEED, speed)), 2)
        self.command("set_property", "speed", speed, wait=False)
        return speed

    def change_speed(self, delta: float) -> float:
        """Like mpv's `[` and `]`: a step slower or faster; returns the new speed.

        Asks mpv for its speed rather than using the last one reported, so
        quick presses each count even before mpv's change events arrive.
        """
        current = self.get("speed")
        speed = float(current) if isinstance(current, int | float) else self._state.speed
        return self.set_speed(speed + delta)

    def reset_speed(self) -> float:
        return self.set_speed(1.0)

    def step_chapter(self, step: int) -> None:
        """Next (+1) or previous (-1) chapter, from the file or else the lesson."""
        if self._state.chapters or not self._fallback_chapters:
            self.command("add", "chapter", step, wait=False)
            return
        position = self.time_pos() or 0.0
        times = [c.time for c in self._fallback_chapters]
        # Like mpv's `add chapter -1`: the chapter before the current one.
        current = max((i for i, t in enumerate(times) if t <= position + 0.5), default=-1)
        index = current + step
        if index < 0:
            self.seek(0.0, relative=False)
        elif index < len(times):
            self.seek(times[index], relative=False)


def private_socket_folder() -> Path:
    """A fresh folder only we can enter (mkdtemp: mode 0700) where mpv's socket path fits.

    The temp folder first ($TMPDIR), else $XDG_RUNTIME_DIR, else /tmp: a long
    $TMPDIR would make the socket path too long for AF_UNIX and mpv would run
    without one.
    """
    name = "lessontui-mpv-XXXXXXXX/" + SOCKET_NAME  # mkdtemp's name is as long
    tried = []
    for base in (tempfile.gettempdir(), os.environ.get("XDG_RUNTIME_DIR"), "/tmp"):
        if not base or not os.path.isdir(base):
            continue
        path = os.path.join(base, name)
        if len(os.fsencode(path)) > SOCKET_PATH_MAX:
            tried.append(base)
            continue
        return Path(tempfile.mkdtemp(prefix="lessontui-mpv-", dir=base))
    raise PlayerError(f"no folder short enough for mpv's socket (tried {', '.join(tried)})")


def _keep_tail(stream: IO[bytes], tail: deque[str]) -> None:
    """Read mpv's output until it exits, keeping its last lines (its errors)."""
    with stream:
        for raw in stream:
            line = " ".join(raw.decode("utf-8", errors="replace").split())
            if line:
                tail.append(line)


def _failure_text(reason: str, errors: list[str]) -> str:
    return f"cannot play: {reason}" + (f": {errors[0]}" if errors else "")
