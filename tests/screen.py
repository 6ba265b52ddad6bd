"""Read what the app shows on screen (plain text, from its SVG export), and wait for it."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])


def rendered_text(app: App[Any]) -> str:
    """All text on the screen, line by line (each SVG row of text joined)."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(y, []).append(text)
    ordered = sorted(rows.items(), key=lambda item: float(item[0]))
    return "\n".join(html.unescape("".join(parts)).replace("\xa0", " ") for _, parts in ordered)


async def press_and_settle(app: App[Any], pilot: Pilot[Any], *keys: str) -> None:
    """Press keys (f9 export, f8 check...) and wait for the workers that fill the screen in."""
    if keys:
        await pilot.press(*keys)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_of(app: App[Any], kind: type[S]) -> S:
    """The app's screen, which must be a `kind` (typed as one, lambdas included)."""
    screen = app.screen
    assert isinstance(screen, kind), screen
    return screen


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 20.0
) -> None:
    """Let the app run until `condition()` holds; fail saying `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await pilot.pause(0.05)
