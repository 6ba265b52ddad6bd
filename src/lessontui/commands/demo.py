"""`lessontui demo [PATH]`: write the demo course and open it."""

from __future__ import annotations

import argparse
from pathlib import Path

from lessontui.commands import UsageError
from lessontui.config import load_settings
from lessontui.course.course import Course, CourseError
from lessontui.course.demo import write_demo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="where to write it (default: demo-course in the library folder)",
    )
    parser.add_argument("--no-open", action="store_true", help="write it, do not start the app")


def demo_course(path: Path) -> Course:
    """The demo course at `path`, written first if the folder holds no course."""
    try:
        if (path / "course.md").exists():
            return Course.load(path)
        return write_demo(path, clip=_demo_clip(path))
    except (CourseError, OSError) as error:
        raise UsageError(str(error)) from None


def _demo_clip(path: Path) -> Path | None:
    """A short video with chapters for lesson 1, made with ffmpeg when it is installed."""
    from lessontui.course.demo import CLIP_CHAPTERS, CLIP_SECONDS
    from lessontui.services.demo_clip import CLIP_NAME, ClipError, make_clip

    try:
        return make_clip(path / "media" / CLIP_NAME, CLIP_SECONDS, CLIP_CHAPTERS)
    except ClipError as error:
        print(f"No demo video ({error}); lessons will stream from their URLs.")
        return None


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = args.path or settings.library / "demo-course"
    course = demo_course(path)
    print(f"Demo course in {course.root}")
    if args.no_open:
        return 0
    from lessontui.tui.app import LessonApp

    app = LessonApp(course=course, settings=settings)
    app.run()
    return app.return_code or 0
