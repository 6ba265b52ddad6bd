"""`lessontui [PATH]`: open a course, or the library when no path is given."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from lessontui.commands import UsageError
from lessontui.config import load_settings
from lessontui.course.course import Course, CourseError
from lessontui.terminal_text import clean_for_terminal


def run(path: Path | None, review: bool = False) -> int:
    require_terminal_streams()
    settings = load_settings()
    for problem in settings.problems:
        print(clean_for_terminal(f"lessontui: {problem}"), file=sys.stderr)
    course = None
    if path is not None:
        course = load_course(path)
    else:
        print(clean_for_terminal(f"lessontui: library folder {settings.library}"), file=sys.stderr)
    from lessontui.tui import shutdown
    from lessontui.tui.app import LessonApp

    app = LessonApp(course=course, settings=settings, review=review)
    return shutdown.run_app(app, app.quitter)


def require_terminal_streams() -> None:
    """A UsageError when standard input or output is closed (`lessontui <&-`): the
    app reads keys from one and draws on the other, and would crash on a None."""
    for name, stream in (("input", sys.__stdin__), ("output", sys.__stdout__)):
        if stream is None:
            raise UsageError(f"standard {name} is closed: lessontui needs a terminal")


def load_course(path: Path) -> Course:
    """The course at `path`, or a UsageError saying why it is not one."""
    if path.is_dir() and not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"{path}: permission denied")
    try:
        return Course.load(path)
    except CourseError as error:
        raise UsageError(str(error)) from None
