"""`lessontui check` and `lessontui export`: output, files and exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions
from tests.fixtures_export import EXAMPLE, make_example_course


@pytest.fixture
def defective(tmp_path: Path) -> Course:
    return make_example_course(tmp_path / "fastai")


@pytest.fixture
def clean(tmp_path: Path) -> Course:
    return make_example_course(tmp_path / "clean", clean=True)


def test_check_exit_codes(
    defective: Course, clean: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(clean.root)]) == 0
    assert main(["check", str(clean.root), "--strict"]) == 0
    assert main(["check", str(defective.root)]) == 1
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 4
    assert all(": error: " in x or ": warning: " in x for x in lines)
    # Only warnings: fine unless --strict.
    only_warnings = Course.create(defective.root.parent / "w", "W")
    only_warnings.add_lesson("L", body="## Things I learned\n- [ ] later\n")
    assert main(["check", str(only_warnings.root)]) == 0
    assert main(["check", str(only_warnings.root), "--strict"]) == 1


def test_check_output_is_file_line_severity_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLE.parent)  # paths are shown relative to where you are
    assert main(["check", str(EXAMPLE)]) == 1
    captured = capsys.readouterr()
    first, second, third = captured.out.strip().splitlines()
    name = EXAMPLE.name
    assert first.startswith(f"{name}:24: error: malformed URL")
    assert second == f"{name}:25: error: placeholder link (LINK HERE)"
    assert third == f"{name}:30: warning: empty bullet"
    assert "2 errors, 1 warning" in captured.err


def test_check_of_a_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert main(["check", str(tmp_path)]) == 2  # a folder that is not a course
    assert "not a course" in capsys.readouterr().err


def test_export_to_stdout_with_findings_on_stderr(
    defective: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(defective.root)]) == 0
    captured = capsys.readouterr()
    assert captured.out == exporter.jekyll_page(defective)
    assert "error: malformed URL" in captured.err
    assert "check: 2 errors, 2 warnings" in captured.err


def test_export_to_a_file_in_each_format(
    clean: Course, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md, html = tmp_path / "page.md", tmp_path / "page.html"
    assert main(["export", str(clean.root), "-o", str(md), "--notes"]) == 0
    assert main(["export", str(clean.root), "--format", "html", "-o", str(html)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "check:" not in captured.err  # a clean course has nothing to report
    page = exporter.jekyll_page(clean, ExportOptions(notes=True))
    assert md.read_text() == exporter.with_mark(page)
    assert html.read_text() == exporter.with_mark(exporter.html_page(clean))
    assert html.read_text().startswith("<!DOCTYPE html>")


def test_no_notes_overrides_the_course_setting(
    clean: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    clean.update(export={"layout": "project", "notes": True})
    assert main(["export", str(clean.root)]) == 0
    assert "#### [Lesson 1](" in capsys.readouterr().out
    assert main(["export", str(clean.root), "--no-notes"]) == 0
    assert "#### [Lesson 1](" not in capsys.readouterr().out


def test_export_errors_exit_2(clean: Course, tmp_path: Path) -> None:
    assert main(["export", str(tmp_path / "missing")]) == 2
    assert main(["export", str(clean.root), "-o", str(tmp_path / "no" / "dir" / "x.md")]) == 2
    clean.update(export={"template": "gone.j2"})
    assert main(["export", str(clean.root)]) == 2


def test_the_installed_command_runs(clean: Course) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lessontui.cli", "export", str(clean.root), "--unchecked"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == exporter.jekyll_page(clean, ExportOptions(unchecked=True))


def test_video_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = make_example_course(tmp_path / "fastai")
    course.lessons[0].update(chapters=[{"time": 754, "title": "Training"}])
    args = [str(course.root), "--chapters", "--duration", "--no-video-links"]
    assert main(["export", *args]) == 0
    out = capsys.readouterr().out
    assert "#### Lesson 1\n\n*Video: 1:23:20*\n\n**Chapters:**\n" in out
    assert "- [12:34](https://youtu.be/Xy1lesson01?t=754) Training\n" in out
