"""The lesson list: the course intro, then number, status, title, and duration or resume
point of each lesson."""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Any, ClassVar, NamedTuple

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from lessontui.course.course import Lesson
from lessontui.course.timestamps import format_time
from lessontui.tui.type_ahead import moving_focus

STATUS_MARKS = {"todo": ("○", "dim"), "watching": ("◐", "$warning"), "done": ("●", "$success")}
ERROR_MARK = ("⚠", "$error")
INTRO_MARK = ("¶", "$accent")  # the course intro's row: no number, no status

LESSON_LIST_BINDINGS: list[BindingType] = [
    Binding("up", "cursor_up", "Previous lesson", show=False, id="lessons.up"),
    Binding("down", "cursor_down", "Next lesson", show=False, id="lessons.down"),
    Binding("pageup", "page_up", "Page up", show=False, id="lessons.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="lessons.page_down"),
    Binding("home", "first", "First lesson", show=False, id="lessons.first"),
    Binding("end", "last", "Last lesson", show=False, id="lessons.last"),
    Binding("enter", "select", "Open lesson", show=False, id="lessons.open"),
    # Only here, never in the editor (where ctrl+delete deletes a word); it asks first.
    Binding("delete", "trash", "Move lesson to trash", show=False, id="lesson.delete"),
]


def literal(text: str) -> str:
    """Untrusted text as it is drawn: control characters as Content shows them, one line."""
    if text.isprintable():  # the common case, and cheap: nothing to translate
        return text
    return Content(text).plain.replace("\n", " ").replace("\t", " ")


class RowText(NamedTuple):
    """What one row shows, before wrapping; equal tuples draw the same row."""

    number: str  # right-aligned, and a space
    mark: str
    mark_style: str
    title: str
    detail: str  # "" for no detail line
    detail_style: str


def row_text(number: int, lesson: Lesson, digits: int = 3) -> RowText:
    """One row's text; the title and error are literal (they come from the internet)."""
    mark, mark_style = (
        ERROR_MARK if lesson.error else STATUS_MARKS.get(lesson.status, STATUS_MARKS["todo"])
    )
    detail, detail_style = "", "dim"
    if lesson.is_course_note:
        # Set apart from the lessons: a mark of its own and no number.
        if not lesson.error:
            mark, mark_style = INTRO_MARK
        # One line, no detail: the lessons below keep their place on screen.
        detail = literal(lesson.error) if lesson.error else ""
        detail_style = "$text-error italic"
        return RowText(" " * (digits + 1), mark, mark_style, literal(lesson.title), detail,
                       detail_style)  # fmt: skip
    if lesson.error:
        detail, detail_style = literal(lesson.error), "$text-error italic"
    elif lesson.duration:
        detail = format_time(lesson.duration)
        if lesson.status == "watching" and lesson.position:
            detail = f"{format_time(lesson.position)} / {detail}"
    return RowText(
        f"{number:>{digits}} ", mark, mark_style, literal(lesson.title), detail, detail_style
    )


def cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)  # literal() text has no controls


def line_count(text: str, width: int) -> int:
    """Lines `text` wraps to at `width` (the breaks `wrap` makes), without building them."""
    if cells(text) <= width:
        return 1
    return len(divide_line(text, width, fold=True)) + 1


def wrap(text: str, width: int) -> list[str]:
    """`text` broken at word boundaries (long words folded) into lines of `width` cells."""
    if cells(text) <= width:
        return [text]
    offsets = divide_line(text, width, fold=True)
    pieces = [
        text[start:end] for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True)
    ]
    return [piece.rstrip() for piece in pieces[:-1]] + [pieces[-1]]


def indent(row: RowText) -> int:
    """Number, mark, space: wrapped title lines and the detail line start under the title."""
    return len(row.number) + 2


def row_height(row: RowText, width: int) -> int:
    text_width = max(width - indent(row), 1)
    height = line_count(row.title, text_width)
    if row.detail:
        height += line_count(row.detail, text_width)
    return height


