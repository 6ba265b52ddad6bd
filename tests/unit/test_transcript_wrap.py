"""How the transcript pane wraps a cue's text."""

from __future__ import annotations

from lessontui.tui.widgets.transcript_view import wrap


def test_wrap_breaks_at_spaces_and_cuts_long_words() -> None:
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("日本語のテキスト", 6) == ["日本語", "のテキ", "スト"]
    assert wrap("", 5) == [""]
