"""Timestamps: parse, format, find and deep links."""

from __future__ import annotations

import pytest

from lessontui.course import timestamps


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("12:34", 754), ("[0:05]", 5), ("1:02:03", 3723), ("[61:00]", 3660), ("1:60", None)],
)
def test_parse(text: str, seconds: int | None) -> None:
    assert timestamps.parse(text) == seconds


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (754, "12:34"), (3723, "1:02:03")])
def test_format(seconds: int, text: str) -> None:
    assert timestamps.format_time(seconds) == text


def test_find_all_skips_written_links() -> None:
    line = "[1:00] a [2:00](https://x) b [1:02:03]"
    assert [s.seconds for s in timestamps.find_all(line)] == [60, 3723]
    found = timestamps.at(line, 31)
    assert found is not None
    assert found.seconds == 3723


def test_deep_links() -> None:
    yt = "https://www.youtube.com/watch?v=Xy1lesson01&list=PL"
    assert timestamps.deep_link(yt, 754) == "https://youtu.be/Xy1lesson01?t=754"
    assert timestamps.deep_link("https://example.org/v?id=3", 9) == "https://example.org/v?id=3&t=9"
    assert timestamps.deep_link("https://vimeo.com/123", 9) == "https://vimeo.com/123#t=9s"
    assert timestamps.deep_link(None, 9) is None
    assert timestamps.deep_link("javascript:alert(1)", 9) is None


@pytest.mark.parametrize(
    "seconds", [0, 59, 3599, 3600, 99 * 3600 + 3599, 100 * 3600, 360_061, 3_600_000]
)
def test_every_formatted_stamp_reads_back(seconds: int) -> None:
    """Past 99 hours too: a stamp alt+t types is a stamp the preview, seek and export read."""
    text = timestamps.stamp(seconds)
    assert timestamps.parse(text) == seconds
    assert [s.seconds for s in timestamps.find_all(f"a {text} b")] == [seconds]


def test_stamps_past_99_hours() -> None:
    assert timestamps.format_time(100 * 3600) == "100:00:00"
    assert timestamps.parse("[100:00:00]") == 360_000
    assert timestamps.parse("[123:04:05]") == 123 * 3600 + 245
    line = "see [100:00:01] and [0:01:00](https://x)"
    assert [s.text for s in timestamps.find_all(line)] == ["[100:00:01]"]
    yt = "https://www.youtube.com/watch?v=Xy1lesson01"
    link = timestamps.deep_link(yt, timestamps.find_all(line)[0].seconds)
    assert link == "https://youtu.be/Xy1lesson01?t=360001"


@pytest.mark.parametrize(
    "url",
    [
        "https://youtu.be/x\x1b]0;PWNED\x07",  # not a video id: the generic branch
        "https://example.org/v\x1b[201~echo hi",  # would end a bracketed paste
        "https://vimeo.com/1\x9b2J",  # a C1 control
        "https://example.org/\x7f",
    ],
)
def test_a_url_with_control_characters_makes_no_link(url: str) -> None:
    """alt+y puts the link on the clipboard and export on the page: an escape
    sequence in a course's `url` must reach neither (a paste into a shell runs it)."""
    assert timestamps.deep_link(url, 9) is None
