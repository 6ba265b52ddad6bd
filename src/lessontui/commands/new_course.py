"""`lessontui new PATH --title ...`: make an empty course."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from lessontui.commands import UsageError
from lessontui.course.course import Course, CourseError
from lessontui.terminal_text import clean_for_terminal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="folder for the new course (made if missing)")
    parser.add_argument("--title", help="course title (default: the folder name)")
    parser.add_argument("--source", help="URL of the course or playlist")


def run(args: argparse.Namespace) -> int:
    title = args.title or args.path.name.replace("-", " ").strip() or "My course"
    fields: dict[str, object] = {"date": dt.date.today()}
    if args.source:
        fields["source"] = args.source
    try:
        course = Course.create(args.path, title, **fields)
    except (CourseError, OSError) as error:
        raise UsageError(str(error)) from None
    print(clean_for_terminal(f"Made course {course.title!r} in {course.root}"))
    print(clean_for_terminal(f"Open it with: lessontui {course.root}"))
    return 0
