"""Read what the app shows on screen (plain text, from its SVG export), and wait for it."""

from __future__ import annotations

import html
import re

from textual.app import App
from textual.pilot import Pilot


def rendered_text(app: App) -> str:
    """All text on the screen, line by line (each SVG row of text joined)."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(y, []).append(text)
    ordered = sorted(rows.items(), key=lambda item: float(item[0]))
    return "\n".join(html.unescape("".join(parts)).replace("\xa0", " ") for _, parts in ordered)


async def press_and_settle(app: App, pilot: Pilot, *keys: str) -> None:
    """Press keys (f9 export, f8 check...) and wait for the workers that fill the screen in."""
    if keys:
        await pilot.press(*keys)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
