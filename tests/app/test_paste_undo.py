"""ctrl+z after pasting 40+ lines gives the text back and keeps the app alive.

Textual 8.2.8 crashes here (issue #6686: the scrollbar goes away while the
cursor still points into the pasted rows); textual_compat/paste_undo.py carries
the fix. Both tests fail without it: the Pilot one with the ValueError, the
tmux one with a dead app.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until

PASTED = "\n".join(f"pasted line {n}" for n in range(45))


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_undo_after_a_long_paste_gives_the_text_back(
    demo_course: Course, size: tuple[int, int]
) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test(size=size) as pilot:
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor(app.main_screen.editor.document.end)
        before = app.main_screen.editor.text
        app.post_message(events.Paste(PASTED))  # as the driver delivers a terminal's paste
        await pilot.pause()
        assert app.main_screen.editor.text == before + PASTED
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.main_screen.editor.text == before
        assert app.is_running


@pytest.mark.needs_tmux
def test_undo_after_a_bracketed_paste_in_a_terminal(demo_course: Course) -> None:
    lesson = next(x for x in demo_course.lessons if x.title == "Lesson 2: Deployment")
    original = lesson.path.read_bytes()
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("autosave_delay = 3600\n")
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")  # the preview: the app is up
        terminal.keys_and_wait_for_redraw("Enter")  # into the open lesson's editor
        terminal.keys_and_wait_for_redraw("C-End")  # the cursor to the end of the note
        terminal.paste(PASTED)
        terminal.wait_for_text("pasted line 44")
        terminal.keys("C-z")
        wait_until(lambda: "pasted line" not in terminal.screen(), "the paste to be undone")
        terminal.keys("C-s")  # the only save (autosave is off): the text as it is now

        def saved_as_before() -> bool:
            screen = terminal.screen()  # a crash shows a traceback here, then dies
            alive = "Lesson 2: Deployment" in screen and "✓ saved" in screen
            return alive and lesson.path.read_bytes() == original

        wait_until(saved_as_before, "the app alive, with the note saved as before the paste")
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()
