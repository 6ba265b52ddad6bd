"""A dialog's typed changes are not dropped without the user's say: ctrl+q, escape, signals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.dialog import ConfirmDialog
from lessontui.tui.screens.import_screen import ImportScreen
from lessontui.tui.screens.lesson_details import LessonDetails
from lessontui.tui.screens.text_prompt import TextPrompt


async def wait_for(pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def app_on(course: Course, tmp_path: Path) -> LessonApp:
    return LessonApp(course=Course.load(course.root), settings=Settings(library=tmp_path / "lib"))


def toasts(app: LessonApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def test_ctrl_q_over_a_prompt_with_text_asks_first(tmp_path: Path) -> None:
    """ctrl+q quit at once and the item typed in the ctrl+l prompt was lost."""
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"abc", "ctrl+q")
        await wait_for(pilot, lambda: any("changes not saved" in t for t in toasts(app)))
        assert isinstance(app.screen, TextPrompt)
        assert app.return_code is None  # still running
        await pilot.press("ctrl+q")  # the second one quits without it
        await wait_for(pilot, lambda: app.return_code is not None)


async def test_ctrl_q_over_a_changed_form_asks_and_an_unchanged_one_quits(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press(*" two", "ctrl+q")
        await wait_for(pilot, lambda: any("changes not saved" in t for t in toasts(app)))
        form = app.screen
        assert isinstance(form, LessonDetails)
        assert "title" in form.unsaved_text()
        assert "Lesson two" in form.unsaved_text()
        await pilot.press("ctrl+s")  # kept
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press("ctrl+q")  # nothing changed: quits at once
        await wait_for(pilot, lambda: app.return_code is not None)
    saved = Course.load(course.root).lessons[0].path.read_text()
    assert "title: Lesson two\n" in saved


async def test_escape_on_the_import_dialog_with_a_url_typed_asks(tmp_path: Path) -> None:
    """f3: a typed URL was dropped by escape without a question."""
    course = Course.create(tmp_path / "c", "Course")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        screen.query_one("#import-url", Input).focus()
        await pilot.press(*"https://example.com/x", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")  # no: back to the import, the URL still there
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.query_one("#import-url", Input).value == "https://example.com/x"
        await pilot.press("escape", "y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ImportScreen | ConfirmDialog))


async def test_escape_twice_on_a_changed_form_asks_once(tmp_path: Path) -> None:
    """Two escapes queued to the form (one burst) stacked two questions."""
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        form = app.screen
        assert isinstance(form, LessonDetails)
        await pilot.press(*" two")
        form.call_later(form.action_cancel)
        form.call_later(form.action_cancel)  # as a second escape already queued to the form
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert sum(isinstance(s, ConfirmDialog) for s in app.screen_stack) == 1
        await pilot.press("escape")  # no: back to the form, which asks again next time
        await wait_for(pilot, lambda: app.screen is form)
        form.call_later(form.action_cancel)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))


async def test_the_rescue_of_a_form_lists_its_checkboxes_choices_and_parts(
    tmp_path: Path,
) -> None:
    """A signal during f7 rescued the text boxes only: a ticked checkbox was lost."""
    from textual.widgets import Checkbox

    from lessontui.tui.screens.course_details import CourseDetails

    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One", "goal": "go"}])
    course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = app.screen
        assert isinstance(form, CourseDetails)
        notes = form.query_one("#course-notes", Checkbox)
        ticked = not notes.value
        notes.value = ticked
        await wait_for(pilot, lambda: form.edited())
        rescued = form.unsaved_text()
    assert f"course-notes: {'[x]' if ticked else '[ ]'}" in rescued
    assert "course-unchecked: [" in rescued
    assert "course-format: jekyll" in rescued
    assert "part 1: One (goal: go)" in rescued
