"""The command line: errors are one line with exit code 2, new and demo work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessontui import __version__
from lessontui.course.course import Course


def lessontui(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lessontui.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_version_and_help() -> None:
    assert lessontui("--version").stdout.strip() == f"lessontui {__version__}"
    help_text = lessontui("--help").stdout
    for command in ("new", "demo", "import", "export", "check", "search"):
        assert command in help_text


@pytest.mark.parametrize(
    "args",
    [["{tmp}/missing"], ["{tmp}"], ["--bogus"], ["new"], ["{tmp}/file.txt"]],
)
def test_bad_paths_and_options_give_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "file.txt").write_text("x")
    result = lessontui(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_new_makes_an_empty_course(tmp_path: Path) -> None:
    result = lessontui("new", str(tmp_path / "c"), "--title", "My: course")
    assert result.returncode == 0, result.stderr
    course = Course.load(tmp_path / "c")
    assert course.title == "My: course" and course.lessons == []
    again = lessontui("new", str(tmp_path / "c"))
    assert again.returncode == 2 and "already holds a course" in again.stderr


def test_demo_writes_a_course(tmp_path: Path) -> None:
    result = lessontui("demo", str(tmp_path / "d"), "--no-open")
    assert result.returncode == 0, result.stderr
    course = Course.load(tmp_path / "d")
    assert len(course.lessons) == 3
    assert course.lessons[0].chapters
