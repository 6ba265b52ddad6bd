"""The details forms never lose what was typed: keys pressed as a user does, files checked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from yt_dlp.utils import DownloadError

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.importer import YdlFactory
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.course_details import CourseDetails
from lessontui.tui.screens.dialog import ConfirmDialog
from lessontui.tui.screens.lesson_details import LessonChanges, LessonDetails
from lessontui.tui.screens.text_prompt import TextPrompt
from tests.screen import screen_of

URL = "https://youtu.be/abcdefghijk"


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


# -- f7: the parts --------------------------------------------------------------------------


async def test_a_part_typed_but_not_confirmed_is_saved_with_ctrl_s(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}])
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        app.screen.query_one("#part-title", Input).focus()
        await pilot.press(*"Two", "tab", *"ship it", "ctrl+s")  # no enter
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
        await wait_for(pilot, lambda: any("Saved the details" in t for t in toasts(app)))
    assert Course.load(course.root).parts == [{"title": "One"}, {"title": "Two", "goal": "ship it"}]


async def test_a_goal_without_a_title_is_not_saved_and_the_form_says_so(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}])
    before = (course.root / "course.md").read_bytes()
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        app.screen.query_one("#part-goal", Input).focus()
        await pilot.press(*"a goal", "ctrl+s")
        form = screen_of(app, CourseDetails)
        problem = form.query_one("#course-problem")
        await wait_for(pilot, lambda: "Not saved" in str(problem.render()))
        assert form.query_one("#part-goal", Input).value == "a goal"
        assert not any("Saved" in t for t in toasts(app))
    assert (course.root / "course.md").read_bytes() == before


async def test_after_enter_adds_a_part_the_next_part_is_typed_in_the_box(tmp_path: Path) -> None:
    """Typing "Part 3" after adding Part 2 ran the list's `a` and dropped the rest."""
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}])
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = app.screen
        assert isinstance(form, CourseDetails)
        form.query_one("#part-title", Input).focus()
        await pilot.press(*"Part 2", "enter", *"Part 3", "enter", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
    titles = [p["title"] for p in Course.load(course.root).parts]
    assert titles == ["One", "Part 2", "Part 3"]


async def test_letters_typed_on_the_parts_list_go_to_the_part_title(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}])
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = app.screen
        assert isinstance(form, CourseDetails)
        form.query_one("#part-list").focus()
        await pilot.press(*"add a part", "tab", *"every letter", "enter")
        await wait_for(pilot, lambda: len(form.rows) == 2)
        assert form.rows[1].fields == {"title": "add a part", "goal": "every letter"}
        assert form.rows[0].fields == {"title": "One"}  # `e`, `a`, `d` ran nothing
        form.query_one("#part-list").focus()
        await pilot.pause()
        app.post_message(events.Paste("Pasted part"))  # as the terminal delivers a paste
        await wait_for(pilot, lambda: form.query_one("#part-title", Input).value == "Pasted part")


async def test_a_part_being_edited_stays_itself_when_the_list_changes(tmp_path: Path) -> None:
    """Editing part 2, then removing part 1: the edit lands on part 2 (was an IndexError)."""
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}, {"title": "Two"}])
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = app.screen
        form.query_one("#part-list").focus()
        await pilot.press("down", "enter")  # edit Two
        await wait_for(pilot, lambda: form.query_one("#part-title", Input).value == "Two")
        await pilot.press("shift+tab", "up", "delete", "tab", "end", *" edited", "enter")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
    assert Course.load(course.root).parts == [{"title": "Two edited"}]


async def test_escape_with_changes_asks_before_dropping_them(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    before = (course.root / "course.md").read_bytes()
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        await pilot.press(*" II", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")  # no: back to the form, the text still there
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        form = app.screen
        assert form.query_one("#course-title-input", Input).value == "Course II"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails | ConfirmDialog))
        await pilot.press("f7")  # nothing changed: escape closes at once
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
    assert (course.root / "course.md").read_bytes() == before


async def test_parts_course_md_gained_while_f7_was_open_are_kept(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course", parts=[{"title": "One"}])
    course.add_lesson("Lesson", body="notes\n")
    course_md = course.root / "course.md"
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: isinstance(app.screen, CourseDetails))
        app.main_screen.disk_watch.check()  # the poll has seen course.md as it was
        text = course_md.read_text().replace("{title: One}", "{title: One}\n  - {title: Two}")
        course_md.write_text(text)  # another program adds a part
        app.main_screen.disk_watch.check()  # course.md read again
        await pilot.press(*" II", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CourseDetails))
    again = Course.load(course.root)
    assert again.title == "Course II"
    assert again.parts == [{"title": "One"}, {"title": "Two"}]


# -- f6: fields the user did not touch are never written ------------------------------------


