"""Whether a file's bytes are a note at all: one rule for the model and the search."""

from __future__ import annotations

# Control bytes that text does not hold, ESC aside (pasted terminal output has it).
_NOT_TEXT = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_SNIFFED = 8192


def looks_binary(data: bytes) -> bool:
    """True when more than 1 in 10 of the first 8 KiB are control bytes (UTF-16 text,
    an image, a database): not a note, never opened for editing nor searched.

    A stray NUL or BEL in a note (a bad paste or copy) is text: the note opens,
    each drawn as a symbol, its bytes saved as they are, and the search finds it.
    """
    head = data[:_SNIFFED]
    return (len(head) - len(head.translate(None, _NOT_TEXT))) * 10 > len(head)
