"""Which courses the user has: those in the library folder, and any made or opened elsewhere."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lessontui.state import AppState

COURSE_FILE = "course.md"


@dataclass
class CourseFolders:
    """Course folders to list, and the ones that could not be looked at (and why)."""

    inside: list[Path] = field(default_factory=list)  # in the library folder
    elsewhere: list[Path] = field(default_factory=list)  # remembered from outside it
    problems: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[Path]:
        return [*self.inside, *self.elsewhere]


def _is_course(folder: Path) -> bool:
    try:
        return (folder / COURSE_FILE).is_file()
    except OSError:
        return False


def course_folders(library: Path, state: AppState | None = None) -> CourseFolders:
    """Courses directly in `library`, then remembered ones elsewhere that still exist.

    One unreadable entry is reported and skipped; it never hides the others.
    """
    found = CourseFolders()
    try:
        with os.scandir(library) as entries:
            names = sorted(entry.name for entry in entries)
    except FileNotFoundError:
        names = []
    except OSError as error:
        found.problems.append(f"cannot list {library}: {error.strerror or error}")
        names = []
    for name in names:
        folder = library / name
        try:
            if folder.is_dir() and _is_course(folder):
                found.inside.append(folder)
        except OSError as error:
            found.problems.append(f"skipped {folder}: {error.strerror or error}")
    seen = {_resolved(folder) for folder in found.inside}
    for root in (state or AppState()).known_courses():
        key = _resolved(root)
        if key in seen or not _is_course(root):
            continue  # in the library already, or moved away / deleted since
        seen.add(key)
        found.elsewhere.append(root)
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return path.absolute()


def remember(root: Path) -> str | None:
    """Add a course made outside the library to the library's list; why not, or None."""
    state = AppState()
    state.remember_course(root)
    return state.save()


def library_note_files(library: Path) -> list[str]:
    """The lesson files of every course the library lists, for a library-wide search."""
    from lessontui.services.search import note_files

    files = note_files(library)
    for root in course_folders(library).elsewhere:
        files.extend(note_files(root))
    return files
