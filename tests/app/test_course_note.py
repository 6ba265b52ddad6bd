"""The course intro (course.md) as a note: listed first, edited and saved like a lesson."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course, CourseNote
from lessontui.course.document import Document
from lessontui.tui.app import LessonApp
from lessontui.tui.features.disk_watch import DiskWatch
from lessontui.tui.screens.conflict import DiskDialog
from lessontui.tui.screens.course_details import CourseDetails
from lessontui.tui.widgets.key_footer import KeyFooter

HEADER = (
    "---\n"
    'title:   "Course Notes -- Fast.ai"   # hand-written spacing and a comment\n'
    "date: 2024-03-18\n"
    "parts:\n"
    "  - {title: Part 1, goal: deploy a model}\n"
    "---\n"
)


@pytest.fixture(autouse=True)
def answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DiskDialog, "ANSWER_GUARD", 0.0)
    monkeypatch.setattr(DiskWatch, "DISK_DIALOG_AFTER_TYPING", 0.0)


def course_with_intro(root: Path, lessons: int = 2) -> Course:
    course = Course.create(root, "x")
    (root / "course.md").write_text(HEADER + "I've been meaning to.\n", encoding="utf-8")
    course = Course.load(root)
    for n in range(1, lessons + 1):
        course.add_lesson(f"Lesson {n}", body=f"notes {n}\n")
    return Course.load(root)


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    """Poll `condition` between pauses; a bound, not a timing."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not met in time")


def make_app(course: Course) -> LessonApp:
    return LessonApp(course=Course.load(course.root), settings=Settings(autosave_delay=60))


async def test_the_intro_is_the_first_row_and_lessons_keep_their_numbers(tmp_path: Path) -> None:
    app = make_app(course_with_intro(tmp_path / "c"))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        rows = app.main_screen.lesson_list
        assert isinstance(rows.highlighted_lesson, CourseNote) is False  # lesson 1 opens first
        rows.highlighted = 0
        await pilot.pause()
        screen = app.main_screen
        assert screen.session.on_course_note
        assert screen.editor.text == "I've been meaning to.\n"
        lines = [rows.render_line(y).text for y in range(3)]
        assert lines[0].strip() == "¶ Course intro"
        assert lines[1].strip().startswith("1 ")
        assert "Lesson 1" in lines[1]
        assert lines[2].strip().startswith("2 ")
        assert "Lesson 2" in lines[2]


async def test_editing_the_intro_keeps_the_front_matter_byte_for_byte(tmp_path: Path) -> None:
    course = course_with_intro(tmp_path / "c")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.lesson_list.highlighted = 0
        await pilot.pause()
        editor = app.main_screen.editor
        editor.focus()
        editor.move_cursor((1, 0))
        await pilot.press(*"More.", "ctrl+s")
        await pilot.pause()
    text = (course.root / "course.md").read_text(encoding="utf-8")
    assert text == HEADER + "I've been meaning to.\nMore."


# Keys for a lesson's video, status, title, place or learned items.
LESSON_ONLY_KEYS = (
    "f5", "alt+t", "alt+g", "alt+c", "ctrl+t", "ctrl+l", "alt+u", "ctrl+r", "alt+down",
    "alt+up", "alt+d", "alt+shift+s", "alt+q", "alt+i", "alt+shift+i", "alt+y",
)  # fmt: skip


