"""The library folder: the courses directly inside it, and what could not be listed."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lessontui.course.course import COURSE_FILE, Course, CourseError


@dataclass
class Library:
    courses: list[Course] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (folder, why)


def find_courses(library: Path) -> Library:
    """Courses directly inside `library`, by title.

    Entry by entry: a symlink loop, an unreadable folder or a broken course is
    reported in `skipped` and never hides the other courses.
    """
    found = Library()
    try:
        folders = sorted(library.iterdir())
    except OSError as error:
        found.skipped.append((library, error.strerror or str(error)))
        return found
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
    return found
