"""Durations typed in the lesson form, read as a person means them."""

from __future__ import annotations

from lessontui.tui.screens.lesson_details import parse_duration


def test_durations_are_read_as_a_person_types_them() -> None:
    assert parse_duration("1:02:03") == 3723
    assert parse_duration("62:03") == 3723
    assert parse_duration("90") == 90
    assert parse_duration("ninety") is None