async def test_lesson_keys_are_unavailable_on_the_intro(tmp_path: Path) -> None:
    """Not a toast: the keys do nothing, the footer shows them disabled, the palette
    leaves them out; back on a lesson they work again."""
    course = course_with_intro(tmp_path / "c")
    before = (course.root / "course.md").read_bytes()
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.main_screen
        await pilot.pause()
        assert screen.active_bindings["ctrl+l"].enabled  # lesson 1 is open
        screen.lesson_list.highlighted = 0
        await pilot.pause()
        screen.editor.focus()
        await pilot.pause()
        notes_before = len(app._notifications)
        for key in LESSON_ONLY_KEYS:
            await pilot.press(key)
        await pilot.pause()
        assert app.screen is screen  # no dialog opened
        assert len(app._notifications) == notes_before  # and nothing said
        assert screen.editor.text == "I've been meaning to.\n"  # nor typed (alt+t is no "t")
        bindings = screen.active_bindings
        for key in LESSON_ONLY_KEYS:
            assert not bindings[key].enabled, key
        assert bindings["f7"].enabled
        assert bindings["ctrl+f"].enabled
        footer = {item.key: item.enabled for item in screen.query_one(KeyFooter).items}
        assert footer["ctrl+l"] is False
        assert footer["ctrl+f"] is True
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert "Learned+" not in commands
        assert "Status" not in commands
        assert "Search notes" in commands
        assert "Move lesson to trash" not in commands
        assert screen.learned.items == []
        assert "lessons, not the intro" in str(screen.query_one("#learned-title").render())
        assert screen.session.on_course_note
        await pilot.press("f6")  # in the editor too: the intro's fields are the course's
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        screen.lesson_list.focus()
        await pilot.pause()
        said = len(app._notifications)
        await pilot.press("delete", "delete")  # the intro's row never goes to the trash
        await pilot.pause()
        assert app.screen is screen
        assert len(app._notifications) == said
        screen.lesson_list.highlighted = 1  # a lesson again: the keys are back
        await pilot.pause()
        assert screen.active_bindings["ctrl+l"].enabled
        assert screen.active_bindings["ctrl+t"].enabled
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: screen.current_lesson is not None
                       and screen.current_lesson.status == "watching")  # fmt: skip
    assert (course.root / "course.md").read_bytes() == before


async def test_f7_while_the_intro_is_edited_keeps_both_edits(tmp_path: Path) -> None:
    course = course_with_intro(tmp_path / "c")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.lesson_list.highlighted = 0
        await pilot.pause()
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((1, 0))
        await pilot.press(*"typed")
        app.main_screen.lesson_list.focus()
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        title = app.screen.query_one("#course-title-input")
        title.value = "New title"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        assert app.title == "New title"
    document = Document.load(course.root / "course.md")
    assert document.meta["title"] == "New title"
    assert document.body == "I've been meaning to.\ntyped"


async def test_an_outside_change_to_the_intro_reloads_it(tmp_path: Path) -> None:
    course = course_with_intro(tmp_path / "c")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.lesson_list.highlighted = 0
        await pilot.pause()
        path = course.root / "course.md"
        path.write_text(HEADER + "Rewritten elsewhere.\n", encoding="utf-8")
        os.utime(path, (1, 1))
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert app.main_screen.editor.text == "Rewritten elsewhere.\n"


async def test_quit_after_an_outside_change_writes_the_intros_conflict_copy(
    tmp_path: Path,
) -> None:
    course = course_with_intro(tmp_path / "c")
    app = make_app(course)
    path = course.root / "course.md"
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.lesson_list.highlighted = 0
        await pilot.pause()
        app.main_screen.editor.focus()
        await pilot.press(*"mine ")
        await pilot.pause()
        path.write_text(HEADER + "theirs\n", encoding="utf-8")
        os.utime(path, (1, 1))
        await pilot.press("ctrl+q")  # the first ctrl+q: the copy, then quit
        await pilot.pause()
    assert not app.is_running
    assert Document.load(path).body == "theirs\n"
    copies = list(course.root.glob("course.conflict-*.md"))
    assert len(copies) == 1
    assert Document.load(copies[0]).body.startswith("mine ")
    said = app.quitter.message or ""  # printed once the app has quit (shutdown.run_app)
    assert "your version is saved beside it as" in said
    assert copies[0].name in said


async def test_a_search_hit_in_the_intro_opens_it_at_the_line(tmp_path: Path) -> None:
    course = course_with_intro(tmp_path / "c")
    (course.root / "course.md").write_text(
        HEADER + "first\nsecond line with zebra\n", encoding="utf-8"
    )
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert not app.main_screen.session.on_course_note
        app.main_screen.search.jump_to(course.root / "course.md", 1, 17, course_note=True)
        await pilot.pause()
        screen = app.main_screen
        assert screen.session.on_course_note
        assert screen.editor.cursor_location == (1, 17)
        assert screen.lesson_list.highlighted == 0


async def test_a_course_without_lessons_opens_its_intro_for_writing(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Empty")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert app.main_screen.session.on_course_note
        assert not app.main_screen.editor.read_only
        app.main_screen.editor.focus()
        await pilot.press(*"Intro", "ctrl+s")
        await pilot.pause()
    assert Document.load(course.root / "course.md").body == "Intro"
