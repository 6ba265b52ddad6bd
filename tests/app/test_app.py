"""The app driven through the Pilot: open, switch, type, tick, add, quit; files checked."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui import idle_gc
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.text_prompt import TextPrompt
from tests.apps import make_app
from tests.screen import rendered_text, wait_for


async def test_typing_is_saved_exactly(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        assert lesson.title == "Lesson 2: Deployment"
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor(app.main_screen.editor.document.end)
        await pilot.press(*"Hi: [1:00] *bird*", "enter")
        editor = app.main_screen.editor
        await wait_for(pilot, lambda: editor.border_subtitle == "✓ saved", "the autosave")
    text = lesson.path.read_text()
    assert text.endswith("in jupyterlab).\nHi: [1:00] *bird*\n")
    assert text.startswith("---\ntitle: 'Lesson 2: Deployment'\n")


async def test_quit_saves_pending_keystrokes(demo_course: Course) -> None:
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=60))
    async with app.run_test() as pilot:
        lesson = app.main_screen.current_lesson
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((0, 0))
        await pilot.press(*"last words ")
        await pilot.press("ctrl+q")
    assert lesson is not None
    assert lesson.path.read_text().split("---\n", 2)[2].startswith("last words [4:10]")


async def test_switching_lessons_saves_and_loads(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        first = app.main_screen.current_lesson
        app.main_screen.editor.focus()
        await pilot.press(*"typed ")
        app.main_screen.lesson_list.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.title == "Lesson 3: Neural net foundations"
        assert app.focused is app.main_screen.editor
        assert first is not None
        assert "typed [4:10]" in first.path.read_text()
        await pilot.press("up", "up")  # the editor has focus: this moves the cursor only
        assert app.main_screen.current_lesson.title == "Lesson 3: Neural net foundations"


async def test_an_empty_learned_item_is_not_added_silently(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        before = app.main_screen.editor.text
        await pilot.press("ctrl+l", "space", "enter")  # nothing but a space typed
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # still asking, and saying why
        assert "Nothing typed yet" in str(app.screen.query_one("#prompt-hint").render())
        await pilot.press(*"now something", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TextPrompt)
        assert app.main_screen.editor.text != before
        assert "- [x] now something" in app.main_screen.editor.text


async def test_checklist_toggle_and_add_edit_the_same_text(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        app.main_screen.learned.focus()
        await pilot.press("space")
        await pilot.pause()
        assert "- [ ] I cannot believe" in app.main_screen.editor.text
        await pilot.press("a")
        await pilot.press(*"sets have [comprehensions](https://docs.python.org)", "enter")
        await wait_for(pilot, lambda: len(app.main_screen.learned.items) == 3, "the new item")
        assert app.main_screen.learned.highlighted == 2  # on the new item: e or delete acts on it
        assert "Things I learned 2/3" in str(app.query_one("#learned-title").render())
        await pilot.press("ctrl+q")
    assert lesson is not None
    body = lesson.path.read_text()
    assert "- [ ] I cannot believe" in body
    assert body.endswith("- [x] sets have [comprehensions](https://docs.python.org)\n")


async def test_checklist_enter_edits_and_keys_add_items_still_to_learn(
    demo_course: Course,
) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        lesson = app.main_screen.current_lesson
        app.main_screen.learned.focus()
        before = app.main_screen.editor.text
        await pilot.press("enter")  # edits: asks for the text, never ticks or unticks
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.main_screen.editor.text == before
        await pilot.press("u", *"how *fine_tune* picks `lr`", "enter")
        await pilot.pause()
        app.main_screen.editor.focus()
        await pilot.press("alt+u", *"python decorators", "enter")
        learned = app.main_screen.learned
        await wait_for(pilot, lambda: learned.items[-1].text == "python decorators", "the item")
        items = learned.items
        assert [(item.text, item.checked) for item in items[-2:]] == [
            ("how *fine_tune* picks `lr`", False),
            ("python decorators", False),
        ]
        # Shown as the preview shows it: emphasis in italics, code reversed, no marks.
        prompt = app.main_screen.learned.get_option_at_index(len(items) - 2).prompt
        assert str(prompt) == "☐ how fine_tune picks lr"
        styles = {str(span.style) for span in prompt.spans}  # type: ignore[union-attr]
        assert "italic" in styles
        assert "reverse" in styles
        await pilot.press("ctrl+q")
    assert lesson is not None
    assert lesson.path.read_text().endswith(
        "- [ ] how *fine_tune* picks `lr`\n- [ ] python decorators\n"
    )


async def test_new_lesson_and_status(demo_course: Course) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"Lesson 4: Extra", "enter")
        await pilot.pause()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path.name == "04-lesson-4-extra.md"
        await pilot.press("ctrl+t")
        await pilot.pause()
    text = (demo_course.lessons_dir / "04-lesson-4-extra.md").read_text()
    assert "status: watching" in text
    assert "order: 4" in text


async def test_hostile_title_is_literal(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "[bold]x")
    course.add_lesson("[@click=app.quit]Quit[/]")
    app = LessonApp(course=Course.load(course.root), settings=Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.click("#lessons", offset=(8, 1))  # row 0 is the course intro
        await pilot.pause()
        screen_text = rendered_text(app)
        assert "[@click=app.quit]Quit[/]" in screen_text
        assert "[bold]x" in screen_text
        assert app.is_running


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (
            b"---\ntitle: [broken\norder: 0\n---\nnotes\n",
            "---\ntitle: [broken\norder: 0\n---\nnotes\n",
        ),
        (b"---\ntitle: Caf\xe9\n---\nmy notes\n", "---\ntitle: Caf\ufffd\n---\nmy notes\n"),
    ],
    ids=["bad-yaml", "latin-1"],
)
async def test_read_only_lesson_is_shown_whole_and_never_written(
    demo_course: Course, data: bytes, shown: str
) -> None:
    bad = demo_course.lessons_dir / "00-bad.md"
    bad.write_bytes(data)
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        # Unknown order: last (row 0 is the course intro).
        assert app.main_screen.course is not None
        app.main_screen.lesson_list.highlighted = len(app.main_screen.course.lessons)
        await pilot.pause()
        assert app.main_screen.current_lesson is not None
        assert app.main_screen.current_lesson.path == bad
        assert app.main_screen.editor.read_only
        assert app.main_screen.editor.text == shown  # the notes are there, not a blank editor
        app.main_screen.editor.focus()
        await pilot.press(*"xyz", "ctrl+s", "ctrl+q")
    assert bad.read_bytes() == data


async def test_session_objects_leave_the_collector_while_the_app_runs(
    demo_course: Course,
) -> None:
    """Frozen after the first note is shown (shorter GC pauses), with Python's full
    collections made rarer (the pauses do them); both given back on exit."""
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings())
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.main_screen.current_lesson is not None
        for _ in range(100):  # two frames after the first preview; a bounded wait
            await pilot.pause(0.02)
            if gc.get_freeze_count():
                break
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (*thresholds[:2], idle_gc.FULL_AFTER)
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


class _Node:
    """Something that can sit in a reference cycle."""

    other: object = None


async def test_cycles_frozen_alive_and_dead_since_are_collected_in_a_later_pause(
    demo_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The freeze after the first note kept such cycles until the app exited; a pause
    in the input unfreezes, collects and freezes again (tui/idle_gc.py)."""
    monkeypatch.setattr(idle_gc, "IDLE_S", 0.2)
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings())
    async with app.run_test(size=(160, 50)) as pilot:

        async def frozen_until(done: Callable[[], bool]) -> None:
            for _ in range(250):  # a bounded wait
                await pilot.pause(0.02)
                if done():
                    return
            raise AssertionError(f"frozen: {gc.get_freeze_count()}")

        await frozen_until(lambda: gc.get_freeze_count() > 0)  # the first note drawn
        first = gc.get_freeze_count()
        nodes = [_Node() for _ in range(first // 3)]
        for node in nodes:
            node.other = node
        dead = weakref.ref(nodes[0])
        await pilot.press("down")  # input, then a pause: the nodes are frozen, alive
        made = len(nodes)
        await frozen_until(lambda: gc.get_freeze_count() >= first + made)
        del nodes, node  # frozen alive, now dead cycles
        gc.collect()
        assert dead() is not None  # the freeze keeps them from the collector
        await pilot.press("up")
        await frozen_until(lambda: dead() is None)  # the next pause collects them
        assert 0 < gc.get_freeze_count() < first + first // 3
    assert gc.get_freeze_count() == 0


async def test_ctrl_home_and_ctrl_end_go_to_the_top_and_end_of_the_note(
    demo_course: Course,
) -> None:
    app = make_app(demo_course, autosave_delay=0.2)
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((2, 3))
        text = app.main_screen.editor.text
        await pilot.press("ctrl+end")
        assert app.main_screen.editor.cursor_location == app.main_screen.editor.document.end
        await pilot.press("ctrl+home")
        assert app.main_screen.editor.cursor_location == (0, 0)
        await pilot.press("ctrl+shift+end")
        assert app.main_screen.editor.selected_text == text
        assert app.main_screen.editor.text == text  # moved, typed nothing


async def test_a_lone_cr_in_an_lf_note_is_saved_as_it_was(tmp_path: Path) -> None:
    """It was saved as LF after an edit (the editor joined every row with LF)."""
    course = Course.create(tmp_path / "c", "Course")
    lesson = course.add_lesson("Lesson", body="one\rtwo\n")
    before = lesson.path.read_bytes()
    app = make_app(course)
    async with app.run_test(size=(160, 50)) as pilot:
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((0, 0))
        await pilot.press(*"X", "ctrl+s")
        await pilot.pause(0.3)
    assert lesson.path.read_bytes() == before.replace(b"one\rtwo", b"Xone\rtwo")
