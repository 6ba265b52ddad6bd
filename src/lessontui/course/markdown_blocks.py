"""Which lines of a note are code: Markdown lines, fenced code and code spans.

One set of rules for every part that must tell code from prose: the learned
checklist, `check`, the export, the preview's block splitter and the editor's
highlighter. Fences follow CommonMark:

- an opening fence is a run of three or more backticks or tildes, indented by
  at most three spaces; after a backtick run the info string may not contain a
  backtick (then the line is text);
- the closing fence is a run of the same character, at least as long, indented
  by at most three spaces and followed only by spaces or tabs;
- a fence never closed runs to the end of the text.

Containers are not tracked: a fence inside a block quote, or indented four
spaces under a list item, is text, and so is indented code (in notes an
indented line is far more often a list item's continuation than code).

Lines end at `\\n`, `\\r\\n` and `\\r` only, as in Markdown: `str.splitlines`
would also split at `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e`, `\\x85`, U+2028 and U+2029
and so shift every line number after one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

OUTSIDE = ""  # the fence state of a line outside any fence

_LINE_END = re.compile(r"\r\n|\n|\r")
_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+\Z")
_FENCE_RUN = re.compile(r" {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


# -- lines -------------------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """The lines without their endings, one per editor row: `"a\\n"` -> `["a", ""]`."""
    if "\r" not in text:
        return text.split("\n")  # the common case, in C
    return _LINE_END.split(text)


def lines(text: str) -> list[str]:
    """The lines without their endings; a final line ending starts no empty line
    (as `str.splitlines` counts them): `"a\\n"` -> `["a"]`, `""` -> `[]`."""
    found = split_lines(text)
    if found[-1] == "":
        found.pop()
    return found


def lines_with_ends(text: str) -> list[str]:
    """The lines, each with its own ending: `"".join(lines_with_ends(t)) == t`."""
    return _LINE_WITH_END.findall(text)


# -- fences --------------------------------------------------------------------------


def fence_run(line: str) -> str:
    """The run of backticks or tildes a line starts with (after up to three spaces),
    if it is three or more long, else "" (whether or not it opens a fence)."""
    match = _FENCE_RUN.match(line)
    return match.group(1) if match else ""


def opening_fence(line: str) -> str:
    """The fence `line` opens (such as "```" or "~~~~"), or OUTSIDE."""
    match = _FENCE_RUN.match(line)
    if match is None:
        return OUTSIDE
    fence = match.group(1)
    if fence[0] == "`" and "`" in line[match.end() :]:
        return OUTSIDE  # a backtick in the info string: an inline code span, not a fence
    return fence


def closes(line: str, fence: str) -> bool:
    """Whether `line` closes the open `fence`."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip(" \t")


def next_state(line: str, state: str) -> str:
    """The fence open after `line` (OUTSIDE if none), given the one open before it."""
    if state:
        return OUTSIDE if closes(line, state) else state
    if "``" not in line and "~~" not in line:  # most lines, tested in C
        return OUTSIDE
    return opening_fence(line)


def prose_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(0-based line number, line without its ending, in_code) for every line.

    A fence line itself counts as code: nothing in it is prose.
    """
    state = OUTSIDE
    for number, line in enumerate(lines(text)):
        after = next_state(line, state)
        yield number, line, bool(state or after)
        state = after


# -- code spans ----------------------------------------------------------------------


def code_span_ranges(line: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) columns of the inline code spans from column `start`, backticks
    included. A span opens at a run of backticks and closes at the next run of the
    same length; a run with no such partner is literal text."""
    if "`" not in line:
        return []
    runs = list(_BACKTICKS.finditer(line, start))
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        width = len(runs[index].group())
        closing = next(
            (i for i in range(index + 1, len(runs)) if len(runs[i].group()) == width), None
        )
        if closing is None:
            index += 1
            continue
        found.append((runs[index].start(), runs[closing].end()))
        index = closing + 1
    return found


def mask_code_spans(line: str) -> str:
    """The line with inline code replaced by spaces, so columns still line up."""
    spans = code_span_ranges(line)
    if not spans:
        return line
    pieces: list[str] = []
    last = 0
    for begin, end in spans:
        pieces += [line[last:begin], " " * (end - begin)]
        last = end
    pieces.append(line[last:])
    return "".join(pieces)
