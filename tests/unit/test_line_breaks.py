"""One rendering of line breaks: a line of a note is a line in the preview and on the page."""

from __future__ import annotations

from pathlib import Path

from lessontui.course.course import Course
from lessontui.render.engine import PreviewEngine
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions
from lessontui.services.line_breaks import hard_breaks

NOTE = "[0:09] Clean\n[0:13] Deploy\n\n> [1:02] first cue\n> [1:05] second cue\n"


def test_soft_breaks_become_hard_ones() -> None:
    assert hard_breaks(NOTE) == (
        "[0:09] Clean  \n[0:13] Deploy\n\n> [1:02] first cue  \n> [1:05] second cue\n"
    )


def test_code_tables_headings_and_existing_breaks_are_left_alone() -> None:
    text = (
        "```\nx = 1\ny = 2\n```\n\n    indented\n    code\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n# Head\nbody\n\nkept  \nas is\\\nend\n"
    )
    assert hard_breaks(text) == text


def test_list_items_keep_their_lines() -> None:
    assert hard_breaks("- one\n  more\n- two\n") == "- one  \n  more\n- two\n"


def _preview(text: str) -> list[str]:
    engine = PreviewEngine(width=80)
    engine.set_text(text)
    return ["".join(seg.text for seg in line).strip() for line in engine.render_all()]


def test_preview_shows_each_line_as_a_line() -> None:
    lines = [line for line in _preview(NOTE) if line.strip("▌▎▍│┃ ")]
    assert [line.strip("▌▎▍│┃ ") for line in lines] == [
        "[0:09] Clean",
        "[0:13] Deploy",
        "[1:02] first cue",
        "[1:05] second cue",
    ]


def test_both_pages_break_the_lines(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Notes")
    course.add_lesson("L", body=NOTE, url="https://youtu.be/abcdefghijk")
    course = Course.load(course.root)
    page = exporter.jekyll_page(course, ExportOptions(notes=True))
    assert "[0:09](https://youtu.be/abcdefghijk?t=9) Clean  \n[0:13]" in page
    assert "> [1:02](https://youtu.be/abcdefghijk?t=62) first cue  \n> [1:05]" in page
    html = exporter.html_page(course, ExportOptions("html", notes=True))
    assert "Clean<br />\n" in html
    assert "first cue<br />\n" in html
