"""The transcript pane against a real headless mpv: it follows the video, seeks, quotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessontui.course.course import Course
from lessontui.services.transcripts import cue_at
from lessontui.tui.app import LessonApp
from lessontui.tui.widgets.transcript_view import TranscriptView
from tests.app.test_player_app import state, until
from tests.fixtures_player import clip_course, player_settings

CUE_EVERY = 4  # seconds


def cue_file(seconds: int) -> str:
    cues = [
        f"\n00:00:{start:02d}.000 --> 00:00:{start + CUE_EVERY:02d}.000\n"
        f"Cue number {start // CUE_EVERY} is said at {start} seconds.\n"
        for start in range(0, seconds - CUE_EVERY, CUE_EVERY)
    ]
    return "WEBVTT\n" + "".join(cues)


def shown_rows(pane: TranscriptView) -> str:
    height = pane.scrollable_content_region.height
    return "\n".join(pane.render_line(y).text for y in range(height))


@pytest.mark.needs_mpv
@pytest.mark.needs_ffmpeg
async def test_the_pane_follows_mpv_seeks_and_quotes_what_was_said(
    tmp_path: Path, player_clip: Path
) -> None:
    course = clip_course(tmp_path / "course", player_clip)
    (course.root / "media" / "one.en.vtt").write_text(cue_file(60), encoding="utf-8")
    app = LessonApp(course=Course.load(course.root), settings=player_settings())
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        await pilot.press("alt+s")
        pane = screen.query_one("#transcript", TranscriptView)
        await until(pilot, lambda: len(pane.cues) == 14, "the transcript to load")
        assert pane.current is None  # nothing plays yet

        await pilot.press("alt+s")  # from the pane: hidden, back to the note
        await pilot.press("f5")
        await until(pilot, lambda: screen.playback.player and state(app).status == "playing",
                    "playing")  # fmt: skip
        await pilot.press("alt+s")
        # The highlight moves with the video's time events, to the second cue and on.
        await until(pilot, lambda: (pane.current or 0) >= 1, "the pane to follow the video", 15)
        current = pane.current
        assert current is not None
        assert f"Cue number {current} is said" in shown_rows(pane)

        # Choose the cue said at 40 s and press enter: mpv plays from there.
        await pilot.press("down")  # takes the cursor from the cue being said
        await pilot.press(*["down"] * (10 - current))
        assert pane.chosen_cues()[0].start == 40
        await pilot.press("enter")
        await until(pilot, lambda: (state(app).position or 0) >= 40, "the seek to 40 s")
        assert pane.following
        await until(pilot, lambda: pane.current in (10, 11), "the highlight at 40 s")

        # alt+q in the note quotes the cue being said, with its time.
        screen.editor.focus()
        screen.editor.move_cursor(screen.editor.document.end)
        before = state(app).position or 0.0
        await pilot.press("alt+q")
        after = state(app).position or 0.0
        quoted = re.search(r"> \[0:(\d\d)\] Cue number (\d+) is said at (\d+) seconds\.",
                           screen.editor.text)  # fmt: skip
        assert quoted is not None, screen.editor.text
        stamp, number, said_at = (int(group) for group in quoted.groups())
        assert stamp == said_at == number * CUE_EVERY
        # What was being said between the two readings of the clock, give or take
        # the once-a-second reports (the next cue is due on a timer in between).
        low = cue_at(pane.cues, before - 1.0) or 0
        high = cue_at(pane.cues, after + 0.2)
        assert high is not None
        assert low <= number <= high, (before, after, number)
