"""Line-level Markdown scanning shared by export and check: fences, code spans, links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Link schemes a published page keeps; anything else is dropped from the HTML export.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def prose_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(0-based line number, line without its ending, in_code) for every line.

    A fence line itself counts as code: nothing in it is prose.
    """
    fence: str | None = None
    for number, line in enumerate(text.splitlines()):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            yield number, line, True
        elif fence is not None:
            closing = (
                match is not None
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not line[match.end() :].strip()
            )
            if closing:
                fence = None
            yield number, line, True
        else:
            # Indented code is not tracked: in notes, an indented line is far more
            # often a list item's continuation than a code block.
            yield number, line, False


def mask_code_spans(line: str) -> str:
    """The line with inline code replaced by spaces, so columns still line up."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def code_span_ranges(line: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE_SPAN.finditer(line)]


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
