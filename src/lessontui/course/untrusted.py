"""Text from the internet (titles, chapters): cleaned before it is stored."""

from __future__ import annotations

import re
import unicodedata

# Control characters, and the bidi overrides/isolates that can reorder what a
# reader sees; newlines become spaces in one-line fields.
_BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_line(text: object, max_length: int = 500) -> str:
    """One line of untrusted text: escape sequences and control characters gone."""
    value = _ANSI.sub("", str(text))
    value = "".join(
        " " if ch in "\t\r\n" else ch
        for ch in value
        if ch in "\t\r\n" or not (unicodedata.category(ch) == "Cc" or ch in _BIDI)
    )
    value = re.sub(r"\s+", " ", value).strip()
    return value[:max_length]
