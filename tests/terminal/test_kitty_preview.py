"""Kitty graphics in the preview, read from the app's own bytes on a real pty: the PNG
of the note's frame is transmitted once (chunked base64, a placement for placeholders),
the placeholder cells are drawn in the image id's colour, and the image is deleted when
the note no longer shows it and at exit."""

from __future__ import annotations

import base64
import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import termios
import threading
from pathlib import Path

from lessontui.course.course import Course
from lessontui.render.kitty import DIACRITICS, PLACEHOLDER
from tests.app.test_preview_images import two_colour_png
from tests.tmux_terminal import LESSONTUI, wait_until

APC = re.compile(rb"\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\")
FRAME = "media/frames/01-one-0h00m42s.png"


class KittyPty:
    """The installed app on a pty of ours, as a kitty-like terminal; all its bytes kept."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **env}
        for name in ("COLUMNS", "LINES", "TMUX", "KITTY_WINDOW_ID", "TERM_PROGRAM"):
            if name not in env:
                environ.pop(name, None)
        self.process = subprocess.Popen(
            [LESSONTUI, root], stdin=slave, stdout=slave, stderr=slave,
            start_new_session=True, env=environ,
        )  # fmt: skip
        os.close(slave)
        self.output = bytearray()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def commands(self) -> list[tuple[dict[str, str], bytes]]:
        """Every Kitty graphics command written so far: its keys and its payload."""
        found = []
        for match in APC.finditer(bytes(self.output)):
            keys = dict(part.split("=", 1) for part in match.group(1).decode().split(",") if part)
            found.append((keys, match.group(2) or b""))
        return found

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.master)


def sent_images(
    commands: list[tuple[dict[str, str], bytes]],
) -> dict[int, tuple[dict[str, str], bytes]]:
    """Image id -> (its first chunk's keys, the PNG put together from all its chunks)."""
    images: dict[int, tuple[dict[str, str], bytes]] = {}
    current: tuple[dict[str, str], list[bytes]] | None = None
    for keys, payload in commands:
        if keys.get("a") == "T":
            current = (keys, [payload])
        elif current is not None and "a" not in keys:
            current[1].append(payload)
        else:
            continue
        if keys.get("m") == "0":
            images[int(current[0]["i"])] = (current[0], base64.b64decode(b"".join(current[1])))
            current = None
    return images


def kitty_course(root: Path) -> Path:
    course = Course.create(root, "Kitty course")
    png = two_colour_png(root / FRAME)
    course.add_lesson("One", body=f"Before\n\n![0:42](../{FRAME})\n\nAfter\n")
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('preview_images = "kitty"\n', encoding="utf-8")
    return png


def test_forced_kitty_sends_the_frame_once_and_draws_its_placeholders(tmp_path: Path) -> None:
    png = kitty_course(tmp_path / "course")
    app = KittyPty(tmp_path / "course", {})
    try:
        wait_until(lambda: sent_images(app.commands()), "the frame transmitted")
        [(image_id, (keys, data))] = sent_images(app.commands()).items()
        assert data == png.read_bytes()  # the file itself: a small PNG goes as it is
        assert (keys["U"], keys["f"], keys["q"]) == ("1", "100", "2")
        columns, rows = int(keys["c"]), int(keys["r"])
        # As its half blocks would be: a cell per pixel column, two pixel rows a cell.
        assert columns <= 64
        assert abs(rows - columns * 48 / 64 / 2) <= 1
        # The placeholder cells, in the colour that is the image's id (truecolor).
        r, g, b = (image_id >> 16) & 255, (image_id >> 8) & 255, image_id & 255
        first = (PLACEHOLDER + DIACRITICS[0] + DIACRITICS[0]).encode()
        last = (PLACEHOLDER + DIACRITICS[rows - 1] + DIACRITICS[columns - 1]).encode()
        wait_until(lambda: last in app.output, "the last placeholder cell drawn")
        assert first in app.output
        colour = f"38;2;{r};{g};{b}".encode()
        drawn = bytes(app.output)
        assert colour in drawn[: drawn.index(first)]
        # Sent once: more frames (a key that redraws) do not send it again.
        app.type(b"\r")  # enter: from the lesson list into the note
        app.type(b"zq")
        wait_until(lambda: b"zq" in bytes(app.output)[len(drawn) :], "the typed keys drawn")
        assert len(sent_images(app.commands())) == 1
        # Text before the image on its line: the preview no longer draws it, and once
        # typing pauses the terminal is told to delete it.
        app.type(b"\x1b[1;5H\x1b[B\x1b[B")  # ctrl+home, down, down: the image's line
        app.type(b"see ")
        wait_until(lambda: any(k.get("a") == "d" for k, _ in app.commands()), "the delete")
        [deleted] = [k for k, _ in app.commands() if k.get("a") == "d"]
        assert deleted == {"a": "d", "d": "I", "i": str(image_id), "q": "2"}
        app.type(b"\x7f" * 4)  # drawn again: sent again, under a new id
        wait_until(lambda: len(sent_images(app.commands())) == 2, "the frame sent again")
        [again] = set(sent_images(app.commands())) - {image_id}
        assert sent_images(app.commands())[again][1] == png.read_bytes()
        app.type(b"\x11")  # ctrl+q: the image is deleted before the terminal is given back
        app.process.wait(timeout=30)
        deletes = [k for k, _ in app.commands() if k.get("a") == "d"]
        assert {"a": "d", "d": "I", "i": str(again), "q": "2"} in deletes
    finally:
        app.stop()


def test_auto_inside_tmux_keeps_half_blocks(tmp_path: Path) -> None:
    kitty_course(tmp_path / "course")
    Path(os.environ["LESSONTUI_CONFIG"]).write_text('preview_images = "auto"\n')
    env = {"KITTY_WINDOW_ID": "1", "TMUX": "/tmp/tmux-0/default,1,0"}
    app = KittyPty(tmp_path / "course", env)
    try:
        wait_until(lambda: "▀".encode() in app.output, "the frame in half blocks")
        assert not app.commands()
    finally:
        app.stop()


def test_forced_kitty_without_true_colour_keeps_half_blocks(tmp_path: Path) -> None:
    kitty_course(tmp_path / "course")
    app = KittyPty(tmp_path / "course", {"COLORTERM": "", "TERM": "xterm-256color"})
    try:
        wait_until(lambda: "▀".encode() in app.output, "the frame in half blocks")
        assert not app.commands()  # a 256-colour id would name another image
    finally:
        app.stop()


def test_a_resize_sends_the_image_at_the_new_width_and_deletes_the_old(tmp_path: Path) -> None:
    kitty_course(tmp_path / "course")
    app = KittyPty(tmp_path / "course", {})
    try:
        wait_until(lambda: sent_images(app.commands()), "the frame transmitted")
        [first] = sent_images(app.commands())
        fcntl.ioctl(app.master, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 220, 0, 0))
        app.process.send_signal(signal.SIGWINCH)
        wait_until(lambda: len(sent_images(app.commands())) == 2, "the frame sent again")
        wait_until(lambda: any(k.get("a") == "d" for k, _ in app.commands()), "the old deleted")
        [deleted] = [k for k, _ in app.commands() if k.get("a") == "d"]
        assert deleted["i"] == str(first)
    finally:
        app.stop()


def test_after_fg_the_images_are_sent_again(tmp_path: Path) -> None:
    kitty_course(tmp_path / "course")
    app = KittyPty(tmp_path / "course", {})
    try:
        wait_until(lambda: sent_images(app.commands()), "the frame transmitted")
        [first] = sent_images(app.commands())
        app.process.send_signal(signal.SIGTSTP)  # Textual leaves the alternate screen
        wait_until(lambda: b"\x1b[?1049l" in app.output, "the alternate screen left")
        app.process.send_signal(signal.SIGCONT)
        wait_until(lambda: len(sent_images(app.commands())) == 2, "the frame sent again")
        deleted = [k["i"] for k, _ in app.commands() if k.get("a") == "d"]
        assert deleted == [str(first)]
    finally:
        app.stop()
