"""Keymap ids of screens that are not open yet are known, not reported as unknown."""

from __future__ import annotations

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.keymap import class_binding_ids

REAL_IDS = ("export.write", "conflict.keep_mine", "import.close", "check.close", "chapters.close")


def test_ids_of_every_screen_and_widget_class() -> None:
    ids = class_binding_ids()
    assert set(REAL_IDS) <= ids
    assert {"library.new", "search.next", "help.close", "checklist.toggle"} <= ids


async def test_valid_ids_of_closed_screens_are_not_reported(demo_course: Course) -> None:
    keymap = {name: "f12" for name in REAL_IDS} | {"no.such.binding": "f11"}
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(keymap=keymap))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications if "[keymap]" in n.message]
        assert len(messages) == 1
        assert "no.such.binding" in messages[0]
        assert not any(name in messages[0] for name in REAL_IDS), messages[0]


async def test_the_details_keys_follow_the_keymap_in_the_editor(demo_course: Course) -> None:
    """f6 and f7 are bound once, on the screen, with ids: remapped, they move in the
    editor too (TextArea's own f6/f7, select line and select all, stay off)."""
    from lessontui.tui.screens.course_details import CourseDetails
    from lessontui.tui.screens.lesson_details import LessonDetails

    keymap = {"lesson.details": "f10"}
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(keymap=keymap))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.main_screen
        screen.editor.focus()
        await pilot.pause()
        selection = screen.editor.selection
        await pilot.press("f6")  # no longer the form's key, nor TextArea's select line
        await pilot.pause()
        assert app.screen is screen
        assert screen.editor.selection == selection
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, LessonDetails)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.editor.has_focus
        await pilot.press("f7")  # not remapped: the course's form, not select all
        await pilot.pause()
        assert isinstance(app.screen, CourseDetails)


async def test_a_key_quit_has_is_reported_not_taken_silently(demo_course: Course) -> None:
    """`"search.open" = "ctrl+q"` left ctrl+f's search with no key and said nothing:
    quit is a priority key and wins."""
    keymap = {"search.open": "ctrl+q", "lesson.details": "f10"}
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(keymap=keymap))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications if "[keymap]" in n.message]
        assert messages == ["[keymap] 'search.open' = 'ctrl+q': that is quit's key, and quit wins"]
