"""Rescue files: where a note goes when it cannot be written where it lives.

A read-only course folder, a full disk or a folder that is gone leave the
user's data folder (`<data>/lessontui/rescue/`, platformdirs; XDG_DATA_HOME on
Linux) as the place of last resort. Each rescue is a new file, named after the
course and the lesson and stamped with the time; none is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from platformdirs import user_data_path

from lessontui.course.slug import slugify


def rescue_dir() -> Path:
    """The folder rescue files go to (not created here)."""
    return user_data_path("lessontui") / "rescue"


def write_rescue(text: str, course: str, lesson: str, now: dt.datetime | None = None) -> Path:
    """Write `text` to a new rescue file; its path. Raises OSError if even that fails.

    `course` and `lesson` name the file (they are slugged, so any title will do).
    """
    folder = rescue_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    stem = f"{slugify(course, 'course', 60)}-{slugify(lesson, 'lesson', 60)}-{stamp}"
    data = text.encode("utf-8")
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
