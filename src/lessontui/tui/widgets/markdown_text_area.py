"""A TextArea that highlights Markdown line by line and types in time independent of length.

Textual 8.2.8's TextArea with `language="markdown"` re-parses the whole note
with tree-sitter on every edit (`SyntaxAwareDocument.replace_range`), and its
editor does more work in proportion to the note's length on each key. This one
has no tree-sitter document: it scans only the rows it draws
(`render.markdown_lines`), keeps the fence state per line up to date edit by
edit, and makes the other per-key costs, found with py-spy in a real
terminal, constant time (see the classes below).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, Self

from rich.style import Style
from textual.document._document import Document, EditResult, Location, Newline
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea

from lessontui.course.markdown_blocks import lines, lines_with_ends
from lessontui.render.markdown_lines import KINDS, BlockStates, Span, scan_line

_CLASS = "markdown-text-area--"


class _LinesEndAtLineEnds(str):
    """Text whose lines end at CR, LF and CRLF only, as in Markdown (course/markdown_blocks).

    Textual 8.2.8's Document splits a loaded or inserted text with `str.splitlines`
    (`Document.__init__`, `Document.replace_range`), which also ends a line at
    `\\x0b`, `\\x0c`, `\\x1c`-`\\x1e`, `\\x85`, U+2028 and U+2029: each was saved back as
    a newline (one at the very end was lost), so a note holding one changed when
    opened and edited, and a paste holding one was not saved as pasted.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:
        return lines_with_ends(self) if keepends else lines(self)


class _HighlightedDocument(Document):
    """A Document that keeps the fence state before each line up to date on every edit
    (typing, paste, undo and redo all go through `replace_range`), and each line's
    own ending where it is not the note's.

    Textual's Document keeps one newline for the whole text and joins the lines
    with it: a lone CR in an LF note (a line end in Markdown, so a row here as in
    the search and the checklist) was saved as LF after any edit. The rows whose
    ending differs are kept in `odd_ends`, moved along by every edit, and the text
    is joined with them. In typed or pasted text a CRLF or LF takes the note's
    ending (as in Textual); a lone CR in a note that does not end its lines so is
    kept as the character it is.
    """

    block_states: BlockStates
    odd_ends: dict[int, str]  # row -> its line ending, where not `newline`

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        top, bottom = sorted((start, end))
        result = super().replace_range(start, end, _LinesEndAtLineEnds(text))
        self.block_states.replace(self._lines, top[0], bottom[0], result.end_location[0])
        rows_changed = not top[0] == bottom[0] == result.end_location[0]  # not typing in a row
        if (self.odd_ends and rows_changed) or _lone_crs(text, self.newline):
            self._move_odd_ends(top[0], bottom[0], result.end_location[0], text)
        return result

    def _move_odd_ends(self, top: int, bottom: int, new_bottom: int, text: str) -> None:
        """Rows top..bottom became top..new_bottom: the line ends inside the replaced
        range are gone, those after it move, the inserted text brings its own."""
        shift = new_bottom - bottom
        moved = {
            (row if row < top else row + shift): ending
            for row, ending in self.odd_ends.items()
            if row < top or row >= bottom
        }
        moved.update({top + row: ending for row, ending in _lone_crs(text, self.newline).items()})
        self.odd_ends = moved

    @property
    def text(self) -> str:
        if not self.odd_ends:
            return super().text
        newline, odd, lines = self.newline, self.odd_ends, self._lines
        ends = (odd.get(row, newline) for row in range(len(lines) - 1))
        return "".join(line + end for line, end in zip(lines, ends, strict=False)) + lines[-1]


def _most_used_ending(text: str, newline: Newline) -> Newline:
    """The line ending most lines of `text` end with; `newline` on a tie."""
    crlfs = text.count("\r\n")
    counts: dict[Newline, int] = {
        "\r\n": crlfs,
        "\n": text.count("\n") - crlfs,
        "\r": text.count("\r") - crlfs,
    }
    most = max(counts, key=counts.__getitem__)
    return most if counts[most] > counts[newline] else newline


def _lone_crs(text: str, newline: str) -> dict[int, str]:
    """Row -> `\\r` of the lines of inserted `text` that end with a lone CR, unless
    the note ends its lines so."""
    if newline == "\r" or "\r" not in text:
        return {}
    return {row: ending for row, ending in _odd_ends(text, newline).items() if ending == "\r"}


def _odd_ends(text: str, newline: str) -> dict[int, str]:
    """Row -> ending of the lines of `text` that end otherwise than `newline`."""
    crs, lfs, crlfs = text.count("\r"), text.count("\n"), text.count("\r\n")
    if (newline == "\n" and not crs) or (newline == "\r\n" and crs == lfs == crlfs):
        return {}  # the common cases, in C
    if newline == "\r" and not lfs:
        return {}
    found = {}
    for row, line in enumerate(lines_with_ends(text)):
        ending = line[len(line.rstrip("\r\n")) :]
        if ending and ending != newline:
            found[row] = ending
    return found


