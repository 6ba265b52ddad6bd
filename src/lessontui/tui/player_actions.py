"""Play the open lesson in mpv and drive it from the note editor: keys, stamps, resume, bar.

`PlayerActions` is mixed into `LessonApp`. The player's reader thread reports
state by posting `PlayerStateChanged` (thread-safe, never blocks the reader);
the handler, on the app's thread, updates the bar and lets the `WatchTracker`
save the resume point and status, so every file write happens on one thread.

The keys are alt+letters, alt+arrows and f5; the footer shows play, pause
and stamp, help and the palette list them all. They are priority bindings:
in a real terminal alt+p arrives as a key with the character "p", which the
TextArea would otherwise type before the app saw it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer

from lessontui.course.course import Lesson
from lessontui.course.timestamps import at as timestamp_at
from lessontui.course.timestamps import stamp
from lessontui.services.player import Chapter, MpvMissing, Player, PlayerError, PlayerState
from lessontui.services.watching import (
    WatchTracker,
    chapters_of,
    lesson_source,
    resume_position,
)
from lessontui.tui.widgets.player_bar import PlayerBar

FOLLOW_DELAY = 0.4  # seconds on a lesson before a playing mpv switches to it
SPEED_STEP = 0.1
ERROR_DELAY = 0.3  # seconds to let mpv's log catch up with a failure it reported
NOTHING_PLAYING = "Nothing is playing: f5 plays the open lesson."

PLAYER_BINDINGS = [
    Binding("f5", "play_lesson", "Play", id="player.play", priority=True),
    Binding("alt+p", "toggle_pause", "Pause", id="player.pause", priority=True, show=False),
    Binding("alt+t", "insert_timestamp", "Stamp time", id="player.stamp", priority=True),
    Binding(
        "alt+g", "seek_timestamp", "Seek to stamp on line", id="player.seek_stamp", show=False,
        priority=True,
    ),
    Binding("alt+left", "seek_back", "Seek back", id="player.back", show=False, priority=True),
    Binding(
        "alt+right", "seek_forward", "Seek forward", id="player.forward", show=False,
        priority=True,
    ),
    Binding(
        "alt+shift+left", "seek_back_long", "Seek back (long)", id="player.back_long",
        show=False, priority=True,
    ),
    Binding(
        "alt+shift+right", "seek_forward_long", "Seek forward (long)", id="player.forward_long",
        show=False, priority=True,
    ),
    # j k l side by side: slower, normal, faster. (Not alt+digits or alt+[ ]:
    # terminals send those as other characters, which would be typed.)
    Binding("alt+j", "speed_down", "Slower", id="player.slower", show=False, priority=True),
    Binding(
        "alt+k", "speed_reset", "Normal speed", id="player.speed_reset", show=False,
        priority=True,
    ),
    Binding("alt+l", "speed_up", "Faster", id="player.faster", show=False, priority=True),
    Binding(
        "alt+pageup", "previous_chapter", "Previous chapter", id="player.chapter_previous",
        show=False, priority=True,
    ),
    Binding(
        "alt+pagedown", "next_chapter", "Next chapter", id="player.chapter_next", show=False,
        priority=True,
    ),
    Binding("alt+c", "chapters", "Chapters", id="player.chapters", show=False, priority=True),
]  # fmt: skip


class PlayerStateChanged(Message):
    """mpv's state changed (posted from the player's reader thread)."""

    def __init__(self, state: PlayerState) -> None:
        super().__init__()
        self.state = state


class PlayerActions:
    """The player feature of `LessonApp` (expects `settings`, `course`, `current_lesson`,
    `editor`, `refresh_lesson_row` from the app)."""

    player: Player | None = None
    watch: WatchTracker | None = None
    playing_lesson: Lesson | None = None  # the lesson mpv was last asked to play
    _player_follow_timer: Timer | None = None
    _player_error_shown: str | None = None

    # -- set-up ---------------------------------------------------------------------

    def _get_player(self) -> Player:
        if self.player is None:
            settings = self.settings  # type: ignore[attr-defined]
            self.player = Player(
                self._player_listener,
                program=settings.mpv,
                args=settings.mpv_args,
                socket_path=settings.mpv_socket or None,
            )
        return self.player

    def _player_listener(self, state: PlayerState) -> None:
        # The reader thread: hand over and return at once.
        with contextlib.suppress(RuntimeError):  # the app is closing; its loop is gone
            self.post_message(PlayerStateChanged(state))  # type: ignore[attr-defined]

    def _get_watch(self) -> WatchTracker | None:
        course = self.course  # type: ignore[attr-defined]
        if course is None:
            return None
        if self.watch is None or self.watch.course is not course:
            if self.watch is not None:
                self._player_refresh(self.watch.end())
            settings = self.settings  # type: ignore[attr-defined]
            self.watch = WatchTracker(
                course,
                done_threshold=settings.done_threshold,
                save_interval=settings.position_save_interval,
            )
        return self.watch

    @property
    def player_bar(self) -> PlayerBar | None:
        bars = self.query(PlayerBar)  # type: ignore[attr-defined]
        return bars.first() if bars else None

    # -- reacting to the player ---------------------------------------------------------

    def on_player_state_changed(self, message: PlayerStateChanged) -> None:
        state = message.state
        bar = self.player_bar
        if bar is not None:
            lesson = self.playing_lesson
            bar.show_state(state, lesson.title if lesson is not None else None)
        if self.watch is not None:
            self._player_refresh(self.watch.update(state))
        if state.error and state.running and state.error != self._player_error_shown:
            # mpv logs the reason just after it reports the failure: show it a
            # moment later, once, with the fullest message.
            self.set_timer(ERROR_DELAY, self._player_show_error)  # type: ignore[attr-defined]
        elif not state.error:
            self._player_error_shown = None

    def _player_show_error(self) -> None:
        player = self.player
        error = player.state.error if player is not None and player.running else None
        if error and error != self._player_error_shown:
            self.notify(error, title="mpv", severity="error", timeout=10)  # type: ignore[attr-defined]
        self._player_error_shown = error

    def _player_refresh(self, lessons: set[Lesson]) -> None:
        for lesson in lessons:
            # A state can still arrive while the app closes and its widgets are gone.
            with contextlib.suppress(NoMatches):
                self.refresh_lesson_row(lesson)  # type: ignore[attr-defined]
        watch = self.watch
        if watch is not None and watch.errors:
            for error in watch.errors:
                self.notify(error, title="Could not save the position", severity="error")  # type: ignore[attr-defined]
            watch.errors.clear()

    def on_lesson_app_lesson_opened(self, event: Any) -> None:
        """Another lesson in the editor: a playing mpv follows (after a short pause,
        so moving through the list does not load every lesson on the way)."""
        player = self.player
        if player is None or event.lesson is self.playing_lesson:
            return
        if not (player.running and player.state.status in ("playing", "paused", "loading")):
            return
        if self._player_follow_timer is not None:
            self._player_follow_timer.stop()
        self._player_follow_timer = self.set_timer(  # type: ignore[attr-defined]
            FOLLOW_DELAY, lambda: self._player_follow(event.lesson)
        )

    def _player_follow(self, lesson: Lesson) -> None:
        player = self.player
        if player is None or not player.running or lesson is not self.current_lesson:  # type: ignore[attr-defined]
            return
        source = lesson_source(lesson)
        if source is None:
            # Leaving the old video running would stamp its time into this lesson.
            watch = self._get_watch()
            if watch is not None:
                self._player_refresh(watch.end())
            self.playing_lesson = None
            self._player_do(lambda p: p.command("stop", wait=False))
            self.notify(f"{lesson.title}: no video file or URL to play.", timeout=4)  # type: ignore[attr-defined]
            return
        self._player_play(lesson, source, resume_position(lesson), play=not player.state.paused)

    def on_unmount(self) -> None:
        if self.watch is not None:
            self.watch.end()
        if self.player is not None:
            self.player.listener = None
            self.player.close()

    # -- playing ---------------------------------------------------------------------------

    def _player_play(self, lesson: Lesson, source: str, start: float, play: bool = True) -> None:
        watch = self._get_watch()
        if watch is not None:
            self._player_refresh(watch.begin(lesson, source))
        self.playing_lesson = lesson
        player = self._get_player()
        chapters = chapters_of(lesson)

        def load() -> None:
            try:
                player.load(source, start, chapters=chapters, play=play)
            except MpvMissing as error:
                self._player_from_thread(self._player_failed, str(error), "mpv is not installed")
            except PlayerError as error:
                self._player_from_thread(self._player_failed, str(error), "Cannot play")

        # Starting mpv takes a moment: not on the app's thread.
        self.run_worker(load, thread=True, group="player", exit_on_error=False)  # type: ignore[attr-defined]

    def _player_from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app has gone
            self.call_from_thread(callback, *args)  # type: ignore[attr-defined]

    def _player_failed(self, message: str, title: str) -> None:
        self.notify(message, title=title, severity="error", timeout=15)  # type: ignore[attr-defined]

    def _player_do(self, command: Callable[[Player], Any], quiet: bool = False) -> bool:
        """Run a command on a running player; say why not instead of raising."""
        player = self.player
        if player is None or not player.running:
            if not quiet:
                self.notify(NOTHING_PLAYING, timeout=3)  # type: ignore[attr-defined]
            return False
        try:
            command(player)
        except PlayerError as error:
            self.notify(str(error), title="mpv", severity="error")  # type: ignore[attr-defined]
            return False
        return True

    def _player_on_current(self) -> bool:
        """mpv has the open lesson's video loaded."""
        player, lesson = self.player, self.current_lesson  # type: ignore[attr-defined]
        if player is None or lesson is None or not player.running:
            return False
        state = player.state
        return state.target is not None and state.target == lesson_source(lesson)

    def action_play_lesson(self) -> None:
        """Play the open lesson from where it was left (or resume if it is loaded)."""
        lesson = self.current_lesson  # type: ignore[attr-defined]
        if lesson is None:
            self.notify("Open a lesson first.", timeout=3)  # type: ignore[attr-defined]
            return
        source = lesson_source(lesson)
        if source is None:
            self.notify(  # type: ignore[attr-defined]
                f"{lesson.title} has no video file or http(s) URL to play.",
                severity="warning",
            )
            return
        player = self.player
        if self._player_on_current() and player is not None and player.state.loaded:
            self._player_do(lambda p: p.set_pause(False))
            return
        self._player_play(lesson, source, resume_position(lesson))

    def action_seek_to(self, seconds: float) -> None:
        """Jump to `seconds` in the open lesson (the preview's timestamp links call this)."""
        if self._player_on_current():
            self._player_do(lambda p: p.seek(float(seconds), relative=False))
            return
        lesson = self.current_lesson  # type: ignore[attr-defined]
        source = lesson_source(lesson) if lesson is not None else None
        if lesson is None or source is None:
            self.notify("This lesson has no video to seek in.", severity="warning")  # type: ignore[attr-defined]
            return
        self._player_play(lesson, source, float(seconds))

    def action_toggle_pause(self) -> None:
        self._player_do(lambda p: p.toggle_pause())

    def _seek(self, seconds: float) -> None:
        self._player_do(lambda p: p.seek(seconds))

    def action_seek_back(self) -> None:
        self._seek(-self.settings.seek_step)  # type: ignore[attr-defined]

    def action_seek_forward(self) -> None:
        self._seek(self.settings.seek_step)  # type: ignore[attr-defined]

    def action_seek_back_long(self) -> None:
        self._seek(-self.settings.seek_long_step)  # type: ignore[attr-defined]

    def action_seek_forward_long(self) -> None:
        self._seek(self.settings.seek_long_step)  # type: ignore[attr-defined]

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
        player = self.player
        if player is None or not player.running or not player.state.loaded:
            self.notify(NOTHING_PLAYING, timeout=3)  # type: ignore[attr-defined]
            return
        if not self._player_on_current():
            playing = self.playing_lesson.title if self.playing_lesson else "another video"
            self.notify(  # type: ignore[attr-defined]
                f"mpv is playing {playing}; f5 plays this lesson.", severity="warning"
            )
            return
        editor = self.editor  # type: ignore[attr-defined]
        if editor.read_only:
            self.notify("This lesson is read-only.", severity="warning")  # type: ignore[attr-defined]
            return
        position = player.time_pos() or 0.0
        settings = self.settings  # type: ignore[attr-defined]
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
        editor = self.editor  # type: ignore[attr-defined]
        row, column = editor.cursor_location
        found = timestamp_at(editor.document.get_line(row), column)
        if found is None:
            self.notify("No [m:ss] timestamp on this line.", timeout=3)  # type: ignore[attr-defined]
            return
        self.action_seek_to(found.seconds)

    def action_chapters(self) -> None:
        lesson = self.current_lesson  # type: ignore[attr-defined]
        if lesson is None:
            return
        player = self.player
        chapters: tuple[Chapter, ...] = ()
        current = None
        if player is not None and self._player_on_current():
            chapters, current = player.state.chapters, player.state.chapter
        chapters = chapters or chapters_of(lesson)
        if not chapters:
            self.notify(f"{lesson.title} has no chapters.", timeout=3)  # type: ignore[attr-defined]
            return

        def chosen(chapter: Chapter | None) -> None:
            if chapter is not None:
                self.action_seek_to(chapter.time)

        from lessontui.tui.screens.chapters import ChapterList  # on first use

        self.push_screen(ChapterList(chapters, current, lesson.title), chosen)  # type: ignore[attr-defined]
