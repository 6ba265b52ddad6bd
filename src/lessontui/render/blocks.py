"""Split a note into top-level Markdown blocks cheaply, and re-split only around an edit."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from lessontui.course.markdown_blocks import OUTSIDE, closes, opening_fence, split_lines

FRONT_MATTER = "front_matter"
MARKDOWN = "markdown"

# Merging too much is always safe (the merged block parses as it would in the
# whole note); splitting inside a construct is not, so every rule below errs
# towards merging. Fences are `markdown_blocks`'s, as for every other part.
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE_CHARS = frozenset("`~")
_TASK_LINE = re.compile(r"[ \t]*[-*+][ \t]+\[[ xX]\]")
# A pasted transcript can be one paragraph of 100,000 lines; cut such a paragraph
# into pieces so an edit re-renders one piece, not the whole thing. The pieces
# show as separate paragraphs, which only matters in notes nobody wraps by hand.
MAX_PARAGRAPH_LINES = 200
_LIST_CHARS = frozenset("-+*0123456789")


@dataclass(frozen=True, slots=True)
class Block:
    """A run of source lines that parses on its own exactly as it does in the note."""

    source: str  # the lines joined by "\n" (trailing blank lines included)
    lines: int  # how many source lines it spans
    kind: str = MARKDOWN


_NOT_PLAIN = frozenset(" \t>|#-+*=`~<_")


def _plain(line: str) -> bool:
    """A line that can only be paragraph text (so a paragraph may be cut before it)."""
    return bool(line) and line[0] not in _NOT_PLAIN and not _LIST_ITEM.match(line)


def iter_spans(lines: list[str], begin: int = 0) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, kind) spans of top-level blocks, starting at a block start."""
    count = len(lines)
    index = begin
    if begin == 0 and count and lines[0].rstrip() == "---":
        for close in range(1, count):
            if lines[close].rstrip() in ("---", "..."):
                end = close + 1
                while end < count and not lines[end].strip():
                    end += 1
                yield 0, end, FRONT_MATTER
                index = end
                break
    start = index
    fence = OUTSIDE
    in_list = False
    has_content = False
    after_blank = False
    while index < count:
        line = lines[index]
        index += 1
        if fence:
            if closes(line, fence):
                fence = OUTSIDE
            continue
        if not line.strip():
            after_blank = has_content
            continue
        if after_blank and line[0] not in " \t" and not (in_list and _LIST_ITEM.match(line)):
            # A blank line then an unindented line that does not continue a list:
            # markdown-it would start a new top-level block here too.
            yield start, index - 1, MARKDOWN
            start = index - 1
            in_list = False
        elif in_list and _plain(line) and _TASK_LINE.match(lines[index - 2]):
            # Text typed right below a task list (the learned list) is notes, not more
            # of the last item: shown as its own paragraph, as the page has it.
            yield start, index - 1, MARKDOWN
            start = index - 1
            in_list = False
        elif (
            index - 1 - start >= MAX_PARAGRAPH_LINES
            and not in_list
            and _plain(line)
            and _plain(lines[index - 2])
        ):
            yield start, index - 1, MARKDOWN
            start = index - 1
        after_blank = False
        has_content = True
        # Most lines start with a letter: test the first character before any regex.
        lead = line[0] if line[0] != " " else line.lstrip(" ")[:1]
        if lead in _FENCE_CHARS:
            fence = opening_fence(line)
        elif lead in _LIST_CHARS and _LIST_ITEM.match(line):
            in_list = True
    if start < count:
        yield start, count, MARKDOWN


def split(lines: list[str]) -> list[Block]:
    return [
        Block("\n".join(lines[start:end]), end - start, kind)
        for start, end, kind in iter_spans(lines)
    ]


@dataclass(frozen=True, slots=True)
class Change:
    """Blocks [first, first + removed) were replaced by [first, first + added)."""

    first: int
    removed: int
    added: int


def _common_prefix(old: list[str], new: list[str], limit: int) -> int:
    """How many leading lines are equal; compares in slices so the loop runs in C."""
    index = 0
    step = 256
    while step:
        while index + step <= limit and old[index : index + step] == new[index : index + step]:
            index += step
        step //= 4
    return index


class BlockDocument:
    """The note as a list of blocks, updated by re-splitting only around each edit."""

    def __init__(self) -> None:
        self.lines: list[str] = [""]
        self.blocks: list[Block] = split(self.lines)
        self._sizes: list[int] = [block.lines for block in self.blocks]
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """First source line of each block."""
        if self._starts is None:
            self._starts = list(accumulate(self._sizes, initial=0))[:-1]
        return self._starts

    def block_at_line(self, line: int) -> int:
        return max(0, bisect_right(self.starts, line) - 1)

    def set_text(self, text: str) -> Change | None:
        """Take the new text; None when nothing changed, else the changed block range."""
        new = split_lines(text)
        old = self.lines
        if new == old:
            return None
        limit = min(len(old), len(new))
        prefix = _common_prefix(old, new, limit)
        suffix = _common_prefix(old[::-1], new[::-1], limit - prefix)
        delta = len(new) - len(old)
        starts = self.starts
        # Start one block early: deleting a blank line can merge two blocks.
        first = max(0, self.block_at_line(max(prefix - 1, 0)) - 1)
        if new[0].rstrip() == "---" and self.blocks[0].kind != FRONT_MATTER:
            # An opening `---` is closed by the first `---` anywhere below: an edit
            # far down can turn the top into front matter, so split from the top.
            first = 0
        begin = starts[first]
        old_tail = len(old) - suffix  # old lines from here on are unchanged
        new_tail = len(new) - suffix
        fresh: list[Block] = []
        resume = len(self.blocks)
        for start, end, kind in iter_spans(new, begin):
            fresh.append(Block("\n".join(new[start:end]), end - start, kind))
            if end >= new_tail and end < len(new):
                old_start = end - delta
                if old_start >= old_tail:
                    at = bisect_right(starts, old_start) - 1
                    if starts[at] == old_start:
                        resume = at
                        break
        removed = resume - first
        self.blocks[first:resume] = fresh
        self._sizes[first:resume] = [block.lines for block in fresh]
        self.lines = new
        self._starts = None
        return Change(first, removed, len(fresh))
