"""`lessontui demo [PATH]`: write the demo course and open it."""

from __future__ import annotations

import argparse
from pathlib import Path

from lessontui.commands import UsageError
from lessontui.config import load_settings
from lessontui.course.course import Course, CourseError
from lessontui.services.demo_clip import write_demo_course
from lessontui.terminal_text import clean_for_terminal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="where to write it (default: demo-course in the library folder)",
    )
    parser.add_argument("--no-open", action="store_true", help="write it, do not start the app")


def demo_course(path: Path) -> Course:
    """The demo course at `path`, written first (with its clip) if the folder holds none."""
    try:
        if (path / "course.md").exists():
            return Course.load(path)
        course, problem = write_demo_course(path)
    except (CourseError, OSError) as error:
        raise UsageError(str(error)) from None
    if problem:
        print(clean_for_terminal(f"Note: {problem}."))
    return course


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = args.path or settings.library / "demo-course"
    course = demo_course(path)
    print(clean_for_terminal(f"Demo course in {course.root}"))
    if args.no_open:
        return 0
    from lessontui.commands.open_course import require_terminal_streams
    from lessontui.tui import shutdown
    from lessontui.tui.app import LessonApp

    require_terminal_streams()

    app = LessonApp(course=course, settings=settings)
    return shutdown.run_app(app, app.quitter)
