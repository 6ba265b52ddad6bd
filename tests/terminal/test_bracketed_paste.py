"""A bracketed paste reaches the app as one paste of its whole text, whatever bytes it holds.

The bytes go through what the app's driver (LessonDriver) runs after
`xterm_input.install()`: its incremental UTF-8 decoder and the parser class it
looks up, fed in chunks cut anywhere.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from itertools import pairwise

import pytest
import textual.drivers.linux_driver as linux_driver
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from lessontui.tui.textual_compat import xterm_input
from lessontui.tui.textual_compat.lost_terminal import input_decoder
from tests.fixtures_reliability import TALLY, hypothesis_profile

pytestmark = pytest.mark.usefixtures("reliability_summary")

START, END = b"\x1b[200~", b"\x1b[201~"

# Keys typed around a paste, as the terminal sends them, and the key each must be.
KEYS = [(b"a", "a"), (b"Z", "Z"), (b"\r", "enter"), (b"\x11", "ctrl+q"), (b"\x1b[A", "up")]


def installed() -> tuple[Callable[[], XTermParser], Callable[[], codecs.IncrementalDecoder]]:
    """The parser and decoder LessonDriver makes once lessontui is installed."""
    xterm_input.install()
    return linux_driver.XTermParser, input_decoder  # type: ignore[attr-defined]


def read(chunks: list[bytes]) -> list[Message]:
    """What the driver makes of `chunks`: decoded and parsed one read at a time, then the end."""
    parser_class, decoder_class = installed()
    parser, decoder = parser_class(), decoder_class()
    found: list[Message] = []
    for chunk in chunks:
        if text := decoder.decode(chunk):
            found += parser.feed(text)
    if text := decoder.decode(b"", final=True):
        found += parser.feed(text)
    found += parser.feed("")
    return found


def summary(messages: list[Message]) -> list[tuple[str, str]]:
    out = []
    for message in messages:
        if isinstance(message, events.Paste):
            out.append(("paste", message.text))
        elif isinstance(message, events.Key):
            out.append(("key", message.key))
    return out


def cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in pairwise(points)]


def without_end_marker(data: bytes) -> bytes:
    """Pasted bytes cannot hold the end marker: it is what ends a paste."""
    while END in data:
        data = data.replace(END, b"")
    return data


def test_textual_alone_runs_keys_from_inside_a_paste() -> None:
    # The bug carried here: if Textual fixes it, this test says so.
    found = summary([*XTermParser().feed("\x1b[200~bye\x1b\x11\x1b[201~"), *XTermParser().feed("")])
    assert ("key", "ctrl+q") in found
    assert ("paste", "bye") in found


@pytest.mark.parametrize(
    "pasted",
    [
        b"bye\x1b\x11",  # the report: ESC ctrl+q quit the app and lost "bye"
        b"a\x1b[31mred\x1b[0m b",  # colours
        b"\x1b\x1b\x1b",
        b"x\x1bly",  # alt+l inside a paste is text, not the player's key
        b"\x1b[200~nested\x1b[200~",
        b"\x1b[201",  # most of an end marker
        b"\x1b]0;title\x07\x1bP+q\x1b\\",  # OSC, DCS
        b"\x1b[A\x1bOP\x1b[<0;3;4M",  # up, f1, a mouse click
        b"tab\there\r\ncrlf\rcr\nlf",
        "é ✓ 🙂".encode(),
        b"",
    ],
)
def test_a_paste_is_text_in_one_read_and_byte_by_byte(pasted: bytes) -> None:
    whole = b"q" + START + pasted + END + b"\x1b[A"
    want = [("key", "q"), ("paste", pasted.decode()), ("key", "up")]
    assert summary(read([whole])) == want
    assert summary(read([whole[i : i + 1] for i in range(len(whole))])) == want


@hypothesis_profile()
@given(
    before=st.lists(st.sampled_from(KEYS), max_size=4),
    pasted=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(
            st.sampled_from([b"\x1b", b"[", b"2", b"0", b"1", b"~", b"\x11", b"\x00", b"\xe2\x9c"]),
            max_size=40,
        ).map(b"".join),
    ),
    after=st.lists(st.sampled_from(KEYS), max_size=4),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=12),
)
def test_any_bytes_pasted_arrive_as_one_paste_of_them_all(
    before: list[tuple[bytes, str]],
    pasted: bytes,
    after: list[tuple[bytes, str]],
    cuts: list[int],
) -> None:
    pasted = without_end_marker(pasted)
    typed_before = b"".join(sequence for sequence, _ in before)
    typed_after = b"".join(sequence for sequence, _ in after)
    stream = typed_before + START + pasted + END + typed_after
    # The text a user pasted, as the decoder reads it in one go: a byte that is not
    # UTF-8 is U+FFFD, NUL is dropped (a note holding one reads as a binary file).
    text = pasted.decode("utf-8", "replace").replace("\x00", "")
    want = [
        *(("key", key) for _, key in before),
        ("paste", text),
        *(("key", key) for _, key in after),
    ]
    assert summary(read(cut(stream, cuts))) == want
    TALLY.input_run("bracketed paste", stream, tuple(cuts))


def test_a_paste_that_never_ends_gives_the_keyboard_back() -> None:
    parser_class, _ = installed()
    parser = parser_class()
    assert isinstance(parser, xterm_input.AltKeyParser)
    assert summary(list(parser.feed("a\x1b[200~half a\x1b[20"))) == [("key", "a")]
    assert summary(list(parser.tick())) == []  # a terminal writes a paste at once: wait
    parser.paste_timeout = 0.0  # ... but not forever
    assert summary(list(parser.tick())) == [("paste", "half a\x1b[20")]
    assert summary([*parser.feed("b\x1b[A"), *parser.feed("")]) == [("key", "b"), ("key", "up")]


def test_input_that_is_not_utf8_does_not_stop_the_driver() -> None:
    # Textual's driver decodes strictly: this byte raised in its input thread.
    with pytest.raises(UnicodeDecodeError):
        codecs.getincrementaldecoder("utf-8")().decode(b"\xff")
    assert summary(read([b"x\xff", b"\x1b[200~\xffy\xe2", b"\x1b[201~"])) == [
        ("key", "x"),
        ("key", "replacement_character"),
        ("paste", "\ufffdy\ufffd"),
    ]
