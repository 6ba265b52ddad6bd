"""Textual's key parser (no upstream issue found): alt keys stay alt keys, a paste stays text.

Alt keys. A terminal sends alt+l as `ESC l`. Textual 8.2.8's parser waits a
moment after `ESC l` in case more of a sequence follows; when the next key's
ESC comes first (alt+l pressed twice, or held), it gives up and re-sends the
pending bytes as the keys `^` and `l`, which the note editor then types into
the user's notes. The player's keys are alt+letters pressed in quick
succession (speed up, speed up, seek...), so we rewrite `ESC <letter, digit,
punctuation or space>` into the unambiguous CSI-u form of the same key
(`ESC [ 108 ; 3 u`; alt+shift+i, `ESC I`, as `ESC [ 105 ; 4 u`) before the
parser sees it. Those keys never start
a longer sequence (those start with `[`, `O`, `P`, `]`, `_`, `^`, `X`), so
nothing else changes. Uppercase matters as much: Textual gives `ESC I` the
character `I`, so where alt+shift+i does not apply (check_action) the editor
typed an `I`, and alt+shift+i twice in a burst typed `^I`.

Pastes. In Textual 8.2.8 (`textual/_xterm_parser.py`, `XTermParser.parse`) only
the characters its outer loop reads go into a bracketed paste: an ESC inside
the paste starts the escape-sequence loop, whose characters never reach
`paste_buffer`, and what that loop cannot match is re-issued as keys
(`send_sequence` / `reissue_sequence_as_keys`: at the next ESC, after
`ESCAPE_DELAY`, or past 32 characters), before the `Paste` of the text in
front of the ESC. So a pasted `bye` ESC ctrl+q ran ctrl+q (quit) and lost
`bye`. No upstream issue was found for it (searched Textual's issues for
pastes holding escape sequences). Here the paste is cut out of the input
before Textual's parser sees it (tui/bracketed_paste.py) and sent as one
`Paste` of the whole text; the parser sees only the start marker, and at once
an end marker that takes it out of paste mode (its empty `Paste` is dropped).

A paste whose end marker never comes (a broken terminal, a program writing to
the tty) must not swallow the keyboard: after `PASTE_TIMEOUT` seconds without
input the text read so far is delivered as the paste and what follows is keys.
Textual 8.2.8 waits for the end marker forever.

NUL in a paste is dropped, as Textual's own parser does (Textual #1661).
Input bytes that are not UTF-8 are decoded by `LessonDriver` (lost_terminal.py,
Textual #6456), the one driver that reads through this parser.
Canary: tests/unit/test_textual_compat_xterm_input.py.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator

import textual.drivers.linux_driver
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from lessontui.tui.bracketed_paste import END, PasteSplitter, Piece

# Not O, P, X: SS3, DCS and SOS start longer sequences (F1 is `ESC O P`); nor
# [ ] _ ^ \ (CSI, OSC, APC, PM and the string terminator of terminal replies).
# The other punctuation and space are alt keys too: Textual typed `ESC /` as `/`
# (an unknown sequence is re-sent as its keys, the ESC dropped) and `ESC -`,
# `ESC =` as `–`, `≠` (its table for WezTerm on macOS), where no key applies.
_ALT_KEY = re.compile("\x1b([a-z0-9A-NQ-WYZ !-/:-@`{-~])")
_ALT_MODIFIER = 3  # CSI-u modifier: 1 + alt
_ALT_SHIFT_MODIFIER = 4  # 1 + shift + alt: the key is the lowercase letter's
# A terminal writes a paste at once; a gap this long (s) means its end marker is lost.
PASTE_TIMEOUT = 2.0


def _as_csi_u(match: re.Match[str]) -> str:
    key = match.group(1)
    if key.isupper():
        return f"\x1b[{ord(key.lower())};{_ALT_SHIFT_MODIFIER}u"
    return f"\x1b[{ord(key)};{_ALT_MODIFIER}u"


def _paste(text: str) -> events.Paste:
    # NUL is dropped, as Textual does (its issue #1661): a note holding one reads
    # as a binary file, and no text means it.
    return events.Paste(text.replace("\x00", ""))


class AltKeyParser(XTermParser):
    """Textual's parser, fed alt+letter keys in a form it cannot mistake, and no pastes."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._pastes = PasteSplitter()
        self._last_input = time.monotonic()
        self.paste_timeout = PASTE_TIMEOUT

    def rewrite(self, data: str) -> str:
        """Typed text with each `ESC <letter, digit, punctuation, space>` as the same alt
        key in CSI-u form."""
        return _ALT_KEY.sub(_as_csi_u, data)

    def _keys(self, data: str) -> Iterator[Message]:
        for message in super().feed(data):
            if not isinstance(message, events.Paste):  # it never sees a paste's text
                yield message

    def feed(self, data: str) -> Iterable[Message]:
        if not data:  # end of input: a paste still open is delivered first
            if self._pastes.pasting:
                yield _paste(self._pastes.close())
            yield from super().feed(data)
            return
        self._last_input = time.monotonic()
        for piece, text in self._pastes.split(data):
            if piece is Piece.TYPED:
                yield from self._keys(self.rewrite(text))
            elif piece is Piece.OPENED:
                yield from self._keys(END)  # Textual's parser leaves paste mode at once
            else:
                yield _paste(text)

    def tick(self) -> Iterable[Message]:
        yield from super().tick()
        if self._pastes.pasting and time.monotonic() - self._last_input >= self.paste_timeout:
            yield _paste(self._pastes.close())


def install() -> None:
    """Make Textual's Linux driver read keys through AltKeyParser (idempotent)."""
    # A module attribute replaced on purpose: LessonDriver (lost_terminal.py) looks
    # it up at each start; mypy sees a class being reassigned.
    textual.drivers.linux_driver.XTermParser = AltKeyParser  # type: ignore[attr-defined]
