"""Control characters in untrusted text are drawn as visible symbols, never sent raw.

Textual and Rich drop a few control codes (BEL, BS, VT, FF, CR) from text but let
ESC through, so a title, chapter, file name or note holding `ESC ] 0 ; ...`
would reach the terminal as an escape sequence (retitle the window, garble the
screen). Every piece of text Textual draws passes through one of two translate
tables; adding the other control characters there, each mapped to one visible
character of the same width (ESC -> ␛), closes that hole everywhere at once,
including widgets we do not own (TextArea, toasts, Markdown).
"""

from __future__ import annotations

from typing import cast

import rich.control
import textual.content

# One character for one character: text offsets (styles, cursor) stay valid.
VISIBLE: dict[int, str | None] = {
    code: chr(0x2400 + code) for code in range(32) if code not in (9, 10)
}  # C0 controls -> the Unicode control pictures (␀ ... ␟)
VISIBLE[0x7F] = "\u2421"  # DEL -> ␡
VISIBLE.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 (8-bit CSI, OSC...)

# Typed by Textual and Rich as dict[int, None] (they only drop codes); str values work too.
_TABLES = cast(
    "tuple[dict[int, str | None], ...]",
    (textual.content._CONTROL_STRIP_TRANSLATE, rich.control._CONTROL_STRIP_TRANSLATE),
)


def show_control_characters() -> None:
    """Install the mapping (idempotent); the codes Textual already drops stay dropped."""
    for table in _TABLES:
        for code, picture in VISIBLE.items():
            table.setdefault(code, picture)


def is_installed() -> bool:
    return all(table.get(0x1B) == VISIBLE[0x1B] for table in _TABLES)
