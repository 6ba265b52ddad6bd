"""The lesson list's row heights, counted as Textual wraps."""

from __future__ import annotations

import random

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import Styles

from lessontui.tui.widgets.lesson_list import line_count, wrap

PIECES = ["a", "bc ", "def  ", "ghijkl-", "mn.", " ", "界", "😀", "é", "---", "x" * 40]


def test_line_count_matches_textual_wrapping() -> None:
    rng = random.Random(7)
    styles = Styles()
    for _ in range(400):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 25)))
        for width in (1, 3, 10, 20, 26, 80):
            expected = Content(text).get_height(styles.get_rules(), width)
            assert line_count(text, width) == expected, (width, text)
            lines = wrap(text, width)
            assert len(lines) == expected
            assert all(cell_len(x) <= max(width, 2) for x in lines[:-1])
