"""Colours lifted to the contrast asked for."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("system", ["truecolor", "256", "standard"])
def test_readable_reaches_the_contrast_it_is_asked_for(system: str) -> None:
    import random

    from rich.color import Color as RichColor
    from rich.color_triplet import ColorTriplet
    from rich.terminal_theme import DEFAULT_TERMINAL_THEME

    from lessontui.render.contrast import SYSTEMS, TEXT, ratio, readable, shown

    rng = random.Random(5)
    depth = SYSTEMS[system]
    for _ in range(300):
        fg, bg = (
            RichColor.from_triplet(ColorTriplet(*(rng.randrange(256) for _ in range(3))))
            for _ in range(2)
        )
        lifted = readable(fg, bg, TEXT, system)
        for mode in {depth, SYSTEMS["truecolor"]}:
            got = ratio(
                shown(lifted, mode, DEFAULT_TERMINAL_THEME, True),
                shown(bg, mode, DEFAULT_TERMINAL_THEME, False),
            )
            # Pure white or black is the last resort; on a mid-grey even it may fall short.
            assert got >= TEXT or lifted.triplet in ((255, 255, 255), (0, 0, 0)), (fg, bg)