async def test_a_field_the_file_gained_while_the_form_was_open_is_kept(tmp_path: Path) -> None:
    """Saving compares with what the form opened on: an untouched empty URL box does
    not remove the url another program (or a reload) put in the file meanwhile."""
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        text = lesson.path.read_text().replace("status: todo", f"status: todo\nurl: {URL}")
        lesson.path.write_text(text)  # another program (git pull, Syncthing)
        app.main_screen.disk_watch.check()  # the reload of the open lesson
        await pilot.press(*" two", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    saved = lesson.path.read_text()
    assert f"url: {URL}" in saved
    assert "title: Lesson two" in saved


async def test_a_cleared_url_is_removed_and_only_that(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n", url=URL, custom="kept")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press("tab", "end", "ctrl+u", "ctrl+s")  # URL box: emptied by the user
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    saved = lesson.path.read_text()
    assert "url:" not in saved
    assert "title: Lesson\n" in saved
    assert "custom: kept" in saved
    assert saved.endswith("notes\n")


class FailingYdl:
    """A yt-dlp that fails when the test lets it: the report lands as the form opens."""

    gate = threading.Event()

    def __init__(self, params: dict[str, Any]) -> None:
        del params

    def extract_info(self, url: str, download: bool = True) -> None:
        FailingYdl.gate.wait(30)
        raise DownloadError("ERROR: Video unavailable")


async def test_a_failed_download_reported_as_f6_opens_keeps_the_url(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n", url=URL)
    FailingYdl.gate.clear()
    app = app_on(course, tmp_path)
    app.ydl_factory = cast("YdlFactory", FailingYdl)  # stands in for YoutubeDL
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("alt+d")
        await pilot.pause(0.1)
        await pilot.press("f6")
        FailingYdl.gate.set()  # the failure's toast and panel arrive while it opens
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await app.workers.wait_for_complete()
        await wait_for(pilot, lambda: any("downloads failed" in t for t in toasts(app)))
        form = app.screen
        assert form.query_one("#details-url", Input).value == URL
        await pilot.press(*" two", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    assert f"url: {URL}" in lesson.path.read_text()


# -- one-line prompts ------------------------------------------------------------------------


async def test_escape_in_a_prompt_with_typed_text_asks_once_more(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        app.main_screen.lesson_list.focus()
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press(*"A long title", "escape")
        hint = screen_of(app, TextPrompt).query_one("#prompt-hint")
        await wait_for(pilot, lambda: "escape again" in str(hint.render()))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TextPrompt))


# -- a write that fails -----------------------------------------------------------------------


async def test_a_failed_write_keeps_the_form_open_with_what_was_typed(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    asked: list[LessonChanges] = []

    def save(changes: LessonChanges) -> str | None:
        asked.append(changes)
        return "No space left on device" if len(asked) == 1 else None

    class FormApp(App[None]):
        saved: bool | None = None

        def on_mount(self) -> None:
            self.push_screen(LessonDetails(course, lesson, save), self.closed)

        def closed(self, saved: bool | None) -> None:
            self.saved = saved

    app = FormApp()
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press(*" two", "ctrl+s")
        form = screen_of(app, LessonDetails)
        problem = form.query_one("#details-problem")
        await wait_for(pilot, lambda: "Not saved: No space left on device" in str(problem.render()))
        assert form.query_one("#details-title", Input).value == "Lesson two"
        await pilot.press("ctrl+s")  # the disk has room again
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
        assert app.saved is True
    assert [c.fields for c in asked] == [{"title": "Lesson two"}] * 2


async def test_an_item_edited_while_the_note_reloads_lands_on_that_item(tmp_path: Path) -> None:
    """The note reloaded under the edit prompt (the file changed on disk): the edit goes
    to the item the user picked, not to whatever is at its old place now."""
    body = "## Things I learned\n\n- [x] first\n- [x] second\n"
    course = Course.create(tmp_path / "c", "Course")
    course.add_lesson("Lesson", body=body)
    app = app_on(course, tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = app.main_screen
        screen.learned.focus()
        await pilot.press("down", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        screen.editor.load_text("## Things I learned\n\n- [x] second\n")  # first went
        await pilot.press("end", *" item", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, TextPrompt))
        assert screen.editor.text == "## Things I learned\n\n- [x] second item\n"
        screen.editor.load_text("## Things I learned\n\n- [x] other\n")
        screen.render_side_panes()
        await wait_for(pilot, lambda: [x.text for x in screen.learned.items] == ["other"])
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        screen.editor.load_text("## Things I learned\n\n- [x] changed elsewhere\n")
        await pilot.press("end", *" mine", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, TextPrompt))
        assert screen.editor.text.endswith("- [x] changed elsewhere\n- [x] other mine\n")


async def test_a_paste_of_several_lines_into_a_form_box_keeps_them_all(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
        await pilot.press("ctrl+u")
        app.post_message(events.Paste("Gradient descent,\n\n  by hand\n"))
        title = app.screen.query_one("#details-title", Input)
        await wait_for(pilot, lambda: title.value == "Gradient descent, by hand")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    assert "title: Gradient descent, by hand\n" in lesson.path.read_text()


async def test_a_duration_of_zero_is_refused_and_the_line_kept(tmp_path: Path) -> None:
    """`0` or `0:00` removed the duration line and said "Saved"."""
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="notes\n", duration=125)
    before = lesson.path.read_bytes()
    app = app_on(course, tmp_path)
    async with app.run_test(size=(140, 50)) as pilot:
        for typed in ("0", "0:00"):
            await pilot.press("f6")
            await wait_for(pilot, lambda: isinstance(app.screen, LessonDetails))
            box = app.screen.query_one("#details-duration", Input)
            box.value = ""
            box.focus()
            await pilot.press(*typed, "ctrl+s")
            await pilot.pause(0.2)
            form = app.screen
            assert isinstance(form, LessonDetails)
            assert "more than 0" in str(form.query_one("#details-problem").render())
            assert not any("Saved" in t for t in toasts(app))
            form.dismiss(False)
            await wait_for(pilot, lambda: not isinstance(app.screen, LessonDetails))
    assert lesson.path.read_bytes() == before
