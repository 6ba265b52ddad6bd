"""Read what the app shows on screen, as plain text, from its SVG export."""

from __future__ import annotations

import html
import re

from textual.app import App


def rendered_text(app: App) -> str:
    """All text on the screen, line by line (each SVG row of text joined)."""
    svg = app.export_screenshot()
    rows: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(y, []).append(text)
    ordered = sorted(rows.items(), key=lambda item: float(item[0]))
    return "\n".join(html.unescape("".join(parts)).replace("\xa0", " ") for _, parts in ordered)
