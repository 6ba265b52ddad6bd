"""The command line: errors are one line with exit code 2, new and demo work."""

from __future__ import annotations

import subprocess
import sys
import tomllib
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


ROOT = Path(__file__).resolve().parents[2]


def test_version_and_help() -> None:
    # pyproject.toml is the one place the version is written.
    with (ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    assert lessontui("--version").stdout.strip() == f"lessontui {version}"
    assert __version__ == version
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
    assert course.title == "My: course"
    assert course.lessons == []
    again = lessontui("new", str(tmp_path / "c"))
    assert again.returncode == 2
    assert "already holds a course" in again.stderr


def test_new_without_a_path_makes_the_course_in_the_library(tmp_path: Path) -> None:
    result = lessontui("new", "--title", "Fast.ai part 1")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "library" / "fast-ai-part-1"
    assert Course.load(folder).title == "Fast.ai part 1"
    again = lessontui("new", "--title", "Fast.ai part 1")  # a second one gets its own folder
    assert again.returncode == 0, again.stderr
    assert Course.load(tmp_path / "library" / "fast-ai-part-1-2").title == "Fast.ai part 1"


def test_a_course_made_elsewhere_is_listed_in_the_library(tmp_path: Path) -> None:
    from lessontui.library import elsewhere

    result = lessontui("new", str(tmp_path / "projects" / "talks"), "--title", "Talks")
    assert result.returncode == 0, result.stderr
    assert "listed in the library" in result.stdout
    listed = [p.resolve() for p in elsewhere(tmp_path / "library")]
    assert listed == [(tmp_path / "projects/talks").resolve()]


def test_demo_writes_a_course(tmp_path: Path) -> None:
    result = lessontui("demo", str(tmp_path / "d"), "--no-open")
    assert result.returncode == 0, result.stderr
    course = Course.load(tmp_path / "d")
    titles = [lesson.title for lesson in course.lessons]
    assert titles[-3:] == [
        "Lesson 1: Getting started",
        "Lesson 2: Deployment",
        "Lesson 3: Neural net foundations",
    ]
    assert course.lessons[-3].chapters


@pytest.mark.needs_ffmpeg
def test_demo_has_a_tutorial_lesson_on_its_clip(tmp_path: Path) -> None:
    assert lessontui("demo", str(tmp_path / "d"), "--no-open").returncode == 0
    tutorial = Course.load(tmp_path / "d").lessons[0]
    assert tutorial.video_path is not None
    assert tutorial.video_path.stat().st_size > 10_000
    assert tutorial.status == "watching"
    assert tutorial.duration == 90
    # Every stamp in its notes is inside the clip, so `lessontui check` finds no error.
    check = lessontui("check", str(tmp_path / "d"))
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(("closed", "redirect"), [("input", "<&-"), ("output", ">&-")])
def test_a_closed_standard_stream_is_one_line_and_exit_2(
    tmp_path: Path, closed: str, redirect: str
) -> None:
    course = Course.create(tmp_path / "course", "Course")
    command = [sys.executable, "-m", "lessontui.cli", str(course.root)]
    result = subprocess.run(
        ["sh", "-c", f'"$@" {redirect}', "sh", *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert (
        result.stderr
        == f"lessontui: error: standard {closed} is closed: lessontui needs a terminal\n"
    )
