"""Import and download in the app, driven through the Pilot on the offline fake YouTube."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Static

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.import_screen import ImportScreen
from lessontui.tui.widgets.downloads import DownloadRow, DownloadsPanel
from tests import fixtures_importer
from tests.apps import make_app
from tests.fixtures_importer import FakeSite, Video, course_videos, fake_ydl_factory
from tests.screen import screen_of

site = fixtures_importer.site
media_server = fixtures_importer.media_server
clip_dir = fixtures_importer.clip_dir

pytestmark = pytest.mark.needs_ffmpeg


def importing_app(site: FakeSite, course: Course, library: Path) -> LessonApp:
    """The app with yt-dlp answering from the fake site."""
    app = make_app(course, library=library)
    app.ydl_factory = fake_ydl_factory(site)
    return app


async def finish_workers(app: LessonApp, pilot: Pilot[Any]) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_import_screen_imports_a_playlist_and_opens_it(
    site: FakeSite, tmp_path: Path
) -> None:
    hostile = Video("hostile0001", "[@click=app.quit]Quit[/] \x1b[31mred")
    url = site.add_playlist("PLapp", "App course", [*course_videos(2), hostile])
    home = Course.create(tmp_path / "home", "Home")
    app = importing_app(site, home, tmp_path / "library")
    async with app.run_test(size=(150, 45)) as pilot:
        commands = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Import course", "Download all videos"} <= commands
        assert "Download video" not in commands  # the course intro is open: it has no video
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-url", Input).value = url
        await pilot.press("enter")
        await finish_workers(app, pilot)
        assert "Made course 'App course'" in screen.summary_text()
        assert "3 added" in screen.summary_text()
        await pilot.click("#import-open")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
        assert app.main_screen.course is not None
        assert app.main_screen.course.root == tmp_path / "library" / "app-course"
        assert [x.title for x in app.main_screen.course.lessons][
            -1
        ] == "[@click=app.quit]Quit[/] red"
        assert app.is_running  # the hostile title was shown as text, not run as markup


async def test_a_different_course_asks_before_mixing(site: FakeSite, tmp_path: Path) -> None:
    first = site.add_playlist("PLmine", "Mine", course_videos(1, "aaa"))
    other = site.add_playlist("PLother", "Other", course_videos(1, "bbb"))
    library = tmp_path / "library"
    from lessontui.services.importer import Importer

    course = (
        Importer(ydl_factory=fake_ydl_factory(site), settings=Settings())
        .import_course(first, into=library / "mine")
        .course
    )
    app = importing_app(site, course, library)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("f3")
        screen = screen_of(app, ImportScreen)
        screen.query_one("#import-url", Input).value = other
        screen.query_one("#import-into", Checkbox).value = True
        await pilot.click("#import-start")
        await finish_workers(app, pilot)
        assert "holds another course" in screen.summary_text()
        force = screen.query_one("#import-force", Button)
        assert force.display
        await pilot.click("#import-force")
        await finish_workers(app, pilot)
        assert "Refreshed course" in screen.summary_text()
        await pilot.press("escape")
        await pilot.pause()
        # The open course was changed on disk: the app shows it again, reloaded.
        assert app.main_screen.course is not None
        assert len(app.main_screen.course.lessons) == 2


async def test_download_video_shows_a_progress_row_and_records_the_file(
    site: FakeSite, tmp_path: Path
) -> None:
    url = site.add_playlist("PLdl", "Downloads", course_videos(2))
    library = tmp_path / "library"
    from lessontui.services.importer import Importer

    course = (
        Importer(ydl_factory=fake_ydl_factory(site), settings=Settings())
        .import_course(url, into=library / "dl")
        .course
    )
    app = importing_app(site, course, library)
    async with app.run_test(size=(150, 45)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        await pilot.press("alt+d")
        await finish_workers(app, pilot)
        rows = list(app.query(DownloadsPanel).first().query(DownloadRow))
        assert len(rows) == 1
        assert "downloaded" in str(rows[0].query_one(".download-state", Static).content)
        assert lesson.meta["video"] == "../media/01-lesson-1-part-1.mp4"
        assert lesson.video_path is not None
        # Download all: the first is there already, the second is fetched.
        await pilot.press("alt+shift+d")
        await finish_workers(app, pilot)
        states = [
            str(row.query_one(".download-state", Static).content)
            for row in app.query(DownloadsPanel).first().query(DownloadRow)
        ]
        assert states == ["already there", "downloaded"]
    assert "video: ../media/02-lesson-2-part-2.mp4" in course.lessons[1].path.read_text()


async def test_import_from_the_library_opens_the_new_course(site: FakeSite, tmp_path: Path) -> None:
    url = site.add_playlist("PLlib", "From the library", course_videos(1))
    app = LessonApp(course=None, settings=Settings(library=tmp_path / "library"))
    app.ydl_factory = fake_ydl_factory(site)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one("#import-url", Input).value = url
        await pilot.press("enter")
        await finish_workers(app, pilot)
        await pilot.click("#import-open")
        await pilot.pause()
        await pilot.pause()
        assert app.main_screen.course is not None
        assert app.main_screen.course.title == "From the library"
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.title == "Lesson 1: part 1"


async def test_tab_goes_from_the_fields_to_the_buttons_with_no_invisible_stop(
    site: FakeSite, tmp_path: Path
) -> None:
    home = Course.create(tmp_path / "home", "Home")
    app = importing_app(site, home, tmp_path / "library")
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        stops = []
        for _ in range(4):
            await pilot.press("tab")
            stops.append(app.focused.id if app.focused is not None else None)
        assert stops == ["import-into", "import-download", "import-start", "import-cancel"]
