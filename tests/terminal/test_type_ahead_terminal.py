"""Keys typed right after a key that opens a screen go to that screen (tmux, one burst).

Textual sends a key to the widget focused when it is read; the search screen
focuses its input a few turns after ctrl+f. Without tui/type_ahead.py the term
typed behind ctrl+f went into the note (from the editor) or nowhere (from the
lesson list).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.tmux_terminal import Terminal, tmux_app, wait_until

BODY = "Notes on gradient descent.\n"
FOUND = "1 line in 1 lesson of this course"


def _course(tmp_path: Path) -> Course:
    course = Course.create(tmp_path / "course", "Type-ahead course")
    course.add_lesson("One", body=BODY)
    return course


def _close_and_quit(app: Terminal) -> None:
    app.keys("Escape")
    wait_until(lambda: FOUND not in app.screen(), "the search screen to close", 30)
    app.keys("C-q")
    app.wait_for_exit()


@pytest.mark.parametrize("focus", ["editor", "lesson list"])
def test_a_term_typed_right_after_ctrl_f_is_searched(tmp_path: Path, focus: str) -> None:
    course = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Type-ahead course")
        if focus == "editor":
            app.focus_editor()  # else the lesson list has it, as at start
        app.burst(("C-f",), "descent")
        app.wait_for_text(FOUND)
        _close_and_quit(app)
    assert Course.load(course.root).lessons[0].body == BODY


def test_a_paste_right_after_ctrl_f_goes_to_the_search_box(tmp_path: Path) -> None:
    course = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Type-ahead course")
        app.focus_editor()
        app.tmux(
            "send-keys", "-t", "app", "C-f", ";",
            "set-buffer", "-b", "t", "descent", ";",
            "paste-buffer", "-p", "-r", "-d", "-b", "t", "-t", "app",
        )  # fmt: skip
        app.wait_for_text(FOUND)
        _close_and_quit(app)
    assert Course.load(course.root).lessons[0].body == BODY


def test_text_typed_behind_enter_on_the_list_goes_into_the_note_while_a_big_one_loads(
    tmp_path: Path,
) -> None:
    """`enter` on the lesson list and typing, in one burst, while a big note opens.

    Every key was sent to the lesson list before it handled `enter` (the loop was
    busy loading the note it had highlighted); the list takes no text and dropped
    them. They follow `enter` into the editor now.
    """
    course = Course.create(tmp_path / "course", "Type-ahead course")
    big = "lorem ipsum dolor sit amet " * 40 + "\n"
    lesson = course.add_lesson("Big", body=big * 6000)  # about 6.5 MB
    with tmux_app(course.root, tmp_path) as app:
        # The app has the terminal (keys sent before it does are flushed by the tty)...
        wait_until(
            lambda: app.tmux("display", "-p", "-t", "app", "#{alternate_on}").strip() == "1",
            "the app to take the terminal",
            60,
        )
        app.burst(("Enter",), "KEYMARK")  # ...and the big note is still loading
        wait_until(lambda: "KEYMARK" in app.screen(), "the typed text in the editor", 60)
        app.keys("C-s")
        wait_until(lambda: "KEYMARK" in lesson.path.read_text(), "the note saved", 30)
        app.keys("C-q")
        app.wait_for_exit()
