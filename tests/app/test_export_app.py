"""The export and check screens in the app, driven through the Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select, TextArea

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.dialog import ConfirmDialog
from lessontui.tui.screens.export_screen import CheckScreen, ExportScreen, FindingList
from tests.apps import make_app
from tests.screen import press_and_settle, rendered_text


async def test_export_screen_previews_then_writes(demo_course: Course, tmp_path: Path) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    target = tmp_path / "site" / "page.md"
    target.parent.mkdir()
    async with app.run_test(size=(150, 50)) as pilot:
        # Unsaved typing is saved first: the page is made from the files.
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((0, 0))
        await pilot.press(*"fresh ")
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        expected = exporter.jekyll_page(Course.load(demo_course.root))
        assert screen.query_one("#export-preview", TextArea).text == expected
        summary = str(screen.query_one("#export-summary", Label).render())
        assert "0 errors, 1 warning" in summary
        assert len(screen.query_one(FindingList).findings) == 1
        assert screen.query_one("#export-path", Input).value == str(
            demo_course.root / "course-notes-practical-deep-learning-demo.md"
        )
        assert target.exists() is False  # nothing is written before the user says so

        screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    assert target.read_text() == exporter.with_mark(expected)
    assert "fresh [4:10]" in demo_course.lessons[1].path.read_text()


async def test_export_of_a_course_opened_by_relative_path(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(demo_course.root.parent)
    app = LessonApp(course=Course.load(Path(demo_course.root.name)), settings=Settings())
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        path = app.screen.query_one("#export-path", Input).value
        assert path == str(demo_course.root / "course-notes-practical-deep-learning-demo.md")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert Path(path).is_file()
    assert [p.name for p in demo_course.root.rglob("course-notes-*")] == [Path(path).name]


async def test_export_screen_switches_to_html_and_options(
    demo_course: Course, tmp_path: Path
) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "html"
        screen.query_one("#export-notes").value = True  # type: ignore[attr-defined]
        await press_and_settle(app, pilot)
        preview = screen.query_one("#export-preview", TextArea).text
        course = Course.load(demo_course.root)
        assert preview == exporter.html_page(course, ExportOptions("html", notes=True))
        assert screen.query_one("#export-path", Input).value.endswith(".html")
        before = (demo_course.root / "course.md").read_text()
        await press_and_settle(app, pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)  # options changed: asked first
        await press_and_settle(app, pilot, "y")
        assert not isinstance(app.screen, ExportScreen | ConfirmDialog)
    assert not list(demo_course.root.glob("*.html"))  # cancelled: nothing written
    assert (demo_course.root / "course.md").read_text() == before  # nor remembered


async def test_check_screen_goes_to_the_finding(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    course.add_lesson("One", body="fine\n")
    body = (
        "line one\n\n## Things I learned\n"
        "- [x] [bad](https://i]x.org/[b]b[/b]) [@click=app.quit]q\n"
    )
    lesson = course.add_lesson("Two", body=body)
    app = make_app(course, autosave_delay=0.2)
    async with app.run_test(size=(150, 40)) as pilot:
        await press_and_settle(app, pilot, "f8")
        screen = app.screen
        assert isinstance(screen, CheckScreen)
        text = rendered_text(app)
        assert "Check: 1 error, 0 warnings" in text
        assert "https://i]x.org/[b]b[/b]" in text  # shown literally, not as markup
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckScreen)
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == lesson.path
        assert app.main_screen.editor.cursor_location == (3, 0)
        assert app.focused is app.main_screen.editor


async def test_export_and_check_are_palette_commands(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(150, 40)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Export page" in titles
        assert "Check course" in titles


async def test_export_options_read_without_colour_and_are_remembered(
    demo_course: Course,
) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        text = rendered_text(app)
        # Each option says its state in text: `[x]` on, `[ ]` off.
        assert "[ ] Lesson notes" in text
        assert "[x] Titles link to videos" in text
        assert "Outline" in text
        notes = screen.query_one("#export-notes")
        notes.focus()
        await press_and_settle(app, pilot, "space")
        text = rendered_text(app)
        assert "[x] Lesson notes" in text
        # The outline shows what the page now holds: a line per lesson with notes.
        outline = str(screen.query_one("#export-outline").render())
        assert outline.splitlines()[:3] == [
            "Intro",
            "Part 1: 4 learned",
            f"  {demo_course.lessons[0].title}  (→ www.youtube.com · notes, 16 lines)",
        ]
        before = (demo_course.root / "course.md").read_text()
        await press_and_settle(app, pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "You changed: Lesson notes" in rendered_text(app)
        await press_and_settle(app, pilot, "escape")  # no: back to the export, as it was
        assert app.screen_stack[-1] is screen
        assert "[x] Lesson notes" in rendered_text(app)
        assert (demo_course.root / "course.md").read_text() == before  # not on escape
        await press_and_settle(app, pilot, "ctrl+s")  # written: remembered
        assert not isinstance(app.screen, ExportScreen)
    course_md = (demo_course.root / "course.md").read_text()
    assert "notes: true" in course_md  # remembered in course.md's export block
    assert Course.load(demo_course.root).export_settings["notes"] is True

    app = make_app(Course.load(demo_course.root), autosave_delay=0.2)
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        assert "[x] Lesson notes" in rendered_text(app)


async def test_escape_with_a_typed_path_asks_before_dropping_it(demo_course: Course) -> None:
    """t34: an edited "Write to" is not dropped by escape without a question."""
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await press_and_settle(app, pilot, "escape")  # nothing changed: just closes
        assert not isinstance(app.screen, ExportScreen | ConfirmDialog)
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        path = screen.query_one("#export-path", Input)
        path.focus()
        await press_and_settle(app, pilot, "end", *"x")
        typed = path.value
        await press_and_settle(app, pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "You changed: Write to" in rendered_text(app)
        await press_and_settle(app, pilot, "n")
        assert app.screen is screen
        assert path.value == typed
