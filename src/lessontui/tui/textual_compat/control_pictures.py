"""Control characters in untrusted text are drawn as visible symbols (no upstream issue found).

Textual and Rich drop a few control codes (BEL, BS, VT, FF, CR) from text but let
ESC, the bidi overrides and zero-width characters through, so a title, chapter,
file name or note holding `ESC ] 0 ; ...` would reach the terminal as an escape
sequence (retitle the window, garble the screen). Every piece of text Textual
draws passes through one of two translate tables; adding the other control
characters there, each mapped to one visible character of the same width
(ESC -> ␛), closes that hole everywhere at once, including widgets we do not
own (TextArea, toasts, Markdown).

Rich measures every C0 and C1 control as 0 cells wide (`rich.cells.
get_character_cell_size`), which is right for the codes it drops but not for
those now drawn as a symbol: the editor wrapped a line of pasted ESCs as if
they took no room, and the symbols pushed the line's end past the pane's edge,
out of sight. A drawn control is measured as the one cell its symbol takes.

Private names used (Textual 8.2.8, Rich 14): `textual.content._CONTROL_STRIP_TRANSLATE`,
`rich.control._CONTROL_STRIP_TRANSLATE`, `textual._wrap.get_character_cell_size`.
Canary: tests/unit/test_textual_compat_control_pictures.py.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

import rich.cells
import rich.control
import textual._wrap
import textual.content

# One character for one character: text offsets (styles, cursor) stay valid.
VISIBLE: dict[int, str | None] = {
    code: chr(0x2400 + code) for code in range(32) if code not in (9, 10)
}  # C0 controls -> the Unicode control pictures (␀ ... ␟)
VISIBLE[0x7F] = "\u2421"  # DEL -> ␡
VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 (8-bit CSI, OSC...)
# Invisible format characters: a zero-width space, the bidi marks and overrides
# (U+202E shows the rest of a line reversed: text that reads other than it is) and a
# BOM. Each is drawn as a marked placeholder taking one cell. Not the joiners
# (U+200C, U+200D): scripts and emoji sequences need them.
INVISIBLE = [0x061C, 0x180E, 0x200B, 0x200E, 0x200F, *range(0x202A, 0x202F), 0x2060]
INVISIBLE += [*range(0x2066, 0x206A), 0xFEFF]
VISIBLE.update({code: "\ufffd" for code in INVISIBLE})
# Textual drops these from what it draws: in the editor they took no cell, so the
# cursor stood off the text. Shown too; CR stays dropped (the editor ends a line there).
_SHOWN_THOUGH_DROPPED = (0x07, 0x08, 0x0B, 0x0C)  # BEL, BS, VT, FF

# Typed by Textual and Rich as dict[int, None] (they only drop codes); str values work too.
_TABLES = cast(
    "tuple[dict[int, str | None], ...]",
    (textual.content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE),
)


_rich_cell_size = rich.cells.get_character_cell_size


@lru_cache(maxsize=4096)
def _cell_size(character: str, unicode_version: str = "auto") -> int:
    """Rich's cell width of a character, 1 for a control drawn as its symbol."""
    if isinstance(textual.content._CONTROL_STRIP_TRANSLATE.get(ord(character)), str):
        return 1
    return _rich_cell_size(character, unicode_version)


def show_control_characters() -> None:
    """Install the mapping (idempotent); CR, which Textual drops, stays dropped."""
    for table in _TABLES:
        for code, picture in VISIBLE.items():
            if code in _SHOWN_THOUGH_DROPPED:
                table[code] = picture
            else:
                table.setdefault(code, picture)
    # Module attributes replaced on purpose: rich.cells' own functions and
    # Textual's wrapper (which imported the function by name) measure with it.
    rich.cells.get_character_cell_size = _cell_size
    textual._wrap.get_character_cell_size = _cell_size  # type: ignore[attr-defined]
    rich.cells.cached_cell_len.cache_clear()  # widths measured before, with ESC as 0


def is_installed() -> bool:
    return all(table.get(0x1B) == VISIBLE[0x1B] for table in _TABLES)
