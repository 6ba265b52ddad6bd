"""Trashing a lesson asks first and only from the list or palette; the palette restores.

ctrl+delete and ctrl+backspace in the editor delete a word, in Pilot and in a
real terminal (tmux), and never touch the lesson file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.course.course import TRASH_DIR, Course
from lessontui.tui.screens.dialog import ConfirmDialog
from tests.apps import make_app
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until


async def test_delete_in_the_list_asks_and_no_keeps_the_lesson(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        app.main_screen.lesson_list.focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # Cancel has the focus: a stray enter answers no
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert lesson.path.exists()
        assert app.main_screen.current_lesson is lesson
        await pilot.press("delete", "escape")
        await pilot.pause()
        assert lesson.path.exists()


async def test_delete_then_yes_trashes_and_the_palette_restores(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        original = lesson.path.read_bytes()
        app.main_screen.lesson_list.focus()
        await pilot.press("delete", "y")
        await pilot.pause()
        assert not lesson.path.exists()
        assert (demo_course.root / TRASH_DIR / lesson.path.name).read_bytes() == original
        assert app.main_screen.course is not None
        assert len(app.main_screen.course.lessons) == 2
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson is not lesson

        names = [command.title for command in app.get_system_commands(app.screen)]
        assert "Move lesson to trash" in names
        assert "Restore a trashed lesson" in names
        restore = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Restore a trashed lesson"
        )
        restore.callback()
        await pilot.pause()
        await pilot.press(*lesson.path.stem[:8], "enter")  # search the picker, take the match
        await pilot.pause()
        assert lesson.path.read_bytes() == original
        assert len(app.main_screen.course.lessons) == 3
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == lesson.path
        assert app.main_screen.lesson_list.highlighted_lesson is app.main_screen.current_lesson
        assert list((demo_course.root / TRASH_DIR).iterdir()) == []


async def test_restore_with_an_empty_trash_says_so(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        restore = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Restore a trashed lesson"
        )
        restore.callback()
        await pilot.pause()
        assert any("trash is empty" in n.message for n in app._notifications)


async def test_word_delete_keys_in_the_editor_delete_words(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        app.main_screen.editor.focus()
        app.main_screen.editor.load_text("alpha beta gamma")
        app.main_screen.editor.move_cursor((0, 6))  # before "beta"
        await pilot.press("ctrl+delete")
        assert app.main_screen.editor.text == "alpha  gamma"
        app.main_screen.editor.move_cursor((0, 12))  # after "gamma"
        await pilot.press("ctrl+backspace")
        assert app.main_screen.editor.text == "alpha  "
        await pilot.pause()
        assert lesson.path.exists()
        assert not isinstance(app.screen, ConfirmDialog)
        assert not (demo_course.root / TRASH_DIR).exists()


@pytest.mark.needs_tmux
def test_word_delete_keys_in_a_terminal(demo_course: Course) -> None:
    """tmux sends ctrl+delete as CSI 3;5~; ctrl+backspace only as an extended key
    (CSI 127;5u, as kitty-protocol terminals do), so extended keys are on here."""
    lesson = next(x for x in demo_course.lessons if x.title == "Lesson 2: Deployment")
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("autosave_delay = 3600\n")
    terminal = Terminal([LESSONTUI, demo_course.root], extended_keys=True)
    try:
        terminal.wait_for_text("after training:")  # the preview: the app is up
        terminal.keys_and_wait_for_redraw("Enter")  # into the editor, at the top
        terminal.type("alpha beta gamma ")
        terminal.wait_for_text("alpha beta gamma [4:10]")
        terminal.keys("C-Left", "C-Left")  # before "beta"
        terminal.keys("C-DC")  # the word to the right
        terminal.wait_for_text("alpha  gamma [4:10]")
        terminal.keys("C-BSpace")  # the word to the left
        terminal.wait_for_text("│  gamma [4:10]")
        terminal.keys("C-s")
        saved = "---\n gamma [4:10] clean"  # as TextArea does it (see the Pilot test)
        wait_until(lambda: saved in lesson.path.read_text(), "the note saved with both edits")
        assert not (demo_course.root / TRASH_DIR).exists()
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()


@pytest.mark.parametrize("key", ["ctrl+delete", "ctrl+backspace"])
async def test_word_delete_keys_never_reach_the_app(demo_course: Course, key: str) -> None:
    app = make_app(demo_course, autosave_delay=60)
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.lesson_list.focus()
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert all(lesson.path.exists() for lesson in demo_course.lessons)
