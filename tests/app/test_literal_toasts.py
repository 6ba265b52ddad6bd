"""Toasts sent by screens are literal text too, whatever markup flag they carry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._toast import Toast

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.export_screen import ExportScreen
from tests.screen import press_and_settle, rendered_text


def toast_texts(app: LessonApp) -> list[str]:
    """The text each toast on screen draws (as plain text, markup already applied)."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


BROKEN = "[bold]x[/italic]"  # markup that does not parse: would raise in a toast
CLICK = "[@click=app.quit]q[/]"  # markup that would be a live action


async def test_export_screen_toast_shows_a_typed_path_literally(
    demo_course: Course, tmp_path: Path
) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    typed = tmp_path / f"no {BROKEN} {CLICK}" / "page.md"
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-path", Input).value = str(typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, ExportScreen)
        notes = list(app._notifications)
        assert notes
        assert all(not note.markup for note in notes)
        assert f"No such folder: {typed.parent}" in toast_texts(app)


async def test_widget_notify_with_markup_true_is_still_literal(demo_course: Course) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=(200, 50), notifications=True) as pilot:
        screen: Screen[Any] = app.screen
        screen.notify(f"{BROKEN} {CLICK}", markup=True)
        app.main_screen.lesson_list.notify(
            CLICK
        )  # a widget, with Widget.notify's default markup=True
        await pilot.pause()
        await pilot.pause()
        assert [note.markup for note in app._notifications] == [False, False]
        assert toast_texts(app) == [f"{BROKEN} {CLICK}", CLICK]
        text = rendered_text(app)
        assert BROKEN in text
        assert CLICK in text
        assert app.is_running
