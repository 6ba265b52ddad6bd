"""Keys that do not apply are not typed, and remapped f6/f7 move in the editor too (tmux).

On the course intro the player, status, rename, move and learned keys are
unavailable (check_action), so the editor's own key handling gets them; a
terminal sends them in the middle of typed text, as ESC sequences, and none may
leave a letter in the note (alt+t is ESC t). That nothing is said is checked
with Pilot (tests/app/test_course_note.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.tmux_terminal import tmux_app, wait_until

INTRO = "Why I take this course.\n"
# alt+t stamp, alt+q quote, alt+g seek to stamp, alt+c chapters, alt+u to learn,
# alt+d download, ctrl+l learned, ctrl+t status, ctrl+r rename, alt+down move, f5 play,
# alt+i / alt+shift+i capture, alt+y copy the time, alt+shift+s fetch subtitles.
UNAVAILABLE = (
    "M-t", "M-q", "M-g", "M-c", "M-u", "M-d", "C-l", "C-t", "C-r", "M-Down", "F5",
    "M-i", "M-I", "M-y", "M-S",
)  # fmt: skip


@pytest.mark.needs_tmux
def test_unavailable_keys_in_a_burst_leave_the_intro_as_typed(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Intro only")  # no lesson: the intro opens
    note = course.root / "course.md"
    note.write_text(note.read_text(encoding="utf-8") + INTRO, encoding="utf-8")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Intro only")
        app.focus_editor()
        app.burst("ab", UNAVAILABLE, "cd", UNAVAILABLE * 3, "ef", ("C-s",))
        wait_until(lambda: "abcdef" in app.screen(), "the typed text", 30)
        wait_until(lambda: "✓ saved" in app.screen(), "the save", 30)
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).note.body == "abcdef" + INTRO


@pytest.mark.needs_tmux
def test_remapped_details_key_works_in_the_editor(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Remapped")
    course.add_lesson("One", body="first line\n")
    config = '[keymap]\n"lesson.details" = "f10"\n'
    with tmux_app(course.root, tmp_path, config=config) as app:
        app.wait_for_text("Remapped")
        app.focus_editor()
        app.burst(("F6",), "x")  # f6 is nobody's now: not the form, not select line
        wait_until(lambda: "xfirst line" in app.screen(), "x typed at the cursor", 30)
        app.keys("F10")
        app.wait_for_text("Lesson details")
        app.keys("Escape")
        wait_until(lambda: "Lesson details" not in app.screen(), "the form to close", 30)
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).lessons[0].body == "xfirst line\n"


# alt with punctuation or space: no key of the app's. Textual typed `/`, `.`, `,`,
# `'`, `` ` `` for them, and `–` for alt+-, `≠` for alt+=. (alt+] is left: `ESC ]`
# starts a terminal's reply.)
ALT_PUNCTUATION = ("M-/", "M-.", "M-,", "M-'", "M--", "M-=", "M-`", "M-Space", "M-?")


@pytest.mark.needs_tmux
def test_alt_punctuation_keys_type_nothing(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Alt keys")
    course.add_lesson("One", body="first line\n")
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Alt keys")
        app.focus_editor()
        app.burst("ab", ALT_PUNCTUATION, "cd")
        for key in ALT_PUNCTUATION:  # one write each, too
            app.keys(key)
        app.burst("ef", ("C-s",))
        wait_until(lambda: "abcdeffirst line" in app.screen(), "the typed text", 30)
        wait_until(lambda: "✓ saved" in app.screen(), "the save", 30)
        app.keys("C-q")
        app.wait_for_exit()
    assert Course.load(course.root).lessons[0].body == "abcdeffirst line\n"
