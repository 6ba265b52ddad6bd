"""Resume and status: turn what the player reports into a lesson's `position` and `status`.

The tracker writes through the same `Lesson`/`Document` the editor uses:
`Lesson.update` saves the front matter with the body as last stored, so a
position save never clobbers the editor's unsaved text. Call it from one thread
(the app's), never alongside the editor's saves on another.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from lessontui.course.course import Course, Lesson
from lessontui.course.document import DocumentError
from lessontui.services.player_state import Chapter, PlayerState, lesson_chapters

END_MARGIN = 5.0  # a resume point this close to the end starts the lesson over


def lesson_source(lesson: Lesson) -> str | None:
    """What mpv should open: the downloaded video, else the lesson's http(s) URL."""
    video = lesson.video_path
    if video is not None:
        return str(video)
    url = lesson.url
    if url and url.startswith(("http://", "https://")):
        return url
    return None


def resume_position(lesson: Lesson) -> float:
    """Where playing the lesson starts: its saved position, or 0 if that was the end."""
    position = float(lesson.position)
    if lesson.duration and position >= lesson.duration - END_MARGIN:
        return 0.0
    return max(0.0, position)


def chapters_of(lesson: Lesson) -> tuple[Chapter, ...]:
    return lesson_chapters(lesson.chapters)


def lesson_tag(lesson: Lesson) -> str:
    """The player's name for a lesson (`Player.load(tag=...)`): its file, not its video's."""
    return str(lesson.path)


class WatchTracker:
    """Follows the lesson being played: saves its resume point and moves its status on."""

    def __init__(
        self,
        course: Course,
        *,
        done_threshold: float = 0.9,
        save_interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.course = course
        self.done_threshold = done_threshold
        self.save_interval = save_interval
        self.clock = clock
        self.lesson: Lesson | None = None
        self.tag: str | None = None  # the player's tag for self.lesson's load
        self.position: float | None = None  # last position seen for self.lesson
        self.duration: float | None = None
        self.errors: list[str] = []  # why a save failed; the app shows and clears them
        self._saved_at = float("-inf")
        self._seen_playing = False

    def begin(self, lesson: Lesson, tag: str) -> set[Lesson]:
        """The player is about to play `lesson`, its load tagged `tag`; saves the previous one."""
        changed = self.flush()
        self.lesson, self.tag = lesson, tag
        self.position = self.duration = None
        self._seen_playing = False
        self._saved_at = self.clock()  # the first save waits a full interval
        return changed

    def end(self) -> set[Lesson]:
        """Stop following (lesson closed, app quitting) after saving the position."""
        changed = self.flush()
        self.lesson = self.tag = None
        return changed

    def update(self, state: PlayerState) -> set[Lesson]:
        """Take a new player state; returns the lessons whose file changed."""
        lesson = self.lesson
        if lesson is None:
            return set()
        ours = state.running and state.tag == self.tag
        if not (ours and state.loaded and state.position is not None):
            # mpv stopped, crashed, failed or moved on: keep the last position.
            return self.flush()
        if not state.rendered:
            # Nothing decoded yet: a position now may be where mpv jumped in a
            # stream it cannot read, not a second anyone watched.
            return set()
        self.position = state.position
        if state.duration:
            self.duration = state.duration
        changed: set[Lesson] = set()
        if not state.paused and not self._seen_playing:
            self._seen_playing = True
            if lesson.status == "todo":
                self._write(changed, lambda: self.course.set_status(lesson, "watching"))
        duration = self.duration or lesson.duration
        # Done by the position really played, never by eof alone: a stream cut
        # short ends early too. Without any duration, its end is all there is.
        finished = self.position >= self.done_threshold * duration if duration else state.eof
        if finished and lesson.status != "done":
            self._write(changed, lambda: self.course.set_status(lesson, "done"))
        if self.clock() - self._saved_at >= self.save_interval:
            changed |= self.flush()
        return changed

    def flush(self) -> set[Lesson]:
        """Save the last position (and a duration the lesson lacks) if it changed."""
        lesson = self.lesson
        changed: set[Lesson] = set()
        if lesson is None or self.position is None:
            return changed
        self._saved_at = self.clock()
        fields: dict[str, int] = {}
        position = int(self.position)
        if position != lesson.position or "position" not in lesson.meta:
            fields["position"] = position
        if self.duration and not lesson.duration:
            fields["duration"] = round(self.duration)
        if fields:
            self._write(changed, lambda: lesson.update(**fields))
        return changed

    def _write(self, changed: set[Lesson], change: Callable[[], bool]) -> None:
        lesson = self.lesson
        if lesson is None or lesson.read_only:
            return
        try:
            if change():
                changed.add(lesson)
        except (OSError, DocumentError, ValueError) as error:
            self.errors.append(f"{lesson.path.name}: {error}")
