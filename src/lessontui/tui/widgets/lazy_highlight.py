"""Keep TextArea keystrokes cheap in long notes: highlight only drawn lines, cache the height."""

from __future__ import annotations

from typing import Any

from textual.document._syntax_aware_document import SyntaxAwareDocument
from textual.document._wrapped_document import WrappedDocument
from textual.strip import Strip
from textual.widgets import TextArea

CHUNK = 64  # lines highlighted per tree-sitter query


class _CountedWrappedDocument(WrappedDocument):
    """Textual 8 sums every line's wrap count on each `height` read, once per drawn row;
    the list of visual rows it keeps up to date already has that length."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class _JoinedOffsetDocument(SyntaxAwareDocument):
    """Textual 8 finds an edit's byte offset by encoding the lines above one by one in
    Python; joining them and encoding once gives the same number in C."""

    def _location_to_byte_offset(self, location: tuple[int, int]) -> int:
        lines = self._lines
        row, column = location
        newline = self.newline
        above = len(newline.join(lines[:row]).encode("utf-8")) + (len(newline) if row else 0)
        left = len(lines[row][:column].encode("utf-8")) if row < len(lines) else 0
        return above + left


class _LazyHighlights(dict[int, list[tuple[int, int | None, str]]]):
    """Row -> highlights, filled a chunk of rows at a time when a row is first drawn."""

    def __init__(self, text_area: TextArea) -> None:
        super().__init__()
        self._text_area = text_area
        self._done: set[int] = set()

    def __missing__(self, row: int) -> list[tuple[int, int | None, str]]:
        chunk = row // CHUNK
        if chunk not in self._done:
            self._done.add(chunk)
            self._fill(chunk * CHUNK, (chunk + 1) * CHUNK)
        return self.setdefault(row, [])

    def _fill(self, first: int, stop: int) -> None:
        area = self._text_area
        query = area._highlight_query
        document = area.document
        if query is None or not isinstance(document, SyntaxAwareDocument):
            return
        captures = document.query_syntax_tree(query, (first, 0), (stop, 0))
        for name, nodes in captures.items():
            for node in nodes:
                start_row, start_column = node.start_point
                end_row, end_column = node.end_point
                # Only rows in this chunk: the other rows belong to their own chunks.
                for row in range(max(start_row, first), min(end_row, stop - 1) + 1):
                    span: tuple[int, int | None, str]
                    if start_row == end_row:
                        span = (start_column, end_column, name)
                    elif row == start_row:
                        span = (start_column, None, name)
                    elif row == end_row:
                        span = (0, end_column, name)
                    else:
                        span = (0, None, name)
                    self.setdefault(row, []).append(span)


class LazyHighlightTextArea(TextArea):
    """A TextArea whose keystrokes stay cheap in long notes (NoteEditor builds on it).

    Textual 8.2.8 makes a keystroke cost time in proportion to the note's length, in
    four places found with a profiler: it re-queries the whole tree-sitter tree after
    every edit, sums every line's wrap count for each row drawn, joins the whole note
    for each row drawn (to test for an empty placeholder), and encodes every line
    above the cursor to find the edit's byte offset. This class highlights a row
    when it is drawn and makes the other three constant time or C-speed.
    """

    def _build_highlight_map(self) -> None:
        area: Any = self
        area._line_cache.clear()
        area._highlights = _LazyHighlights(area)

    def render_line(self, y: int) -> Strip:
        area: Any = self
        document = area.document
        if area.placeholder and document.line_count == 1 and not document.get_line(0):
            return super().render_line(y)  # empty: draw the placeholder
        # Textual 8.2.8's render_line, minus `not self.text`, which joins the whole
        # note into one string for every row drawn just to test for emptiness.
        scroll_x, scroll_y = area.scroll_offset
        absolute_y = scroll_y + y
        selection = area.selection
        _, cursor_y = area._cursor_offset
        cache_key = (
            area.size,
            scroll_x,
            absolute_y,
            (
                selection
                if selection.contains_line(absolute_y) or area.soft_wrap
                else selection.end[0] == absolute_y
            ),
            (
                selection.end
                if (area._cursor_visible and area.cursor_blink and absolute_y == cursor_y)
                else None
            ),
            area.theme,
            area._matching_bracket_location,
            area.match_cursor_bracket,
            area.soft_wrap,
            area.show_line_numbers,
            area.read_only,
            area.show_cursor,
            area.suggestion,
        )
        if (cached_line := area._line_cache.get(cache_key)) is not None:
            return cached_line
        line = area._render_line(y)
        area._line_cache[cache_key] = line
        return line

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        area: Any = self
        # Same object, same state: the subclass only reads the height differently.
        area.wrapped_document.__class__ = _CountedWrappedDocument
        if type(area.document) is SyntaxAwareDocument:
            area.document.__class__ = _JoinedOffsetDocument
