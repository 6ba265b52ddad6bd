"""`lessontui review --stats`: progress as text from the course's review log."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.course import reviews
from lessontui.course.course import Course
from lessontui.services.review_queue import course_schedule


def test_stats_count_reviews_and_what_is_due(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = Course.create(tmp_path / "c", "My \x1b[31mcourse")
    course.add_lesson("L1", body="## Things I learned\n- [x] one thing\n- [x] another thing\n")
    now = reviews.utc_now() - dt.timedelta(days=1)
    items = course_schedule(Course.load(course.root), now).items
    reviews.append(course.root, [reviews.grade(items[0], 4, now)])
    assert main(["review", "--stats", str(course.root)]) == 0
    out = capsys.readouterr().out
    assert "1 due now, 1 items reviewed, 1 reviews in all" in out
    assert "\x1b" not in out
    assert "Retention: no repeat reviews yet" in out
    assert out.count("\n") > 16  # a row a day and a week


def test_stats_of_a_folder_that_is_no_course_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "--stats", str(tmp_path / "none")]) == 2
    assert "no such folder" in capsys.readouterr().err


def test_stats_of_the_library_count_every_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    for name in ("a", "b"):
        course = Course.create(library / name, name)
        course.add_lesson("L1", body="## Things I learned\n- [x] one\n- [ ] two\n")
    (library / "broken").mkdir()
    (library / "broken" / "course.md").write_bytes(b"---\ntitle: [unclosed\n---\n")
    monkeypatch.setenv("LESSONTUI_LIBRARY", str(library))
    monkeypatch.setenv("LESSONTUI_CONFIG", str(tmp_path / "none.toml"))
    assert main(["review", "--stats"]) == 0
    assert "Review of the library: 2 due now" in capsys.readouterr().out


def test_stats_into_a_pipe_the_reader_left_exit_quietly(tmp_path: Path) -> None:
    # `lessontui review --stats | head -3`: the reader gone printed a BrokenPipeError
    # traceback (search already left quietly).
    course = Course.create(tmp_path / "c", "C")
    course.add_lesson("L1", body="## Things I learned\n- [x] one thing\n")
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first line
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lessontui", "review", "--stats", str(course.root)],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, b"")


def test_stats_of_the_library_name_the_course_of_a_bad_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every course's log is `reviews.jsonl`: "reviews.jsonl:2: not JSON" did not say
    # which of the library's courses; a folder in its place was "line 0 ... line kept".
    library = tmp_path / "library"
    for name in ("a", "b"):
        course = Course.create(library / name, name)
        course.add_lesson("L1", body="## Things I learned\n- [x] one\n")
    reviews.log_path(library / "a").parent.mkdir(exist_ok=True)
    reviews.log_path(library / "a").write_text("\n{torn\n")
    reviews.log_path(library / "b").parent.mkdir(exist_ok=True)
    reviews.log_path(library / "b").mkdir()
    monkeypatch.setenv("LESSONTUI_LIBRARY", str(library))
    monkeypatch.setenv("LESSONTUI_CONFIG", str(tmp_path / "none.toml"))
    assert main(["review", "--stats"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"lessontui: {library / 'a' / '.lessontui' / 'reviews.jsonl'}:2: not JSON" in err[0]
    assert "line kept" in err[0]
    b = library / "b" / ".lessontui" / "reviews.jsonl"
    assert err[1] == f"lessontui: {b}: a folder, not a regular file (not read)"
