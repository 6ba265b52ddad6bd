"""Spaced review of learned items: the due count, the review screen, grades into the log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from textual.binding import Binding
from textual.notifications import SeverityLevel

from lessontui.course import checklist, reviews
from lessontui.course.course import Course, Lesson
from lessontui.course.document import DocumentError

REVIEW_BINDINGS = [
    Binding("alt+v", "review", "Review", id="review.open_screen"),
]


class ReviewHost(Protocol):
    """What the review feature may ask of the screen it lives on."""

    @property
    def course(self) -> Course | None: ...

    def open_lesson_at(self, lesson: Lesson, row: int, column: int = 0) -> bool: ...

    def play_lesson_from(self, lesson: Lesson, seconds: float | None) -> None: ...

    def review_count_changed(self) -> None: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None: ...


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


def course_schedule(course: Course, now: dt.datetime) -> tuple[list[reviews.ReviewItem], list[str]]:
    """Every ticked item of the course with its card, and the log's problems as text."""
    log = reviews.read_log(course.root)
    items = reviews.schedule(lesson_texts(course), log, now, course.learned_heading)
    return items, [problem.format() for problem in log.problems]


class Review:
    """alt+v opens the review of the open course; the count of due items for the list."""

    def __init__(
        self,
        host: ReviewHost,
        push_screen: Callable[..., object],
        clock: reviews.Clock = reviews.utc_now,
    ) -> None:
        self.host = host
        self.push_screen = push_screen
        self.clock = clock
        self.due_count: int | None = None  # None: not counted yet
        self._due_words: dict[Path, set[str]] = {}  # lesson file -> due items' words
        self._unsaved: list[reviews.Record] = []  # grades a failed write still holds
        self._problems_shown = False

    def count_due(self) -> None:
        """Count what is due now (reads every lesson of the course)."""
        course = self.host.course
        if course is None:
            self.due_count, self._due_words = None, {}
            return
        items, problems = course_schedule(course, self.clock())
        self._remember_due(items)
        if problems and not self._problems_shown:
            self._problems_shown = True
            self.host.notify(
                f"{len(problems)} line(s) of the review log are not records; kept, not used: "
                + problems[0],
                title="Review log",
                severity="warning",
                timeout=10,
            )

    def _remember_due(self, items: list[reviews.ReviewItem]) -> None:
        now = self.clock()
        due = [item for item in items if item.is_due(now)]
        self.due_count = len(due)
        self._due_words = {}
        for item in due:
            self._due_words.setdefault(item.lesson_path, set()).add(
                reviews.normalise(item.item.text)
            )

    def due_text(self) -> str:
        return f"{self.due_count} to review" if self.due_count else ""

    def due_items(self, lesson: Lesson | None, items: list[checklist.Item]) -> set[int]:
        """Which of a lesson's checklist items are due (by their words)."""
        words = self._due_words.get(lesson.path) if lesson is not None else None
        if not words:
            return set()
        return {i.index for i in items if i.checked and reviews.normalise(i.text) in words}

    def open(self) -> None:
        from lessontui.tui.screens.review_screen import ReviewActions, ReviewScreen

        course = self.host.course
        if course is None:
            return
        now = self.clock()
        items, _ = course_schedule(course, now)
        self._remember_due(items)
        actions = ReviewActions(self.record, self.play, self.open_note)
        screen = ReviewScreen(course.title, reviews.due(items, now), actions, self.clock)
        self.push_screen(screen, lambda _: self._closed())

    def _closed(self) -> None:
        self.count_due()
        self.host.review_count_changed()

    def record(self, record: reviews.Record) -> None:
        course = self.host.course
        if course is None:
            return
        self._unsaved.append(record)
        try:
            reviews.append(course.root, self._unsaved)
        except reviews.ReviewLogError as error:
            self.host.notify(
                f"Grades not written yet ({len(self._unsaved)}), kept for the next one: {error}",
                title="Review log",
                severity="error",
                timeout=10,
            )
            return
        self._unsaved = []

    def _lesson(self, item: reviews.ReviewItem) -> Lesson | None:
        course = self.host.course
        if course is None:
            return None
        return next((x for x in course.lessons if x.path == item.lesson_path), None)

    def play(self, item: reviews.ReviewItem, moment: reviews.Moment) -> None:
        lesson = self._lesson(item)
        if lesson is None:
            self.host.notify("That lesson is gone.", severity="warning")
            return
        self.host.play_lesson_from(lesson, moment.seconds)

    def open_note(self, item: reviews.ReviewItem, moment: reviews.Moment) -> None:
        lesson = self._lesson(item)
        if lesson is not None:
            self.host.open_lesson_at(lesson, moment.line)
