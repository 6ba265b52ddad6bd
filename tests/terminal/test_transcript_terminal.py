"""The transcript pane in a real terminal (the installed app in tmux): keys in bursts.

A filter typed as one burst, the chosen lines and alt+q in the same burst, then
ctrl+q: the file on disk must hold exactly the quote, and the note none of the
filter's letters.
"""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import Course
from tests.app.test_transcript_pane import VTT
from tests.tmux_terminal import tmux_app, wait_until


def _course(tmp_path: Path) -> Course:
    """One lesson, "My notes.", with VTT beside it in media/."""
    course = Course.create(tmp_path / "course", "Transcript course")
    course.add_lesson("One", body="My notes.\n")
    path = course.lessons[0].path
    (course.root / "media").mkdir()
    (course.root / "media" / f"{path.stem}.en.vtt").write_text(VTT, encoding="utf-8")
    return course


def test_filter_choose_and_quote_typed_in_one_burst(tmp_path: Path) -> None:
    course = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Transcript course")
        app.focus_editor()
        app.keys("C-End")
        app.keys("M-s")
        app.wait_for_text("0:12 The learning rate")
        # Filter "rate" (one line matches), take it and the one before, quote them.
        app.burst("rate", ("Up",), ("S-Up",), ("M-q",))
        app.wait_for_text("filter: rate")
        wait_until(lambda: "> [0:12] The learning rate" in app.screen(), "the quote", 30)
        # escape clears the filter; alt+s hides the pane and goes back to the note.
        # (An escape and a letter in one write are alt+letter to a terminal.)
        app.keys("Escape")
        app.wait_for_text("following the video")
        app.keys("M-s")
        wait_until(lambda: "Transcript ·" not in app.screen(), "the pane to hide", 30)
        app.burst("After.", ("C-q",))
        app.wait_for_exit()
    body = Course.load(course.root).lessons[0].body
    assert body.rstrip("\n") == (
        "My notes.\n> [0:12] The learning rate finder picks a rate.\n\nAfter."
    ), body


def test_keys_typed_right_after_alt_s_follow_the_focus(tmp_path: Path) -> None:
    """alt+s and a filter in one burst: the letters filter the pane, not the note;
    alt+s from the pane and text in one burst: the text lands in the note."""
    course = _course(tmp_path)
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Transcript course")
        app.focus_editor()
        app.keys("C-End")
        app.burst(("M-s",), "rate")
        app.wait_for_text("filter: rate")
        app.keys("Escape")  # clears the filter
        app.wait_for_text("following the video")
        app.burst(("M-s",), "After.", ("C-q",))
        app.wait_for_exit()
    body = Course.load(course.root).lessons[0].body
    assert body.rstrip("\n") == "My notes.\nAfter.", body
