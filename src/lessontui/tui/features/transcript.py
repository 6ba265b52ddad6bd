"""The transcript pane's feature: load the open lesson's transcript, follow mpv, quote cues.

The subtitle file is read and parsed in a thread (a 3-hour lecture is about
200 KB), and kept while its stat is unchanged, so going back to a lesson costs
nothing. The pane follows the player's time events, posted by mpv's reader
thread (see features/player.py): no polling loop. A quote is typed into the
note at the cursor like any other edit, so undo, autosave and the preview
treat it as typed text.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.binding import Binding

from lessontui.course.course import Lesson
from lessontui.services import transcripts
from lessontui.services.player_state import PlayerState
from lessontui.services.transcripts import Transcript, TranscriptError
from lessontui.tui.features.host import Feature, FeatureHost, feature_bindings
from lessontui.tui.widgets.transcript_view import TranscriptView

if TYPE_CHECKING:
    from lessontui.tui.features.player import Playback
    from lessontui.tui.session import NoteSession

_BINDINGS = [
    # Priority, so the App runs it as it reads the key and the keys typed after it in
    # the same burst go to the pane (or back to the note), not where focus was.
    Binding("alt+s", "toggle_transcript", "Transcript", id="transcript.toggle", priority=True),
    Binding("alt+q", "quote_transcript", "Quote said", id="transcript.quote", show=False),
]

READING = "Reading the transcript…"  # while a thread reads and parses the file
NO_TRANSCRIPT = (
    "No transcript for this lesson. alt+shift+s fetches its subtitles from its URL "
    "(alt+shift+t: the whole course's; the shell: lessontui subs COURSE), or put them "
    "in the course's media/ folder (LESSON.en.vtt or .srt, named after the lesson's "
    "file or its video)."
)


def _stat_key(path: os.PathLike[str] | str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


class Transcripts(Feature):
    """Shows the open lesson's transcript in the pane and quotes it into the note."""

    NAME = "transcript"
    BINDINGS = feature_bindings(NAME, _BINDINGS)

    def __init__(self, host: FeatureHost, session: NoteSession, playback: Playback) -> None:
        self.host = host
        self.session = session
        self.playback = playback
        self._cache: dict[str, tuple[tuple[int, int, int] | None, Transcript]] = {}
        self._shown_for: Lesson | None = None  # the lesson whose transcript is in the pane
        self._loading: Lesson | None = None
        self._quote_pending: Lesson | None = None  # alt+q waits for the transcript to load

    @property
    def view(self) -> TranscriptView:
        return self.host.transcript_view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quote_transcript":  # into a lesson's note: the intro has no video
            return True if self.session.on_lesson and self.session.editable else None
        return True

    @property
    def shown(self) -> bool:
        return bool(self.view.display)

    # -- showing and hiding ---------------------------------------------------------------

    def action_toggle_transcript(self) -> None:
        """alt+s: show the pane and go to it; from the pane, hide it and go back to the note.

        Focus moves now (`Widget.focus` waits a turn of the App's queue), so the next
        key the App reads already goes to the new place.
        """
        view = self.view
        if not view.display:
            self.host.show_transcript_pane(True)
            self.load(self.session.lesson)
            self.host.set_focus(view)
        elif view.has_focus:
            self.host.show_transcript_pane(False)
            self.host.set_focus(self.host.editor)
        else:
            self.host.set_focus(view)

    def lesson_opened(self, lesson: Lesson) -> None:
        if self.shown:
            self.load(lesson)

    def fetched(self, lessons: list[Lesson]) -> None:
        """Subtitles were fetched for `lessons`: show the open lesson's if it is one."""
        lesson = self.session.lesson
        if lesson is not None and lesson in lessons and (self.shown or self._shown_for is lesson):
            self.load(lesson)  # a new file, so read; hidden too: alt+q quotes from it

    def load(self, lesson: Lesson | None) -> None:
        """Show `lesson`'s transcript: from the cache if its file is unchanged, else read."""
        if lesson is None:
            self.view.show_message("No lesson open.")
            return
        if lesson.is_course_note:
            self.view.show_message("The course intro has no video, so no transcript.")
            self._shown_for = lesson
            return
        if lesson is self._loading:
            return
        self._loading = lesson
        self.view.show_message(READING)
        langs = list(self.host.settings.subtitle_langs)
        video = lesson.meta.get("video")

        def read() -> None:
            result: Transcript | str | None
            try:
                result = self._read(lesson, video if isinstance(video, str) else None, langs)
            except TranscriptError as error:
                result = f"Cannot read the transcript: {error}"
            self.host.app.call_from_thread(self._loaded, lesson, result)

        self.host.run_worker(read, thread=True, group="transcript", exit_on_error=False)

    def _read(self, lesson: Lesson, video: str | None, langs: list[str]) -> Transcript | None:
        """The lesson's transcript (a thread): parsed again only when its file changed."""
        stems = transcripts.lesson_stems(lesson.path, video)
        media = lesson.path.parent.parent / "media"
        chosen = transcripts.choose(transcripts.candidates(media, stems), stems, langs)
        if chosen is None:
            return None
        key = _stat_key(chosen)
        cached = self._cache.get(str(chosen))
        if cached is not None and key is not None and cached[0] == key:
            return cached[1]
        transcript = transcripts.read_transcript(chosen)
        self._cache = {str(chosen): (key, transcript)}  # one lecture's worth is enough
        return transcript

    def _loaded(self, lesson: Lesson, result: Transcript | str | None) -> None:
        if self._loading is lesson:
            self._loading = None
        if lesson is not self.session.lesson:
            return  # the user moved on; the newer lesson's load shows its own
        view = self.view
        self._shown_for = lesson
        if result is None:
            view.show_message(NO_TRANSCRIPT)
        elif isinstance(result, str):
            view.show_message(result)
        else:
            view.show_transcript(result.cues, f"Transcript · {result.path.name}")
            self.note_changed(self.host.editor.text)
            self._follow(self._player_state(lesson))
        if self._quote_pending is lesson:
            self._quote_pending = None
            self._quote_now()

    def note_changed(self, text: str) -> None:
        """The note's text changed: mark the cues it quotes (a quote, a capture)."""
        view = self.view
        if self._shown_for is self.session.lesson and view.cues:
            view.show_kept(transcripts.kept_cues(view.cues, text))

    # -- following the player -------------------------------------------------------------

    def player_moved(self, state: PlayerState) -> None:
        """A time event from mpv (about once a second while playing)."""
        if self._shown_for is not None:  # hidden too: alt+q quotes what is being said
            self._follow(self._player_state(self._shown_for, state))

    def _player_state(self, lesson: Lesson, state: PlayerState | None = None) -> PlayerState | None:
        return self.playback.player_state_for(lesson, state)

    def _follow(self, state: PlayerState | None) -> None:
        if state is None or not state.loaded:
            self.view.show_time(None)
            return
        playing = state.status == "playing"
        self.view.show_time(state.position, state.speed if playing else None)

    # -- quoting --------------------------------------------------------------------------

    def action_quote_transcript(self) -> None:
        """alt+q: the cue being said (or those selected in the pane) into the note."""
        lesson = self.session.lesson
        if lesson is None:
            return
        if self._shown_for is not lesson or self._loading is lesson:
            # Not loaded yet (the pane was hidden): show it, quote once it is read.
            self._quote_pending = lesson
            if not self.shown:
                self.host.show_transcript_pane(True)
            self.load(lesson)
            return
        self._quote_now()

    def _quote_now(self) -> None:
        host = self.host
        if not self.view.cues:
            host.notify("This lesson has no transcript to quote.", timeout=4)
            return
        cues = self.view.chosen_cues()
        if not cues:
            host.notify(
                "Nothing is being said yet: play the video (f5), or choose cues in the "
                "transcript pane (alt+s, then up/down, shift to select more).",
                timeout=5,
            )
            return
        host.insert_block(transcripts.quote(cues))
