"""The search dialog's summary line, in words."""

from __future__ import annotations

from lessontui.tui.screens.search_screen import results_summary


def test_results_summary_plurals() -> None:
    assert results_summary(1, False, 1, "this course") == "1 line in 1 lesson of this course"
    assert results_summary(3, False, 2, "the library") == "3 lines in 2 lessons of the library"
    assert results_summary(2, False, 1, "this course") == "2 lines in 1 lesson of this course"
    assert results_summary(1, True, 1, "this course") == "1+ lines in 1 lesson of this course"
