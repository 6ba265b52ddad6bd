"""A toast shown while a dialog is open does not cover the dialog."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._toast import Toast

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.dialog import ConfirmDialog


async def test_a_toast_leaves_the_dialog_uncovered(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    app = LessonApp(course=Course.load(course.root), settings=Settings())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.push_screen(ConfirmDialog("Move it?", "a long explanation " * 8, "Move"))
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, ConfirmDialog):
                break
        for n in range(3):
            app.notify(f"toast number {n} with some words in it", timeout=30)
        toasts: list[Toast] = []
        for _ in range(100):
            await pilot.pause(0.02)
            toasts = list(app.screen.query(Toast))
            if len(toasts) == 3 and all(t.region.area for t in toasts):
                break
        box = app.screen.query_one("#confirm-box").region
        assert len(toasts) == 3
        for toast in toasts:
            assert not toast.region.overlaps(box), (toast.region, box)
