"""Cuts the terminal's input into typed text and whole bracketed pastes, whatever they hold.

A terminal sends a paste as `ESC [ 200 ~` text `ESC [ 201 ~`. Everything
between the two markers is the paste, byte for byte: ESC, control bytes, other
escape sequences, a nested start marker. Only the end marker ends it (a
terminal that lets a pasted text hold that marker itself cannot be told apart
from one that ends the paste there). The input arrives in chunks cut anywhere,
so a marker may be split between two chunks. Typed text goes on to Textual's
parser at once, a start marker's first characters too (a lone ESC is the escape
key, which that parser times out): a start marker whose halves come more than
`ESCDELAY` apart is also read as a few keys there, as before, but the paste
after it is still whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

START = "\x1b[200~"
END = "\x1b[201~"


class Piece(Enum):
    TYPED = "typed"  # text to read as keys; a START marker is always at its end
    OPENED = "opened"  # the START marker just read began a paste
    PASTE = "paste"  # the whole text of a paste


def _partial_marker(text: str, marker: str) -> int:
    """How many characters at the end of `text` could begin `marker` (0 if none)."""
    start = text.rfind("\x1b", max(0, len(text) - len(marker) + 1))
    if start != -1 and marker.startswith(text[start:]):
        return len(text) - start
    return 0


class PasteSplitter:
    """The terminal's input, chunk by chunk, as typed text and pastes in the order they came."""

    def __init__(self) -> None:
        self.pasting = False
        self._tail = ""  # typed: the last characters passed on, which may begin START
        self._paste: list[str] = []  # pasting: the paste so far
        self._held = ""  # pasting: characters that may begin END

    def split(self, data: str) -> Iterator[tuple[Piece, str]]:
        """The pieces of `data`; a paste comes out only once its end marker is read."""
        while data:
            if not self.pasting:
                seen = self._tail + data
                found = seen.find(START)
                if found == -1:
                    self._tail = seen[-(len(START) - 1) :]
                    yield Piece.TYPED, data
                    return
                cut = found + len(START) - len(self._tail)
                self._tail = ""
                self.pasting = True
                yield Piece.TYPED, data[:cut]
                yield Piece.OPENED, ""
                data = data[cut:]
            else:
                seen = self._held + data
                found = seen.find(END)
                if found == -1:
                    keep = _partial_marker(seen, END)
                    self._paste.append(seen[: len(seen) - keep])
                    self._held = seen[len(seen) - keep :]
                    return
                self._paste.append(seen[:found])
                self._held = ""
                yield Piece.PASTE, self.close()
                data = seen[found + len(END) :]

    def close(self) -> str:
        """End the paste now (its end marker came or never will): the text read so far."""
        text = "".join(self._paste) + self._held
        self._paste.clear()
        self._held = ""
        self.pasting = False
        return text
