"""Fetch transcripts in the app (alt+shift+s, alt+shift+t), on the offline fake YouTube.

yt-dlp's real pipeline fetches the subtitles from 127.0.0.1, through the same
importer call as `lessontui subs`; the pane shows them without reopening the lesson.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.importer import Importer
from lessontui.tui.app import LessonApp
from lessontui.tui.features.transcript import NO_TRANSCRIPT
from lessontui.tui.widgets.downloads import DownloadRow, DownloadsPanel
from lessontui.tui.widgets.transcript_view import TranscriptView
from tests import fixtures_importer
from tests.apps import make_app
from tests.fixtures_importer import FakeSite, course_videos, fake_ydl_factory
from tests.sample_text import ROLLING

site = fixtures_importer.site
media_server = fixtures_importer.media_server
clip_dir = fixtures_importer.clip_dir

pytestmark = pytest.mark.needs_ffmpeg

MANUAL = "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nThe manual words, said by a person.\n"
AUTO = "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nthe manual words said by a machine\n"
FIRST_VTT = "01-lesson-1-part-1.en.vtt"


def imported(site: FakeSite, library: Path, videos: Any, name: str = "subs") -> Course:
    """A course imported from the fake site: lessons with URLs, no subtitles yet."""
    url = site.add_playlist("PL" + name, name.title(), videos)
    importer = Importer(ydl_factory=fake_ydl_factory(site), settings=Settings())
    return importer.import_course(url, into=library / name).course


def fetching_app(site: FakeSite, course: Course, library: Path, **settings: Any) -> LessonApp:
    app = make_app(course, library=library, **settings)
    app.ydl_factory = fake_ydl_factory(site)
    return app


async def finish_workers(app: LessonApp, pilot: Pilot[None]) -> None:
    """The fetch, then the pane's read it starts."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def pane(app: LessonApp) -> TranscriptView:
    return app.main_screen.query_one("#transcript", TranscriptView)


async def show_pane(app: LessonApp, pilot: Pilot[None]) -> TranscriptView:
    app.main_screen.editor.focus()
    await pilot.press("alt+s")
    await finish_workers(app, pilot)
    return pane(app)


def toasts(app: LessonApp) -> list[tuple[str, str, str]]:
    return [(n.title, n.message, n.severity) for n in app._notifications]


def row_states(app: LessonApp) -> list[str]:
    panel = app.main_screen.query(DownloadsPanel).first()
    return [
        str(row.query_one(".download-state", Static).content) for row in panel.query(DownloadRow)
    ]


def vtt_files(course: Course) -> list[str]:
    media = course.media_dir
    return sorted(p.name for p in media.glob("*.vtt")) if media.is_dir() else []


async def test_fetch_transcript_shows_it_in_the_open_pane_and_leaves_it_alone_after(
    site: FakeSite, tmp_path: Path
) -> None:
    first, second = course_videos(2)
    first.subtitles = {"en": MANUAL}
    first.captions = {"en": AUTO}  # manual subtitles win over automatic captions
    second.subtitles = {"en": MANUAL}
    library = tmp_path / "library"
    course = imported(site, library, [first, second])
    app = fetching_app(site, course, library)
    async with app.run_test(size=(150, 45)) as pilot:
        commands = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Fetch transcript", "Fetch all transcripts"} <= commands
        view = await show_pane(app, pilot)
        assert not view.cues
        assert view.message == NO_TRANSCRIPT
        assert "alt+shift+s" in NO_TRANSCRIPT

        await pilot.press("alt+shift+s")
        await finish_workers(app, pilot)
        assert vtt_files(course) == [FIRST_VTT]  # the open lesson's only
        assert not list(course.media_dir.glob("*.mp4*"))  # subtitles only, no video
        assert row_states(app) == ["fetched"]
        # The pane shows the new transcript without the lesson being opened again.
        assert [cue.text for cue in view.cues] == ["The manual words, said by a person."]
        assert ("Transcript", "Transcript fetched.", "information") in toasts(app)

        # Again: the file is there, left alone, as `lessontui subs` does.
        vtt = course.media_dir / FIRST_VTT
        vtt.write_text(MANUAL.replace("person", "person (edited)"), encoding="utf-8")
        await pilot.press("alt+shift+s")
        await finish_workers(app, pilot)
        assert row_states(app) == ["already there"]
        assert "(edited)" in vtt.read_text(encoding="utf-8")
        assert any("already; left alone" in message for _, message, _ in toasts(app))


