"""A bound key in a one-line field acts where it was typed, in a real terminal.

On Textual 8.2.8 alone (issue #6605, see tui/textual_compat/bindings_in_order.py) `abc`, then
`ctrl+u qq` in one burst left the search box empty: ctrl+u bubbled up to the
App and ran after the `qq` typed behind it had been inserted.
"""

from __future__ import annotations

import pytest

from lessontui.course.course import Course
from tests.tmux_terminal import LESSONTUI, Terminal, wait_until


def _search_box(terminal: Terminal) -> str:
    """The search box's text (the row under its top border)."""
    lines = terminal.screen().splitlines()
    row = next(i for i, line in enumerate(lines) if "Whole library" in line)
    return lines[row].split("▊")[1].split("▎")[0].strip()


@pytest.mark.needs_tmux
def test_bound_keys_in_the_search_box_act_in_order(demo_course: Course) -> None:
    terminal = Terminal([LESSONTUI, demo_course.root])
    try:
        terminal.wait_for_text("after training:")  # the preview: the app is up
        terminal.keys_and_wait_for_redraw("C-f")
        terminal.wait_for_text("Search notes")
        terminal.type("abc")
        wait_until(lambda: _search_box(terminal) == "abc", "abc in the search box")
        # One write each: a bound key with the characters around it.
        terminal.keys("C-u", "qq")
        terminal.keys("xy", "BSpace", "BSpace", "BSpace", "z", "Left", "Left", "A")
        wait_until(lambda: _search_box(terminal) == "Aqz", "Aqz in the search box")
        terminal.keys("Escape")
        terminal.keys("C-q")
        terminal.wait_for_exit()
    finally:
        terminal.close()
