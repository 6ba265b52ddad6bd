"""Rescue files: where a note goes when it cannot be written where it lives.

A read-only course folder, a full disk or a folder that is gone leave the
user's data folder (`<data>/lessontui/rescue/`, platformdirs; XDG_DATA_HOME on
Linux) as the place of last resort. Where that cannot be written either
(read-only, full, a file or a dangling link in its place), the next place is
tried: the user's state folder, the system's temporary folder, the home
folder. Each rescue is a new file (mode 0600), named after the course and the
lesson and stamped with the time; none is ever overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from platformdirs import user_data_path, user_state_path

from lessontui.course.slug import slugify


class RescueError(OSError):
    """No place would take the rescue file; says what each place answered."""


def rescue_dir() -> Path:
    """The first place rescue files go to (not created here)."""
    return user_data_path("lessontui") / "rescue"


def write_rescue(text: str, course: str, lesson: str, now: dt.datetime | None = None) -> Path:
    """Write `text` to a new rescue file in the first place that takes it; its path.

    `course` and `lesson` name the file (they are slugged, so any title will do).
    Raises RescueError when every place refused.
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = f"{slugify(course, 'course', 60)}-{slugify(lesson, 'lesson', 60)}-{stamp}"
    data = text.encode("utf-8", "surrogateescape")
    loose = f"lessontui-rescue-{stem}"  # alone in a shared folder, it says what it is
    places = [(rescue_dir(), stem, True), (user_state_path("lessontui") / "rescue", stem, True)]
    places += [(folder, loose, False) for folder in _temporary_folders()]
    with contextlib.suppress(RuntimeError):  # no home folder is known
        places.append((Path.home(), loose, False))
    refused = []
    for folder, name, make in places:
        try:
            return _new_file(folder, name, data, make)
        except OSError as error:
            refused.append(f"{folder}: {error.strerror or error}")
    raise RescueError(f"no folder would take it ({'; '.join(refused)})")


def _temporary_folders() -> list[Path]:
    """$TMPDIR (or TEMP, TMP), /tmp, /var/tmp: never the working folder, which
    tempfile.gettempdir() falls back to when none of them is writable."""
    named = [os.environ.get(name) for name in ("TMPDIR", "TEMP", "TMP")]
    return list(dict.fromkeys(Path(p) for p in [*named, "/tmp", "/var/tmp"] if p))


def _new_file(folder: Path, stem: str, data: bytes, make: bool = False) -> Path:
    """A new file `<stem>[-N].md` in `folder` holding `data`, written in full and synced."""
    if make:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for count in range(1, 1000):
        target = folder / (f"{stem}.md" if count == 1 else f"{stem}-{count}.md")
        try:  # O_EXCL: an existing file (or symlink) is never written through
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except OSError:
            os.close(fd)
            target.unlink(missing_ok=True)  # half a note is no rescue
            raise
        os.close(fd)
        return target
    raise FileExistsError(f"{folder}: too many rescue files named {stem}")
