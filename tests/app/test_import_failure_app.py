"""After a failed import the dialog is ready again: no spinning bar, typing goes to the URL."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, ProgressBar

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.import_screen import ImportScreen


async def test_failed_import_hides_the_bar_and_focuses_the_url(tmp_path: Path) -> None:
    home = Course.create(tmp_path / "home", "Home")
    app = LessonApp(course=Course.load(home.root), settings=Settings(library=tmp_path / "lib"))
    missing = tmp_path / "nowhere" / "saved.json"  # offline: a yt-dlp -J file that is not there
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        url = screen.query_one("#import-url", Input)
        url.value = str(missing)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert "no such file" in screen.summary_text()
        bar = screen.query_one("#import-progress", ProgressBar)
        assert not bar.display  # not an endless `--%` animation
        assert screen.focused is url
        assert not url.disabled
        await pilot.press("end", "x")  # typing goes where the user expects
        assert url.value.endswith("x")
        # A second try shows the bar again, from zero.
        url.value = str(missing)
        await pilot.press("enter")
        await pilot.pause()
        assert bar.progress == 0
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.focused is url
