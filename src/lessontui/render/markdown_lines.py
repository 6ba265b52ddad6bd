"""Markdown highlighting one line at a time, for the editor (no Textual).

A line's spans depend only on the line and on one piece of block state: the
fence it is inside, if any (`markdown_blocks.next_state`: the checklist's,
`check`'s, the export's and the preview's rules). So a keystroke costs one
line's scan, and an edit that opens or closes a fence re-scans forward only
until the state before a line is what it was before the edit. Containers are not tracked: a fence
inside a block quote, or indented four spaces under a list item, is drawn as
plain text, and setext headings (a line of `===` under text) as text and a rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lessontui.course.markdown_blocks import OUTSIDE, code_span_ranges, next_state
from lessontui.course.timestamps import TIMESTAMP

# Span kinds: the editor maps each to a style from the theme.
HEADING = "heading"
HEADING_MARKER = "heading-marker"
STRONG = "strong"
EMPHASIS = "emphasis"
STRIKE = "strike"
CODE = "code"
FENCE = "fence"
FENCE_LANGUAGE = "fence-language"
CODE_BLOCK = "code-block"
LINK_TEXT = "link-text"
LINK_URL = "link-url"
LIST_MARKER = "list-marker"
TASK = "task"
TASK_DONE = "task-done"
QUOTE_MARKER = "quote-marker"
RULE = "rule"
TIMESTAMP_KIND = "timestamp"
KINDS = (
    HEADING,
    HEADING_MARKER,
    STRONG,
    EMPHASIS,
    STRIKE,
    CODE,
    FENCE,
    FENCE_LANGUAGE,
    CODE_BLOCK,
    LINK_TEXT,
    LINK_URL,
    LIST_MARKER,
    TASK,
    TASK_DONE,
    QUOTE_MARKER,
    RULE,
    TIMESTAMP_KIND,
)

Span = tuple[int, int, str]  # start and end column (characters), kind

# The fence's run and its language word, on a line `next_state` says opens a fence.
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"(?: {0,3}>[ ]?)+")
_LIST = re.compile(r"([ \t]*)([-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_TASK = re.compile(r"\[([ xX])\](?=[ \t]|$)")
_LINK = re.compile(r"!?\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:[ \t]+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(
    r"<(?:https?|mailto):[^\s<>]*>|\bhttps?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]"
)
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)"
    r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"  # not inside snake_case words
)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")


def scan_line(line: str, state: str) -> list[Span]:
    """The spans of `line`, given the block state before it (see `next_state`)."""
    if state:
        if next_state(line, state) == OUTSIDE:
            return [(0, len(line), FENCE)]
        return [(0, len(line), CODE_BLOCK)] if line else []
    if not line:
        return []
    if next_state(line, OUTSIDE):
        match = _FENCE.match(line)
        assert match is not None
        spans: list[Span] = [(match.start(2), match.end(2), FENCE)]
        if match.group(3):
            spans.append((match.start(3), match.end(3), FENCE_LANGUAGE))
        return spans
    spans = []
    start = 0
    quote = _QUOTE.match(line)
    if quote:
        spans.append((0, quote.end(), QUOTE_MARKER))
        start = quote.end()
    if _RULE.match(line, start):
        spans.append((start, len(line), RULE))
        return spans
    heading = _HEADING.match(line, start)
    if heading:
        spans.append((heading.start(1), len(line), HEADING))
        spans.append((heading.start(1), heading.end(1), HEADING_MARKER))
        start = heading.end()
    else:
        item = _LIST.match(line, start)
        if item:
            spans.append((item.start(2), item.end(2), LIST_MARKER))
            task = _TASK.match(line, item.end())
            if task:
                done = task.group(1) != " "
                spans.append((task.start(), task.end(), TASK_DONE if done else TASK))
                start = task.end()
            else:
                start = item.end()
    spans += _inline(line, start)
    return spans


def _inline(line: str, start: int) -> list[Span]:
    """Emphasis, links, timestamps and code spans from `start`; code wins over the rest."""
    code = code_span_ranges(line, start)

    def outside_code(begin: int, end: int) -> bool:
        return not any(begin < code_end and code_start < end for code_start, code_end in code)

    spans: list[Span] = []
    urls: list[tuple[int, int]] = []
    if "*" in line or "_" in line:
        for pattern, kind in ((_EMPHASIS, EMPHASIS), (_STRONG, STRONG)):
            spans += [
                (m.start(), m.end(), kind)
                for m in pattern.finditer(line, start)
                if outside_code(m.start(), m.end())
            ]
    if "~~" in line:
        spans += [
            (m.start(), m.end(), STRIKE)
            for m in _STRIKE.finditer(line, start)
            if outside_code(m.start(), m.end())
        ]
    if "[" in line:
        for m in _LINK.finditer(line, start):
            if outside_code(m.start(), m.end()):
                spans.append((m.start(1), m.end(1), LINK_TEXT))
                spans.append((m.start(2), m.end(2), LINK_URL))
                urls.append((m.start(2), m.end(2)))  # no bare URL inside it
        spans += [
            (m.start(), m.end(), TIMESTAMP_KIND)
            for m in TIMESTAMP.finditer(line, start)
            if outside_code(m.start(), m.end())
        ]
    if "http" in line or "mailto:" in line:
        spans += [
            (m.start(), m.end(), LINK_URL)
            for m in _AUTOLINK.finditer(line, start)
            if outside_code(m.start(), m.end())
            and not any(m.start() < end and begin < m.end() for begin, end in urls)
        ]
    spans += [(begin, end, CODE) for begin, end in code]
    return spans


class BlockStates:
    """The block state before every line of a text, kept up to date edit by edit."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._states: list[str] = []
        self.reset(lines)

    def reset(self, lines: Sequence[str]) -> None:
        states = [OUTSIDE]
        state = OUTSIDE
        for line in lines:
            state = next_state(line, state)
            states.append(state)
        self._states = states

    def before(self, row: int) -> str:
        """The state before line `row` (OUTSIDE past the end)."""
        states = self._states
        return states[row] if row < len(states) else OUTSIDE

    def replace(self, lines: Sequence[str], top: int, old_bottom: int, new_bottom: int) -> int:
        """Lines `top`..`old_bottom` became `top`..`new_bottom` of `lines`.

        Re-computes states from `top` until they match the old ones again (a
        fence opened at the top of a note changes every line below it).
        Returns the first row after the edit whose state did not change.
        """
        old = self._states
        shift = new_bottom - old_bottom
        state = old[top]
        computed: list[str] = []
        row = top
        count = len(lines)
        while row < count:
            state = next_state(lines[row], state)
            row += 1
            if row > new_bottom and state == old[row - shift]:
                self._states = [*old[: top + 1], *computed, *old[row - shift :]]
                return row
            computed.append(state)
        self._states = [*old[: top + 1], *computed]
        return row
