"""What mpv is doing, as immutable snapshots, and chapters from mpv or a lesson."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Chapter:
    time: float
    title: str


@dataclass(frozen=True)
class PlayerState:
    """What mpv is doing, as last reported. Immutable: listeners may keep it."""

    running: bool = False  # connected to a live mpv
    target: str | None = None  # what lessontui asked it to load (path or URL)
    tag: str | None = None  # the caller's name for that load (a lesson): one file, two lessons
    loaded: bool = False  # a file is open and playable
    # mpv has decoded a video frame or audio of this file: a position is one it
    # really played, not the "end" keep-open jumps to in a stream it cannot decode
    rendered: bool = False
    paused: bool = False
    position: float | None = None  # seconds; kept after mpv stops
    duration: float | None = None
    speed: float = 1.0
    chapter: int | None = None
    chapters: tuple[Chapter, ...] = ()
    eof: bool = False
    idle: bool = True
    error: str | None = None  # why the last file failed, or why mpv stopped

    @property
    def status(self) -> str:
        """stopped | error | idle | loading | ended | paused | playing."""
        if not self.running:
            return "stopped"
        if self.error and not self.loaded:
            return "error"
        if self.idle and not self.loaded:
            return "idle"
        if not self.loaded:
            return "loading"
        if self.eof:
            return "ended"
        return "paused" if self.paused else "playing"

    @property
    def chapter_title(self) -> str | None:
        if self.chapter is None or not 0 <= self.chapter < len(self.chapters):
            return None
        return self.chapters[self.chapter].title

    def view(self) -> tuple[Any, ...]:
        """The part a display shows: position to the whole second."""
        position = None if self.position is None else int(self.position)
        return (
            self.running,
            self.target,
            self.tag,
            self.loaded,
            self.rendered,
            self.paused,
            position,
            None if self.duration is None else int(self.duration),
            self.speed,
            self.chapter,
            self.chapters,
            self.eof,
            self.idle,
            self.error,
        )


def chapters_from_mpv(data: Any) -> tuple[Chapter, ...]:
    """Chapters from mpv's `chapter-list` property."""
    if not isinstance(data, list):
        return ()
    found = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("time"), int | float):
            found.append(Chapter(float(item["time"]), str(item.get("title") or "")))
    return tuple(found)


def lesson_chapters(items: Iterable[dict[str, Any]]) -> tuple[Chapter, ...]:
    """Chapters from a lesson's front matter (`{time, title}` mappings)."""
    found = []
    for item in items:
        try:
            found.append(Chapter(float(item["time"]), str(item.get("title") or "")))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(sorted(found, key=lambda c: c.time))
