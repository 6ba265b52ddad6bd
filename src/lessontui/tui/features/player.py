"""Play the open lesson in mpv and drive it from the note editor: keys, stamps, resume, bar.

`Playback` belongs to the main screen. The player's reader thread reports
state by posting `PlayerStateChanged` to the screen (thread-safe, never blocks
the reader); the handler, on the app's thread, updates the bar and lets the
`WatchTracker` save the resume point and status, so every file write happens on
one thread.

The keys are alt+letters, alt+arrows and f5, bound on the main screen; the
footer shows play, pause and stamp, help and the palette list them all. In the
editor they run in line with typed text (see NoteEditor), so a stamp lands
after the words typed before it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer

from lessontui.course.course import Lesson
from lessontui.course.timestamps import at as timestamp_at
from lessontui.course.timestamps import stamp
from lessontui.services.mpv_headless import headless_hint
from lessontui.services.player import MpvMissing, Player, PlayerError
from lessontui.services.player_state import Chapter, PlayerState
from lessontui.services.watching import (
    WatchTracker,
    chapters_of,
    lesson_source,
    lesson_tag,
    resume_position,
)
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from lessontui.tui.session import NoteSession

FOLLOW_DELAY = 0.4  # seconds on a lesson before a playing mpv switches to it
SPEED_STEP = 0.1
ERROR_DELAY = 0.3  # seconds to let mpv's log catch up with a failure it reported
NOTHING_PLAYING = "Nothing is playing: f5 plays the open lesson."
NO_VIDEO_IN_INTRO = "The course intro has no video: open a lesson to play, seek or stamp it."

_BINDINGS = [
    Binding("f5", "play_lesson", "Play", id="player.play"),
    Binding("alt+p", "toggle_pause", "Pause", id="player.pause", show=False),
    Binding("alt+t", "insert_timestamp", "Stamp time", id="player.stamp"),
    Binding(
        "alt+g", "seek_timestamp", "Seek to stamp on line", id="player.seek_stamp", show=False,
    ),
    Binding("alt+left", "seek_back", "Seek back", id="player.back", show=False),
    Binding(
        "alt+right", "seek_forward", "Seek forward", id="player.forward", show=False,
    ),
    Binding(
        "alt+shift+left", "seek_back_long", "Seek back (long)", id="player.back_long",
        show=False,
    ),
    Binding(
        "alt+shift+right", "seek_forward_long", "Seek forward (long)", id="player.forward_long",
        show=False,
    ),
    # j k l side by side: slower, normal, faster. (Not alt+digits or alt+[ ]:
    # terminals send those as other characters, which would be typed.)
    Binding("alt+j", "speed_down", "Slower", id="player.slower", show=False),
    Binding(
        "alt+k", "speed_reset", "Normal speed", id="player.speed_reset", show=False,
    ),
    Binding("alt+l", "speed_up", "Faster", id="player.faster", show=False),
    Binding(
        "alt+pageup", "previous_chapter", "Previous chapter", id="player.chapter_previous",
        show=False,
    ),
    Binding(
        "alt+pagedown", "next_chapter", "Next chapter", id="player.chapter_next", show=False,
    ),
    Binding("alt+c", "chapters", "Chapters", id="player.chapters", show=False),
]  # fmt: skip


class PlayerStateChanged(Message):
    """mpv's state changed (posted from the player's reader thread)."""

    def __init__(self, state: PlayerState) -> None:
        super().__init__()
        self.state = state


# Keys that need the open lesson's own video: none on the course intro.
_LESSON_ONLY = frozenset({"play_lesson", "insert_timestamp", "seek_timestamp", "chapters"})


class Playback(Feature):
    """The main screen's player: mpv, the bar, the resume point and stamps in the note."""

    NAME = "player"
    BINDINGS = feature_bindings(NAME, _BINDINGS)

    def __init__(self, host: FeatureHost, session: NoteSession) -> None:
        self.host = host
        self.session = session
        self.player: Player | None = None
        self.tracker: WatchTracker | None = None
        self.playing_lesson: Lesson | None = None  # the lesson mpv was last asked to play
        self._player_follow_timer: Timer | None = None
        self._player_error_shown: str | None = None

    # -- set-up ---------------------------------------------------------------------

    def _get_player(self) -> Player:
        if self.player is None:
            settings = self.host.settings
            self.player = Player(
                self._player_listener,
                program=settings.mpv,
                args=settings.mpv_args,
                socket_path=settings.mpv_socket or None,
            )
            hint = None if settings.mpv_socket else headless_hint(settings.mpv_args)
            if hint:  # once a session, when mpv is first started
                self.host.notify(hint, title="mpv", severity="warning", timeout=15, markup=False)
        return self.player

    def _player_listener(self, state: PlayerState) -> None:
        # The reader thread: hand over and return at once.
        with contextlib.suppress(RuntimeError):  # the app is closing; its loop is gone
            self.host.post_message(PlayerStateChanged(state))

    def _get_watch(self) -> WatchTracker | None:
        course = self.host.course
        if course is None:
            return None
        if self.tracker is None or self.tracker.course is not course:
            if self.tracker is not None:
                self._player_refresh(self.tracker.end())
            settings = self.host.settings
            self.tracker = WatchTracker(
                course,
                done_threshold=settings.done_threshold,
                save_interval=settings.position_save_interval,
            )
        return self.tracker

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.lesson is None:
            return None
        if not self.session.on_course_note:
            return True
        # The course intro has no video: only a video still playing can be driven.
        if action in _LESSON_ONLY:
            return None
        player = self.player
        return True if player is not None and player.running else None

    # -- reacting to the player ---------------------------------------------------------

    def state_changed(self, message: PlayerStateChanged) -> None:
        state = message.state
        bar = self.host.player_bar
        if bar is not None:
            lesson = self._lesson_of(state)
            bar.show_state(state, lesson.title if lesson is not None else None)
        if self.tracker is not None:
            self._player_refresh(self.tracker.update(state))
        if state.error and state.running and state.error != self._player_error_shown:
            # mpv logs the reason just after it reports the failure: show it a
            # moment later, once, with the fullest message.
            self.host.set_timer(ERROR_DELAY, self._player_show_error)
        elif not state.error:
            self._player_error_shown = None

    def _lesson_of(self, state: PlayerState) -> Lesson | None:
        """The lesson a state is about: the one its load was tagged with (also while
        mpv still plays the one before, or one sharing its file), else the one asked for."""
        if self.playing_lesson is None:
            return None  # mpv was stopped for a lesson with nothing to play
        course = self.host.course
        if state.tag is not None and course is not None:
            for lesson in course.lessons:
                if lesson_tag(lesson) == state.tag:
                    return lesson
        return self.playing_lesson

    def _player_show_error(self) -> None:
        player = self.player
        error = player.state.error if player is not None and player.running else None
        if error and error != self._player_error_shown:
            self.host.notify(error, title="mpv", severity="error", timeout=10)
        self._player_error_shown = error

    def _player_refresh(self, lessons: set[Lesson]) -> None:
        for lesson in lessons:
            # A state can still arrive while the app closes and its widgets are gone.
            with contextlib.suppress(NoMatches):
                self.host.refresh_lesson_row(lesson)
        watch = self.tracker
        if watch is not None and watch.errors:
            for error in watch.errors:
                self.host.notify(error, title="Could not save the position", severity="error")
            watch.errors.clear()

    def lesson_opened(self, lesson: Lesson) -> None:
        """Another lesson in the editor: a playing mpv follows (after a short pause,
        so moving through the list does not load every lesson on the way)."""
        player = self.player
        if player is None or lesson is self.playing_lesson or lesson.is_course_note:
            return  # the intro has no video: a playing one plays on
        if not (player.running and player.state.status in ("playing", "paused", "loading")):
            return
        if self._player_follow_timer is not None:
            self._player_follow_timer.stop()
        self._player_follow_timer = self.host.set_timer(
            FOLLOW_DELAY, lambda: self._player_follow(lesson)
        )

    def _player_follow(self, lesson: Lesson) -> None:
        player = self.player
        if player is None or not player.running or lesson is not self.session.lesson:
            return
        source = lesson_source(lesson)
        if source is None:
            # Leaving the old video running would stamp its time into this lesson.
            watch = self._get_watch()
            if watch is not None:
                self._player_refresh(watch.end())
            self.playing_lesson = None
            self._player_do(lambda p: p.command("stop", wait=False))
            self.host.notify(f"{lesson.title}: no video file or URL to play.", timeout=4)
            return
        self._player_play(lesson, source, resume_position(lesson), play=not player.state.paused)

    def close(self) -> None:
        """The screen is going: save the resume point and quit the mpv we started."""
        if self.tracker is not None:
            self.tracker.end()
        if self.player is not None:
            self.player.listener = None
            self.player.close()

    # -- playing ---------------------------------------------------------------------------

    def _player_play(self, lesson: Lesson, source: str, start: float, play: bool = True) -> None:
        tag = lesson_tag(lesson)
        watch = self._get_watch()
        if watch is not None:
            self._player_refresh(watch.begin(lesson, tag))
        self.playing_lesson = lesson
        player = self._get_player()
        chapters = chapters_of(lesson)

        def load() -> None:
            try:
                player.load(source, start, chapters=chapters, play=play, tag=tag)
            except MpvMissing as error:
                self._player_from_thread(self._player_failed, str(error), "mpv is not installed")
            except PlayerError as error:
                self._player_from_thread(self._player_failed, str(error), "Cannot play")

        # Starting mpv takes a moment: not on the app's thread.
        self.host.run_worker(load, thread=True, group="player", exit_on_error=False)

    def _player_from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app has gone
            self.host.app.call_from_thread(callback, *args)

    def _player_failed(self, message: str, title: str) -> None:
        self.host.notify(message, title=title, severity="error", timeout=15)

    def _player_do(self, command: Callable[[Player], Any], quiet: bool = False) -> bool:
        """Run a command on a running player; say why not instead of raising."""
        player = self.player
        if player is None or not player.running:
            if not quiet and not self._on_intro():
                self.host.notify(NOTHING_PLAYING, timeout=3)
            return False
        try:
            command(player)
        except PlayerError as error:
            self.host.notify(str(error), title="mpv", severity="error")
            return False
        return True

    def _on_intro(self) -> bool:
        """The course intro is open: the player keys have no video of its own to act on."""
        lesson = self.session.lesson
        if lesson is not None and lesson.is_course_note:
            self.host.notify(NO_VIDEO_IN_INTRO, timeout=4)
            return True
        return False

    def player_state_for(
        self, lesson: Lesson, state: PlayerState | None = None
    ) -> PlayerState | None:
        """mpv's state (`state`, or the latest) while it has `lesson`'s video, else None."""
        player = self.player
        if player is None or lesson is not self.playing_lesson:
            return None
        state = state or player.state
        if not state.running or state.tag != lesson_tag(lesson):
            return None
        return state

    def _player_on_current(self) -> bool:
        """mpv has the open lesson's video loaded (for this lesson, not another on one file)."""
        player, lesson = self.player, self.session.lesson
        if player is None or lesson is None or not player.running:
            return False
        return player.state.tag == lesson_tag(lesson)

    def action_play_lesson(self) -> None:
        """Play the open lesson from where it was left (or resume if it is loaded)."""
        lesson = self.session.lesson
        if lesson is None:
            self.host.notify("Open a lesson first.", timeout=3)
            return
        if self._on_intro():
            return
        source = lesson_source(lesson)
        if source is None:
            self.host.notify(
                f"{lesson.title} has no video file or http(s) URL to play.",
                severity="warning",
            )
            return
        player = self.player
        if self._player_on_current() and player is not None and player.state.loaded:
            if player.state.eof:
                # at the end (mpv holds the last frame): again from the start
                self._player_do(lambda p: p.seek(0.0, relative=False))
            self._player_do(lambda p: p.set_pause(False))
            return
        self._player_play(lesson, source, resume_position(lesson))

    def seek_to(self, seconds: float) -> None:
        """Jump to `seconds` in the open lesson (the preview's timestamp links call this)."""
        if self._on_intro():
            return
        if self._player_on_current():
            self._player_do(lambda p: p.seek(float(seconds), relative=False))
            return
        lesson = self.session.lesson
        source = lesson_source(lesson) if lesson is not None else None
        if lesson is None or source is None:
            self.host.notify("This lesson has no video to seek in.", severity="warning")
            return
        self._player_play(lesson, source, float(seconds))

    def action_toggle_pause(self) -> None:
        self._player_do(lambda p: p.toggle_pause())

    def _seek(self, seconds: float) -> None:
        self._player_do(lambda p: p.seek(seconds))

    def action_seek_back(self) -> None:
        self._seek(-self.host.settings.seek_step)

    def action_seek_forward(self) -> None:
        self._seek(self.host.settings.seek_step)

    def action_seek_back_long(self) -> None:
        self._seek(-self.host.settings.seek_long_step)

    def action_seek_forward_long(self) -> None:
        self._seek(self.host.settings.seek_long_step)

    def action_speed_down(self) -> None:
        self._player_do(lambda p: p.change_speed(-SPEED_STEP))

    def action_speed_up(self) -> None:
        self._player_do(lambda p: p.change_speed(SPEED_STEP))

    def action_speed_reset(self) -> None:
        self._player_do(lambda p: p.reset_speed())

    def action_previous_chapter(self) -> None:
        self._player_do(lambda p: p.step_chapter(-1))

    def action_next_chapter(self) -> None:
        self._player_do(lambda p: p.step_chapter(1))

    # -- timestamps and chapters ---------------------------------------------------------

    def action_insert_timestamp(self) -> None:
        """Type `[m:ss]` at the cursor: the video time, a little before now."""
        if self._on_intro():
            return
        player = self.player
        if player is None or not player.running or not player.state.loaded:
            self.host.notify(NOTHING_PLAYING, timeout=3)
            return
        if not self._player_on_current():
            playing = self.playing_lesson.title if self.playing_lesson else "another video"
            self.host.notify(f"mpv is playing {playing}; f5 plays this lesson.", severity="warning")
            return
        editor = self.host.editor
        if editor.read_only:
            self.host.notify("This lesson is read-only.", severity="warning")
            return
        position = player.time_pos() or 0.0
        settings = self.host.settings
        text = stamp(max(0.0, position - settings.timestamp_offset)) + " "
        row, column = editor.cursor_location
        line = editor.document.get_line(row)
        if column > 0 and not line[column - 1].isspace():
            text = " " + text
        editor.insert(text)
        if settings.pause_on_timestamp:
            self._player_do(lambda p: p.set_pause(True), quiet=True)

    def action_seek_timestamp(self) -> None:
        """Seek to the timestamp under the cursor (or the first one on its line)."""
        editor = self.host.editor
        row, column = editor.cursor_location
        found = timestamp_at(editor.document.get_line(row), column)
        if found is None:
            self.host.notify("No [m:ss] timestamp on this line.", timeout=3)
            return
        self.seek_to(found.seconds)

    def action_chapters(self) -> None:
        lesson = self.session.lesson
        if lesson is None or self._on_intro():
            return
        player = self.player
        chapters: tuple[Chapter, ...] = ()
        current = None
        if player is not None and self._player_on_current():
            chapters, current = player.state.chapters, player.state.chapter
        chapters = chapters or chapters_of(lesson)
        if not chapters:
            self.host.notify(f"{lesson.title} has no chapters.", timeout=3)
            return

        def chosen(chapter: Chapter | None) -> None:
            if chapter is not None:
                self.seek_to(chapter.time)

        from lessontui.tui.screens.chapters import ChapterList  # on first use

        self.host.open_dialog(ChapterList(chapters, current, lesson.title), chosen)