class LessonList(ScrollView, can_focus=True):
    """Virtualised list of lessons; enter or a click opens one.

    A Line API widget: only the rows on screen are wrapped and drawn, and a row's
    strips are kept until its lesson, the width or the styles change. Showing a
    course measures each row's height from the cell length of its title (wrapping
    only the titles too long for one line) and keeps the offsets of the rows for
    turning a screen line into a row.
    """

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = LESSON_LIST_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {"lesson-list--cursor", "lesson-list--hover"}
    DEFAULT_CSS = """
    LessonList {
        height: 1fr;
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        & > .lesson-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .lesson-list--hover {
            background: $block-hover-background;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .lesson-list--cursor {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    class LessonChosen(Message):
        """Enter or a click on a lesson."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    class LessonHighlighted(Message):
        """The cursor moved to a lesson."""

        def __init__(self, lesson: Lesson) -> None:
            super().__init__()
            self.lesson = lesson

    class TrashRequested(Message):
        """`delete` on the list: the screen asks, then moves the open lesson to the trash."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lessons: list[Lesson] = []
        self._first_number = 1  # the number of row 0: 0 when the course intro heads the list
        self._index: dict[int, int] = {}  # id(lesson) -> row
        self._rows: list[RowText | None] = []  # built when first needed
        self._digits = 3
        self._highlighted: int | None = None
        self._hover: int | None = None  # the row under the mouse
        self._width = -1  # the width the offsets were measured at
        self._offsets: list[int] = [0]  # first line of each row, then the total
        self._strips: LRUCache[tuple[int, int, Style], list[Strip]] = LRUCache(512)
        self._span_styles: dict[tuple[Style, str], RichStyle] = {}
        self.rows_built = 0  # rows wrapped and styled so far (tests check it stays small)
        self.measures = 0  # passes over every row's height (tests: one for a new course)

    # -- the rows -------------------------------------------------------------------

    @property
    def lesson_count(self) -> int:
        return len(self._lessons)

    def show(
        self, lessons: list[Lesson], current: Lesson | None = None, intro: Lesson | None = None
    ) -> None:
        """Replace the rows, keeping the highlight on `current` (or the same row).

        `intro` (the course note) is the first row; the lessons keep their numbers.
        """
        before = self.highlighted_lesson
        self._lessons = [intro, *lessons] if intro is not None else list(lessons)
        self._first_number = 0 if intro is not None else 1
        self._index = {id(lesson): row for row, lesson in enumerate(self._lessons)}
        self._rows = [None] * len(self._lessons)
        self._digits = max(3, len(str(len(lessons))))  # numbers line up past 999
        self._strips.clear()
        self._width = -1
        highlighted = self._highlighted
        if current is not None and id(current) in self._index:
            highlighted = self._index[id(current)]
        elif highlighted is not None:
            highlighted = min(highlighted, len(self._lessons) - 1) if self._lessons else None
        self._highlighted = highlighted
        self._hover = None
        self._measure()
        self.refresh()
        if highlighted is not None:
            self.scroll_to_highlight()
            if self._lessons[highlighted] is not before:
                self.post_message(self.LessonHighlighted(self._lessons[highlighted]))

    def refresh_lesson(self, lesson: Lesson) -> None:
        """Redraw one row after its status, title or duration changed (nothing if unchanged)."""
        index = self._index.get(id(lesson))
        if index is None:
            return
        row = row_text(index + self._first_number, lesson, self._digits)
        old = self._rows[index]
        if row == old:
            return
        self._rows[index] = row
        cached = self._strips.keys()  # LRUCache is not iterable itself
        for key in [key for key in cached if key[0] == index]:
            self._strips.discard(key)
        if self._width >= 0 and (
            old is None or row_height(old, self._width) != row_height(row, self._width)
        ):
            self._width = -1  # the rows below move
            self._measure()
            self.refresh()
            if index == self._highlighted:
                self.scroll_to_highlight()  # a renamed row's new lines come into view
        else:
            self._refresh_row(index)

    def _row(self, index: int) -> RowText:
        row = self._rows[index]
        if row is None:
            row = self._rows[index] = row_text(
                index + self._first_number, self._lessons[index], self._digits
            )
        return row

    def _measure(self) -> None:
        """Row offsets at the current width; sets the virtual size (the scrollbar)."""
        width = self.scrollable_content_region.width
        if width == self._width or width <= 0:
            return
        # A scrollbar appearing narrows the rows: measure them at that width at once
        # when it is sure to appear (more rows than lines), or again when they overflow.
        height = self.scrollable_content_region.height
        scrollbar = self.styles.scrollbar_size_vertical
        will_scroll = not self.show_vertical_scrollbar and self.styles.overflow_y == "auto"
        will_scroll = will_scroll and width > scrollbar
        if will_scroll and len(self._lessons) > height:
            width -= scrollbar
            will_scroll = False
        self._offsets = self._row_offsets(width)
        if will_scroll and self._offsets[-1] > height:
            width -= scrollbar
            self._offsets = self._row_offsets(width)
        self._width = width
        self._strips.clear()
        virtual_size = Size(width, self._offsets[-1])
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _row_offsets(self, width: int) -> list[int]:
        self.measures += 1
        row = self._row
        heights = (row_height(row(index), width) for index in range(len(self._lessons)))
        return [0, *accumulate(heights)]

    def _row_at(self, line: int) -> int | None:
        """The row drawn on virtual line `line`, or None below the last row."""
        if line < 0 or line >= self._offsets[-1]:
            return None
        return bisect_right(self._offsets, line) - 1

    def _refresh_row(self, index: int) -> None:
        if self._width > 0:
            top, bottom = self._offsets[index], self._offsets[index + 1]
            self.refresh(Region(0, top - self.scroll_offset.y, self._width, bottom - top))

    # -- drawing --------------------------------------------------------------------

    def _on_resize(self, event: events.Resize) -> None:
        had_size = self._width > 0
        self._measure()
        if not had_size:
            self.scroll_to_highlight()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def notify_style_update(self) -> None:
        # A theme change: the marks' colours come from its variables.
        self._strips.clear()
        self._span_styles.clear()
        self.refresh()
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._measure()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        index = self._row_at(line)
        if index is None:
            return Strip.blank(width, self.get_visual_style().rich_style)
        if index == self._highlighted:
            style = self.get_visual_style("lesson-list--cursor")
        elif index == self._hover:
            style = self.get_visual_style("lesson-list--hover")
        else:
            style = self.get_visual_style()
        key = (index, width, style)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._build_row(index, width, style)
            self._strips.set(key, strips)
        offset = line - self._offsets[index]
        return strips[offset] if offset < len(strips) else Strip.blank(width, style.rich_style)

    def _build_row(self, index: int, width: int, style: Style) -> list[Strip]:
        """The strips of one row: segments of literal text, never markup."""
        self.rows_built += 1
        row = self._row(index)
        styled = self._span_style
        base = style.rich_style
        pad = " " * indent(row)
        text_width = max(width - len(pad), 1)
        titles = wrap(row.title, text_width)
        lines: list[list[Segment]] = [
            [
                Segment(row.number, styled(style, "dim")),
                Segment(row.mark, styled(style, row.mark_style)),
                Segment(" " + titles[0], base),
            ]
        ]
        lines.extend([Segment(pad + title, base)] for title in titles[1:])
        if row.detail:
            detail_style = styled(style, row.detail_style)
            for detail in wrap(row.detail, text_width):
                lines.append([Segment(pad, base), Segment(detail, detail_style)])
        return [
            Strip(segments).crop(0, width).extend_cell_length(width, base) for segments in lines
        ]

    def _span_style(self, base: Style, span: str) -> RichStyle:
        key = (base, span)
        rich_style = self._span_styles.get(key)
        if rich_style is None:
            rich_style = self._span_styles[key] = (base + self._get_style(span)).rich_style
        return rich_style

    # -- the cursor -----------------------------------------------------------------

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        """Move the cursor to row `index` (clamped), scroll to it, and say so if it moved."""
        if index is not None:
            index = min(max(index, 0), len(self._lessons) - 1) if self._lessons else None
        if index == self._highlighted:
            return
        old, self._highlighted = self._highlighted, index
        if old is not None and old < len(self._lessons):
            self._refresh_row(old)
        if index is not None:
            self._refresh_row(index)
            self.scroll_to_highlight()
            self.post_message(self.LessonHighlighted(self._lessons[index]))

    def highlight(self, lesson: Lesson) -> None:
        """Move the cursor to `lesson`'s row, if it is listed."""
        index = self._index.get(id(lesson))
        if index is not None:
            self.highlighted = index

    @property
    def highlighted_lesson(self) -> Lesson | None:
        if self._highlighted is None or not self._lessons:
            return None
        return self._lessons[self._highlighted]

    def scroll_to_highlight(self) -> None:
        index = self._highlighted
        if index is None or not self.is_mounted:
            return
        self._measure()
        if self._width <= 0:
            return  # not laid out yet: on_resize scrolls once it is
        top, bottom = self._offsets[index], self._offsets[index + 1]
        self.scroll_to_region(
            Region(0, top, self._width, bottom - top), force=True, animate=False, immediate=True
        )

    def action_cursor_up(self) -> None:
        if self._highlighted is None:
            self.action_last()
        else:
            self.highlighted = self._highlighted - 1

    def action_cursor_down(self) -> None:
        if self._highlighted is None:
            self.action_first()
        else:
            self.highlighted = self._highlighted + 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self._lessons) - 1

    def _move_page(self, direction: int) -> None:
        """Move the cursor about one screen of lines (rows have different heights)."""
        if self._highlighted is None:
            self.action_first() if direction < 0 else self.action_last()
            return
        self._measure()
        total = self._offsets[-1]
        if total <= 0:
            return
        line = self._offsets[self._highlighted] + direction * self.scrollable_content_region.height
        index = self._row_at(min(max(line, 0), total - 1))
        if index == self._highlighted:  # a row taller than the page
            index += direction
        self.highlighted = index

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_select(self) -> None:
        lesson = self.highlighted_lesson
        if lesson is not None:
            moving_focus(self)  # keys typed behind enter follow it into the editor
            self.post_message(self.LessonChosen(lesson))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "trash":  # the course intro never goes to the trash
            lesson = self.highlighted_lesson
            return None if lesson is None or lesson.is_course_note else True
        return True

    def action_trash(self) -> None:
        self.post_message(self.TrashRequested())

    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return self._row_at(self.scroll_offset.y + offset.y)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            for row in (self._hover, index):
                if row is not None and row < len(self._lessons):
                    self._refresh_row(row)
            self._hover = index

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_under(event))

    def _on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    async def _on_click(self, event: events.Click) -> None:
        index = self._row_under(event)
        if index is not None:
            self.highlighted = index
            self.action_select()
