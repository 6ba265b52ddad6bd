"""`lessontui export COURSE [--format jekyll|html] [-o FILE]`: write the finished page;
`--anki`: an Anki deck of the learned items instead."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lessontui.commands import UsageError
from lessontui.course.export_options import SWITCHES

if TYPE_CHECKING:
    from lessontui.course.course import Course


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("course", type=Path, help="the course folder (holding course.md)")
    parser.add_argument(
        "--format",
        choices=("jekyll", "html"),
        help="jekyll: Markdown page with front matter (default); html: one standalone page",
    )
    parser.add_argument(
        "--anki",
        action="store_true",
        help="write an Anki deck (.apkg) of the learned items instead: one note each, "
        "updated in place by a later export (default file: TITLE.apkg here)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with -o: replace a file lessontui did not write, or write inside the course "
        "folder (never over course.md or a lesson)",
    )
    # --no-notes / --no-unchecked override `notes: true` in course.md's export block.
    parser.add_argument(
        "--notes",
        action=argparse.BooleanOptionalAction,
        help="include each lesson's notes",
    )
    parser.add_argument(
        "--unchecked",
        action=argparse.BooleanOptionalAction,
        help="include learned items not ticked yet, as an open task list",
    )
    for name, _, label in SWITCHES[2:]:  # the lesson's video: heading link, duration...
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            action=argparse.BooleanOptionalAction,
            help=label[0].lower() + label[1:],
        )


def run(args: argparse.Namespace) -> int:
    from lessontui.config import load_settings
    from lessontui.course.atomic import SaveError
    from lessontui.course.course import Course, CourseError
    from lessontui.services import checks, exporter
    from lessontui.terminal_text import clean_for_terminal

    try:
        course = Course.load(args.course)
    except CourseError as error:
        raise UsageError(str(error)) from None
    if args.anki:
        return _anki(course, args.output, args.force)
    if args.output is not None:
        problem = exporter.output_problem(args.output, course.root, force=args.force)
        if problem:
            raise UsageError(f"{args.output}: not written: {problem}")
    settings = load_settings()
    for problem in settings.problems:
        print(clean_for_terminal(problem), file=sys.stderr)
    # Flags over course.md's `export:` block over the user's `[export]` table.
    options = exporter.ExportOptions.for_course(
        course,
        defaults=settings.export,
        format=args.format,
        **{name: getattr(args, name) for name, _, _ in SWITCHES},
    )
    # The check runs first so problems are seen before the page is published;
    # its findings go to stderr and never mix with a page written to stdout.
    findings = checks.check_course(course, unchecked_ok=options.unchecked, notes=options.notes)
    for finding in findings:
        print(clean_for_terminal(finding.format(relative_to=Path.cwd())), file=sys.stderr)
    if findings:
        print(f"check: {checks.summary(findings)}", file=sys.stderr)
    try:
        text = exporter.export_text(course, options)
    except exporter.ExportError as error:
        raise UsageError(str(error)) from None
    if args.output is None:
        if exporter.page_images(course, options)[0]:
            print("The page shows images of the course: with -o they are copied beside it.",
                  file=sys.stderr)  # fmt: skip
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        exporter.write_export(args.output, text)
    except SaveError as error:
        raise UsageError(f"{args.output}: {error.strerror or error}") from None
    from lessontui.services.export_images import copy_images

    images, assets = exporter.page_images(course, options)
    for problem in copy_images(images, args.output, assets):
        print(clean_for_terminal(problem), file=sys.stderr)
    size = len(text.encode())
    print(
        clean_for_terminal(f"Wrote {args.output} ({options.format}, {size} bytes)"), file=sys.stderr
    )
    return 0


def _anki(course: Course, output: Path | None, force: bool) -> int:
    from lessontui.course.atomic import SaveError
    from lessontui.services import anki_export, exporter
    from lessontui.terminal_text import clean_for_terminal

    path = output if output is not None else Path(anki_export.default_filename(course))
    problem = exporter.output_problem(path, course.root, force=force)
    if problem:
        raise UsageError(f"{path}: not written: {problem}")
    try:
        count = anki_export.write_apkg(path, course)
    except SaveError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from None
    print(clean_for_terminal(f"Wrote {path} (Anki deck, {count} notes)"), file=sys.stderr)
    return 0
