"""Inline links on a line of prose, shared by export and check.

Which lines and columns are code is `course.markdown_blocks`'s to say.
"""

from __future__ import annotations

from dataclasses import dataclass

# Link schemes a published page keeps; anything else is dropped from the HTML export.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})


@dataclass(frozen=True)
class InlineLink:
    start: int  # column of `[` (or `!` for an image)
    end: int  # column after `)`
    text: str
    destination: str  # as written between the parentheses, title included
    image: bool


def _is_escaped(line: str, index: int) -> bool:
    backslashes = 0
    while index > 0 and line[index - 1] == "\\":
        backslashes += 1
        index -= 1
    return backslashes % 2 == 1


def inline_links(line: str) -> list[InlineLink]:
    """`[text](destination)` links and images on one line (code spans already masked).

    Lenient on purpose: `[x](LINK HERE)` is not a link to a Markdown parser, but it
    is one to the person who wrote it, and the check must see it.
    """
    found: list[InlineLink] = []
    search_from = 0
    while True:
        middle = line.find("](", search_from)
        if middle < 0:
            return found
        search_from = middle + 2
        # Walk back to the `[` that opens this text, minding nested brackets.
        depth, start = 0, None
        for index in range(middle - 1, -1, -1):
            char = line[index]
            if _is_escaped(line, index):
                continue
            if char == "]":
                depth += 1
            elif char == "[":
                if depth == 0:
                    start = index
                    break
                depth -= 1
        if start is None or (found and start < found[-1].end):
            continue
        # Walk forward to the `)` that closes the destination.
        depth, close = 0, None
        for index in range(middle + 2, len(line)):
            char = line[index]
            if _is_escaped(line, index):
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    close = index
                    break
                depth -= 1
        if close is None:
            continue
        image = start > 0 and line[start - 1] == "!" and not _is_escaped(line, start - 1)
        found.append(
            InlineLink(
                start - 1 if image else start,
                close + 1,
                line[start + 1 : middle],
                line[middle + 2 : close],
                image,
            )
        )
        search_from = close + 1
