"""Layout snapshots: a 80x24 terminal (panes collapse), a 200x50 one, a light theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.course.demo import write_demo
from lessontui.tui.app import LessonApp

SnapCompare = Callable[..., bool]  # pytest-textual-snapshot's fixture: app, then options


def _app(tmp_path: Path, theme: str = "textual-dark") -> LessonApp:
    course = write_demo(tmp_path / "demo")
    return LessonApp(course=Course.load(course.root), settings=Settings(theme=theme))


def test_narrow_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(80, 24))


def test_narrow_80x24_light(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path, "textual-light"), terminal_size=(80, 24))


def test_wide_200x50(snap_compare: SnapCompare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(200, 50))


def test_search_screen_80x24(snap_compare: SnapCompare, tmp_path: Path) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("ctrl+f", *"the")
        results = pilot.app.screen.query_one("#search-results")
        for _ in range(100):  # results come after a typing delay: wait for them, not a clock
            await pilot.pause(0.05)
            if results.option_count:
                break
        await pilot.pause(0.1)

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=search)
