"""Nowhere to save, a terminal that is gone, a quit that hangs, and `fg`: the text survives.

The installed app runs in a real terminal (tmux, or a pty of the test's own)
and gets real signals:
- with the course's `lessons/` read-only, a signal or ctrl+q puts the typed
  text in a rescue file in the user's data folder and prints its path;
- a terminal that goes away without a SIGHUP (the app in a session of its
  own, as under a wrapper that ignores SIGHUP or a dropped ssh) ends the app,
  the note saved;
- SIGTERM ends an app whose quit hangs on a terminal that stopped reading;
- after SIGTSTP and the shell's `fg` the screen is drawn again without a key.

As root (CI), the app runs without CAP_DAC_OVERRIDE (setpriv), so a folder
without write permission is read-only for it as for any user.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from lessontui.course.course import Course
from tests.reliability.test_signals import RECORDER, children, gone, start
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until

pytestmark = pytest.mark.needs_tmux

# A session of its own for the app: the terminal's hang-up never reaches it.
OWN_SESSION = (
    "import subprocess, sys; code = subprocess.call(sys.argv[2:], start_new_session=True); "
    "open(sys.argv[1], 'w').write(str(code))"
)


def unprivileged() -> list[str]:
    """A command prefix that takes root's right to write anywhere away (nothing otherwise)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable"]


def quiet_course(root: Path) -> Course:
    course = Course.create(root, "Quit course")
    course.add_lesson("One", body="Intro line\n")
    return course


def write_config() -> None:
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("autosave_delay = 3600\n")  # typed text stays unsaved until the quit


def rescue_files(data: Path) -> list[Path]:
    folder = data / "lessontui" / "rescue"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "ctrl+q"])
def test_a_read_only_folder_sends_the_text_to_a_rescue_file(tmp_path: Path, how: str) -> None:
    course = quiet_course(tmp_path / "course")
    lesson = course.lessons[0]
    before = lesson.path.read_bytes()
    data, status = tmp_path / "data", tmp_path / "exit-status"
    write_config()
    command: list[str | Path] = [
        *unprivileged(),
        "env",
        f"XDG_DATA_HOME={data}",
        LESSONTUI,
        course.root,
    ]
    course.lessons_dir.chmod(0o555)
    terminal = Terminal([sys.executable, "-c", RECORDER, status, *command])
    try:
        terminal.wait_for_text("Intro line")
        (app,) = children(terminal.pid, "lessontui")
        terminal.keys_and_wait_for_redraw("Enter")  # into the editor
        terminal.type("RESCUED ")
        terminal.wait_for_text("RESCUED Intro line")
        if how == "ctrl+q":
            terminal.keys("C-q")
        else:
            os.kill(app, getattr(signal, how))
        wait_until(lambda: gone(app), "the app to exit")
        wait_until(status.exists, "the exit status")
        code = 0 if how == "ctrl+q" else 128 + getattr(signal, how)
        assert status.read_text() == str(code)
        (rescued,) = rescue_files(data)
        assert "RESCUED Intro line" in rescued.read_text()
        assert lesson.path.read_bytes() == before
        assert not [p for p in course.lessons_dir.iterdir() if p != lesson.path]
        printed = printed_on(terminal)
        assert str(rescued) in printed, printed
    finally:
        course.lessons_dir.chmod(0o755)
        terminal.close()


def printed_on(terminal: Terminal) -> str:
    """The pane's text with its scrollback, wrapped lines joined."""
    return terminal.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", ":0.0")


# Every folder a rescue could go to is read-only: /tmp (the course, the data,
# state and home folders are in it) and /var/tmp, mounted read-only in a mount
# namespace of the app's own.
NOWHERE = [
    "unshare", "--mount", "sh", "-c",
    'for d in /tmp /var/tmp; do mount --bind "$d" "$d" && mount -o remount,bind,ro "$d" '
    '|| exit 97; done; exec "$@"', "sh",
]  # fmt: skip


