"""`lessontui subs COURSE [--lesson N] [--langs en,de]`: fetch transcripts after the import.

Subtitles land in the course's `media/` as `LESSON.LANG.vtt` (yt-dlp, manual
subtitles first, automatic captions when there are none); a lesson that has
them already is left alone. The languages default to `subtitle_langs` in the
settings.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from lessontui.commands import UsageError
from lessontui.terminal_text import clean_for_terminal

if TYPE_CHECKING:
    from lessontui.course.course import Course, Lesson

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course", type=Path, help="the course folder (holding course.md)")
    parser.add_argument(
        "--lesson",
        metavar="N",
        help="only this lesson: its number in the course (1, 2, ...) or its file name",
    )
    parser.add_argument(
        "--langs",
        metavar="LANGS",
        help="languages, e.g. en,de (default: subtitle_langs from the settings)",
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from lessontui.commands import import_course
    from lessontui.config import load_settings
    from lessontui.course.course import Course, CourseError
    from lessontui.services.importer import Importer, ImporterError, default_ydl

    settings = load_settings()
    langs = (
        [lang.strip() for lang in args.langs.split(",") if lang.strip()]
        if args.langs is not None
        else [lang for lang in settings.subtitle_langs if lang.strip()]
    )
    if not langs:
        raise UsageError("no languages: give --langs en (or set subtitle_langs)")
    try:
        course = Course.load(args.course)
    except (CourseError, OSError) as error:
        raise UsageError(f"{args.course}: {error}") from None
    lessons = course.lessons if args.lesson is None else [_lesson(course, args.lesson)]
    console = Console(stderr=True, highlight=False)
    bar = import_course.ProgressBar(console)
    importer = Importer(
        ydl_factory=import_course.YDL_FACTORY or default_ydl,
        settings=settings,
        progress=bar.update,
    )
    try:
        with bar:
            result = importer.download(course, lessons, subs=langs, skip_video=True)
    except ImporterError as error:
        console.print(clean_for_terminal(f"lessontui: {error}"), markup=False, soft_wrap=True)
        return EXIT_FAILED
    except KeyboardInterrupt:
        console.print("lessontui: interrupted; run the same command again to resume", markup=False)
        return EXIT_INTERRUPTED
    out = Console(highlight=False)
    missing = result.no_subtitles  # yt-dlp says nothing when there are none in these languages
    out.print(
        f"subtitles ({', '.join(langs)}): {len(result.downloaded) - len(missing)} fetched, "
        f"{len(result.skipped)} already there, {len(result.failures)} failed",
        markup=False,
    )
    for lesson in missing:
        out.print(clean_for_terminal(f"  none in these languages: {lesson.title}"), markup=False)
    for failure in result.failures:
        out.print(clean_for_terminal(f"  FAILED {failure}"), markup=False)
    return 0 if not result.failures else EXIT_FAILED


def _lesson(course: Course, wanted: str) -> Lesson:
    if wanted.isdigit() and 1 <= int(wanted) <= len(course.lessons):
        return course.lessons[int(wanted) - 1]
    for lesson in course.lessons:
        if wanted in (lesson.path.name, lesson.path.stem):
            return lesson
    raise UsageError(f"no lesson {wanted!r} in {course.root} (give its number or file name)")
