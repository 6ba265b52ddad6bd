"""External changes through the real app: reload in place, conflicts, deleted and new files."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from lessontui.course.course import Course
from lessontui.course.document import Document
from lessontui.tui.app import LessonApp
from lessontui.tui.features.disk_watch import DiskWatch
from lessontui.tui.screens.conflict import ConflictScreen, DiskDialog, MissingFileScreen
from tests.apps import make_app
from tests.fixtures_reliability import TALLY

pytestmark = pytest.mark.usefixtures("reliability_summary", "answer_at_once")


@pytest.fixture
def answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot types faster than a person: the dialogs' typing guard is tested on its own."""
    monkeypatch.setattr(DiskDialog, "ANSWER_GUARD", 0.0)
    monkeypatch.setattr(DiskWatch, "DISK_DIALOG_AFTER_TYPING", 0.0)


LONG = "".join(f"line {n} of my notes\n" for n in range(60))


def watching_app(course: Course, autosave: float = 60) -> LessonApp:
    # A long autosave delay: the tests decide when saves happen.
    return make_app(course, autosave_delay=autosave)


def body_on_disk(path: Path) -> str:
    return Document.load(path).body


def rewrite(path: Path, transform) -> None:  # type: ignore[no-untyped-def]
    """What another editor does: write a new file and rename it over the old one."""
    tmp = path.with_name(".other-editor.tmp")
    tmp.write_text(transform(path.read_text()))
    os.replace(tmp, path)


async def type_into(app: LessonApp, pilot: Pilot[Any], text: str) -> None:
    app.main_screen.editor.focus()
    app.main_screen.editor.move_cursor((0, 0))
    await pilot.press(*text)
    await pilot.pause()


async def test_outside_edit_reloads_in_place_keeping_the_cursor(demo_course: Course) -> None:
    lesson = demo_course.lessons[1]
    lesson.save_body(LONG)
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == lesson.path
        app.main_screen.editor.move_cursor((40, 5))
        rewrite(lesson.path, lambda text: text.replace("line 3 of", "line three of"))
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert "line three of my notes" in app.main_screen.editor.text
        assert app.main_screen.editor.cursor_location == (40, 5)
        assert app.main_screen.editor.border_subtitle == "✓ saved"
        assert not isinstance(app.screen, ConflictScreen)
    assert "line three of" in lesson.path.read_text()  # quitting wrote nothing back
    TALLY.file_checked(lesson.path)


