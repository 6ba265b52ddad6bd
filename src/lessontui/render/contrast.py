"""Keep text readable: nudge a colour until it has WCAG contrast with its background.

Theme colours are picked for truecolor; a 256- or 16-colour terminal shows the
nearest palette colour instead, which can land on (or next to) the background.
So a colour is checked as it will be shown, in the terminal's colour system.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color, ColorSystem, ColorType
from rich.color_triplet import ColorTriplet
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME, TerminalTheme

TEXT = 4.5  # WCAG AA for text
DRAWING = 3.0  # WCAG 1.4.11 for lines and boxes
Triplet = ColorTriplet
_WHITE = ColorTriplet(255, 255, 255)
_BLACK = ColorTriplet(0, 0, 0)
SYSTEMS = {
    "truecolor": ColorSystem.TRUECOLOR,
    "256": ColorSystem.EIGHT_BIT,
    "standard": ColorSystem.STANDARD,
    "windows": ColorSystem.WINDOWS,
}


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def luminance(rgb: ColorTriplet) -> float:
    red, green, blue = rgb
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def ratio(first: ColorTriplet, second: ColorTriplet) -> float:
    """WCAG 2 contrast ratio, from 1.0 to 21.0."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shown(color: Color, system: ColorSystem, palette: TerminalTheme, foreground: bool) -> Triplet:
    """The RGB a terminal shows: truecolor downgraded to its colours, ANSI ones from its
    palette (as the app knows it: `App.ansi_theme`)."""
    if color.type == ColorType.TRUECOLOR:
        color = color.downgrade(system)
    return color.get_truecolor(palette, foreground)


def _worst(fg: Color, bg: Color, system: ColorSystem, palette: TerminalTheme) -> float:
    systems = {ColorSystem.TRUECOLOR, system}
    return min(
        ratio(shown(fg, depth, palette, True), shown(bg, depth, palette, False))
        for depth in systems
    )


def _blend(rgb: Triplet, target: Triplet, amount: float) -> Color:
    mixed = (round(a + (b - a) * amount) for a, b in zip(rgb, target, strict=True))
    return Color.from_triplet(ColorTriplet(*mixed))


@lru_cache(maxsize=4096)
def readable(
    fg: Color,
    bg: Color,
    minimum: float = TEXT,
    system: str = "truecolor",
    palette: TerminalTheme = DEFAULT_TERMINAL_THEME,
) -> Color:
    """`fg`, or the closest blend of it towards white or black that reaches `minimum`.

    ANSI colours are measured in `palette` (the terminal's, as the app knows it);
    one that fails gives way to the terminal's default text colour.
    """
    color_system = SYSTEMS.get(system, ColorSystem.TRUECOLOR)
    if _worst(fg, bg, color_system, palette) >= minimum:
        return fg
    if fg.type != ColorType.TRUECOLOR:
        return Color.default()
    back = shown(bg, ColorSystem.TRUECOLOR, palette, False)
    target = _WHITE if ratio(_WHITE, back) >= ratio(_BLACK, back) else _BLACK
    rgb = fg.get_truecolor()
    for step in range(1, 21):
        candidate = _blend(rgb, target, step / 20)
        if _worst(candidate, bg, color_system, palette) >= minimum:
            return candidate
    return Color.from_triplet(target)


def readable_style(
    style: Style,
    bg: Color | None,
    minimum: float = TEXT,
    system: str = "truecolor",
    palette: TerminalTheme = DEFAULT_TERMINAL_THEME,
) -> Style:
    """`style` with its colour made readable on its own background (or on `bg`)."""
    back = style.bgcolor or bg
    if style.color is None or back is None:
        return style
    color = readable(style.color, back, minimum, system, palette)
    return style if color is style.color else style + Style(color=color)


def is_readable(
    style: Style,
    bg: Color | None,
    minimum: float = TEXT,
    system: str = "truecolor",
    palette: TerminalTheme = DEFAULT_TERMINAL_THEME,
) -> bool:
    """Whether `style`'s colour reaches `minimum` on its own background (or on `bg`)."""
    back = style.bgcolor or bg
    if style.color is None or back is None:
        return True
    depth = SYSTEMS.get(system, ColorSystem.TRUECOLOR)
    return _worst(style.color, back, depth, palette) >= minimum


def looks_alike(
    style: Style,
    base: Style,
    system: str = "truecolor",
    palette: TerminalTheme = DEFAULT_TERMINAL_THEME,
) -> bool:
    """Whether `style` over `base` shows the same colours as `base` in this terminal."""
    depth = SYSTEMS.get(system, ColorSystem.TRUECOLOR)
    pairs = ((style.color, base.color, True), (style.bgcolor, base.bgcolor, False))
    return all(
        mine is None
        or theirs is None
        or shown(mine, depth, palette, fore) == shown(theirs, depth, palette, fore)
        for mine, theirs, fore in pairs
    )