class _CountedWrappedDocument(WrappedDocument):
    """Textual 8 sums every line's wrap count on each `height` read, once per drawn row;
    the list of visual rows it keeps up to date already has that length."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class _DrawnRowHighlights:
    """Stands in for TextArea's `_highlights` map: a row's spans, scanned when it is drawn.

    `_render_line` styles them after the cursor line and the selection, as it does
    tree-sitter's, in UTF-8 byte columns and by name through the theme's
    `syntax_styles` (which `MarkdownTextArea.render_lines` fills from the CSS).
    """

    def __init__(self, text_area: TextArea) -> None:
        self._text_area = text_area

    def __bool__(self) -> bool:
        return True  # `_render_line` skips highlighting when the map is empty

    def clear(self) -> None:
        """Nothing is kept between frames."""

    def __getitem__(self, row: int) -> list[Span]:
        document: Any = self._text_area.document
        line = document.get_line(row)
        spans = scan_line(line, document.block_states.before(row))
        if line.isascii():
            return spans
        return [
            (len(line[:start].encode()), len(line[:end].encode()), kind)
            for start, end, kind in spans
        ]


class MarkdownTextArea(TextArea):
    """Markdown editing with highlighting in the theme's colours; no `language` needed."""

    COMPONENT_CLASSES = {_CLASS + kind for kind in KINDS}

    DEFAULT_CSS = """
    MarkdownTextArea {
        & > .markdown-text-area--heading { color: $text-primary; text-style: bold; }
        & > .markdown-text-area--heading-marker { color: $text-primary; }
        & > .markdown-text-area--strong { text-style: bold; }
        & > .markdown-text-area--emphasis { text-style: italic; }
        & > .markdown-text-area--strike { text-style: strike; }
        & > .markdown-text-area--code { color: $text-warning; }
        & > .markdown-text-area--fence { color: $text-secondary; }
        & > .markdown-text-area--fence-language { color: $text-accent; text-style: bold; }
        & > .markdown-text-area--code-block { color: $text-warning; }
        & > .markdown-text-area--link-text { color: $text-accent; text-style: underline; }
        & > .markdown-text-area--link-url { color: $text-secondary; }
        & > .markdown-text-area--list-marker { color: $text-accent; text-style: bold; }
        & > .markdown-text-area--task { color: $text-warning; text-style: bold; }
        & > .markdown-text-area--task-done { color: $text-success; text-style: bold; }
        & > .markdown-text-area--quote-marker { color: $text-secondary; text-style: bold; }
        & > .markdown-text-area--rule { color: $text-secondary; }
        & > .markdown-text-area--timestamp { color: $text-success; text-style: bold; }
    }
    """

    _span_styles: dict[str, Style] | None = None
    _style_updates = 0
    _frame: tuple[object, ...] | None = None
    _rows_unchecked = False
    _titles: tuple[object, object] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._drawn: dict[int, Strip] = {}

    def _set_document(self, text: str, language: str | None) -> None:
        # Highlighting is ours, whatever `language` says.
        super()._set_document(_LinesEndAtLineEnds(text), None)
        document: Any = self.document
        # Same objects, same state: the subclasses only add to what they do.
        document.__class__ = _HighlightedDocument
        document.block_states = BlockStates(document.lines)
        # Textual takes CRLF if there is one, else LF: the ending most lines use is
        # the note's (what enter types, and the fewest rows to keep apart).
        document._newline = _most_used_ending(text, document.newline)
        document.odd_ends = _odd_ends(text, document.newline)
        self.wrapped_document.__class__ = _CountedWrappedDocument

    def notify_style_update(self) -> None:
        self._span_styles = None  # the theme or the CSS changed
        self._style_updates += 1
        super().notify_style_update()

    def _styles_by_kind(self) -> dict[str, Style]:
        if self._span_styles is None:
            self._span_styles = {kind: self._readable(kind) for kind in KINDS}
        return self._span_styles

    def _readable(self, kind: str) -> Style:
        """A span kind's style, its colour lifted to WCAG AA on the editor's backgrounds
        (the plain rows and the cursor row) in this theme and colour depth, as the
        preview does (render/contrast.py)."""
        from lessontui.render.contrast import TEXT, readable_style

        # The partial style says what the rule sets; the full one has the colours
        # blended (`$foreground 60%`), which the partial one loses.
        component = self.get_component_styles(_CLASS + kind)
        given, full = component.partial_rich_style, component.rich_style
        style = given.without_color + Style(
            color=full.color if given.color else None,
            bgcolor=full.bgcolor if given.bgcolor else None,
        )
        try:
            system = self.app.console.color_system or "truecolor"
            palette = self.app.ansi_theme
        except Exception:  # no app yet
            return style
        theme = self._theme
        rows = (theme.base_style, theme.cursor_line_style, self.rich_style)
        for back in {row.bgcolor for row in rows if row is not None and row.bgcolor}:
            style = readable_style(style, back, TEXT, system, palette)
        return style

    def _build_highlight_map(self) -> None:
        # Called after every edit: the rows drawn next are scanned then, not now, and
        # the line cache stays (its keys hold each row's text and block state).
        self._highlights = _DrawnRowHighlights(self)  # type: ignore[assignment]

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._rows_unchecked:
            # Drawn before the compositor asked which rows changed (a render of the
            # whole screen, or of another widget's region over this one): the rows
            # are drawn now and also sent with this widget's update, in case this
            # render's region leaves them out.
            self._repaint_regions.update(self._rows_to_repaint())
        self._theme.syntax_styles = self._styles_by_kind()  # this widget's own copy
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strip = self._content_row(y)
        self._drawn[y] = strip  # what the terminal shows on row y from this frame on
        return strip

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Narrow a whole-widget repaint to the rows whose content changed.

        Textual repaints the whole editor when a reactive changes (the selection
        does on every key): it clears the styles cache, so every row goes through
        the styles cache's padding, colour blending and line filters again, and the
        compositor sends every row. Here a whole repaint is only noted; when the
        frame is drawn (`_rows_to_repaint`), the rows that changed are the ones
        whose strip is not the one last drawn there, and only they are repainted.
        """
        if regions or not repaint or recompose or not self.is_mounted:
            return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
        super().refresh(repaint=False, layout=layout)
        # What a repaint does besides clearing the styles cache (Textual 8.2.8's refresh).
        self.clear_cached_dimensions()
        self._rich_style_cache.clear()
        self._rows_unchecked = True
        self._repaint_required = True
        return self

    def _exchange_repaint_regions(self) -> Collection[Region]:
        regions = super()._exchange_repaint_regions()
        if not self._rows_unchecked:
            return regions
        return {*regions, *self._rows_to_repaint()}

    def _rows_to_repaint(self) -> list[Region]:
        """The rows a whole repaint must send, marked dirty in the styles cache.

        All of them when anything around the rows changed (size, focus, styles).
        Otherwise the border rows if a title changed, and the rows whose strip
        changed: `_content_row` returns the same object for a row that shows the
        same thing, and `render_line` records what was drawn, whoever asked for it
        (a whole-screen repaint included).
        """
        self._rows_unchecked = False
        outer = self.outer_size.region
        frame = (
            outer,
            self.content_offset,
            self.size,
            self.has_focus,
            self._style_updates,
            self.rich_style,
        )
        same_frame, self._frame = frame == self._frame, frame
        titles = (self.border_title, self.border_subtitle)
        same_titles, self._titles = titles == self._titles, titles
        if not same_frame:
            self._styles_cache.clear()  # every row, as Textual would
            return [outer]
        top = self.content_offset.y
        drawn = self._drawn.get
        rows = [
            Region(0, top + y, outer.width, 1)
            for y in range(self.size.height)
            if self._content_row(y) is not drawn(y)
        ]
        if not same_titles:  # the save mark: drawn in the border rows
            rows += [Region(0, 0, outer.width, 1), Region(0, outer.height - 1, outer.width, 1)]
        if rows:  # (with no regions, `set_dirty` clears the whole cache)
            self._styles_cache.set_dirty(*rows)
        return rows

    def _content_row(self, y: int) -> Strip:
        """Textual 8.2.8's render_line with a line cache keyed by what a row shows.

        Textual keys its cache by the row's position and the whole selection (with
        soft wrap), and clears it on every edit, so each key redraws every row in
        view. Keyed by the row's text and what touches it instead, a key redraws
        the rows that changed. This also drops `not self.text`, which joined the
        whole note into one string for every row drawn, just to test for emptiness.
        """
        document: Any = self.document
        if self.placeholder and document.line_count == 1 and not document.get_line(0):
            return super().render_line(y)  # empty: draw the placeholder
        scroll_x, scroll_y = self.scroll_offset
        offsets = self.wrapped_document._offset_to_line_info
        row_key: tuple[object, ...] | None = None
        if 0 <= scroll_y + y < len(offsets):
            line_index, section = offsets[scroll_y + y]
            selection = self.selection
            top, bottom = sorted(selection)
            cursor_row, cursor_column = selection.end
            bracket = self._matching_bracket_location
            row_key = (
                document.get_line(line_index),
                section,
                document.block_states.before(line_index),
                selection if top != bottom and top[0] <= line_index <= bottom[0] else None,
                (
                    (cursor_column, self._draw_cursor, self.has_focus, self.suggestion, bracket)
                    if cursor_row == line_index
                    else None
                ),
                bracket if bracket is not None and bracket[0] == line_index else None,
                (
                    (line_index, self.gutter_width, self.line_number_start)
                    if self.show_line_numbers
                    else None
                ),
            )
        cache_key = (
            self.size,
            scroll_x,
            None if self.soft_wrap else self.virtual_size.width,
            row_key,
            self.theme,
            self.match_cursor_bracket,
            self.highlight_cursor_line,
            self.soft_wrap,
            self.indent_width,
            self.show_line_numbers,
            self.read_only,
            self.show_cursor,
        )
        if (cached_line := self._line_cache.get(cache_key)) is not None:
            return cached_line
        line = self._render_line(y)
        self._line_cache[cache_key] = line
        return line
