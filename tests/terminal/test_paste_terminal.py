"""A paste of any bytes lands as text in a real terminal, and runs no key.

On Textual 8.2.8 alone (see tui/textual_compat/xterm_input.py) each of these fails: `bye`
ESC ctrl+q pasted into the note quit the app and lost `bye`; a byte that is not
UTF-8 pasted into the search box ended the app; a start marker with no end
swallowed every key typed after it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.course.course import Course
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until

# The report's bytes first, then colours, an alt key, a lone ESC, CRLF, NUL.
PASTED = b"bye\x1b\x11 and \x1b[31mred\x1b[0m, \x1bl\x1b\x00\r\nend of paste"
# In the note: a line end becomes the note's own, NUL is dropped, the rest is kept.
SAVED = b"bye\x1b\x11 and \x1b[31mred\x1b[0m, \x1bl\x1b\nend of paste"
SHOWN = "bye␛␑ and ␛[31mred␛[0m, ␛l␛"  # control characters drawn as symbols


@pytest.mark.needs_tmux
def test_a_pasted_escape_and_ctrl_q_are_text_in_the_note(demo_course: Course) -> None:
    lesson = next(x for x in demo_course.lessons if x.title == "Lesson 2: Deployment")
    config = Path(os.environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("autosave_delay = 3600\n")  # the only save is the ctrl+s below
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")  # the preview: the app is up
        terminal.keys_and_wait_for_redraw("Enter")  # into the open lesson's editor
        terminal.keys_and_wait_for_redraw("C-End")  # the cursor to the end of the note
        terminal.paste_bytes(PASTED)
        wait_until(
            lambda: terminal.dead or "end of paste" in terminal.screen(), "the paste in the note"
        )
        assert not terminal.dead, "the paste quit the app"
        assert SHOWN in terminal.screen()
        terminal.keys("C-s")
        # "✓ saved" may still be on screen from before the paste: wait for the file.
        wait_until(
            lambda: lesson.path.read_bytes().rstrip(b"\n").endswith(SAVED),
            "the note saved with the paste as pasted",
        )
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()


@pytest.mark.needs_tmux
def test_a_paste_into_the_search_box_is_text_even_bytes_that_are_not_utf8(
    demo_course: Course,
) -> None:
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")
        terminal.keys_and_wait_for_redraw("C-f")
        terminal.wait_for_text("Search notes")
        # A byte that is not UTF-8 ended Textual's input thread (strict decoding).
        terminal.paste_bytes(b"\nrate\xff\x1b\x11\r\nlimit\n")
        wait_until(
            lambda: terminal.dead or "rate\ufffd␛␑ limit" in terminal.screen(),
            "the whole paste in the search box",
        )
        assert not terminal.dead, "the paste ended the app"
        terminal.keys("Escape")
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()


@pytest.mark.needs_tmux
def test_a_paste_that_never_ends_gives_the_keyboard_back(demo_course: Course) -> None:
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")
        terminal.keys_and_wait_for_redraw("Enter")
        terminal.keys_and_wait_for_redraw("C-End")
        terminal.type("\x1b[200~half a paste")  # a start marker, and no end marker ever
        terminal.wait_for_text("half a paste")  # delivered after PASTE_TIMEOUT without input
        terminal.type(" typed after")
        terminal.wait_for_text("half a paste typed after")
        assert not terminal.dead
    finally:
        terminal.close()


@pytest.mark.needs_tmux
def test_a_paste_behind_a_key_that_opens_a_dialog_from_the_lesson_list_lands_in_it(
    demo_course: Course,
) -> None:
    """ctrl+l and a paste in one write, the lesson list focused: the paste is the item.

    The App had sent the paste to the lesson list (which takes no text) before
    ctrl+l's action opened the dialog; the paste was dropped there.
    """
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")  # the lesson list has the focus
        burst = b"\x0c" + b"\x1b[200~pasted <item>\x1b[201~"  # ctrl+l, then a paste
        terminal.tmux("send-keys", "-t", ":0.0", "-H", *(f"{byte:02x}" for byte in burst))
        wait_until(
            lambda: (
                "Add a thing you learned" in terminal.screen()
                and "pasted <item>" in terminal.screen()
            ),
            "the paste in the new dialog's field",
        )
        terminal.keys("Enter")  # the item added, ticked, to the open lesson's list
        wait_until(lambda: "[x] pasted <item>" in terminal.screen(), "the item in the note")
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()
