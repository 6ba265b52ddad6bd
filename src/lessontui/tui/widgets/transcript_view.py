"""The transcript beside the notes: cues with their times, the one being said highlighted.

A Line API widget: the cues are wrapped once per width (or filter) into rows of
plain text, and only the rows on screen are styled and drawn, so a 3-hour
lecture (thousands of cues) opens and follows the video as fast as a short one.
It never touches the player or the note: it posts `SeekRequested` and `Leave`,
and the screen asks it for `chosen_cues()` to quote.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from lessontui.course.timestamps import format_time
from lessontui.services.transcripts import Cue, cue_at
from lessontui.tui.type_ahead import hand_over

TRANSCRIPT_VIEW_BINDINGS: list[BindingType] = [
    Binding("up", "move(-1)", "Previous cue", id="transcript.up", show=False),
    Binding("down", "move(1)", "Next cue", id="transcript.down", show=False),
    Binding("shift+up", "extend(-1)", "Select up", id="transcript.select_up", show=False),
    Binding("shift+down", "extend(1)", "Select down", id="transcript.select_down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="transcript.page_up", show=False),
    Binding("pagedown", "page(1)", "Page down", id="transcript.page_down", show=False),
    Binding("home", "edge(-1)", "First cue", id="transcript.first", show=False),
    Binding("end", "edge(1)", "Last cue", id="transcript.last", show=False),
    Binding("enter", "seek", "Play from here", id="transcript.seek"),
    # Cues the note already quotes (marked): alt+n, not a letter, which types the filter.
    Binding("alt+n", "next_kept(1)", "Next quoted cue", id="transcript.next_kept", show=False),
    Binding(
        "alt+shift+n",
        "next_kept(-1)",
        "Previous quoted cue",
        id="transcript.previous_kept",
        show=False,
    ),
    Binding("escape", "back", "Back", id="transcript.back"),
]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces (long words are cut)."""
    measure = len if text.isascii() else cell_len
    if measure(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = measure(word)
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
        while size > width:  # a word wider than the pane: cut it
            cut = width
            while measure(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
            size = measure(word)
        line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines


class TranscriptView(ScrollView, can_focus=True):
    """The open lesson's transcript: read along, filter by typing, choose cues to quote."""

    BINDINGS: ClassVar[list[BindingType]] = TRANSCRIPT_VIEW_BINDINGS

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript--time",
        "transcript--current",
        "transcript--cursor",
        "transcript--match",
        "transcript--message",
        "transcript--kept",
    }

    DEFAULT_CSS = """
    TranscriptView {
        padding: 0 1;
        scrollbar-gutter: stable;
        overflow-x: hidden;  /* rows are wrapped to the width */
        & > .transcript--time { color: $text-success; }
        & > .transcript--current { background: $primary 30%; text-style: bold; }
        & > .transcript--cursor { background: $block-cursor-blurred-background; }
        & > .transcript--match { color: $text-warning; text-style: bold underline; }
        & > .transcript--message { color: $text-muted; }
        & > .transcript--kept { color: $text-accent; text-style: underline; }
    }
    TranscriptView:focus > .transcript--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
    }
    """

    class SeekRequested(Message):
        """Enter or a click on a cue: play from its start."""

        def __init__(self, seconds: float) -> None:
            super().__init__()
            self.seconds = seconds

    class Leave(Message):
        """Escape with no filter to clear and the pane already following: back to the note."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cues: Sequence[Cue] = ()
        self.message = "No lesson open."
        self.filter = ""
        self.following = True  # the highlighted cue follows the video
        self.current: int | None = None  # index in `cues` of the cue being said
        self.kept: frozenset[int] = frozenset()  # indices of the cues the note quotes
        self._shown: list[int] = []  # indices in `cues` of the cues listed (the filter's)
        self._cursor = 0  # position in `_shown` (when not following)
        self._anchor = 0  # the other end of a shift+arrow selection
        self._rows: list[tuple[int, str]] = []  # (position in _shown or -1, text) per row
        self._first_row: list[int] = []  # first row of each position in _shown
        self._time_width = 0
        self._laid_out_width = 0
        self._next_cue_timer: Timer | None = None
        self._paint: _Paint | None = None

    # -- what the screen tells it ------------------------------------------------------

    def show_transcript(self, cues: Sequence[Cue], title: str) -> None:
        """List `cues`; the selection starts over, a filter typed while they were read
        (right after alt+s, in the same burst) applies to them."""
        self.cues = cues
        self.message = "" if cues else "The transcript has no cues."
        self.border_title = title
        self.following = not self.filter
        self.current = None
        self._cursor = self._anchor = 0
        self._relayout()

    def show_message(self, text: str, title: str = "Transcript") -> None:
        """No cues to list, or not yet (no file, a parse error, being read): say so.

        The filter starts over: it belonged to the cues shown before.
        """
        self.filter = ""
        self.show_transcript((), title)
        self.message = text
        self._relayout()

    def show_time(self, seconds: float | None, speed: float | None = None) -> None:
        """The video is at `seconds` (None: not this lesson's video, or stopped).

        With `speed` (the video is playing) the next cue is highlighted when it is
        due, between the player's reports, which come once a second.
        """
        if self._next_cue_timer is not None:
            self._next_cue_timer.stop()
            self._next_cue_timer = None
        current = None if seconds is None else cue_at(self.cues, seconds)
        if current != self.current:
            old, self.current = self.current, current
            self._refresh_cue(old)
            self._refresh_cue(current)
            if self.following:
                self._keep_in_view(current)
            self._update_subtitle()
        if seconds is None or not speed:
            return
        following = 0 if current is None else current + 1
        if following < len(self.cues):
            due = self.cues[following].start
            delay = max(0.0, (due - seconds) / speed)
            if delay < 2.0:  # the player reports again within a second or so
                self._next_cue_timer = self.set_timer(
                    delay + 0.01, lambda: self.show_time(due, speed)
                )

    def show_kept(self, kept: frozenset[int]) -> None:
        """Mark the cues the note quotes (indices in `cues`)."""
        if kept != self.kept:
            self.kept = kept
            self.refresh()
            self.refresh_bindings()

    def chosen_cues(self) -> list[Cue]:
        """What a quote takes: the selected cues, or the one being said while following."""
        if not self.following and self._shown:
            low, high = sorted((self._anchor, self._cursor))
            return [self.cues[self._shown[position]] for position in range(low, high + 1)]
        if self.current is not None:
            return [self.cues[self.current]]
        return []

    # -- layout --------------------------------------------------------------------------

    def wrap_size(self) -> Size:
        """Where rows go: from the size Textual last gave the pane, not `region`,
        which stays empty until the compositor places a pane just shown; rows wrapped
        to that guess were never wrapped again (no resize follows), and clipped."""
        width, height = self.outer_size
        gutter, bars = self.styles.gutter, self.scrollbar_gutter
        return Size(
            max(0, width - gutter.width - bars.width), max(0, height - gutter.height - bars.height)
        )

    def _text_width(self) -> int:
        return max(8, (self.wrap_size().width or 40) - self._time_width)

    def _relayout(self) -> None:
        needle = self.filter.casefold()
        self._shown = [
            index
            for index, cue in enumerate(self.cues)
            if not needle or needle in cue.text.casefold()
        ]
        self._cursor = min(self._cursor, max(0, len(self._shown) - 1))
        self._anchor = min(self._anchor, max(0, len(self._shown) - 1))
        last = self.cues[-1].start if self.cues else 0
        self._time_width = len(format_time(last)) + 1 if self.cues else 0
        self._wrap()
        self._update_subtitle()
        if self.following:
            self._keep_in_view(self.current)
        else:
            self._keep_in_view(self._shown[self._cursor] if self._shown else None)

    def _wrap(self) -> None:
        width = self._text_width()
        rows: list[tuple[int, str]] = []
        first: list[int] = []
        for position, index in enumerate(self._shown):
            first.append(len(rows))
            rows.extend((position, line) for line in wrap(self.cues[index].text, width))
        if not self._shown:
            text = self.message if not self.filter else f"Nothing said matches “{self.filter}”."
            rows = [(-1, line) for line in wrap(text, width + self._time_width)]
        self._rows, self._first_row = rows, first
        self._laid_out_width = self.wrap_size().width
        self.virtual_size = Size(width + self._time_width, len(rows))
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Every size change passes here; a Resize event does not always follow: a
        # pane shown by `display` got none in some reflows (Textual 8.2.8; the
        # symptom of Textual issue #5024), so rows wrapped before it had a size
        # stayed clipped. Re-wrap from here instead of on_resize.
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        if changed:
            self.call_later(self._fit_width)
        return changed

    def _fit_width(self) -> None:
        if self.wrap_size().width != self._laid_out_width:
            self._wrap()
            self._keep_in_view(self.current if self.following else self._cursor_cue)

    @property
    def _cursor_cue(self) -> int | None:
        return self._shown[self._cursor] if self._shown else None

    def _rows_of(self, index: int | None) -> tuple[int, int] | None:
        """(first row, row count) of cue `index`, or None when it is not listed."""
        if index is None:
            return None
        position = bisect.bisect_left(self._shown, index)
        if position >= len(self._shown) or self._shown[position] != index:
            return None
        start = self._first_row[position]
        return start, self._row_end(position) - start

    def _row_end(self, position: int) -> int:
        """The row after the last of the cue listed at `position`."""
        if position + 1 < len(self._first_row):
            return self._first_row[position + 1]
        return len(self._rows)

    def _refresh_cue(self, index: int | None) -> None:
        rows = self._rows_of(index)
        if rows is not None:
            self.refresh_lines(*rows)

    def _keep_in_view(self, index: int | None) -> None:
        """Scroll so cue `index` is on screen, a third of the way down when it was not."""
        rows = self._rows_of(index)
        if rows is None:
            return
        start, count = rows
        height = max(1, self.wrap_size().height)
        top = round(self.scroll_y)
        if top <= start and start + count <= top + height:
            return
        self.scroll_to(y=max(0, start - height // 3), animate=False, immediate=True)

    def _update_subtitle(self) -> None:
        if self.filter:
            self.border_subtitle = f"filter: {self.filter} · {len(self._shown)} of {len(self.cues)}"
        elif not self.cues:
            self.border_subtitle = ""
        elif self.following:
            self.border_subtitle = "following the video"
        else:
            self.border_subtitle = "escape: follow the video"

    # -- keys and mouse -------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Printable keys type into the filter; backspace takes the last one back."""
        if hand_over(self, event):
            pass  # typed after a key that opened another screen: its keys now
        elif event.is_printable and event.character:
            self._set_filter(self.filter + event.character)
        elif event.key == "backspace" and self.filter:
            self._set_filter(self.filter[:-1])
        else:
            return
        event.stop()
        event.prevent_default()

    def _set_filter(self, text: str) -> None:
        self.filter = text
        self.following = not text and self.following
        self._cursor = self._anchor = 0
        self._relayout()
        if text:
            self.scroll_to(y=0, animate=False, immediate=True)

    def _stop_following(self) -> None:
        """The user took the cursor: stop following, starting from the cue highlighted."""
        if not self.following:
            return
        self.following = False
        position = bisect.bisect_left(self._shown, self.current or 0)
        self._cursor = self._anchor = min(position, max(0, len(self._shown) - 1))
        self._update_subtitle()

    def _move_to(self, position: int, extend: bool = False) -> None:
        if not self._shown:
            return
        old = (self._anchor, self._cursor)
        self._cursor = max(0, min(len(self._shown) - 1, position))
        if not extend:
            self._anchor = self._cursor
        for low, high in (sorted(old), sorted((self._anchor, self._cursor))):
            start = self._first_row[low]
            self.refresh_lines(start, self._row_end(high) - start)
        self._refresh_cue(self.current)
        self._keep_in_view(self._shown[self._cursor])

    def action_move(self, step: int) -> None:
        was_following = self.following
        self._stop_following()
        self._move_to(self._cursor + (0 if was_following else step))

    def action_extend(self, step: int) -> None:
        self._stop_following()
        self._move_to(self._cursor + step, extend=True)

    def action_page(self, step: int) -> None:
        self._stop_following()
        height = max(1, self.wrap_size().height)
        row = self._first_row[self._cursor] + step * height if self._shown else 0
        row = max(0, min(len(self._rows) - 1, row))
        self._move_to(self._rows[row][0])

    def action_edge(self, step: int) -> None:
        self._stop_following()
        self._move_to(0 if step < 0 else len(self._shown) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_kept" and not self.kept:
            return None  # nothing quoted yet: shown, but unavailable
        return True

    def action_next_kept(self, step: int) -> None:
        """Go to the next (or previous) cue the note quotes, round the end."""
        kept = [position for position, index in enumerate(self._shown) if index in self.kept]
        if not kept:
            return
        if self.following:
            here = bisect.bisect_left(self._shown, self.current or 0)
            start = here - 1 if step > 0 else here + 1  # the cue being said counts as passed
            start = max(-1, start)
        else:
            start = self._cursor
        self._stop_following()
        if step > 0:
            after = [p for p in kept if p > start]
            target = after[0] if after else kept[0]
        else:
            before = [p for p in kept if p < start]
            target = before[-1] if before else kept[-1]
        self._move_to(target)

    def action_seek(self) -> None:
        index = self.current if self.following else self._cursor_cue
        if index is None:
            return
        self._seek(index)

    def _seek(self, index: int) -> None:
        """Play from cue `index`, and follow the video from there."""
        self.post_message(self.SeekRequested(self.cues[index].start))
        self.following = True
        self.show_time(self.cues[index].start)
        self.refresh()
        self._update_subtitle()

    def action_back(self) -> None:
        if self.filter:
            self._set_filter("")
        if not self.following:
            self.following = True
            self._keep_in_view(self.current)
            self._update_subtitle()
            self.refresh()
            return
        self.post_message(self.Leave())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if 0 <= row < len(self._rows) and self._rows[row][0] >= 0:
            event.stop()
            self._seek(self._shown[self._rows[row][0]])

    def on_mouse_scroll_up(self) -> None:
        self._stop_following()

    def on_mouse_scroll_down(self) -> None:
        self._stop_following()

    # -- drawing ---------------------------------------------------------------------------

    def render_lines(self, crop: Any) -> list[Strip]:
        # Styles walk the DOM: look them up once per paint, not per row.
        self._paint = _Paint(self)
        return super().render_lines(crop)

    def part(self, component: str) -> Style:
        """What a component's rule sets, its colours blended as on screen.

        The partial style loses a blend (`$primary 30%`); the full one has it.
        """
        styles = self.get_component_styles(f"transcript--{component}")
        given, full = styles.partial_rich_style, styles.rich_style
        color = full.color if given.color else None
        bgcolor = full.bgcolor if given.bgcolor else None
        return given.without_color + Style(color=color, bgcolor=bgcolor)

    def render_line(self, y: int) -> Strip:
        paint = self._paint or _Paint(self)
        width, base = paint.width, paint.base
        row = round(self.scroll_y) + y
        if not 0 <= row < len(self._rows):
            return Strip.blank(width, base)
        position, text = self._rows[row]
        if position < 0:
            segments = [Segment(text, paint.style((), "message"))]
            return Strip(segments).extend_cell_length(width, base).crop(0, width)
        index = self._shown[position]
        layers: tuple[str, ...] = ("kept",) if index in self.kept else ()
        if index == self.current:
            layers += ("current",)
        if not self.following:
            low, high = sorted((self._anchor, self._cursor))
            if low <= position <= high:
                layers += ("cursor",)
        if row == self._first_row[position]:
            time = format_time(self.cues[index].start).rjust(self._time_width - 1) + " "
        else:
            time = " " * self._time_width
        segments = [Segment(time, paint.style(layers, "time"))]
        segments.extend(
            self._text_segments(text, paint.style(layers), paint.style(layers, "match"))
        )
        return Strip(segments).extend_cell_length(width, paint.style(layers)).crop(0, width)

    def _text_segments(self, text: str, style: Style, match: Style) -> list[Segment]:
        """The row's text, with what the filter matched marked."""
        if not self.filter:
            return [Segment(text, style)]
        needle, folded = self.filter.casefold(), text.casefold()
        if len(folded) != len(text):  # casefold changed the length: no marks on this row
            return [Segment(text, style)]
        segments, start = [], 0
        while (found := folded.find(needle, start)) >= 0:
            end = found + len(needle)
            segments += [Segment(text[start:found], style), Segment(text[found:end], match)]
            start = end
        segments.append(Segment(text[start:], style))
        return segments


class _Paint:
    """The styles of one paint: the row's layers (current, cursor) under a part
    (time, match), each colour lifted to WCAG AA on the background it ends up on
    (the theme's block cursor and a green time can fall below it)."""

    def __init__(self, view: TranscriptView) -> None:
        from lessontui.render.contrast import TEXT, readable_style

        self.width = view.wrap_size().width
        self._view = view
        self._parts: dict[str, Style] = {}
        self._styles: dict[tuple[tuple[str, ...], str | None], Style] = {}
        try:
            self._terminal = (view.app.console.color_system or "truecolor", view.app.ansi_theme)
        except Exception:  # no app yet (drawn outside one)
            self._terminal = ("truecolor", DEFAULT_TERMINAL_THEME)
        # The body text too: 16 colours can flatten a theme's text into its background.
        self.base = readable_style(view.rich_style, None, TEXT, *self._terminal)

    def _part(self, name: str) -> Style:
        if name not in self._parts:
            self._parts[name] = self._view.part(name)
        return self._parts[name]

    def style(self, layers: tuple[str, ...], part: str | None = None) -> Style:
        key = (layers, part)
        if key not in self._styles:
            from lessontui.render.contrast import TEXT, is_readable, readable_style

            style = self.base
            for layer in (*layers, part) if part else layers:
                style += self._part(layer)
            system, palette = self._terminal
            style = readable_style(style, self.base.bgcolor, TEXT, system, palette)
            if layers and (
                system == "standard"
                or not is_readable(style, self.base.bgcolor, TEXT, system, palette)
            ):
                # A band in an ANSI theme, or in 16 colours (where a blend lands on a
                # grey), can fail whatever the text colour: draw the row in reverse
                # video instead, keeping the part's bold or underline.
                marks = self._part(part).without_color if part else Style()
                style = self.base + Style(reverse=True) + marks
            self._styles[key] = style
        return self._styles[key]
