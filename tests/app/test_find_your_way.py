"""Pilot tests for issue 8: search, palette, help, keymap, config problems, library, memory."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import OptionList

from lessontui.config import Settings, config_path, load_settings
from lessontui.course.course import Course
from lessontui.course.demo import write_demo
from lessontui.tui import app as app_module
from lessontui.tui.app import LessonApp
from lessontui.tui.main_screen import MainScreen
from lessontui.tui.screens.help_screen import HelpScreen, collect_help
from lessontui.tui.screens.library import LibraryScreen
from lessontui.tui.screens.search_screen import SearchScreen
from tests.screen import screen_of


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `condition` holds (a debounce or a thread worker)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await pilot.pause(0.05)


def _app(course: Course, **settings: object) -> LessonApp:
    return LessonApp(course=Course.load(course.root), settings=Settings(**settings))  # type: ignore[arg-type]


# -- search -------------------------------------------------------------------------------


async def test_search_as_you_type_and_jump_to_the_line(demo_course: Course) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"functools")
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.hits))
        hit = screen.hits[0]
        assert "functools" in hit.text.lower()
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, SearchScreen))
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == hit.path
        row, column = app.main_screen.editor.cursor_location
        assert row == hit.body_line
        line = app.main_screen.editor.document.get_line(row)
        assert line == hit.text
        assert line[column:].lower().startswith("functools")
        assert app.focused is app.main_screen.editor


async def test_search_updates_as_you_type_and_says_when_nothing_matches(
    demo_course: Course,
) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"timm")
        screen = screen_of(app, SearchScreen)
        await wait_for(pilot, lambda: bool(screen.hits))
        await pilot.press(*"zzz")
        await wait_for(pilot, lambda: not screen.hits)
        status = str(screen.query_one("#search-status").render())
        assert "No match" in status
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


async def test_library_wide_search_opens_another_course(tmp_path: Path) -> None:
    library = tmp_path / "library"
    mine = write_demo(library / "a-demo")
    other = Course.create(library / "other", "Other course")
    lesson = other.add_lesson("Only here", body="intro\n\nthe word xylophone lives here\n")
    app = _app(mine, library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"xylophone")
        screen = screen_of(app, SearchScreen)
        status = screen.query_one("#search-status")
        await wait_for(pilot, lambda: "No match" in str(status.render()))
        assert screen.hits == []  # not in this course
        await pilot.press("ctrl+l")  # the whole library, searched in a thread
        await wait_for(pilot, lambda: bool(screen.hits))
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                app.main_screen.course is not None and app.main_screen.course.root == other.root
            ),
        )
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == lesson.path
        assert app.main_screen.editor.cursor_location == (2, 9)


# -- palette and help -----------------------------------------------------------------------


def _described(app: LessonApp) -> list[Binding]:
    bindings = [*app.BINDINGS, *MainScreen.BINDINGS]  # app-wide keys and the main screen's
    return [b for b in bindings if isinstance(b, Binding) and b.description]


async def test_palette_lists_every_app_binding_with_its_key(demo_course: Course) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        app.main_screen.lesson_list.focus()
        await pilot.pause()
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        expected = {"Open course", "Export page", "Check course", "Play", "New lesson"}
        expected |= {"Status", "Search notes", "Theme", "Help"}
        assert expected <= set(commands)
        # Left out while it does not apply: nothing to cancel.
        assert "Cancel downloads" not in commands
        for binding in _described(app):
            if binding.id == "import.cancel_downloads":
                continue
            assert binding.description in commands, binding.description
            first_key = binding.key.split(",")[0]
            shown = app.get_key_display(Binding(first_key, binding.action))
            assert shown in commands[binding.description]


async def test_help_lists_every_binding_by_pane_with_ids(demo_course: Course) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        sections = {s.title: s for s in app.screen.sections}
        assert {"Everywhere", "Lesson list", "Note editor", "Things I learned"} <= set(sections)
        everywhere = {  # app-wide keys, then the main screen's
            row.binding_id: row
            for title in ("Everywhere", "Main screen")
            for row in sections[title].rows
        }
        for binding in _described(app):
            assert binding.id is not None
            row = everywhere[binding.id]
            assert row.description == binding.description
            for key in binding.key.split(","):
                assert app.get_key_display(Binding(key, binding.action)) in row.keys
        learned_ids = {row.binding_id for row in sections["Things I learned"].rows}
        assert {"checklist.toggle", "checklist.add", "checklist.remove"} <= learned_ids
        text = " ".join(str(w.render()) for w in app.screen.query(".help-section"))
        assert "search.open" in text
        assert "Search notes" in text
        await pilot.press("escape")
        app.main_screen.lesson_list.focus()
        await pilot.press("question_mark")  # `?` outside the editor opens help too
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.main_screen.editor.focus()
        await pilot.press("question_mark")  # in the editor it is just a "?"
        assert not isinstance(app.screen, HelpScreen)
        assert "?" in app.main_screen.editor.text


# -- configuration ------------------------------------------------------------------------------


async def test_remapped_keys_work_and_show_in_help(demo_course: Course) -> None:
    app = _app(demo_course, keymap={"search.open": "ctrl+g", "app.help": "f12"})
    async with app.run_test(size=(120, 40)) as pilot:
        app.main_screen.lesson_list.focus()
        await pilot.press("f1")
        assert not isinstance(app.screen, HelpScreen)  # f1 is no longer help
        await pilot.press("f12")
        assert isinstance(app.screen, HelpScreen)
        rows = {r.binding_id: r for s in collect_help(app, app.screen_stack[0]) for r in s.rows}
        assert rows["search.open"].keys == "^g"
        await pilot.press("escape", "ctrl+g")
        assert isinstance(app.screen, SearchScreen)


async def test_unknown_keymap_ids_are_reported(demo_course: Course) -> None:
    app = _app(demo_course, keymap={"no.such.binding": "f12"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("no.such.binding" in m for m in messages)


async def test_a_bad_config_file_still_starts_and_says_which_line(demo_course: Course) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text('theme = "nord"\nautosave_delay = = 2\nshow_preview = true\n')
    settings = load_settings()
    app = LessonApp(course=Course.load(demo_course.root), settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == Settings().theme
        messages = [n.message for n in app._notifications]
        assert any("line 2" in m for m in messages), messages
        assert app.main_screen.current_lesson is not None


async def test_the_chosen_theme_is_saved_to_the_config(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "THEME_SAVE_DELAY", 0.01)
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "textual-light"
        await wait_for(pilot, lambda: config_path().exists())
    assert load_settings().theme == "textual-light"
    again = LessonApp(course=Course.load(demo_course.root))
    async with again.run_test(size=(120, 40)):
        assert again.theme == "textual-light"


# -- library and memory ----------------------------------------------------------------------------


async def test_library_lists_courses_with_progress_and_opens_one(tmp_path: Path) -> None:
    library = tmp_path / "library"
    write_demo(library / "demo")
    Course.create(library / "empty", "An empty course")
    app = LessonApp(settings=Settings(library=library))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.courses[0].title == "An empty course"
        prompt = str(screen.query_one("#library-courses", OptionList).get_option_at_index(1).prompt)
        assert "1/3 lessons done" in prompt
        assert "never opened" in prompt
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: app.main_screen.course is not None)
        assert app.main_screen.course is not None
        assert app.main_screen.course.root == library / "demo"


async def test_library_makes_a_new_course(tmp_path: Path) -> None:
    library = tmp_path / "library"
    app = LessonApp(settings=Settings(library=library))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *"My New Course", "enter")
        await wait_for(pilot, lambda: app.main_screen.course is not None)
        assert app.main_screen.course is not None
        assert app.main_screen.course.title == "My New Course"
        assert app.main_screen.course.root.parent == library


async def test_library_lists_courses_opened_elsewhere_and_can_forget_one(tmp_path: Path) -> None:
    library = tmp_path / "library"
    Course.create(library / "inside", "Inside course")
    elsewhere = Course.create(tmp_path / "projects" / "talks", "Talks from elsewhere")
    opened = LessonApp(course=elsewhere, settings=Settings(library=library))
    async with opened.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # opening it is what puts it on the library's list
    app = LessonApp(settings=Settings(library=library))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert [c.title for c in screen.courses] == ["Inside course", "Talks from elsewhere"]
        prompt = str(screen.query_one("#library-courses", OptionList).get_option_at_index(1).prompt)
        assert str(elsewhere.root) in prompt
        options = screen.query_one("#library-courses", OptionList)
        options.highlighted = 0
        await pilot.press("x")  # a course in the library folder is not forgotten
        await pilot.pause()
        assert len(screen.courses) == 2
        options.highlighted = 1
        await pilot.press("x")
        await wait_for(pilot, lambda: len(screen.courses) == 1)
        assert (elsewhere.root / "course.md").is_file()  # forgetting leaves the files


async def test_escape_in_the_library_goes_back_to_the_open_course(demo_course: Course) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        course, lesson = app.main_screen.course, app.main_screen.current_lesson
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, LibraryScreen))
        assert app.main_screen.course is course
        assert app.main_screen.current_lesson is lesson


async def test_last_lesson_and_cursor_are_restored(demo_course: Course, tmp_path: Path) -> None:
    app = _app(demo_course)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = app.main_screen.course.lessons[0]  # type: ignore[union-attr]  # not the default (2nd)
        app.main_screen.open_lesson(chosen)
        await pilot.pause()
        lines = app.main_screen.editor.document.lines
        place = (next(n for n in range(1, len(lines)) if len(lines[n]) > 5), 4)
        app.main_screen.editor.move_cursor(place)
        await pilot.pause()
    again = _app(demo_course)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.main_screen.current_lesson is not None
        assert again.main_screen.current_lesson.path == chosen.path
        assert again.main_screen.editor.cursor_location == place
    # The library highlights the course opened last.
    write_demo(tmp_path / "library" / "another")
    lib_app = LessonApp(settings=Settings(library=tmp_path))
    async with lib_app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = lib_app.screen
        assert isinstance(screen, LibraryScreen)
        highlighted = screen.query_one("#library-courses", OptionList).highlighted
        assert highlighted is not None
        assert screen.courses[highlighted].root == demo_course.root
        prompt = str(
            screen.query_one("#library-courses", OptionList).get_option_at_index(highlighted).prompt
        )
        assert "opened today" in prompt
