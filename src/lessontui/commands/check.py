"""`lessontui check COURSE [--strict]`: list what would go wrong on the published page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessontui.commands import UsageError

EXIT_FINDINGS = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "course", type=Path, help="a course folder, or one Markdown page (an exported one)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on warnings too, not only on errors"
    )


def run(args: argparse.Namespace) -> int:
    from lessontui.config import load_settings
    from lessontui.course.course import CourseError
    from lessontui.services import checks
    from lessontui.terminal_text import clean_for_terminal

    path: Path = args.course.expanduser()
    if not path.exists():
        raise UsageError(f"{path}: no such course folder or file")
    try:
        findings, _ = checks.check_path(path, export_defaults=load_settings().export)
    except CourseError as error:
        raise UsageError(str(error)) from None
    for finding in findings:
        print(clean_for_terminal(finding.format(relative_to=Path.cwd())))
    errors, warnings = checks.counts(findings)
    print(clean_for_terminal(f"{path}: {checks.summary(findings)}"), file=sys.stderr)
    return EXIT_FINDINGS if errors or (args.strict and warnings) else 0
