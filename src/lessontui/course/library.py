"""The library folder: the courses directly inside it, and what could not be listed."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lessontui.course.course import COURSE_FILE, Course, CourseError


@dataclass
class Library:
    courses: list[Course] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (folder, why)


def find_courses(library: Path, elsewhere: Iterable[Path] = ()) -> Library:
    """Courses directly inside `library` by title, then those `elsewhere` (made or
    opened outside the library folder and remembered), in the order given.

    Entry by entry: a symlink loop, an unreadable folder or a broken course is
    reported in `skipped` and never hides the other courses. A remembered folder
    that no longer holds a course (moved, deleted) is left out without a word.
    """
    found = Library()
    try:
        folders = sorted(library.iterdir())
    except FileNotFoundError:
        folders = []  # no library folder yet: courses elsewhere still count
    except OSError as error:
        found.skipped.append((library, error.strerror or str(error)))
        folders = []
    for folder in folders:
        try:
            # os.stat, not Path.is_dir: that one takes a symlink loop for "not a folder".
            if not stat.S_ISDIR(os.stat(folder).st_mode):
                continue
            if not (folder / COURSE_FILE).is_file():
                continue
            found.courses.append(Course.load(folder))
        except CourseError as error:
            found.skipped.append((folder, str(error)))
        except OSError as error:
            found.skipped.append((folder, error.strerror or str(error)))
    found.courses.sort(key=lambda c: c.title.lower())
    seen = {_real(c.root) for c in found.courses}
    for root in elsewhere:
        real = _real(root)
        if real in seen or real.parent == _real(library):
            continue
        seen.add(real)
        try:
            if (root / COURSE_FILE).is_file():
                found.courses.append(Course.load(root))
        except CourseError as error:
            found.skipped.append((root, str(error)))
        except OSError as error:
            found.skipped.append((root, error.strerror or str(error)))
    return found


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path.absolute()


def is_in_library(folder: Path, library: Path) -> bool:
    """True for a course folder directly inside the library folder."""
    return _real(folder).parent == _real(library)