def run_refused(
    tmp_path: Path,
    how: str,
    blocked: list[Path],
    prefix: list[str] | None = None,
    course: Course | None = None,
) -> tuple[Course, Terminal, int]:
    """Type into an app whose `lessons/` and `blocked` folders are read-only, then quit
    `how`; (course, terminal, the exit status). The data, state, temporary and home
    folders are tmp_path's data/, state/, tmp/ and home/; `prefix` runs the app."""
    course = course or quiet_course(tmp_path / "course")
    status = tmp_path / "exit-status"
    places = {name: tmp_path / name for name in ("data", "state", "tmp", "home")}
    for folder in places.values():
        folder.mkdir(exist_ok=True)
    write_config()
    settings = [f"XDG_{name.upper()}_HOME={places[name]}" for name in ("data", "state")]
    settings += [f"TMPDIR={places['tmp']}", f"HOME={places['home']}"]
    command: list[str | Path] = [*(prefix or []), *unprivileged(), "env", *settings]
    command += [LESSONTUI, course.root]
    terminal = Terminal([sys.executable, "-c", RECORDER, status, *command])
    try:
        terminal.wait_for_text("Intro line")
        (app,) = children(terminal.pid, "lessontui") or children(terminal.pid, "sh")
        terminal.keys_and_wait_for_redraw("Enter")  # into the editor
        terminal.type("RESCUED ")
        terminal.wait_for_text("RESCUED Intro line")
        # Folders the app made meanwhile (its state folder) are read-only too.
        blocked = [
            sub for folder in blocked for sub in (folder, *folder.rglob("*")) if sub.is_dir()
        ]
        for folder in [course.lessons_dir, *blocked]:
            folder.chmod(0o555)
        if how == "ctrl+q":
            terminal.keys("C-q")
        else:
            os.kill(app, getattr(signal, how))
        wait_until(lambda: gone(app), "the app to exit")
        wait_until(status.exists, "the exit status")
        return course, terminal, int(status.read_text())
    except BaseException:
        terminal.close()
        raise
    finally:
        for folder in [course.lessons_dir, *blocked]:
            folder.chmod(0o755)


def test_a_read_only_data_folder_sends_the_rescue_to_the_state_folder(tmp_path: Path) -> None:
    _course, terminal, code = run_refused(tmp_path, "SIGTERM", [tmp_path / "data"])
    try:
        assert code == 128 + signal.SIGTERM
        (rescued,) = (tmp_path / "state" / "lessontui" / "rescue").iterdir()
        assert "RESCUED Intro line" in rescued.read_text()
        printed = printed_on(terminal)
        assert str(rescued) in printed, printed
    finally:
        terminal.close()


@pytest.mark.parametrize("odd", ["a 255-byte file name", "a title going on at column 0"])
@pytest.mark.parametrize("how", ["SIGTERM", "ctrl+q"])
def test_an_odd_lesson_with_its_save_refused_is_rescued(tmp_path: Path, odd: str, how: str) -> None:
    course = Course.create(tmp_path / "course", "Odd course")
    if odd == "a title going on at column 0":
        name, header = "01-evil.md", '---\ntitle: "evil\nt"\norder: 1\n---\n'
    else:
        name, header = f"01-{'L' * 249}.md", "---\ntitle: Long\norder: 1\n---\n"
    (course.lessons_dir / name).write_text(header + "Intro line\n")
    course = Course.load(course.root)
    _course, terminal, code = run_refused(tmp_path, how, [], course=course)
    try:
        assert code == (0 if how == "ctrl+q" else 128 + signal.SIGTERM), printed_on(terminal)
        (rescued,) = rescue_files(tmp_path / "data")
        assert "RESCUED Intro line" in rescued.read_text()
    finally:
        terminal.close()


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_with_nowhere_to_write_a_signal_says_so_and_prints_the_text(
    tmp_path: Path, how: str
) -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to make /tmp read-only for the app alone")
    _course, terminal, code = run_refused(tmp_path, how, [], prefix=NOWHERE)
    try:
        assert code == 128 + getattr(signal, how)
        printed = printed_on(terminal)
        assert "lessontui: could not rescue the note:" in printed, printed
        after = printed.split("could not rescue the note:", 1)[1]
        assert "RESCUED Intro line" in after, printed  # on the restored screen, to copy
    finally:
        terminal.close()


