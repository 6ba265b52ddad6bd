"""The app as the Pilot tests start it: a LessonApp over a fresh load of a course."""

from __future__ import annotations

from typing import Any

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp


def make_app(course: Course, **settings: Any) -> LessonApp:
    """The app on `course` read again from disk, with `settings` over the defaults."""
    return LessonApp(course=Course.load(course.root), settings=Settings(**settings))
