"""The preview's layout: blocks, their rendered lines (made lazily, cached), and line offsets."""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from lessontui.render.blocks import FRONT_MATTER, Block, BlockDocument
from lessontui.render.markdown import BlockRenderer, Line, RenderedBlock, RenderTheme

CACHE_SIZE = 1024  # rendered blocks kept for reuse (undo, moved text, resize back)
# ...and at most this many of their lines: bounded by blocks alone, a session of big
# notes kept hundreds of MB, and each full garbage collection walked all of it
# (docs/performance.md, "A long session").
CACHE_LINES = 5_000
KEEP_AROUND = 150  # blocks kept drawn each side of the view; farther ones are dropped
# A block longer than this (a 500-row table, a pasted megabyte line) can take from
# 50 ms to seconds to render: with `detach_big` on, it is left to `render_detached`
# (the widget runs it in a thread) and a stand-in is shown meanwhile.
BIG_BLOCK = 4000

Key = tuple[str, int, int]
Entry = tuple[list[Any], RenderedBlock]


def render_detached(
    source: str, width: int, theme: RenderTheme, line_factory: Callable[[Line], Any]
) -> Entry:
    """Render one block with a renderer of its own: safe to run in another thread.

    The cyclic garbage collector is paused meanwhile: a big block makes millions of
    objects, and each full collection over them held the GIL for 50-200 ms, which
    froze the UI thread as surely as rendering on it. The syntax tree's cycles are
    broken by the renderer, so its garbage goes by reference counting. No
    `gc.freeze()` after it: a freeze per render kept every cycle then alive or
    not yet collected from ever being collected (docs/performance.md, "A long
    session": 3.3 million dead objects, 486 MB more after 100 lessons).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        renderer = BlockRenderer(theme)
        rendered = renderer.render(source, width)
        lines = [line_factory(line) for line in rendered.lines]
    finally:
        if paused:
            gc.enable()
    return (lines, RenderedBlock([], rendered.anchors))


def _same_block(old: str, new: str) -> bool:
    """Whether `new` looks like an edit of `old`: same start or same end."""
    return old[:80] == new[:80] or old[-80:] == new[-80:]


class PreviewEngine:
    """Renders a note block by block and only the blocks someone looks at.

    A block not rendered yet has an estimated height; `ensure(top, bottom)` renders
    the blocks in a window of rendered lines and fixes their heights. The result of
    rendering a block is cached by (source, width, theme), so an edit re-renders only
    the blocks whose text changed.
    """

    def __init__(
        self,
        theme: RenderTheme | None = None,
        line_factory: Callable[[Line], Any] | None = None,
        width: int = 80,
    ) -> None:
        self.document = BlockDocument()
        self.renderer = BlockRenderer(theme)
        self.line_factory = line_factory or (lambda line: line)
        self.width = max(4, width)
        self._cache: OrderedDict[tuple[str, int, int], tuple[list[Any], RenderedBlock]]
        self._cache = OrderedDict()
        self._cache_lines = 0  # lines held by _cache
        # Hashing the theme's twenty styles per block lookup was a hot spot: hash once.
        self._theme_key = hash(self.renderer.theme)
        self._rendered: list[tuple[list[Any], RenderedBlock] | None] = []
        self._heights: list[int] = []
        self._offsets: list[int] | None = None
        self._renders_since_trim = 0
        # With detach_big, big blocks are not rendered here: `wanted` collects them
        # (key -> source) for the caller to render off the UI thread and `accept`.
        self.detach_big = False
        self.wanted: dict[Key, str] = {}
        self._sync_all()

    # -- inputs -----------------------------------------------------------------------

    @property
    def theme(self) -> RenderTheme:
        return self.renderer.theme

    def set_text(self, text: str) -> bool:
        """Take the note's new text; True if anything changed."""
        before = list(self.document.blocks)
        change = self.document.set_text(text)
        if change is None:
            return False
        blocks = self.document.blocks[change.first : change.first + change.added]
        rendered = [self._cached(block) for block in blocks]
        if change.removed == change.added:
            # An edit inside a big block: keep showing its old lines until the new
            # ones are made, rather than a blank stand-in (not for another note's).
            old = self._rendered[change.first : change.first + change.removed]
            sources = before[change.first : change.first + change.removed]
            for index, (block, entry) in enumerate(zip(blocks, old, strict=True)):
                if (
                    rendered[index] is None
                    and entry is not None
                    and self._is_big(block)
                    and _same_block(sources[index].source, block.source)
                ):
                    rendered[index] = (entry[0], RenderedBlock([], entry[1].anchors, True))
        self._rendered[change.first : change.first + change.removed] = rendered
        self._heights[change.first : change.first + change.removed] = [
            self._height(block, entry) for block, entry in zip(blocks, rendered, strict=True)
        ]
        self._offsets = None
        return True

    def set_width(self, width: int) -> bool:
        width = max(4, width)
        if width == self.width:
            return False
        self.width = width
        self._sync_all()
        return True

    def set_theme(self, theme: RenderTheme) -> bool:
        if theme == self.renderer.theme:
            return False
        self.renderer.theme = theme
        self._theme_key = hash(theme)
        self._sync_all()
        return True

    def clear_cache(self) -> None:
        """Forget every rendered block (a lexer loaded: code can now be highlighted)."""
        self._cache.clear()
        self._cache_lines = 0
        self._sync_all()

    def forget_images(self) -> None:
        """Draw the blocks with an image again (one was decoded, or the note's folder
        changed); the rest stay as they are."""
        for key in [key for key in self._cache if "![" in key[0]]:
            self._cache_lines -= len(self._cache.pop(key)[0])
        for index, block in enumerate(self.document.blocks):
            if "![" in block.source:
                self._rendered[index] = None
        self._offsets = None

    def _sync_all(self) -> None:
        blocks = self.document.blocks
        self._rendered = [self._cached(block) for block in blocks]
        self._heights = [
            self._height(block, entry) for block, entry in zip(blocks, self._rendered, strict=True)
        ]
        self._offsets = None

    # -- rendering ----------------------------------------------------------------------

    def _key(self, block: Block) -> tuple[str, int, int]:
        return (block.source, self.width, self._theme_key)

    def _cached(self, block: Block) -> tuple[list[Any], RenderedBlock] | None:
        if block.kind == FRONT_MATTER:
            return ([], RenderedBlock([], []))
        return self._cache.get(self._key(block))

    def _keep(self, key: Key, entry: Entry) -> None:
        """Cache a rendered block; drop the oldest past CACHE_SIZE blocks or CACHE_LINES lines."""
        old = self._cache.pop(key, None)
        self._cache_lines += len(entry[0]) - (len(old[0]) if old else 0)
        self._cache[key] = entry
        while len(self._cache) > 1 and (
            len(self._cache) > CACHE_SIZE or self._cache_lines > CACHE_LINES
        ):
            _, (lines, _) = self._cache.popitem(last=False)
            self._cache_lines -= len(lines)

    def _height(self, block: Block, entry: tuple[list[Any], RenderedBlock] | None) -> int:
        if entry is not None:
            return len(entry[0])
        # A guess until the block is drawn: its text wrapped at the width, plus a gap.
        source = block.source
        return len(source) // self.width + source.count("\n") + 1

    def _is_big(self, block: Block) -> bool:
        return self.detach_big and len(block.source) > BIG_BLOCK

    def _stand_in(self, block: Block) -> Entry:
        """Blank lines of the block's estimated height, until its real lines come."""
        blank = self.line_factory([])
        return ([blank] * self._height(block, None), RenderedBlock([], [], True))

    def _render(self, index: int) -> tuple[list[Any], RenderedBlock]:
        block = self.document.blocks[index]
        key = self._key(block)
        entry = self._cache.get(key)
        if entry is None and self._is_big(block):
            self.wanted[key] = block.source
            current = self._rendered[index]
            entry = current if current is not None else self._stand_in(block)
        elif entry is None:
            rendered = self.renderer.render(block.source, self.width)
            # Keep only the made lines: holding the segment lists too doubled the memory.
            made = [self.line_factory(line) for line in rendered.lines]
            entry = (made, RenderedBlock([], rendered.anchors))
            self._keep(key, entry)
        self._rendered[index] = entry
        self._renders_since_trim += 1
        if self._heights[index] != len(entry[0]):
            self._heights[index] = len(entry[0])
            self._offsets = None
        return entry

    # -- layout ------------------------------------------------------------------------

    @property
    def offsets(self) -> list[int]:
        """First rendered line of each block, then the total."""
        if self._offsets is None:
            self._offsets = list(accumulate(self._heights, initial=0))
        return self._offsets

    @property
    def height(self) -> int:
        return self.offsets[-1]

    def block_at(self, y: int) -> int:
        offsets = self.offsets
        return min(max(0, bisect_right(offsets, y) - 1), len(self._heights) - 1)

    def ensure(self, top: int, bottom: int) -> int:
        """Render every block showing in lines [top, bottom); return the adjusted top.

        Rendering replaces estimated heights with real ones, so the block at the top
        is kept at the top: the returned line is where the view should now start.
        """
        self.wanted.clear()  # what is on show now is asked for again below
        anchor = self.block_at(top)
        within = top - self.offsets[anchor]
        seen: set[int] = set()  # stand-ins asked for once per call
        for _ in range(8):  # heights settle in one or two rounds
            offsets = self.offsets
            start = offsets[anchor] + within
            stop = start + (bottom - top)
            index = self.block_at(start)
            drew = False
            while index < len(self._heights) and offsets[index] < stop:
                entry = self._rendered[index]
                if entry is None or (entry[1].pending and index not in seen):
                    seen.add(index)
                    self._render(index)
                    drew = True
                index += 1
            if not drew:
                break
        if self._renders_since_trim > 2 * KEEP_AROUND:
            self._trim(anchor)
        height = self._heights[anchor] if self._heights else 0
        return self.offsets[anchor] + min(within, max(0, height - 1))

    def accept(self, key: Key, entry: Entry) -> bool:
        """Take a block rendered by `render_detached`; True if it is on show."""
        self.wanted.pop(key, None)
        self._keep(key, entry)
        shown = False
        for index, block in enumerate(self.document.blocks):
            current = self._rendered[index]
            if current is not None and current[1].pending and self._key(block) == key:
                self._rendered[index] = entry
                self._heights[index] = len(entry[0])
                self._offsets = None
                shown = True
        return shown

    def _trim(self, around: int) -> None:
        """Drop the lines of blocks far from the view; their exact heights stay."""
        self._renders_since_trim = 0
        for index, entry in enumerate(self._rendered):
            if entry is not None and abs(index - around) > KEEP_AROUND:
                self._rendered[index] = None

    def line(self, y: int) -> Any | None:
        """The rendered line at `y`, or None past the end."""
        if y < 0 or y >= self.height:
            return None
        index = self.block_at(y)
        entry = self._rendered[index] or self._render(index)
        lines = entry[0]
        local = y - self.offsets[index]
        return lines[local] if local < len(lines) else None

    def is_rendered(self, index: int) -> bool:
        return self._rendered[index] is not None

    def render_all(self) -> list[Any]:
        """Every line of the note (tests and benchmarks; the widget draws lazily)."""
        for index in range(len(self._heights)):
            if self._rendered[index] is None:
                self._render(index)
        return [line for entry in self._rendered if entry for line in entry[0]]

    # -- source lines <-> rendered lines ----------------------------------------------

    def line_for_source(self, source_line: int) -> int:
        """The rendered line that shows (or is nearest to) a source line."""
        document = self.document
        index = document.block_at_line(source_line)
        local = source_line - document.starts[index]
        entry = self._rendered[index]
        offset = self.offsets[index]
        if entry is None:
            return offset
        best = 0
        for source, rendered in entry[1].anchors:
            if source > local:
                break
            best = rendered
        return offset + best

    def source_for_line(self, y: int) -> int:
        """The first source line of the element drawn at rendered line `y`."""
        index = self.block_at(y)
        local = y - self.offsets[index]
        entry = self._rendered[index]
        best = 0
        if entry is not None:
            for source, rendered in entry[1].anchors:
                if rendered > local:
                    break
                best = source
        return self.document.starts[index] + best
