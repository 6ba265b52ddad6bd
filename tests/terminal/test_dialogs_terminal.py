"""Dialogs in a real terminal: a fast double key answers once, and the app goes on."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.tmux_terminal import tmux_app


@pytest.mark.parametrize("key", ["C-l", "M-u", "C-r", "C-n"])
def test_enter_twice_in_one_burst_on_a_prompt_answers_once(tmp_path: Path, key: str) -> None:
    """The second enter dismissed the prompt again: ScreenStackError, exit 1, note lost."""
    course = Course.create(tmp_path / "course", "Dialogs course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Dialogs course")
        app.focus_editor()
        app.burst("typed before ")
        app.burst((key,), "abc", ("Enter", "Enter"))
        app.wait_for_text("abc")
        app.keys("C-q")
        app.wait_for_exit()
    assert "typed before" in lesson.path.read_text()
    # The item, the new title or the new lesson (ctrl+n) is saved.
    assert any("abc" in other.path.read_text() for other in Course.load(course.root).lessons)


def test_keys_typed_behind_e_on_the_learned_list_go_to_its_prompt(tmp_path: Path) -> None:
    """`e " EDIT" enter` in one burst: the space ticked the item and the text was lost."""
    course = Course.create(tmp_path / "course", "Dialogs course")
    body = "## Things I learned\n\n- [x] first item\n- [ ] second item\n"
    lesson = course.add_lesson("Lesson", body=body)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Dialogs course")
        app.focus_editor()
        for _ in range(6):  # tab to the learned list: its keys show in the footer
            if "Toggle" in app.screen():
                break
            app.keys("Tab")
            time.sleep(0.5)
        app.wait_for_text("Toggle")
        app.burst(("e",), " EDIT", ("Enter",))
        app.wait_for_text("first item EDIT")
        app.keys("C-q")
        app.wait_for_exit()
    saved = lesson.path.read_text()
    assert "- [x] first item EDIT\n- [ ] second item\n" in saved


def test_sigterm_with_a_changed_form_open_keeps_what_was_typed(tmp_path: Path) -> None:
    """The note was saved, the value typed in f6 was lost: it goes to a rescue file."""
    course = Course.create(tmp_path / "course", "Dialogs course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Dialogs course")
        app.burst(("F6",), " typed in the form")
        app.wait_for_text("Lesson typed in the form")
        os.kill(app.pid, signal.SIGTERM)
        app.wait_for_exit()
        # Named on exit; -J joins the message's wrapped rows, -S - keeps a row scrolled off.
        said = app.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "app")
        assert "course-dialog-" in said
    assert "typed in the form" not in lesson.path.read_text()  # not saved unasked
    rescued = list((tmp_path / "data" / "lessontui" / "rescue").glob("*dialog*.md"))
    assert len(rescued) == 1
    assert "Lesson typed in the form" in rescued[0].read_text()


def test_ctrl_q_right_behind_text_typed_into_a_prompt_asks_first(tmp_path: Path) -> None:
    """`ctrl+l abc ctrl+q` in one burst: ctrl+q quit before the prompt had the text."""
    course = Course.create(tmp_path / "course", "Dialogs course")
    lesson = course.add_lesson("Lesson", body="notes\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Dialogs course")
        app.focus_editor()
        app.burst(("C-l",), "abc", ("C-q",))
        app.wait_for_text("changes not saved")
        assert not app.dead
        app.keys("Enter")  # kept
        app.wait_for_text("[x] abc")
        app.keys("C-q")
        app.wait_for_exit()
    assert "- [x] abc" in lesson.path.read_text()
