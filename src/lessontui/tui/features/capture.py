"""Capture the moment: mpv's frame into the course, with its stamp and what was said, into the note.

alt+i keeps the video frame (mpv's `screenshot-to-file` in `video` mode: no
subtitles, no OSD; it works with `--vo=null` too) in `media/frames/` and types
the image, the stamp and the cue being said at the cursor; alt+shift+i keeps
the frame and types only the image. alt+y copies the time as a deep link.

mpv is asked from a thread (the IPC waits for mpv to write the file), and the
lines are typed on the app's thread when it answers, at the cursor as it is then.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from typing import Protocol

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import TextArea

from lessontui.config import Settings
from lessontui.course.course import Course, Lesson
from lessontui.course.timestamps import deep_link, stamp
from lessontui.services import frames, transcripts
from lessontui.services.frames import FrameError
from lessontui.services.player import Player, PlayerError
from lessontui.services.transcripts import Cue, TranscriptError

CAPTURE_BINDINGS = [
    Binding("alt+i", "capture_moment", "Capture", id="capture.moment", show=False),
    Binding("alt+shift+i", "capture_frame", "Capture frame", id="capture.frame", show=False),
    Binding("alt+y", "copy_time_link", "Copy time link", id="capture.copy_link", show=False),
]

NOTHING_PLAYING = "Nothing is playing: f5 plays the open lesson, then alt+i keeps its frame."
OTHER_VIDEO = "mpv has another lesson's video: f5 plays this one."
Notify = Callable[..., object]


class PlayingVideo(Protocol):
    """What capture asks of the player feature."""

    player: Player | None

    def player_state_for(self, lesson: Lesson) -> object | None: ...


class Capture:
    """Keeps frames of the open lesson's video and types them into its note."""

    def __init__(
        self,
        host: DOMNode,
        playback: PlayingVideo,
        note: Callable[[], tuple[Course | None, Lesson | None, TextArea]],
        insert_block: Callable[[str], object],
        settings: Settings,
        notify: Notify,
    ) -> None:
        self.host = host  # runs the thread worker and hands its answer back
        self.playback = playback
        self.note = note
        self.insert_block = insert_block
        self.settings = settings
        self.notify = notify
        self._cues: tuple[tuple[str, tuple[int, int, int]], Sequence[Cue]] | None = None
        self.busy = False  # one capture at a time: a burst of alt+i keeps one frame

    def _playing(self, lesson: Lesson | None) -> Player | None:
        """mpv with `lesson`'s video loaded, or None after saying why not."""
        if lesson is None or lesson.is_course_note:
            self.notify("Open a lesson with a video to capture its frames.", timeout=3)
            return None
        player = self.playback.player
        if player is None or not player.running or not player.state.loaded:
            self.notify(NOTHING_PLAYING, timeout=4)
            return None
        if self.playback.player_state_for(lesson) is None:
            self.notify(OTHER_VIDEO, severity="warning", timeout=4)
            return None
        return player

    def capture(self, with_words: bool = True) -> None:
        """alt+i (with the stamp and what was said) or alt+shift+i (the image only)."""
        course, lesson, editor = self.note()
        player = self._playing(lesson)
        if player is None or course is None or lesson is None:
            return
        if editor.read_only:
            self.notify("This lesson is read-only.", severity="warning")
            return
        if self.busy:
            return
        self.busy = True
        langs = list(self.settings.subtitle_langs)
        app = self.host.app

        def keep() -> None:
            try:
                block = self._keep(player, course, lesson, langs if with_words else None)
            except Exception as error:  # any failure must free the key again (`busy`)
                message = (
                    str(error) if isinstance(error, FrameError) else f"Capture failed: {error}"
                )
                with contextlib.suppress(RuntimeError):  # the app has gone
                    app.call_from_thread(self._failed, message)
                return
            with contextlib.suppress(RuntimeError):
                app.call_from_thread(self._kept, lesson, block)

        self.host.run_worker(keep, thread=True, group="capture", exit_on_error=False)

    def _keep(self, player: Player, course: Course, lesson: Lesson, langs: list[str] | None) -> str:
        """(A thread.) The frame into the course; the lines for the note."""
        try:
            seconds = float(player.time_pos() or 0.0)
        except PlayerError as error:
            raise FrameError(f"mpv did not say the time: {error}") from None
        path = frames.reserve(course.root, lesson.path.stem, seconds)
        try:
            player.command("screenshot-to-file", str(path), "video", timeout=10.0)
        except PlayerError as error:
            frames.discard(path)
            raise FrameError(f"mpv could not save the frame: {error}") from None
        frames.check_written(path)
        link = frames.note_link(lesson.path, path)
        if langs is None:
            return frames.image_line(link, seconds)
        return frames.capture_lines(link, seconds, self._said_at(lesson, seconds, langs))

    def _said_at(self, lesson: Lesson, seconds: float, langs: list[str]) -> str | None:
        """(A thread.) The cue being said at `seconds`, from the lesson's transcript if any."""
        video = lesson.meta.get("video")
        stems = transcripts.lesson_stems(lesson.path, video if isinstance(video, str) else None)
        media = lesson.path.parent.parent / "media"
        chosen = transcripts.choose(transcripts.candidates(media, stems), stems, langs)
        if chosen is None:
            return None
        try:
            info = os.stat(chosen)
            key = (str(chosen), (info.st_mtime_ns, info.st_size, info.st_ino))
            if self._cues is None or self._cues[0] != key:
                self._cues = (key, transcripts.read_transcript(chosen).cues)
        except (OSError, TranscriptError):
            return None  # the frame and the stamp are still worth keeping
        cues = self._cues[1]
        index = transcripts.cue_at(cues, seconds)
        if index is None or seconds > cues[index].end:
            return None  # a pause between sentences: nothing is being said
        return cues[index].text

    def _kept(self, lesson: Lesson, block: str) -> None:
        self.busy = False
        _, current, _ = self.note()
        if current is not lesson:
            self.notify(
                f"The frame is kept in {frames.FRAMES_FOLDER}/; {lesson.title} is no longer "
                "open, so nothing was typed.",
                timeout=6,
            )
            return
        self.insert_block(block)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.notify(message, title="Capture", severity="error", timeout=8)

    # -- the time as a link ---------------------------------------------------------------

    def copy_time_link(self) -> None:
        """alt+y: the video's time as a deep link (`https://youtu.be/ID?t=42`) on the
        system clipboard (OSC 52); the stamp `[0:42]` when the lesson has no URL."""
        _, lesson, _ = self.note()
        player = self._playing(lesson)
        if player is None or lesson is None:
            return
        seconds = int(player.state.position or 0.0)
        url = lesson.meta.get("url")
        video_id = lesson.meta.get("video_id")
        link = deep_link(
            url if isinstance(url, str) else None,
            seconds,
            video_id if isinstance(video_id, str) else None,
        )
        text = link or stamp(seconds)
        self.host.app.copy_to_clipboard(text)
        self.notify(f"Copied {text}", timeout=3, markup=False)