@pytest.mark.needs_mpv
def test_a_terminal_gone_without_a_hangup_signal_saves_and_exits(
    tmp_path: Path, player_clip: Path
) -> None:
    from tests.fixtures_player import clip_course

    course = clip_course(tmp_path / "course", player_clip)
    lesson = course.lessons[0]
    status = tmp_path / "exit-status"
    terminal, app, mpv = start(course, status, wrapper=OWN_SESSION)
    try:
        terminal.type("GONE ")
        terminal.wait_for_text("GONE Intro line")  # typed, not saved (autosave: an hour)
        assert "GONE" not in lesson.path.read_text()
        closed = time.monotonic()
        terminal.tmux("kill-server")  # the pty is closed; the app is in another session
        wait_until(lambda: gone(app), "the app to exit", timeout=15)
        print(f"\nexited {time.monotonic() - closed:.2f} s after the terminal went away")
        assert lesson.path.read_text().split("---\n", 2)[2].startswith("GONE Intro line")
        wait_until(lambda: gone(mpv), "mpv to quit")
    finally:
        terminal.close()
        for pid in (app, mpv):
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)


class Pty:
    """The app on a pty of our own: we type into the master, and read it or stop reading."""

    def __init__(self, course: Course, data: Path, prefix: list[str] | None = None) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        env = {**os.environ, "XDG_DATA_HOME": str(data), "TERM": "xterm-256color"}
        for size in ("COLUMNS", "LINES"):  # the pty's size, not pytest's
            env.pop(size, None)
        self.process = subprocess.Popen(
            [*(prefix or []), LESSONTUI, course.root],
            stdin=slave, stdout=slave, stderr=slave,
            start_new_session=True,  # the pty is not its controlling terminal: no SIGHUP
            env=env,
        )  # fmt: skip
        os.close(slave)
        self.output = bytearray()
        self.reading = threading.Event()
        self.reading.set()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            self.reading.wait()
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: bytes) -> None:
        wait_until(lambda: text in self.output, f"{text!r} in the output")

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def pending(self) -> int:
        """Bytes the app wrote that nobody has read."""
        return int(struct.unpack("i", fcntl.ioctl(self.master, termios.FIONREAD, b"\0" * 4))[0])

    def resize(self, times: int) -> None:
        """Resize the pty `times` times; each resize makes the app repaint the whole screen."""
        for step in range(times):
            size = struct.pack("HHHH", 20 + step % 20, 100 + step % 7, 0, 0)
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, size)
            self.process.send_signal(signal.SIGWINCH)
            time.sleep(0.1)

    def fill(self) -> None:
        """Resize until the app's output fills the pty (what is pending stops growing)."""
        last, still = -1, 0
        for _ in range(200):
            self.resize(1)
            now = self.pending()
            still = still + 1 if now == last else 0
            if still >= 5:
                return
            last = now
        raise AssertionError("the app's output never filled the pty")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def test_a_pty_whose_master_is_closed_ends_the_app_with_the_note_saved(tmp_path: Path) -> None:
    course = quiet_course(tmp_path / "course")
    lesson = course.lessons[0]
    write_config()
    app = Pty(course, tmp_path / "data")
    try:
        app.wait_for(b"Intro line")
        app.type(b"\rPTYWORD ")  # into the editor (keys typed behind enter follow it)
        app.wait_for(b"PTYWORD ")
        closed = time.monotonic()
        os.close(app.master)
        app.process.wait(timeout=15)
        print(f"\nexited {time.monotonic() - closed:.2f} s after the master closed")
        assert app.process.returncode == 128 + signal.SIGHUP
        assert lesson.path.read_text().split("---\n", 2)[2].startswith("PTYWORD Intro line")
    finally:
        app.kill()


def test_a_pty_closed_with_the_text_in_a_rescue_file_ends_as_on_sighup(tmp_path: Path) -> None:
    course = quiet_course(tmp_path / "course")
    write_config()
    app = Pty(course, tmp_path / "data", prefix=unprivileged())
    try:
        app.wait_for(b"Intro line")
        app.type(b"\rPTYWORD ")  # into the editor (keys typed behind enter follow it)
        app.wait_for(b"PTYWORD ")
        course.lessons_dir.chmod(0o555)
        os.close(app.master)
        app.process.wait(timeout=15)
        # The rescue's path cannot be printed (EIO): dropped, not a crash (status 1).
        assert app.process.returncode == 128 + signal.SIGHUP
        (rescued,) = rescue_files(tmp_path / "data")
        assert "PTYWORD Intro line" in rescued.read_text()
    finally:
        course.lessons_dir.chmod(0o755)
        app.kill()


