"""The review schedule of a course or of the whole library: lessons read, logs replayed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lessontui.course import reviews
from lessontui.course.course import Course, CourseError
from lessontui.course.document import DocumentError


@dataclass
class Schedule:
    """Every ticked item with its card, and what could not be read (as text)."""

    items: list[reviews.ReviewItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    logs: list[reviews.ReviewLog] = field(default_factory=list)

    def due(self, now: dt.datetime) -> list[reviews.ReviewItem]:
        return reviews.due(self.items, now)


def lesson_texts(course: Course) -> list[reviews.LessonText]:
    """The readable lessons' files, titles and bodies (an unreadable one has no items
    to review now; its history waits in the log)."""
    found = []
    for lesson in course.counted_lessons:
        try:
            found.append(reviews.LessonText(lesson.path, lesson.title, lesson.body))
        except (DocumentError, OSError):
            continue
    return found


def course_schedule(course: Course, now: dt.datetime, into: Schedule | None = None) -> Schedule:
    schedule = into or Schedule()
    log = reviews.read_log(course.root)
    schedule.logs.append(log)
    # Into a library's schedule: every course's log has the same name, so its path.
    schedule.problems += [problem.format(full_path=into is not None) for problem in log.problems]
    schedule.items += reviews.schedule(
        lesson_texts(course), log, now, course.learned_heading, course.root, course.title
    )
    return schedule


def library_schedule(roots: Iterable[Path], now: dt.datetime) -> Schedule:
    """The schedule of every course folder in `roots`; one that cannot be read is named."""
    schedule = Schedule()
    for root in roots:
        try:
            course = Course.load(root)
        except CourseError as error:
            schedule.problems.append(f"{root}: {error}")
            continue
        course_schedule(course, now, schedule)
    return schedule