async def test_fetch_all_transcripts_says_which_lessons_have_none(
    site: FakeSite, tmp_path: Path
) -> None:
    first, second, third = course_videos(3)
    first.subtitles = {"en": MANUAL}
    second.captions = {"en": ROLLING}  # automatic captions only: fetched too
    library = tmp_path / "library"
    course = imported(site, library, [first, second, third])
    course.add_lesson("My own notes")  # no URL: not in the batch
    app = fetching_app(site, course, library)
    async with app.run_test(size=(150, 45)) as pilot:
        view = await show_pane(app, pilot)
        await pilot.press("alt+shift+t")
        await finish_workers(app, pilot)
        assert vtt_files(course) == [FIRST_VTT, "02-lesson-2-part-2.en.vtt"]
        assert row_states(app) == ["fetched", "fetched", "no subtitles"]
        assert [cue.text for cue in view.cues] == ["The manual words, said by a person."]
        shown = toasts(app)
        assert ("Transcript", "No subtitles in en for:\nLesson 3: part 3", "warning") in shown
        assert any("2 fetched, 0 already there, 1 with none, 0 failed" in m for _, m, _ in shown)


async def test_no_subtitles_in_the_wanted_languages_writes_nothing(
    site: FakeSite, tmp_path: Path
) -> None:
    video = course_videos(1)[0]
    video.subtitles = {"en": MANUAL}
    library = tmp_path / "library"
    course = imported(site, library, [video])
    app = fetching_app(site, course, library, subtitle_langs=["de", "fr"])
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("alt+shift+s")
        await finish_workers(app, pilot)
        assert vtt_files(course) == []
        assert row_states(app) == ["no subtitles"]
        assert ("Transcript", "No subtitles in de, fr for:\nLesson 1: part 1", "warning") in (
            toasts(app)
        )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("broken", ["private", "unreachable"])
async def test_a_yt_dlp_or_network_error_is_a_message_and_nothing_is_written(
    site: FakeSite, tmp_path: Path, broken: str
) -> None:
    video = course_videos(1)[0]
    video.subtitles = {"en": MANUAL}
    library = tmp_path / "library"
    course = imported(site, library, [video])
    if broken == "private":
        video.error = "Private video. Sign in if you've been granted access to this video"
        expected = "Private video"
    else:  # nothing listens there: yt-dlp's generic extractor cannot connect
        course.lessons[0].update(url=f"http://127.0.0.1:{closed_port()}/lecture")
        expected = "Unable to download webpage"
    app = fetching_app(site, course, library)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("alt+shift+s")
        await finish_workers(app, pilot)
        assert vtt_files(course) == []
        assert row_states(app) == ["failed"]
        errors = [(t, m) for t, m, severity in toasts(app) if severity == "error"]
        assert len(errors) == 1
        title, message = errors[0]
        assert title == "Cannot fetch the transcript"
        assert message.startswith("Lesson 1: part 1: ")
        assert expected in message
        assert "Traceback" not in message
        assert "ERROR:" not in message
        assert app.is_running


async def test_no_url_and_the_intro_are_refused_before_any_fetch(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Local")
    (tmp_path / "c" / "course.md").write_text(
        "---\ntitle: Local\n---\nWhat this course is.\n", encoding="utf-8"
    )
    course = Course.load(tmp_path / "c")
    course.add_lesson("Written by hand", body="notes\n")
    app = make_app(course)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.pause()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.title == "Written by hand"
        await pilot.press("alt+shift+s")
        await pilot.pause()
        assert ("Transcript", "This lesson has no URL to fetch subtitles from (f6 sets it).") in [
            (t, m) for t, m, _ in toasts(app)
        ]
        await pilot.press("alt+shift+t")
        await pilot.pause()
        assert any("No lesson of this course has a URL to fetch" in m for _, m, _ in toasts(app))

        app.main_screen.lesson_list.highlighted = 0  # the course intro
        await pilot.pause()
        assert app.main_screen.session.on_course_note
        app.main_screen.editor.focus()
        said = len(toasts(app))
        await pilot.press("alt+shift+s")  # unavailable on the intro: it has no video
        await pilot.pause()
        assert not app.main_screen.active_bindings["alt+shift+s"].enabled
        assert len(toasts(app)) == said
        assert not app.main_screen.query(DownloadsPanel)  # no batch was started
        assert not (tmp_path / "c" / "media").exists()
