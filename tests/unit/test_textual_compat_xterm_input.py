"""Canary for tui/textual_compat/xterm_input.py, and its alt keys.

AltKeyParser subclasses the private `textual._xterm_parser.XTermParser`
(`feed`, `tick`, its paste mode) and replaces `linux_driver.XTermParser`, the
name LessonDriver looks up. Alt+letter keys in quick succession reach the app
as alt keys, never as typed text.
"""

from __future__ import annotations

import inspect

import pytest
import textual.drivers.linux_driver as linux_driver
from textual import events
from textual._xterm_parser import XTermParser

from lessontui.tui.textual_compat.xterm_input import AltKeyParser, install


def keys(parser: XTermParser, *chunks: str) -> list[tuple[str, str | None]]:
    found = []
    for chunk in (*chunks, ""):
        found += [(e.key, e.character) for e in parser.feed(chunk) if isinstance(e, events.Key)]
    return found


def test_the_parser_it_subclasses_is_shaped_as_it_relies_on() -> None:
    assert list(inspect.signature(XTermParser.__init__).parameters) == ["self", "debug"]
    for name in ("feed", "tick"):
        assert callable(getattr(XTermParser, name)), name
    assert "XTermParser" in vars(linux_driver)
    install()
    assert linux_driver.XTermParser is AltKeyParser  # type: ignore[attr-defined]
    # An end marker right after a start marker leaves paste mode with an empty Paste
    # (dropped by AltKeyParser), and the keys after it are keys again.
    parser = XTermParser()
    found = [*parser.feed("\x1b[200~\x1b[201~a"), *parser.feed("")]
    assert [type(e) for e in found] == [events.Paste, events.Key]
    assert isinstance(found[0], events.Paste)
    assert found[0].text == ""


def test_textual_alone_types_a_caret_for_a_double_alt_key() -> None:
    # The bug this module works around: if Textual fixes it, this test says so.
    assert keys(XTermParser(), "\x1bl\x1bl")[:2] == [("circumflex_accent", "^"), ("l", "l")]


@pytest.mark.parametrize(
    "chunks",
    [("\x1bl\x1bl",), ("\x1bl", "\x1bl"), ("\x1bl\x1b[A",)],
)
def test_quick_alt_keys_stay_alt_keys(chunks: tuple[str, ...]) -> None:
    found = keys(AltKeyParser(), *chunks)
    assert "circumflex_accent" not in [key for key, _ in found]
    assert found[0] == ("alt+l", None)
    assert all(character is None for _, character in found)


def test_alt_shift_letters_stay_alt_keys_with_no_character() -> None:
    """`ESC I` is alt+shift+i with no character: where the key does not apply, the
    editor has nothing to type; twice in a row it is no `^I` either."""
    assert keys(XTermParser(), "\x1bI")[0] == ("alt+shift+i", "I")  # Textual alone
    found = keys(AltKeyParser(), "a\x1bI\x1bIb\x1bS")
    assert found == [("a", "a"), ("alt+shift+i", None), ("alt+shift+i", None), ("b", "b"),
                     ("alt+shift+s", None)]  # fmt: skip
    # ESC O and ESC P start F1-F4 (SS3) and terminal replies (DCS): left to Textual.
    assert keys(AltKeyParser(), "\x1bOP\x1bOQ") == [("f1", None), ("f2", None)]


def test_other_sequences_and_pastes_are_untouched() -> None:
    parser = AltKeyParser()
    assert keys(parser, "\x1b[A", "ab", "\x1bOP") == [
        ("up", None),
        ("a", "a"),
        ("b", "b"),
        ("f1", None),
    ]
    # Inside a bracketed paste nothing is rewritten, and nothing is a key: one paste
    # of the whole text (tests/terminal/test_bracketed_paste.py for any bytes).
    parser = AltKeyParser()
    found = [*parser.feed("\x1b[200~x\x1bly\x1b[201~\x1bl"), *parser.feed("")]
    assert isinstance(found[0], events.Paste)
    assert found[0].text == "x\x1bly"
    assert [e.key for e in found[1:] if isinstance(e, events.Key)] == ["alt+l"]
    assert len(found) == 2
    assert AltKeyParser().rewrite("\x1bl\x1b[A") == "\x1b[108;3u\x1b[A"


def test_alt_punctuation_and_space_are_alt_keys_with_no_character() -> None:
    """Textual typed alt+/ as `/` and alt+- as `–` (its WezTerm table), alt+= as `≠`:
    text in the note from keys that do not apply."""
    assert keys(XTermParser(), "\x1b-") == [("en_dash", "–")]  # Textual alone
    found = keys(AltKeyParser(), "a\x1b/\x1b-\x1b=\x1b.\x1b,\x1b \x1b`\x1b~\x1b?b")
    assert found[0] == ("a", "a")
    assert found[-1] == ("b", "b")
    middle = found[1:-1]
    assert [key for key, _ in middle] == [
        "alt+slash", "alt+minus", "alt+equals_sign", "alt+full_stop", "alt+comma",
        "alt+space", "alt+grave_accent", "alt+tilde", "alt+question_mark",
    ]  # fmt: skip
    assert all(character is None for _, character in middle)
    # Sequences that begin with punctuation stay Textual's: CSI, OSC, APC and ST.
    rewritten = "\x1b[A\x1b]11;rgb:0/0/0\x1b\\\x1b_Gi=1;OK\x1b\\\x1b^x"
    assert AltKeyParser().rewrite(rewritten) == rewritten
