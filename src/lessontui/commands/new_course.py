"""`lessontui new [PATH] --title ...`: make an empty course (in the library by default)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from lessontui.commands import UsageError
from lessontui.course.course import Course, CourseError
from lessontui.terminal_text import clean_for_terminal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="folder for the new course (made if missing; default: a folder in the library "
        "named after the title)",
    )
    parser.add_argument("--title", help="course title (default: the folder name)")
    parser.add_argument("--source", help="URL of the course or playlist")


def run(args: argparse.Namespace) -> int:
    from lessontui.config import load_settings
    from lessontui.course.library import is_in_library
    from lessontui.course.slug import slugify, unique_path
    from lessontui.library import remember

    library = load_settings().library
    if args.path is None:
        if not args.title:
            raise UsageError("give the course a --title (or a PATH for its folder)")
        try:
            library.mkdir(parents=True, exist_ok=True)
            path = unique_path(library, slugify(args.title, fallback="course"))
        except (OSError, ValueError) as error:
            raise UsageError(f"cannot make a folder in the library {library}: {error}") from None
    else:
        path = args.path
    title = args.title or path.name.replace("-", " ").strip() or "My course"
    fields: dict[str, object] = {"date": dt.date.today()}
    if args.source:
        fields["source"] = args.source
    try:
        course = Course.create(path, title, **fields)
    except (CourseError, OSError) as error:
        raise UsageError(str(error)) from None
    print(clean_for_terminal(f"Made course {course.title!r} in {course.root}"))
    if not is_in_library(course.root, library):
        problem = remember(course.root, library)
        print(
            clean_for_terminal(problem or "It is listed in the library (lessontui without a path).")
        )
    print(clean_for_terminal(f"Open it with: lessontui {course.root}"))
    return 0
