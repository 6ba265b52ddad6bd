"""Unsaved text that cannot be saved never leaves the editor: no switch, no delete."""

from __future__ import annotations

from pathlib import Path

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.course.demo import write_demo
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.text_prompt import TextPrompt


async def _type_then_change_disk(app: LessonApp, pilot) -> Path:  # type: ignore[no-untyped-def]
    """Type into the open lesson, then edit its file outside: saving now must not overwrite."""
    lesson = app.main_screen.current_lesson
    assert lesson is not None
    app.main_screen.editor.focus()
    app.main_screen.editor.move_cursor((0, 0))
    await pilot.press(*"PRECIOUS ")
    with lesson.path.open("a", encoding="utf-8") as handle:
        handle.write("a line from another editor\n")
    return lesson.path


async def test_delete_is_refused_while_the_text_cannot_be_saved(demo_course: Course) -> None:
    app = LessonApp(Course.load(demo_course.root), Settings(autosave_delay=60))
    async with app.run_test(size=(160, 50)) as pilot:
        path = await _type_then_change_disk(app, pilot)
        app.main_screen.lesson_list.focus()
        await pilot.pause()
        await pilot.press("delete")  # the lesson list's key
        await pilot.pause()
        assert path.exists()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == path
        assert app.main_screen.editor.text.startswith("PRECIOUS ")


async def test_switching_course_is_refused_while_the_text_cannot_be_saved(
    demo_course: Course, tmp_path: Path
) -> None:
    other = write_demo(tmp_path / "other")
    app = LessonApp(Course.load(demo_course.root), Settings(autosave_delay=60))
    async with app.run_test(size=(160, 50)) as pilot:
        path = await _type_then_change_disk(app, pilot)
        assert app.main_screen.show_course(Course.load(other.root)) is False
        await pilot.pause()
        assert app.main_screen.course is not None
        assert app.main_screen.course.root == demo_course.root
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == path
        assert app.main_screen.editor.text.startswith("PRECIOUS ")


def stamp_key_active(app: LessonApp) -> bool:
    """alt+t is in effect on the screen on top (the main screen's keys stay below dialogs)."""
    return any(b.binding.id == "player.stamp" for b in app.screen.active_bindings.values())


async def test_player_keys_are_off_while_a_dialog_is_open(demo_course: Course) -> None:
    app = LessonApp(Course.load(demo_course.root), Settings(autosave_delay=60))
    async with app.run_test(size=(160, 50)) as pilot:
        before = app.main_screen.editor.text
        await pilot.press("ctrl+r")  # the rename prompt
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("alt+t")
        await pilot.pause()
        assert app.main_screen.editor.text == before
        assert not stamp_key_active(app)
        await pilot.press("escape")
        await pilot.pause()
        assert stamp_key_active(app)
