"""A course as an attacker would share it, and a sibling folder it must never touch.

Symlinks out of the course in every place lessontui writes (a lesson, `.trash`,
`.lessontui`, `media`, and in a second course `lessons/` itself), a FIFO, a
socket, a device, a symlink loop, a YAML alias bomb, a 5 MB header, terminal
escapes in file names, titles and URLs, and Liquid in titles.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
import stat
from dataclasses import dataclass
from pathlib import Path

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # sets the terminal's clipboard
CLEAR = "\x1b[2J"
ESCAPED_NAME = f"08-{CLEAR}clear{OSC52}.md"
LIQUID_TITLE = "Django {% block content %} and {{ page.title }}"
SECRET = "SECRET-OUTSIDE-TEXT"
# Raw control bytes (tab and newline excepted; CR only before a newline) and C1
# controls in UTF-8: none may reach the terminal.
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)|\xc2[\x80-\x9f]")


def alias_bomb(levels: int = 9) -> str:
    """A few hundred bytes of YAML that expand to 9**9 values (the billion laughs)."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


@dataclass
class Hostile:
    course: Path  # the hostile course (symlinks to the sibling everywhere)
    linked_lessons: Path  # a second course whose `lessons/` is a symlink to the sibling
    sibling: Path  # files outside both courses: must stay byte for byte the same
    library: Path  # the folder holding both courses, plus a symlink loop


def build(base: Path) -> Hostile:
    sibling = base / "sibling"
    for folder in ("trash", "cache", "media", "lessons"):
        (sibling / folder).mkdir(parents=True)
    (sibling / "secret.md").write_text(f"---\ntitle: Secret\norder: 3\n---\n{SECRET}\n")
    (sibling / "notes.md").write_text("my own notes, not an export\n")
    (sibling / "hostname").write_text("secret-host\n")
    (sibling / "lessons" / "01-elsewhere.md").write_text(
        f"---\ntitle: Elsewhere\norder: 1\nstatus: todo\n---\n{SECRET} elsewhere\n"
    )

    library = base / "library"
    course = library / "hostile"
    lessons = course / "lessons"
    lessons.mkdir(parents=True)
    (course / "course.md").write_text(
        "---\n"
        f'title: "Hostile {LIQUID_TITLE} \\e]52;c;eA==\\a"\n'
        "parts:\n"
        '  - title: "Part {% raw %} one"\n'
        '    goal: "learn {{ site.title }}"\n'
        "export:\n"
        "  output: ../../sibling/notes.md\n"
        "  notes: true\n"
        "---\n"
        "Intro with {% include nope.html %} Liquid.\n"
    )
    (lessons / "01-ok.md").write_text(
        "---\n"
        f'title: "{LIQUID_TITLE} \\e]52;c;eA==\\a"\n'
        "order: 1\n"
        "part: 1\n"
        "status: watching\n"
        'url: "https://www.youtube.com/watch?v=abc\\e[2J"\n'
        "---\n"
        "Notes with {% endraw %} and {{ x }} and <script>alert(1)</script>.\n"
        f"An escape in the text: {CLEAR} and {OSC52} and findme.\n"
        "[a](&#106;avascript:alert(1)) [b](jav&#x09;ascript:x) [c](javascript&colon;x)\n"
        "[d](https//missing-colon.example) [e](no-such-file.md)\n\n"
        "## Things I learned\n"
        "- [x] learned {% block x %} findme\n"
    )
    os.mkfifo(lessons / "02-fifo.md")
    (lessons / "03-link.md").symlink_to(sibling / "secret.md")
    with contextlib.chdir(lessons):  # a socket path must be short: bind a relative one
        server = socket.socket(socket.AF_UNIX)
        server.bind("04-sock.md")
        server.close()
    (lessons / "05-bomb.md").write_text(f"---\ntitle: Bomb\norder: 5\n{alias_bomb()}---\nboom\n")
    with (lessons / "06-big.md").open("w") as big:
        big.write("---\ntitle: Big\norder: 6\npad: ")
        big.write("x" * (5 << 20))
        big.write("\n---\nbig body\n")
    (lessons / "07-loop.md").symlink_to("07-loop.md")
    (lessons / ESCAPED_NAME).write_text(
        f"---\ntitle: Escaped name\norder: 8\n---\nfindme in an escaped name {CLEAR} [x](TODO)\n"
    )
    (lessons / "09-hostname.md").symlink_to(sibling / "hostname")
    (lessons / "10-device.md").symlink_to("/dev/zero")
    (course / ".trash").symlink_to(sibling / "trash")
    (course / ".lessontui").symlink_to(sibling / "cache")
    (course / "media").symlink_to(sibling / "media")

    linked = library / "linked"
    linked.mkdir()
    (linked / "course.md").write_text("---\ntitle: Linked lessons\n---\n")
    (linked / "lessons").symlink_to(sibling / "lessons")

    (library / "loop").symlink_to("loop")  # a symlink loop in the library itself
    return Hostile(course, linked, sibling, library)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder` (symlinks not followed): kind, mode and content hash."""
    result: dict[str, object] = {}
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(root, name)
            st = path.lstat()
            key = str(path.relative_to(folder))
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                result[key] = ("file", st.st_mode, digest, st.st_mtime_ns)
            else:
                result[key] = ("other", st.st_mode)
    return result
