"""Each line of a note kept a line on the page: hard breaks where Markdown joins lines."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Two trailing spaces: the one hard break CommonMark (the HTML page) and kramdown
# (Jekyll) both honour; a trailing backslash is a literal `\` in kramdown.
HARD_BREAK = "  "


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def joined_lines(text: str) -> list[int]:
    """0-based lines that Markdown would join to the next one with a soft break."""
    found: list[int] = []
    for token in _parser().parse(text):
        if token.type != "inline" or token.map is None:
            continue
        # Each newline left in a paragraph's inline text is the end of one of its source
        # lines, in order (block quote and list markers are taken off, never lines).
        start = token.map[0]
        found.extend(range(start, start + token.content.count("\n")))
    return found


def hard_breaks(text: str) -> str:
    """`text` with every soft line break made a hard one, so each written line stays a line.

    Lines in code, tables and headings are left alone; a line that already ends in
    a hard break keeps it.
    """
    joined = joined_lines(text)
    if not joined:
        return text
    lines = text.split("\n")
    for number in joined:
        line = lines[number]
        if line.endswith(HARD_BREAK) or line.endswith("\\"):
            continue
        lines[number] = line.rstrip(" ") + HARD_BREAK
    return "\n".join(lines)
