"""The player bar: what mpv is doing, one line at the bottom of the screen."""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static

from lessontui.course.timestamps import format_time
from lessontui.services.player_state import PlayerState

_ICONS = {
    "playing": "▶",
    "paused": "⏸",
    "ended": "⏹",
    "loading": "…",
    "idle": "⏹",
    "stopped": "⏹",
    "error": "✗",
}


def describe(
    state: PlayerState, title: str | None = None, key: str = "f5", *, started: bool = True
) -> Content:
    """The bar's text. Titles come from the internet: built as Content, never markup.

    `started`: a player has run in this session. Before that, "stopped" would
    read like something went wrong, so the bar just says how to start one.
    """
    status = state.status
    icon = _ICONS.get(status, "?")
    if status == "stopped" and not started and not state.error:
        return Content(f"{key} plays the lesson in mpv")
    if status == "stopped":
        tail = f"  {state.error}" if state.error else ""
        return Content.assemble((f"{icon} player stopped", "bold"), tail, f"  ·  {key} plays")
    if status == "error":
        # Named: after moving to another lesson it must not read as that one's error.
        return Content.assemble(
            (f"{icon} ", "bold"),
            f"{title}: " if title else "",
            state.error or "cannot play",
            f"  ·  {key} plays the open lesson",
        )
    parts: list[str | tuple[str, str]] = [(f"{icon} {status}", "bold")]
    if title:
        parts += ["  ", title]
    if status == "idle":
        parts.append(f"  ·  {key} plays the open lesson")
        return Content.assemble(*parts)
    position = format_time(state.position) if state.position is not None else "-:--"
    duration = format_time(state.duration) if state.duration else "-:--"
    parts += ["  ", (f"{position} / {duration}", "bold")]
    if state.speed != 1.0:
        parts += ["  ", (f"{state.speed:.2f}×", "bold")]
    else:
        parts.append("  1.00×")
    if state.chapter is not None and state.chapters:
        parts.append(f"  ·  {state.chapter + 1}/{len(state.chapters)} ")
        parts.append(state.chapter_title or "")
    return Content.assemble(*parts)


class PlayerBar(Static):
    """Updated by the app from the player's state messages; never talks to mpv itself."""

    DEFAULT_CSS = """
    PlayerBar {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    PlayerBar.-active {
        color: $text;
    }
    PlayerBar.-error {
        color: $text-error;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(describe(PlayerState(), started=False), markup=False, **kwargs)
        self.state = PlayerState()
        self.started = False  # has an mpv run yet? until then the bar is idle, not "stopped"

    def show_state(self, state: PlayerState, title: str | None = None) -> None:
        self.state = state
        self.started = self.started or state.running
        self.set_class(state.status in ("playing", "paused", "ended", "loading"), "-active")
        self.set_class(state.status == "error", "-error")
        self.update(describe(state, title, started=self.started))
