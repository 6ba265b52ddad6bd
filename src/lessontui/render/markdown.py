"""Render one Markdown block to styled terminal lines (Rich Segments), links kept in meta."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.tasklists import tasklists_plugin
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from rich.cells import cell_len
from rich.color import Color
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.syntax import Syntax, SyntaxTheme
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme
from rich.text import Span, Text

from lessontui.course.timestamps import TIMESTAMP, seconds_of
from lessontui.render.contrast import TEXT, readable_style
from lessontui.render.images import ImageCells

Line = list[Segment]

# Same glyphs as Textual's Markdown widget, so the two read alike.
BULLETS = ("• ", "▪ ", "‣ ", "⭑ ", "◦ ")
CHECKED = "☑ "
UNCHECKED = "☐ "
# Spaces, tabs and line ends only: `\s` also took VT, FF, the separators U+001C-F
# and U+0085 (drawn as symbols in the editor, so the preview must show them too)
# and a no-break space (meant to stay).
_SPACE_CHARS = " \t\r\n"
_SPACES = re.compile(f"[{_SPACE_CHARS}]+")
_CHUNK = 32_768


def _one_space(text: str) -> str:
    """Runs of white space made one space, a chunk at a time: one `re.sub` over a
    megabyte line holds the GIL for 100 ms, freezing the UI thread meanwhile."""
    if len(text) <= _CHUNK:
        return _SPACES.sub(" ", text)
    parts = []
    start = 0
    while start < len(text):
        end = start + _CHUNK
        while end < len(text) and text[end] in _SPACE_CHARS:  # never cut a run of spaces
            end += 1
        parts.append(_SPACES.sub(" ", text[start:end]))
        start = end
    return "".join(parts)


@dataclass(frozen=True)
class RenderTheme:
    """Styles for each Markdown element; the widget fills it from theme variables."""

    text: Style = field(default_factory=Style)
    headings: tuple[Style, ...] = (
        Style(bold=True, underline=True),
        Style(bold=True),
        Style(bold=True, italic=True),
        Style(italic=True),
        Style(italic=True, dim=True),
        Style(dim=True),
    )
    em: Style = field(default_factory=lambda: Style(italic=True))
    strong: Style = field(default_factory=lambda: Style(bold=True))
    strike: Style = field(default_factory=lambda: Style(strike=True))
    code_inline: Style = field(default_factory=lambda: Style(reverse=True))
    link: Style = field(default_factory=lambda: Style(underline=True))
    timestamp: Style = field(default_factory=lambda: Style(bold=True, underline=True))
    bullet: Style = field(default_factory=lambda: Style(bold=True))
    checked: Style = field(default_factory=lambda: Style(bold=True))
    unchecked: Style = field(default_factory=lambda: Style(bold=True))
    quote_border: Style = field(default_factory=lambda: Style(dim=True))
    code_block: Style = field(default_factory=Style)
    table_border: Style = field(default_factory=lambda: Style(dim=True))
    table_header: Style = field(default_factory=lambda: Style(bold=True))
    rule: Style = field(default_factory=lambda: Style(dim=True))
    quote: Style = field(default_factory=lambda: Style(italic=True))
    code_theme: str = "monokai"
    # The terminal's colours ("truecolor", "256", "standard"): code colours are
    # made readable as that terminal will show them.
    color_system: str = "truecolor"
    palette: TerminalTheme = DEFAULT_TERMINAL_THEME  # what ANSI colours look like


def make_parser() -> MarkdownIt:
    """CommonMark + GFM tables, strikethrough and task lists; raw HTML stays text."""
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return parser.use(tasklists_plugin)


_CONSOLE = Console(
    width=10_000, file=io.StringIO(), force_terminal=True, color_system="truecolor", emoji=False
)


@lru_cache(maxsize=8)
def _syntax_theme(name: str) -> SyntaxTheme:
    return Syntax.get_theme(name)


# Loading a Pygments lexer (import plus regex compilation) costs 50-150 ms the first
# time, more than a whole first preview may take; the widget loads them in a thread.
_LEXERS: dict[str, Lexer | None] = {}


def lexer_ready(language: str) -> bool:
    return language in _LEXERS


def load_lexer(language: str) -> Lexer | None:
    """The Pygments lexer for a fence's language (None if unknown), loaded once."""
    if language not in _LEXERS:
        try:
            lexer: Lexer | None = get_lexer_by_name(language)
        except ClassNotFound:
            lexer = None
        if lexer is not None:
            for _ in lexer.get_tokens("x = 1\n"):  # compiles its regexes now
                pass
        _LEXERS[language] = lexer
    return _LEXERS[language]


