"""Capture the moment: mpv's frame into the course, with its stamp and what was said, into the note.

alt+i keeps the video frame (mpv's `screenshot-to-file` in `video` mode: no
subtitles, no OSD; it works with `--vo=null` too) in `media/frames/` and types
the image, the stamp and the cue being said at the cursor; alt+shift+i keeps
the frame and types only the image. alt+y copies the time as a deep link.
On the course intro (no video of its own) the keys are unavailable, and the
capture keys on a read-only note; with nothing playing they say so.

mpv is asked from a thread (the IPC waits for mpv to write the file), and the
lines are typed on the app's thread when it answers, at the cursor as it is then.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.course import Course, Lesson
from lessontui.course.timestamps import deep_link, stamp
from lessontui.services import frames, transcripts
from lessontui.services.frames import FrameError
from lessontui.services.player import Player, PlayerError
from lessontui.services.transcripts import Cue, TranscriptError
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings

if TYPE_CHECKING:
    from lessontui.tui.features.player import Playback
    from lessontui.tui.session import NoteSession

_BINDINGS = [
    Binding("alt+i", "capture_moment", "Capture", id="capture.moment", show=False),
    Binding("alt+shift+i", "capture_frame", "Capture frame", id="capture.frame", show=False),
    Binding("alt+y", "copy_time_link", "Copy time link", id="capture.copy_link", show=False),
]

NOTHING_PLAYING = "Nothing is playing: f5 plays the open lesson, then alt+i keeps its frame."
OTHER_VIDEO = "mpv has another lesson's video: f5 plays this one."
_TYPES = frozenset({"capture_moment", "capture_frame"})  # the keys that type into the note


class Capture(Feature):
    """Keeps frames of the open lesson's video and types them into its note."""

    NAME = "capture"
    BINDINGS = feature_bindings(NAME, _BINDINGS)

    def __init__(self, host: FeatureHost, session: NoteSession, playback: Playback) -> None:
        self.host = host
        self.session = session
        self.playback = playback
        self._cues: tuple[tuple[str, tuple[int, int, int]], Sequence[Cue]] | None = None
        self.busy = False  # one capture at a time: a burst of alt+i keeps one frame

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.session.on_lesson:  # the course intro has no video of its own
            return None
        if action in _TYPES and not self.session.editable:
            return None
        return True

    def _playing(self, lesson: Lesson) -> Player | None:
        """mpv with `lesson`'s video loaded, or None after saying why not."""
        player = self.playback.player
        if player is None or not player.running or not player.state.loaded:
            self.host.notify(NOTHING_PLAYING, timeout=4)
            return None
        if self.playback.player_state_for(lesson) is None:
            self.host.notify(OTHER_VIDEO, severity="warning", timeout=4)
            return None
        return player

    def action_capture_moment(self) -> None:
        """alt+i: the frame, the stamp and what was said."""
        self._capture(with_words=True)

    def action_capture_frame(self) -> None:
        """alt+shift+i: the frame only."""
        self._capture(with_words=False)

    def _capture(self, with_words: bool) -> None:
        course, lesson = self.host.course, self.session.lesson
        if course is None or lesson is None or self.busy:
            return
        player = self._playing(lesson)
        if player is None:
            return
        self.busy = True
        langs = list(self.host.settings.subtitle_langs)
        app = self.host.app
        # Where the key was pressed: keys typed while mpv answers go after the block.
        at = self.host.editor.cursor_location
        before = self.host.editor.document.get_line(at[0])[: at[1]]

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
                app.call_from_thread(self._kept, lesson, block, at, before)

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

    def _kept(self, lesson: Lesson, block: str, at: tuple[int, int], before: str) -> None:
        self.busy = False
        why = None
        if self.session.lesson is not lesson:
            why = "is no longer open"
        elif not self.session.editable:  # the file changed on disk into one we cannot edit
            why = "is read-only now"
        if why is not None:
            self.host.notify(
                f"The frame is kept in {frames.FRAMES_FOLDER}/; {lesson.title} {why}, "
                "so nothing was typed.",
                timeout=6,
                markup=False,
            )
            return
        document = self.host.editor.document
        row = at[0]
        still = row < document.line_count and document.get_line(row)[: at[1]] == before
        self.host.insert_block(block, at if still else None)  # else: at the cursor now

    def _failed(self, message: str) -> None:
        self.busy = False
        self.host.notify(message, title="Capture", severity="error", timeout=8, markup=False)

    # -- the time as a link ---------------------------------------------------------------

    def action_copy_time_link(self) -> None:
        """alt+y: the video's time as a deep link (`https://youtu.be/ID?t=42`) on the
        system clipboard (OSC 52); the stamp `[0:42]` when the lesson has no URL."""
        lesson = self.session.lesson
        if lesson is None:
            return
        player = self._playing(lesson)
        if player is None:
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
        self.host.notify(f"Copied {text}", timeout=3, markup=False)
