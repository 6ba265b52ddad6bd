"""The user's library: the library folder's courses plus those made or opened elsewhere.

The folder is listed by `course.library`; courses elsewhere are remembered in the
state file (`AppState`), so `new`, `import` and the app all add to one list.
"""

from __future__ import annotations

from pathlib import Path

from lessontui.course.library import is_in_library
from lessontui.state import AppState


def remember(root: Path, library: Path) -> str | None:
    """List a course made outside the library folder in the library; why not, or None."""
    if is_in_library(root, library):
        return None
    state = AppState()
    state.remember_course(root)
    return state.save()


def elsewhere(library: Path) -> list[Path]:
    """Remembered course folders outside the library folder that still hold a course."""
    return [
        root
        for root in AppState().known_courses()
        if not is_in_library(root, library) and (root / "course.md").is_file()
    ]


def library_note_files(library: Path, skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """The lesson files of every course the library lists, for a library-wide search."""
    from lessontui.services.search import note_files

    files = note_files(library, skipped)
    for root in elsewhere(library):
        files.extend(note_files(root, skipped))
    return files


def library_course_roots(library: Path, skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """The course folders of the library: its folder's, then those elsewhere."""
    from lessontui.services.search import course_folders

    roots = [Path(folder) for folder in course_folders(str(library), skipped)]
    return roots + elsewhere(library)
