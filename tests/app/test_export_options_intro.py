"""f9's remembered options and the course intro open in the editor: both edits kept."""

from __future__ import annotations

from pathlib import Path

from lessontui.course.document import Document
from lessontui.tui.screens.export_screen import ExportScreen
from tests.app.test_course_note import answer_at_once, course_with_intro, make_app, wait_for
from tests.screen import press_and_settle

__all__ = ["answer_at_once"]  # the fixture, used by this module's tests


async def test_options_remembered_while_the_intro_is_edited_keep_both(tmp_path: Path) -> None:
    course = course_with_intro(tmp_path / "c")
    app = make_app(course)
    async with app.run_test(size=(160, 40)) as pilot:
        app.main_screen.lesson_list.highlighted = 0
        await pilot.pause()
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((1, 0))
        await pilot.press(*"typed")
        await press_and_settle(app, pilot, "f9")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-chapters").value = True  # type: ignore[attr-defined]
        screen = app.screen
        await press_and_settle(app, pilot)  # the option's change handled: a new page begun
        await wait_for(pilot, lambda: screen.result is not None)  # and made
        await press_and_settle(app, pilot, "ctrl+s")  # written: the options remembered
        await wait_for(pilot, lambda: app.screen is app.main_screen)
        app.main_screen.editor.focus()
        await pilot.press("end", *" more")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen_stack[-1] is app.main_screen  # no conflict dialog
    document = Document.load(course.root / "course.md")
    assert document.meta["export"] == {"chapters": True}
    assert document.body == "I've been meaning to.\ntyped more"
    assert 'title:   "Course Notes -- Fast.ai"   # hand-written' in document.text()
