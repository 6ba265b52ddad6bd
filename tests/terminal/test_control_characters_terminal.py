"""Control and invisible format characters in a note, as a real terminal shows them.

BEL, BS, VT and FF took no cell in the editor (the cursor stood off the text) and
vanished or became spaces in the preview; a zero-width space, U+202E (which shows
the rest of the line reversed) and a BOM were sent to the terminal as they are.
Each is drawn as a symbol taking one cell, and the file keeps its bytes.
"""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import Course
from tests.tmux_terminal import tmux_app, wait_until

BODY = "start a\x07b\x08c\x0bd\x0ce\u200bf\u202eg\ufeffh end\n"
SHOWN = "start a\u2407b\u2408c\u240bd\u240ce\ufffdf\ufffdg\ufffdh end"


def test_control_and_invisible_characters_take_a_visible_cell(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "course", "Control course")
    lesson = course.add_lesson("Lesson", body=BODY)
    before = lesson.path.read_bytes()
    with tmux_app(course.root, tmp_path) as app:
        app.wait_for_text("Control course")
        app.focus_editor()
        # The preview draws the same (tests/unit/test_preview.py); the pane may be too
        # narrow here to show it beside the editor.
        wait_until(lambda: SHOWN in app.screen(), "the note in the editor", 30)
        row = next(line for line in app.screen().splitlines() if SHOWN in line)
        assert "\u202e" not in row
        assert "\u200b" not in row
        assert "\ufeff" not in row
        app.keys("C-q")
        app.wait_for_exit()
    assert lesson.path.read_bytes() == before