@lru_cache(maxsize=1024)
def _token_style(style: Style, back: Color | None, system: str, palette: TerminalTheme) -> Style:
    """A Pygments token's style on the theme's code background: the token's own
    background dropped (one even band), its colour lifted if it would be faint."""
    plain = style.without_color + Style(color=style.color)
    return readable_style(plain, back, TEXT, system, palette)


@dataclass(slots=True)
class RenderedBlock:
    """A block's lines, and where its source lines start in them."""

    lines: list[Line]
    anchors: list[tuple[int, int]]  # (source line within block, rendered line), ascending
    pending: bool = False  # a stand-in shown while the real lines are made elsewhere


def text_lines(text: Text, width: int, justify: str = "default") -> list[Line]:
    """Wrap `text` to `width` cells and return each line as segments."""
    if not text.plain:
        return [[]]
    if justify == "left":
        justify = "default"  # left would pad every line with spaces
    wrapped = text.wrap(_CONSOLE, max(1, width), justify=justify, overflow="fold")  # type: ignore[arg-type]
    base = text.style if isinstance(text.style, Style) else Style.parse(text.style)
    # Text.render drops the base style of a line without spans (a plain heading):
    # put it under every segment here.
    return [
        list(Segment.apply_style([seg for seg in line.render(_CONSOLE) if seg.text != "\n"], base))
        for line in wrapped
    ]


def _line_length(line: Line) -> int:
    return sum(cell_len(seg.text) for seg in line)


def _pad(line: Line, width: int, style: Style | None = None) -> Line:
    gap = width - _line_length(line)
    return [*line, Segment(" " * gap, style)] if gap > 0 else line


def _prefixed(lines: list[Line], first: Line, rest: Line) -> list[Line]:
    return [[*(first if index == 0 else rest), *line] for index, line in enumerate(lines)]


