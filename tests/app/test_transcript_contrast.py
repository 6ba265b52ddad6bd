"""The transcript pane is readable: every span it draws (times, text, the cue being
said, the chosen lines, filter matches) meets WCAG AA contrast against its own
background, in every built-in theme, at every colour depth a terminal may have."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.theme import BUILTIN_THEMES

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.widgets.transcript_view import TranscriptView
from tests.app.test_preview_contrast import DEPTHS
from tests.app.test_transcript_pane import course_with_transcript
from tests.contrast import screen_spans, too_faint


def _check(app: LessonApp, system: str) -> list[str]:
    pane = app.main_screen.query_one("#transcript", TranscriptView)
    spans = screen_spans(app, pane.content_region, system)
    problems = too_faint(spans)
    if "0:12" not in "".join(span.text for span in spans):
        problems.append("the cues are not drawn")
    return problems


@pytest.mark.parametrize("depth", list(DEPTHS))
async def test_every_theme_draws_a_readable_transcript(
    depth: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in DEPTHS[depth].items():
        monkeypatch.setenv(name, value)
    course = course_with_transcript(tmp_path / "c")
    app = LessonApp(Course.load(course.root), Settings())
    assert app.console.color_system == depth
    failures: dict[str, list[str]] = {}
    async with app.run_test(size=(200, 40)) as pilot:
        app.main_screen.editor.focus()
        await pilot.press("alt+s")
        await app.workers.wait_for_complete()
        pane = app.main_screen.query_one("#transcript", TranscriptView)
        pane.show_time(6.0)  # the cue being said: the second
        await pilot.press("down", "down", "shift+down")  # chosen: the third and fourth
        for theme in BUILTIN_THEMES:
            app.theme = theme
            for state in ("chosen", "filtered"):
                if state == "filtered":
                    await pilot.press(*"rate")
                problems: list[str] = []
                for _ in range(50):  # the theme change reaches the pane within a few frames
                    await pilot.pause(0.02)
                    problems = _check(app, depth)
                    if not problems:
                        break
                if problems:
                    failures[f"{theme} ({state})"] = problems
                if state == "filtered":
                    await pilot.press("escape")
                    await pilot.press("down", "down", "shift+down")
    assert not failures, "\n".join(
        f"{theme}: {line}" for theme, lines in failures.items() for line in lines[:6]
    )
