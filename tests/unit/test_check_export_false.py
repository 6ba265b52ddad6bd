"""`lessontui check` on a lesson with `export: false`: no export warnings, real errors kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.course.course import Course
from lessontui.services import checks
from lessontui.services.checks import ERROR

BODY = (
    "See [a link](https://i]pywidgets.readthedocs.io) for more.\n\n"
    "## Things I learned\n- [ ] not ticked yet\n"
)


def make_course(root: Path, **fields: object) -> Course:
    course = Course.create(root, "C")
    course.add_lesson("Scratch", BODY, status="done", **fields)
    return Course.load(root)


def test_lesson_left_out_of_the_export_has_no_export_warnings(tmp_path: Path) -> None:
    found = checks.check_course(make_course(tmp_path / "out", export=False))
    assert [(f.severity, f.message.split(" (")[0]) for f in found] == [(ERROR, "malformed URL")]
    # The same lesson on the page: both export warnings are there.
    found = checks.check_course(make_course(tmp_path / "in"))
    messages = [f.message for f in found]
    assert any(m.startswith("learned item not checked") for m in messages)
    assert any(m.startswith("lesson is done but has no learned items") for m in messages)
    assert len(found) == 3


def test_check_command_reports_only_the_real_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course(tmp_path / "out", export=False)
    assert main(["check", str(course.root), "--strict"]) == 1  # the malformed URL
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    assert ": error: malformed URL" in lines[0]
