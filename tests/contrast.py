"""Measure what a terminal shows: the colours of each drawn span and their WCAG contrast.

Reusable for any widget: `screen_spans(app, region, system)` reads the app's composed
screen (what the driver writes), resolves each segment's colours as a terminal with
that colour system shows them, and `contrast` rates a pair of colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich._palettes import EIGHT_BIT_PALETTE
from rich.color import Color as RichColor
from rich.color import ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from rich.style import Style
from textual.app import App
from textual.geometry import Region

Triplet = tuple[int, int, int]
SYSTEMS = {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT}
SYSTEMS["standard"] = ColorSystem.STANDARD
# Glyphs that are drawings, not text: WCAG 1.4.11 asks 3:1 of them, not 4.5:1.
DRAWING = frozenset("─│┌┐└┘├┤┬┴┼▌▎▏━┃╭╮╰╯═║")


def luminance(rgb: Triplet) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: Triplet, second: Triplet) -> float:
    """WCAG 2 contrast ratio, 1.0 to 21.0."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown(color: RichColor | None, system: ColorSystem, default: Triplet, app: App[Any]) -> Triplet:
    """The RGB a terminal with `system` colours shows for a segment's colour.

    Rich downgrades truecolor to the nearest palette entry on output (as the
    driver does with COLORTERM unset); ANSI colours come from the app's ANSI theme.
    """
    if color is None or color.type == ColorType.DEFAULT:
        return default
    if color.type in (ColorType.STANDARD, ColorType.WINDOWS) or (
        color.type == ColorType.EIGHT_BIT and (color.number or 0) < 16
    ):
        theme = app.ansi_theme
        return tuple(theme.ansi_colors[color.number or 0])  # type: ignore[return-value]
    color = color.downgrade(system)
    if color.type == ColorType.TRUECOLOR:
        return tuple(color.triplet or ColorTriplet(*default))  # type: ignore[return-value]
    number = color.number or 0
    if color.type == ColorType.STANDARD:  # the terminal's palette, as the app models it
        return tuple(app.ansi_theme.ansi_colors[number])  # type: ignore[return-value]
    return tuple(EIGHT_BIT_PALETTE[number])  # type: ignore[return-value]


@dataclass(frozen=True)
class Span:
    text: str
    y: int
    fg: Triplet
    bg: Triplet
    style: Style

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)

    @property
    def drawing(self) -> bool:
        return all(char in DRAWING or char == " " for char in self.text)

    @property
    def needed(self) -> float:
        return 3.0 if self.drawing else 4.5


def screen_spans(app: App[Any], region: Region, system: str = "truecolor") -> list[Span]:
    """Every visible span (not blank) inside `region` of the screen as drawn."""
    color_system = SYSTEMS[system]
    theme = app.ansi_theme
    default_fg = tuple(theme.foreground_color)
    default_bg = tuple(theme.background_color)
    strips = app.screen._compositor.render_strips()
    spans: list[Span] = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        for segment in strip:
            style = segment.style or Style()
            if not segment.text.strip() or segment.control:
                continue
            fg = shown(style.color, color_system, default_fg, app)  # type: ignore[arg-type]
            bg = shown(style.bgcolor, color_system, default_bg, app)  # type: ignore[arg-type]
            if style.reverse:
                fg, bg = bg, fg
            if style.dim:  # terminals draw dim text about halfway to the background
                fg = tuple((f + b) // 2 for f, b in zip(fg, bg, strict=True))  # type: ignore[assignment]
            spans.append(Span(segment.text, y, fg, bg, style))
    return spans


def too_faint(spans: list[Span]) -> list[str]:
    """A line per span below its WCAG AA contrast, for an assertion message."""
    return [
        f"{span.text.strip()[:30]!r} (row {span.y}): {span.ratio:.2f}:1 fg={span.fg} bg={span.bg}"
        for span in spans
        if span.ratio < span.needed
    ]
