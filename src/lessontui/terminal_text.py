"""Text from files, file names and the network, made safe to print to a terminal.

Every command prints such text through `clean_for_terminal`: a control
character (ESC starts the sequences that set the clipboard or clear the
screen) is shown as `^[`, a C1 control as `\\x9b`, a bidi override as
`\\u202e`. The text stays readable and the terminal only ever shows text.

No `re` at import time: `lessontui search` imports this on its fast path.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

# C0 and C1 controls, DEL, and the bidi marks that can reorder what a reader sees.
_UNSAFE = "\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
# In bytes, a CR ending a line (CRLF notes) passes as grep prints it.
_UNSAFE_UTF8 = (
    rb"\r(?!\n)|[\x00-\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xd8\x9c"
)
_C0_BYTES = bytes(range(0x20)) + b"\x7f"
_patterns: dict[str, re.Pattern[str]] = {}
_byte_patterns: dict[bytes, re.Pattern[bytes]] = {}


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _pattern(keep: str) -> re.Pattern[str]:
    pattern = _patterns.get(keep)
    if pattern is None:
        import re

        allowed = "".join(re.escape(ch) for ch in keep)
        pattern = re.compile(f"(?![{allowed}])[{_UNSAFE}]" if keep else f"[{_UNSAFE}]")
        _patterns[keep] = pattern
    return pattern


def clean_for_terminal(text: object, keep: str = "\t") -> str:
    """`text` with every control character shown as `^[`-style or `\\x9b`-style text.

    Only the characters in `keep` (a tab by default) pass as they are; a
    newline in a file name is shown as `^J`, so it cannot forge an output line.
    """
    value = str(text)
    if value.isprintable() and value.isascii():
        return value
    return _pattern(keep).sub(lambda match: _shown(match.group()), value)


def clean_bytes_for_terminal(data: bytes, keep: bytes = b"\t\n") -> bytes:
    """`clean_for_terminal` for UTF-8 bytes (search output to a pipe); fast when clean."""
    suspicious = len(data.translate(None, _C0_BYTES.translate(None, keep))) != len(data) or (
        b"\xc2" in data or b"\xe2\x80" in data or b"\xe2\x81" in data or b"\xd8\x9c" in data
    )
    if not suspicious:
        return data
    pattern = _byte_patterns.get(keep)
    if pattern is None:
        import re

        pattern = _byte_patterns[keep] = re.compile(_UNSAFE_UTF8)
    kept = keep.decode()

    def shown(match: re.Match[bytes]) -> bytes:
        char = match.group().decode("utf-8")
        return char.encode() if char in kept else _shown(char).encode()

    return pattern.sub(shown, data)