class BlockRenderer:
    """Turns Markdown source into lines at a width, in a theme."""

    def __init__(self, theme: RenderTheme | None = None, defer_highlight: bool = False) -> None:
        self.theme = theme or RenderTheme()
        self.parser = make_parser()
        # With defer_highlight, a fence whose lexer is not loaded yet is drawn plain
        # and its language noted in `pending_languages` for the caller to load.
        self.defer_highlight = defer_highlight
        self.pending_languages: set[str] = set()
        # With images, a paragraph that is one image shows it below its line
        # (render/images.py); without, only the line.
        self.images: ImageCells | None = None
        self._skip_space = False

    def render(self, source: str, width: int) -> RenderedBlock:
        tokens = self.parser.parse(source)
        root = SyntaxTreeNode(tokens)
        anchors: list[tuple[int, int]] = []
        lines = self._blocks(root.children, max(4, width), 0, anchors, top=True)
        if len(source) > _CHUNK:
            _release(_unlink(root), tokens)
            del root
        if lines:
            lines.append([])  # the gap before the next block
        return RenderedBlock(lines, anchors)

    # -- block elements -----------------------------------------------------------

    def _blocks(
        self,
        nodes: list[SyntaxTreeNode],
        width: int,
        depth: int,
        anchors: list[tuple[int, int]] | None,
        top: bool = False,
        tight: bool = False,
    ) -> list[Line]:
        out: list[Line] = []
        for node in nodes:
            mark = len(anchors) if anchors is not None else 0
            lines = self._block(node, width, depth, anchors if top else None)
            if not lines:
                continue  # an empty element (`>` alone) leaves no gap either
            if out and not tight:
                out.append([])
            base = len(out)
            out.extend(lines)
            if anchors is not None:
                # List items recorded their lines relative to the list.
                for index in range(mark, len(anchors)):
                    source, line = anchors[index]
                    anchors[index] = (source, line + base)
                if node.map is not None:
                    anchors.insert(mark, (node.map[0], base))
        return out

    def _block(
        self,
        node: SyntaxTreeNode,
        width: int,
        depth: int,
        anchors: list[tuple[int, int]] | None,
    ) -> list[Line]:
        theme = self.theme
        kind = node.type
        if kind == "paragraph":
            if self.images is not None:
                return self._paragraph(node, width, self.images)
            return self._inline_lines(node, width, theme.text)
        if kind == "heading":
            level = int(node.tag[1:])
            style = theme.headings[level - 1]
            return self._inline_lines(node, width, style, "center" if level == 1 else "default")
        if kind == "hr":
            return [[Segment("─" * width, theme.rule)]]
        if kind == "blockquote":
            inner = self._blocks(node.children, width - 2, depth, None)
            inner = [list(Segment.apply_style(line, theme.quote)) for line in inner]
            bar = [Segment("▌ ", theme.quote_border)]
            return _prefixed(inner, bar, bar)
        if kind in ("bullet_list", "ordered_list"):
            return self._list(node, width, depth, anchors)
        if kind in ("fence", "code_block"):
            language = node.info.split()[0] if node.info.strip() else ""
            return self._code(node.content, language, width)
        if kind == "table":
            return self._table(node, width)
        text = Text(_one_space(node.content).strip(), style=theme.text, end="")
        return text_lines(text, width)

    def _list(
        self,
        node: SyntaxTreeNode,
        width: int,
        depth: int,
        anchors: list[tuple[int, int]] | None,
    ) -> list[Line]:
        theme = self.theme
        items = [child for child in node.children if child.type == "list_item"]
        # A tight list hides its paragraphs; a loose one keeps a gap between items.
        tight = all(
            child.hidden for item in items for child in item.children if child.type == "paragraph"
        )
        if node.type == "ordered_list":
            start = int(node.attrs.get("start", 1) or 1)
            numbers = [f"{number}. " for number in range(start, start + len(items))]
            size = max(len(number) for number in numbers) + 1 if numbers else 0
            markers = [number.rjust(size) for number in numbers]
        else:
            markers = [BULLETS[depth % len(BULLETS)]] * len(items)
        out: list[Line] = []
        for item, marker in zip(items, markers, strict=True):
            if out and not tight:
                out.append([])
            if anchors is not None and item.map is not None:
                anchors.append((item.map[0], len(out)))
            indent = cell_len(marker)
            # Bullets change with the depth of bullet lists only, as in Textual's widget.
            inner_depth = depth + 1 if node.type == "bullet_list" else depth
            body = self._blocks(item.children, width - indent, inner_depth, None, tight=tight)
            body = body or [[]]
            out.extend(_prefixed(body, [Segment(marker, theme.bullet)], [Segment(" " * indent)]))
        return out

    def _code(self, code: str, language: str, width: int) -> list[Line]:
        theme = self.theme
        code = code.rstrip("\n")
        lexer = None
        if language:
            if self.defer_highlight and not lexer_ready(language):
                self.pending_languages.add(language)
            else:
                lexer = load_lexer(language)
        if lexer is None:
            highlighted = Text(code, end="")
        else:
            syntax = Syntax(code, lexer, theme=_syntax_theme(theme.code_theme))
            highlighted = syntax.highlight(code)
            highlighted.rstrip()
            highlighted.style = ""
            system, palette = theme.color_system, theme.palette
            back = theme.code_block.bgcolor
            highlighted.spans = [
                Span(span.start, span.end, _token_style(span.style, back, system, palette))
                if isinstance(span.style, Style)
                else span
                for span in highlighted.spans
            ]
        inner = width - 2
        out: list[Line] = []
        for line in highlighted.split("\n", allow_blank=True):
            line.end = ""
            for part in text_lines(line, inner) if line.plain else [[]]:
                padded = _pad([Segment(" "), *part], width)
                out.append(list(Segment.apply_style(padded, theme.code_block)))
        return out

    def _table(self, node: SyntaxTreeNode, width: int) -> list[Line]:
        theme = self.theme
        rows: list[list[Text]] = []
        aligns: list[str] = []
        for section in node.children:
            for row_node in section.children:
                cells = []
                for cell_node in row_node.children:
                    style = theme.table_header if cell_node.type == "th" else theme.text
                    cells.append(self._inline_text(cell_node, style))
                    if cell_node.type == "th":
                        align = str(cell_node.attrs.get("style", "")).removeprefix("text-align:")
                        aligns.append(align if align in ("right", "center") else "left")
                rows.append(cells)
        columns = max((len(row) for row in rows), default=0)
        if not columns:
            return []
        aligns += ["left"] * (columns - len(aligns))
        widths = [1] * columns
        for row in rows:
            for index, cell in enumerate(row):
                widths[index] = max(widths[index], cell.cell_len)
        room = width - 3 * columns - 1
        if sum(widths) > room:
            # Shrink the widest columns first so short ones stay readable.
            while sum(widths) > room and max(widths) > 3:
                widest = widths.index(max(widths))
                widths[widest] -= 1
        border = theme.table_border
        bar = Segment("│", border)

        def rule(left: str, middle: str, right: str) -> Line:
            inner = middle.join("─" * (w + 2) for w in widths)
            return [Segment(f"{left}{inner}{right}", border)]

        out: list[Line] = [rule("┌", "┬", "┐")]
        for index, row in enumerate(rows):
            cells = [*row, *[Text("", end="")] * (columns - len(row))]
            wrapped = [
                text_lines(cell, w, align)
                for cell, w, align in zip(cells, widths, aligns, strict=True)
            ]
            height = max(len(lines) for lines in wrapped)
            for y in range(height):
                line: Line = [bar]
                for lines, w in zip(wrapped, widths, strict=True):
                    part = lines[y] if y < len(lines) else []
                    line += [Segment(" "), *_pad(part, w), Segment(" "), bar]
                out.append(line)
            if index == 0 and len(rows) > 1:
                out.append(rule("├", "┼", "┤"))
        out.append(rule("└", "┴", "┘"))
        return out

    # -- inline content --------------------------------------------------------------

    def _paragraph(self, node: SyntaxTreeNode, width: int, images: ImageCells) -> list[Line]:
        """A paragraph whose lines may hold an image alone: each such image is drawn
        below its line (render/images.py); the other lines wrap as usual."""
        inline = node.children[0] if node.children else None
        if inline is None or not any(child.type == "image" for child in inline.children):
            return self._inline_lines(node, width, self.theme.text)
        rows: list[list[SyntaxTreeNode]] = [[]]
        for child in inline.children:
            if child.type in ("softbreak", "hardbreak"):
                rows.append([])
            else:
                rows[-1].append(child)
        out: list[Line] = []
        text = Text(style=self.theme.text, end="")
        for row in rows:
            src = _lone_image(row)
            if text.plain and (src is not None or row):
                text.append("\n")
            self._inline(row, text, Style())
            if src is not None:
                out.extend(text_lines(text, width))
                out.extend(self._image(src, width, images))
                text = Text(style=self.theme.text, end="")
        if text.plain:
            out.extend(text_lines(text, width))
        return out

    def _image(self, src: str, width: int, images: ImageCells) -> list[Line]:
        cells = images.lines(src, width)
        if cells is None:
            return [[Segment("loading the image…", self.theme.quote)]]
        if isinstance(cells, str):
            return text_lines(Text(cells, style=self.theme.quote, end=""), width)
        return cells

    def _inline_lines(
        self, node: SyntaxTreeNode, width: int, style: Style, justify: str = "default"
    ) -> list[Line]:
        return text_lines(self._inline_text(node, style), width, justify)

    def _inline_text(self, node: SyntaxTreeNode, style: Style) -> Text:
        text = Text(style=style, end="")
        for child in node.children:
            if child.type == "inline":
                self._inline(child.children, text, Style())
        return text

    def _inline(self, nodes: list[SyntaxTreeNode], text: Text, style: Style) -> None:
        theme = self.theme
        for node in nodes:
            kind = node.type
            if kind == "text":
                self._plain(_one_space(node.content), text, style)
            elif kind in ("softbreak", "hardbreak"):
                # A line of a note is a line, as on the exported page (line_breaks.py).
                text.append("\n", style)
            elif kind == "code_inline":
                text.append(node.content, style + theme.code_inline)
            elif kind == "em":
                self._inline(node.children, text, style + theme.em)
            elif kind == "strong":
                self._inline(node.children, text, style + theme.strong)
            elif kind == "s":
                self._inline(node.children, text, style + theme.strike)
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                link = style + theme.link + Style.from_meta({"link": href})
                self._inline(node.children, text, link)
            elif kind == "image":
                src = str(node.attrs.get("src", ""))
                link = style + theme.link + Style.from_meta({"link": src})
                text.append("🖼  ", link)
                self._inline(node.children, text, link)
            elif kind == "html_inline" and "task-list-item-checkbox" in node.content:
                if 'checked="checked"' in node.content:
                    text.append(CHECKED, theme.checked)
                else:
                    text.append(UNCHECKED, theme.unchecked)
                # The plugin leaves the space after `]` in the text that follows.
                self._skip_space = True
            else:
                text.append(node.content, style)

    def _plain(self, content: str, text: Text, style: Style) -> None:
        if self._skip_space:
            self._skip_space = False
            content = content.removeprefix(" ")
        if "[" not in content:
            text.append(content, style)
            return
        position = 0
        for match in TIMESTAMP.finditer(content):
            text.append(content[position : match.start()], style)
            seconds = seconds_of(match)
            stamp = style + self.theme.timestamp + Style.from_meta({"timestamp": seconds})
            text.append(match.group(0), stamp)
            position = match.end()
        text.append(content[position:], style)


def _lone_image(row: list[SyntaxTreeNode]) -> str | None:
    """The source of the image a line of a paragraph consists of (text beside it: None)."""
    parts = [n for n in row if not (n.type == "text" and not n.content.strip())]
    if len(parts) != 1 or parts[0].type != "image":
        return None
    return str(parts[0].attrs.get("src", ""))


def _unlink(root: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """Every node of the tree, its child -> parent cycles broken so it can go by
    reference counting, not by a collection that stops every thread meanwhile."""
    nodes = [root]
    stack = [root]
    while stack:
        node = stack.pop()
        node.parent = None
        nodes.extend(node.children)
        stack.extend(node.children)
    return nodes


def _release(*piles: list[Any]) -> None:
    """Drop big lists a slice at a time: freeing a million objects in one go is one
    C call that holds the GIL (130 ms for a 20,000-row table), a frozen UI thread."""
    for pile in piles:
        for item in pile:
            children = getattr(item, "children", None)
            if isinstance(children, list) and len(children) > 1024:
                _release(children)
        while pile:
            del pile[-1024:]
