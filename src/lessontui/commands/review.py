"""`lessontui review [PATH] [--stats]`: open the app on the review screen, or print progress."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lessontui.course.reviews import Stats

BAR = "█"
DAYS = 14  # reviews per day: the last two weeks
WEEKS = 8  # items first reviewed per week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a course folder (holding course.md); without it, every course of the library",
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print reviews per day, items learned per week and retention, then exit",
    )


def run(args: argparse.Namespace) -> int:
    from lessontui.commands.open_course import load_course
    from lessontui.commands.open_course import run as open_app

    if not args.stats:
        return open_app(args.path, review=True)
    from lessontui.config import load_settings
    from lessontui.course import reviews
    from lessontui.library import library_course_roots
    from lessontui.services.review_queue import course_schedule, library_schedule
    from lessontui.terminal_text import clean_for_terminal

    now = reviews.utc_now()
    if args.path is not None:
        course = load_course(args.path)
        schedule = course_schedule(course, now)
        where = course.title
    else:
        schedule = library_schedule(library_course_roots(load_settings().library), now)
        where = "the library"
    for problem in schedule.problems:
        print(clean_for_terminal(f"lessontui: {problem}"), file=sys.stderr)
    log = reviews.ReviewLog([r for one in schedule.logs for r in one.records])
    text = stats_text(where, reviews.stats(log), len(schedule.due(now)), now)
    # A title's control characters shown, never sent.
    shown = "".join(clean_for_terminal(line) + "\n" for line in text.splitlines())
    try:
        sys.stdout.write(shown)
        sys.stdout.flush()
    except BrokenPipeError:
        # `lessontui review --stats | head -3`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _bars(rows: list[tuple[str, int]]) -> list[str]:
    top = max((count for _, count in rows), default=0) or 1
    return [f"  {label}  {BAR * round(20 * count / top):<20} {count}" for label, count in rows]


def stats_text(where: str, figures: Stats, due: int, now: dt.datetime) -> str:
    """Progress as text: due now, reviews per day, items learned per week, retention."""
    today = now.astimezone().date()
    days = [today - dt.timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    per_day = [(day.strftime("%a %d %b"), figures.reviews_per_day.get(day, 0)) for day in days]
    weeks = list(figures.learned_per_week.items())[-WEEKS:]
    retention = (
        f"{figures.retention:.0%} of repeat reviews recalled (not graded again)"
        if figures.retention is not None
        else "no repeat reviews yet"
    )
    lines = [
        f"Review of {where}: {due} due now, {figures.cards} items reviewed, "
        f"{figures.reviews} reviews in all",
        f"Retention: {retention}",
        f"Reviews per day (last {DAYS} days):",
        *_bars(per_day),
        "Items first reviewed per week:",
        *(_bars(weeks) if weeks else ["  none yet"]),
    ]
    return "\n".join(lines)