@pytest.mark.parametrize("stuck", ["ctrl+q", "repaints"])
def test_sigterm_ends_an_app_stuck_on_a_terminal_that_stopped_reading(
    tmp_path: Path, stuck: str
) -> None:
    """`ctrl+q`: the quit saves, then hangs drawing its last frame; SIGTERM ends it.
    `repaints`: more frames than the output queue holds, so the app's loop
    itself waits; SIGTERM ends it too, the text saved or rescued by the watchdog."""
    course = quiet_course(tmp_path / "course")
    lesson = course.lessons[0]
    data = tmp_path / "data"
    write_config()
    app = Pty(course, data)
    try:
        app.wait_for(b"Intro line")
        app.type(b"\rSTALLED ")  # into the editor (keys typed behind enter follow it)
        app.wait_for(b"STALLED ")
        app.reading.clear()  # the terminal stops reading: the app's writes fill the pty
        app.fill()
        if stuck == "ctrl+q":
            app.type(b"\x11")  # a quit that cannot finish drawing
        else:
            app.resize(60)  # frames queue up behind the full pty until the loop waits
        time.sleep(1)
        assert app.process.poll() is None, "nothing hung: the test proves nothing"
        sent = time.monotonic()
        app.process.send_signal(signal.SIGTERM)
        app.process.wait(timeout=15)
        rescued = [p.read_text() for p in rescue_files(data)]
        how = "rescued by the watchdog" if rescued else "saved by the app"
        print(f"\nexited {time.monotonic() - sent:.2f} s after SIGTERM, the text {how}")
        assert app.process.returncode == 128 + signal.SIGTERM
        body = lesson.path.read_text().split("---\n", 2)[2]
        assert body.startswith("STALLED Intro line") or any("STALLED" in t for t in rescued)
    finally:
        app.reading.set()
        app.kill()


def test_the_screen_is_drawn_again_after_fg(tmp_path: Path) -> None:
    course = quiet_course(tmp_path / "course")
    write_config()
    terminal = Terminal(["bash", "--norc", "--noprofile", "-i"])
    try:
        terminal.type(f"{LESSONTUI} {course.root}")
        terminal.keys("Enter")
        terminal.wait_for_text("Intro line")
        (app,) = children(terminal.pid, "lessontui")
        os.kill(app, signal.SIGTSTP)
        wait_until(lambda: "Intro line" not in terminal.screen(), "the shell's screen")
        terminal.type("fg")
        terminal.keys("Enter")
        terminal.wait_for_text("Intro line", timeout=15)  # no key pressed in the app
        terminal.keys("C-q")
        wait_until(lambda: gone(app), "the app to exit")
    finally:
        terminal.close()


class Trickle(BaseHTTPRequestHandler):
    """A video that never ends arriving: a few bytes a tenth of a second, until hung up."""

    protocol_version = "HTTP/1.1"
    gets: ClassVar[list[str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._headers()

    def do_GET(self) -> None:
        Trickle.gets.append(self.path)
        self._headers()
        try:
            while True:
                self.wfile.write(b"\0" * 512)
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return

    def _headers(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "video/mp4")
        self.send_header("Content-Length", str(500 * 1024 * 1024))
        self.end_headers()


def test_quitting_does_not_wait_for_a_download(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    course = Course.create(tmp_path / "course", "Download course")
    course.add_lesson("One", body="Intro line\n", url=f"http://{host!s}:{port}/slow.mp4")
    status = tmp_path / "exit-status"
    write_config()
    terminal = Terminal([sys.executable, "-c", RECORDER, status, LESSONTUI, course.root])
    try:
        terminal.wait_for_text("Intro line")
        (app,) = children(terminal.pid, "lessontui")
        terminal.keys_and_wait_for_redraw("Enter")
        Trickle.gets.clear()
        terminal.keys("M-d")  # download the lesson's video: it never finishes
        wait_until(lambda: Trickle.gets, "the download to start")
        time.sleep(1)  # well into it
        pressed = time.monotonic()
        terminal.keys("C-q")
        wait_until(lambda: gone(app), "the app to exit", timeout=15)
        print(f"\nexited {time.monotonic() - pressed:.2f} s after ctrl+q, a download running")
        wait_until(status.exists, "the exit status")
        assert status.read_text() == "0"
    finally:
        terminal.close()
        server.shutdown()
