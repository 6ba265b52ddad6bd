"""The player driven through the app with the Pilot, against a real headless mpv."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from lessontui.course.course import Course
from lessontui.services.player_state import PlayerState
from lessontui.tui.app import LessonApp
from lessontui.tui.features.player import Playback
from lessontui.tui.main_screen import MainScreen
from lessontui.tui.screens.chapters import ChapterList
from lessontui.tui.widgets.player_bar import PlayerBar
from lessontui.tui.widgets.player_bar import describe as describe_bar
from lessontui.tui.widgets.preview import NotePreview
from tests import fixtures_media
from tests.fixtures_media import MediaServer
from tests.fixtures_player import (
    clip_course,
    player_settings,
    undecodable,
)

media_server = fixtures_media.media_server


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` holds; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


def state(app: LessonApp) -> PlayerState:
    assert app.main_screen.playback.player is not None
    return app.main_screen.playback.player.state


def near(value: float | None, expected: float) -> bool:
    return value is not None and abs(value - expected) <= 0.05


def notifications(app: LessonApp) -> str:
    return "\n".join(n.message for n in app._notifications)


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_watch_and_write_with_the_keyboard(tmp_path: Path, player_clip: Path) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    app = LessonApp(
        course=Course.load(course.root), settings=player_settings(position_save_interval=0.5)
    )
    async with app.run_test(size=(160, 50)) as pilot:
        one = app.main_screen.current_lesson
        assert one is not None
        assert one.title == "One"
        app.main_screen.editor.focus()
        await pilot.press("f5")
        await until(
            pilot,
            lambda: app.main_screen.playback.player and state(app).status == "playing",
            "playing",
        )
        await until(pilot, lambda: one.status == "watching", "status watching")
        bar = app.query_one(PlayerBar)
        await until(pilot, lambda: "/ 1:00" in str(bar.render()), "the bar's duration")
        assert "One" in str(bar.render())

        await pilot.press("alt+p")
        await until(pilot, lambda: state(app).paused, "paused")
        # The cursor on the note's line "[0:45] ...": alt+g seeks there.
        app.main_screen.editor.move_cursor((1, 3))
        await pilot.press("alt+g")
        await until(pilot, lambda: near(state(app).position, 45), "seek to the stamp")
        await pilot.press("alt+left")
        await until(pilot, lambda: near(state(app).position, 40), "5 s back")
        await pilot.press("alt+shift+left")
        await until(pilot, lambda: near(state(app).position, 10), "30 s back")
        await pilot.press("alt+shift+right", "alt+right")
        await until(pilot, lambda: near(state(app).position, 45), "35 s on")

        # Stamp the time at the end of the first line, two seconds early.
        app.main_screen.editor.move_cursor((0, len("Intro line")))
        await pilot.press("alt+t")
        assert app.main_screen.editor.document.get_line(0) == "Intro line [0:43] "
        # In a real terminal alt+t carries the character "t": it must not be typed.
        app.post_message(events.Key("alt+t", "t"))
        await pilot.pause()
        assert app.main_screen.editor.document.get_line(0) == "Intro line [0:43] [0:43] "

        await pilot.press("alt+l", "alt+l")
        await until(pilot, lambda: state(app).speed == 1.2, "1.2x")
        await pilot.press("alt+j")
        await until(pilot, lambda: state(app).speed == 1.1, "1.1x")
        await pilot.press("alt+k")
        await until(pilot, lambda: state(app).speed == 1.0, "1x")

        await pilot.press("alt+pageup")  # like mpv: from 45 s in "The end" to "Middle part"
        await until(pilot, lambda: state(app).chapter == 1, "previous chapter")
        assert near(state(app).position, 20)
        await pilot.press("alt+pagedown")
        await until(pilot, lambda: state(app).chapter == 2, "next chapter")
        assert near(state(app).position, 40)
        await pilot.press("alt+c")
        await until(pilot, lambda: isinstance(app.screen, ChapterList), "chapter list")
        await pilot.press("up", "enter")
        await until(pilot, lambda: near(state(app).position, 20), "jump to a chapter")
        assert not isinstance(app.screen, ChapterList)

        # Another lesson while playing: mpv follows, resuming that lesson at 12 s.
        app.main_screen.lesson_list.focus()
        await pilot.press("down")
        await until(pilot, lambda: str(state(app).target).endswith("two.mp4"), "lesson two")
        await until(pilot, lambda: state(app).position is not None, "lesson two loaded")
        assert (state(app).position or 0) >= 12
        assert Course.load(course.root).lessons[0].position == 20  # one's resume point

        # mpv killed: the bar says stopped, the position is kept, f5 plays again.
        two = app.main_screen.current_lesson
        assert two is not None
        assert two.title == "Two"
        assert state(app).paused  # it was paused on lesson one: it stays paused
        app.main_screen.preview.post_message(
            NotePreview.TimestampClicked(33)
        )  # what the preview's timestamp links call
        await until(pilot, lambda: near(state(app).position, 33), "seek_to")
        assert app.main_screen.playback.player is not None
        assert app.main_screen.playback.player.pid is not None
        os.kill(app.main_screen.playback.player.pid, signal.SIGKILL)
        await until(pilot, lambda: "stopped" in str(bar.render()), "stopped bar")
        await until(pilot, lambda: two.position == 33, "position saved on stop")
        await pilot.press("f5")
        await until(pilot, lambda: state(app).status == "playing", "playing again")
        await until(pilot, lambda: state(app).position is not None, "a position")
        assert (state(app).position or 0) >= 33
        player = app.main_screen.playback.player
    assert not player.running  # quitting the app quits the mpv it started


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_stamp_pauses_when_asked(tmp_path: Path, player_clip: Path) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    settings = player_settings(pause_on_timestamp=True, timestamp_offset=0.0)
    app = LessonApp(course=Course.load(course.root), settings=settings)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f5")
        await until(
            pilot,
            lambda: app.main_screen.playback.player and state(app).status == "playing",
            "playing",
        )
        app.main_screen.preview.post_message(NotePreview.TimestampClicked(50))
        await until(pilot, lambda: (state(app).position or 0) >= 50, "at 50 s")
        app.main_screen.editor.move_cursor((0, 0))
        await pilot.press("alt+t")
        line = app.main_screen.editor.document.get_line(0)
        assert line.startswith("[0:5")
        assert line.endswith("] Intro line")
        await until(pilot, lambda: state(app).paused, "paused by the stamp")
        # The third lesson has nothing to play: mpv stops rather than keep lesson 2's video.
        app.main_screen.lesson_list.focus()
        await pilot.press("down", "down")
        await until(pilot, lambda: state(app).status == "idle", "stopped for lesson three")
        await pilot.press("alt+t")
        assert "Nothing is playing" in notifications(app)
        # A URL mpv cannot open: its error is shown, the note is untouched.
        three = app.main_screen.current_lesson
        assert three is not None
        assert three.title == "Three"
        three.update(url="http://127.0.0.1:9/lesson.mp4")  # refused at once, no network
        await pilot.press("f5")
        await until(pilot, lambda: "127.0.0.1:9" in notifications(app), "the URL's error")
        assert "✗" in str(app.query_one(PlayerBar).render())
        assert three.body == "no video here\n"


async def test_mpv_missing_is_explained(demo_course: Course, tmp_path: Path) -> None:
    video = demo_course.media_dir / "v.mp4"
    video.parent.mkdir()
    video.write_bytes(b"not really a video")
    demo_course.lessons[1].update(video="../media/v.mp4")
    settings = player_settings(mpv=str(tmp_path / "no-mpv-here"))
    app = LessonApp(course=Course.load(demo_course.root), settings=settings)
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.title.startswith("Lesson 2")
        await pilot.press("f5")
        await until(pilot, lambda: "apt install mpv" in notifications(app), "install hint")
        await pilot.press("alt+p")
        assert "Nothing is playing" in notifications(app)
        app.main_screen.editor.focus()
        await pilot.press("x")  # the rest of the app works
        assert app.main_screen.editor.text.startswith("x")
        lesson = app.main_screen.current_lesson
        await until(pilot, lambda: lesson.body.startswith("x"), "the note saved")
        # No mpv ever ran: the toast says why, the bar still says how to play.
        assert str(app.query_one(PlayerBar).render()) == "f5 plays the lesson in mpv"


def test_player_keys_do_not_clash() -> None:
    from textual.widgets import TextArea

    def keys(bindings) -> set[str]:  # type: ignore[no-untyped-def]
        return {k for b in bindings for k in b.key.split(",")}

    ours = keys(Playback.BINDINGS)
    others = [b for b in [*LessonApp.BINDINGS, *MainScreen.BINDINGS] if b not in Playback.BINDINGS]
    assert not ours & keys(others)
    assert not ours & keys(TextArea.BINDINGS)
    # Not priority keys: they belong to the main screen and run in line with typing.
    assert all(b.id and b.id.startswith("player.") and not b.priority for b in Playback.BINDINGS)


# What a terminal sends for each key (xterm and most others).
TERMINAL_SEQUENCES = {
    "f5": "\x1b[15~",
    "alt+left": "\x1b[1;3D",
    "alt+right": "\x1b[1;3C",
    "alt+shift+left": "\x1b[1;4D",
    "alt+shift+right": "\x1b[1;4C",
    "alt+pageup": "\x1b[5;3~",
    "alt+pagedown": "\x1b[6;3~",
}


@pytest.mark.parametrize("binding", Playback.BINDINGS, ids=lambda b: b.key)
def test_player_keys_arrive_from_a_real_terminal(binding) -> None:  # type: ignore[no-untyped-def]
    """Textual's own parser turns the terminal's bytes into the bound key (alt+0, alt+b
    and alt+[ would not: they arrive as "º", ctrl+left and "[")."""
    from textual._parser import ParseError
    from textual._xterm_parser import XTermParser

    key = binding.key
    sequence = TERMINAL_SEQUENCES.get(key) or "\x1b" + key.removeprefix("alt+")
    assert len(sequence) > 1
    parser = XTermParser()
    events = list(parser.feed(sequence))
    with contextlib.suppress(ParseError):  # end of input: a lone escape is let go
        events.extend(parser.feed(""))
    assert [getattr(event, "key", None) for event in events] == [key]


def test_bar_shows_untrusted_chapter_titles_literally() -> None:
    from lessontui.services.player_state import Chapter

    hostile = "[@click=app.quit]Quit[/]"
    state = PlayerState(
        running=True,
        target="x",
        loaded=True,
        idle=False,
        position=75.0,
        duration=3700.0,
        speed=1.5,
        chapter=0,
        chapters=(Chapter(0, hostile),),
    )
    text = describe_bar(state, title="[b]x[/b]")
    assert hostile in text.plain
    assert "[b]x[/b]" in text.plain
    assert "1:15 / 1:01:40" in text.plain
    assert "1.50×" in text.plain


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_a_stream_mpv_cannot_read_is_not_marked_done(
    tmp_path: Path, player_clip: Path, media_server: MediaServer
) -> None:
    """mpv opens it and "ends" at once: the bar and a toast say mpv's reason, the
    lesson stays todo with no resume point at the end."""
    course = clip_course(tmp_path / "course", player_clip)
    url = media_server.add_file("/lesson.mp4", undecodable(player_clip, tmp_path / "b.mp4"))
    three = course.lessons[2]
    three.update(url=url)
    app = LessonApp(course=Course.load(course.root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f5")  # One plays first: what it decoded must not vouch for Three
        await until(
            pilot,
            lambda: app.main_screen.playback.player and state(app).status == "playing",
            "One playing",
        )
        app.main_screen.lesson_list.focus()
        await pilot.press("down", "down")  # mpv follows to Three's stream
        await until(
            pilot,
            lambda: getattr(app.main_screen.current_lesson, "title", None) == "Three",
            "three",
        )
        bar = app.query_one(PlayerBar)
        await until(pilot, lambda: "✗" in str(bar.render()), "the bar's failure")
        assert "Three: cannot play: nothing in it could be decoded" in str(bar.render())
        await until(pilot, lambda: "could be decoded" in notifications(app), "the toast")
        await pilot.pause(0.5)  # any late state of the broken stream has arrived
    fresh = Course.load(course.root).lessons[2]
    assert fresh.status == "todo"
    assert "status_changed" not in fresh.meta
    assert fresh.position == 0


async def _play_one_to_its_end(pilot: Pilot[Any], app: LessonApp) -> None:
    """f5 on lesson One, then a seek close to the end: mpv holds the last frame."""
    await pilot.press("f5")
    await until(
        pilot,
        lambda: app.main_screen.playback.player and state(app).status == "playing",
        "playing",
    )
    app.main_screen.preview.post_message(NotePreview.TimestampClicked(58))
    await until(pilot, lambda: state(app).status == "ended", "the end", timeout=20)


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_f5_at_the_end_starts_again(tmp_path: Path, player_clip: Path) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    app = LessonApp(course=Course.load(course.root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        one = app.main_screen.current_lesson
        assert one is not None
        assert one.title == "One"
        await _play_one_to_its_end(pilot, app)
        assert one.status == "done"  # it played its end
        await pilot.press("f5")
        await until(pilot, lambda: state(app).status == "playing", "playing again")
        assert (state(app).position or 0) < 10  # from the start, not the last frame


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_two_lessons_on_one_file_each_play_their_own(
    tmp_path: Path, player_clip: Path
) -> None:
    """f5 on Two after One ended in the same file: Two plays from its own 12 s, the
    bar names Two, and One's end does not mark Two done."""
    course = clip_course(tmp_path / "course", player_clip)
    course.lessons[1].update(video="../media/one.mp4")  # Two: One's file, position 12
    app = LessonApp(course=Course.load(course.root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        await _play_one_to_its_end(pilot, app)
        app.main_screen.lesson_list.focus()
        await pilot.press("down")  # mpv has ended: it does not follow
        two = app.main_screen.current_lesson
        assert two is not None
        assert two.title == "Two"
        await pilot.press("f5")
        await until(pilot, lambda: state(app).status == "playing", "Two playing")
        await until(pilot, lambda: 12 <= (state(app).position or 0) < 30, "Two at its 12 s")
        bar = app.query_one(PlayerBar)
        await until(pilot, lambda: "Two" in str(bar.render()), "the bar names Two")
        assert "One" not in str(bar.render())
        app.main_screen.preview.post_message(NotePreview.TimestampClicked(20))
        await until(pilot, lambda: near(state(app).position, 20), "seek in Two")
    lessons = Course.load(course.root).lessons
    assert lessons[0].status == "done"
    assert lessons[0].position >= 58
    assert lessons[1].status == "watching"
    assert 20 <= lessons[1].position < 30
