"""Alt+letter keys pressed quickly in a row arrive as alt keys, never as typed text.

A terminal sends alt+l as `ESC l`. Textual 8.2.8's parser waits a moment after
`ESC l` in case more of a sequence follows; when the next key's ESC comes first
(alt+l pressed twice, or held), it gives up and re-sends the pending bytes as
the keys `^` and `l`, which the note editor then types into the user's notes.
The player's keys are alt+letters pressed in quick succession (speed up, speed
up, seek...), so we rewrite `ESC <lowercase letter or digit>` into the
unambiguous CSI-u form of the same key (`ESC [ 108 ; 3 u`) before the parser
sees it. `ESC` followed by a lowercase letter or digit never starts a longer
sequence (those start with `[`, `O`, `P`, `]`, `_`), so nothing else changes.
Text inside a bracketed paste is passed through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import textual.drivers.linux_driver
from textual._xterm_parser import XTermParser
from textual.message import Message

_ALT_KEY = re.compile("\x1b([a-z0-9])")
_PASTE_START = "\x1b[200~"
_PASTE_END = "\x1b[201~"
_ALT_MODIFIER = 3  # CSI-u modifier: 1 + alt


def _as_csi_u(match: re.Match[str]) -> str:
    return f"\x1b[{ord(match.group(1))};{_ALT_MODIFIER}u"


class AltKeyParser(XTermParser):
    """Textual's parser, fed with alt+letter keys in a form it cannot mistake."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._in_paste = False

    def rewrite(self, data: str) -> str:
        pieces = []
        position = 0
        while position < len(data):
            marker = _PASTE_END if self._in_paste else _PASTE_START
            found = data.find(marker, position)
            end = len(data) if found == -1 else found + len(marker)
            chunk = data[position:end]
            pieces.append(chunk if self._in_paste else _ALT_KEY.sub(_as_csi_u, chunk))
            if found != -1:
                self._in_paste = not self._in_paste
            position = end
        return "".join(pieces)

    def feed(self, data: str) -> Iterable[Message]:
        return super().feed(self.rewrite(data))


def install() -> None:
    """Make Textual's Linux driver read keys through AltKeyParser (idempotent)."""
    # A module attribute replaced on purpose: mypy sees a class being reassigned.
    textual.drivers.linux_driver.XTermParser = AltKeyParser  # type: ignore[misc]