async def test_the_poll_runs_by_itself(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        rewrite(lesson.path, lambda text: text + "from syncthing\n")
        for _ in range(50):  # the 1 s interval; bounded wait, not a timing assert
            await pilot.pause(0.1)
            if "from syncthing" in app.main_screen.editor.text:
                break
        assert "from syncthing" in app.main_screen.editor.text


async def open_conflict(app: LessonApp, pilot: Pilot[Any]) -> tuple[Path, str]:
    lesson = app.main_screen.current_lesson
    assert lesson is not None
    await type_into(app, pilot, "MINE ")
    rewrite(lesson.path, lambda text: text.replace("status:", "theirs: 1\nstatus:") + "THEIRS\n")
    disk = lesson.path.read_text()
    app.main_screen.disk_watch.check()
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    assert app.screen.mine.startswith("MINE ")
    assert app.screen.disk.endswith("THEIRS\n")
    # While the dialog is up nothing is written, whatever saves are attempted.
    assert app.main_screen.session.save() is False
    assert lesson.path.read_text() == disk
    return lesson.path, disk


async def test_conflict_keep_mine(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, _ = await open_conflict(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
        mine = app.main_screen.editor.text
    text = path.read_text()
    assert body_on_disk(path) == mine
    assert mine.startswith("MINE ")
    assert "theirs: 1" in text  # their header edit survives "keep mine"
    TALLY.file_checked(path)


async def test_conflict_take_disk(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, disk = await open_conflict(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert app.main_screen.editor.text == body_on_disk(path)
        assert app.main_screen.editor.border_subtitle == "✓ saved"
    assert path.read_text() == disk


async def test_conflict_save_mine_beside(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, disk = await open_conflict(app, pilot)
        mine = app.screen.mine  # type: ignore[attr-defined]
        await pilot.press("b")
        await pilot.pause()
        copies = sorted(path.parent.glob(f"{path.stem}.conflict-*.md"))
        assert len(copies) == 1
        assert body_on_disk(copies[0]) == mine
        assert "(my version" in Document.load(copies[0]).meta["title"]
        assert app.main_screen.editor.text == body_on_disk(path)
        app.main_screen.disk_watch.check()  # the copy is listed as a lesson, next to the original
        assert copies[0] in [x.path for x in app.main_screen.course.lessons]  # type: ignore[union-attr]
    assert path.read_text() == disk
    TALLY.file_checked(path)
    TALLY.file_checked(copies[0])


async def put_conflict_off(app: LessonApp, pilot: Pilot[Any]) -> tuple[Path, str, str]:
    """A conflict answered "later" (escape): the file, the disk's text, my text."""
    path, disk = await open_conflict(app, pilot)
    mine = app.main_screen.editor.text
    await pilot.press("escape")
    await pilot.pause()
    return path, disk, mine


def conflict_copies(path: Path) -> list[str]:
    """The bodies of the `NN-slug.conflict-<time>.md` copies beside a lesson."""
    return [body_on_disk(c) for c in path.parent.glob(f"{path.stem}.conflict-*.md")]


async def test_conflict_later_then_quit_keeps_both(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, disk, mine = await put_conflict_off(app, pilot)
        assert not isinstance(app.screen, ConflictScreen)
        assert "changed on disk" in str(app.main_screen.editor.border_subtitle)
        app.main_screen.disk_watch.check()  # put off: not asked again for the same disk version
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+q")  # one ctrl+q: my text goes beside the lesson (README)
        await pilot.pause()
        assert not app.is_running
    assert path.read_text() == disk
    assert conflict_copies(path) == [mine]


async def test_the_first_quit_after_an_outside_change_writes_the_conflict_copy(
    demo_course: Course,
) -> None:
    """It used to say "the note could not be saved" and wait for a second ctrl+q."""
    app = make_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        path = lesson.path
        await type_into(app, pilot, "mine ")
        rewrite(path, lambda text: text + "theirs\n")
        await pilot.press("ctrl+q")  # the save finds the change: no dialog, a copy, quit
        await pilot.pause()
        assert not app.is_running
        assert not isinstance(app.screen, ConflictScreen)
    assert body_on_disk(path).endswith("theirs\n")
    (copy,) = conflict_copies(path)
    assert copy.startswith("mine ")
    said = app.quitter.message or ""  # printed once the app has quit (shutdown.run_app)
    assert "your version is saved beside it as" in said
    assert ".conflict-" in said


@pytest.mark.parametrize("key", ["m", "d"])
async def test_an_unreadable_disk_version_is_never_overwritten_and_mine_is_kept(
    demo_course: Course, key: str
) -> None:
    """Keep mine / take disk's against a file that no longer parses: mine goes beside it."""
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        await type_into(app, pilot, "PRECIOUS ")
        mine = app.main_screen.editor.text
        broken = b"---\ntitle: [broken\n---\ntheir text\n"
        lesson.path.write_bytes(broken)
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert "cannot read the file on disk" in app.screen.disk
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
        assert lesson.path.read_bytes() == broken
        assert conflict_copies(lesson.path) == [mine]
        app.main_screen.lesson_list.highlighted = 0  # leaving the lesson loses nothing now
        await pilot.pause()
    assert lesson.path.read_bytes() == broken
    TALLY.file_checked(lesson.path)


@pytest.mark.parametrize("then", ["pause", "alt+r"])
async def test_a_conflict_waits_until_the_user_stops_typing_or_asks(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch, then: str
) -> None:
    monkeypatch.setattr(DiskWatch, "DISK_DIALOG_AFTER_TYPING", 1.5)
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        await type_into(app, pilot, "typing and ")
        rewrite(lesson.path, lambda text: text + "THEIRS\n")
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)  # the poll asks later
        assert "changed on disk" in str(app.main_screen.editor.border_subtitle)
        if then == "pause":
            app.main_screen.disk_watch.last_typed -= 2  # the user stopped typing
            app.main_screen.disk_watch.check()
        else:
            await pilot.press("alt+r")  # asked for at once, even right after typing
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)


async def test_letters_typed_into_a_fresh_dialog_do_not_answer_it(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DiskDialog, "ANSWER_GUARD", 1.0)
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, _ = await open_conflict(app, pilot)
        mine = app.main_screen.editor.text
        await pilot.press(*"and")  # the end of a sentence: "d" is "take disk's"
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert app.main_screen.editor.text == mine
        app.screen._last_key -= 2  # a pause to read it
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
        assert app.main_screen.editor.text == body_on_disk(path)
        # Taking the disk's version is one edit: ctrl+z brings mine back.
        app.main_screen.editor.focus()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.main_screen.editor.text == mine
        assert app.main_screen.session.save()
    assert body_on_disk(path) == mine
    assert "theirs: 1" in path.read_text()  # their header edit stays


@pytest.mark.parametrize("how", ["click", "enter"])
async def test_after_a_pause_a_click_or_enter_answers_the_dialog(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(DiskDialog, "ANSWER_GUARD", 1.0)
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        path, _ = await open_conflict(app, pilot)
        mine = app.main_screen.editor.text
        app.screen._last_key -= 2  # type: ignore[attr-defined]  # read it for two seconds
        if how == "click":
            await pilot.click("#beside")
        else:
            await pilot.press("enter")  # "Save mine beside" has the focus
        await pilot.pause()
        assert not isinstance(app.screen, ConflictScreen)
    assert conflict_copies(path) == [mine]


async def test_autosave_checks_the_disk_first(demo_course: Course) -> None:
    app = watching_app(demo_course, autosave=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        app.main_screen.editor.focus()
        # Typed and written outside in one step: pressing the keys one by one could
        # take longer than the 0.2 s autosave on a loaded machine.
        app.main_screen.editor.insert("abc")
        # The outside write lands between the last poll and the autosave.
        rewrite(lesson.path, lambda text: text + "git pull\n")
        disk = lesson.path.read_text()
        for _ in range(30):
            await pilot.pause(0.1)
            if isinstance(app.screen, ConflictScreen):
                break
        assert isinstance(app.screen, ConflictScreen)
        assert lesson.path.read_text() == disk


async def test_an_edit_not_yet_reported_is_not_reloaded_away(demo_course: Course) -> None:
    """The poll runs in the same turn as an edit, before its Changed message sets
    `dirty`: the file changed outside must bring the dialog, not a reload."""
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        editor = app.main_screen.editor
        editor.insert("abc")
        rewrite(lesson.path, lambda text: text + "git pull\n")
        app.main_screen.disk_watch.check()  # no await since the edit
        await pilot.pause()
        assert "abc" in editor.text
        assert isinstance(app.screen, ConflictScreen)


async def test_deleted_file_keeps_the_text_and_can_be_recreated(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        await type_into(app, pilot, "unsaved ")
        text = app.main_screen.editor.text
        lesson.path.unlink()
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert isinstance(app.screen, MissingFileScreen)
        assert app.main_screen.session.save() is False
        assert not lesson.path.exists()
        assert lesson in app.main_screen.course.lessons  # type: ignore[union-attr]
        await pilot.press("escape")  # later
        await pilot.pause()
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert not isinstance(app.screen, MissingFileScreen)
        assert app.main_screen.editor.text == text
        await pilot.press("alt+r")  # ask again
        await pilot.pause()
        assert isinstance(app.screen, MissingFileScreen)
        await pilot.press("r")
        await pilot.pause()
        assert body_on_disk(lesson.path) == text
        assert app.main_screen.editor.border_subtitle == "✓ saved"


async def test_renamed_file_is_followed(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        await type_into(app, pilot, "still mine ")
        new_path = lesson.path.with_name("02-renamed-by-git.md")
        os.rename(lesson.path, new_path)
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert isinstance(app.screen, MissingFileScreen)
        assert app.screen.renamed_to == new_path.name
        await pilot.press("f")
        await pilot.pause()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == new_path
        assert body_on_disk(new_path).startswith("still mine ")
        assert not lesson.path.exists()
        paths = [x.path for x in app.main_screen.course.lessons]  # type: ignore[union-attr]
        assert new_path in paths
        assert lesson.path not in paths


async def test_new_lesson_file_shows_up_in_the_list(demo_course: Course) -> None:
    app = watching_app(demo_course)
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.disk_watch.check()
        count = app.main_screen.lesson_list.lesson_count
        new = demo_course.lessons_dir / "10-from-a-colleague.md"
        new.write_text("---\ntitle: From a colleague\norder: 10\n---\nhello\n")
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert app.main_screen.lesson_list.lesson_count == count + 1
        assert app.main_screen.course.lessons[-1].path == new  # type: ignore[union-attr]
        # Someone else's edit of a lesson that is not open updates its row.
        other = app.main_screen.course.lessons[0]  # type: ignore[union-attr]
        rewrite(
            other.path,
            lambda text: re.sub(r"^title: .*$", "title: Renamed", text, count=1, flags=re.M),
        )
        app.main_screen.disk_watch.check()
        assert other.title.startswith("Renamed")
