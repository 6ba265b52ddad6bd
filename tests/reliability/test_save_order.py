"""A save is durable: temp file written and fsynced, renamed over the file, folder fsynced.

A kill -9 cannot show that the data reached the disk (the page cache survives
a killed process, not a power cut), so this test watches the os calls of real
saves instead. Removing either fsync from `atomic_write`, or moving the folder
fsync before the rename, fails it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.course.atomic import TEMP_SUFFIX
from lessontui.course.course import Course
from lessontui.course.document import Document
from tests.fixtures_reliability import TALLY

pytestmark = pytest.mark.usefixtures("reliability_summary")


def record_saves(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    """Every fsync and rename from now on, as (call, path, size of the file then)."""
    events: list[tuple[str, str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        events.append(("fsync", path, os.fstat(fd).st_size))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path, **kwargs: object) -> None:
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]
        events.append(("replace", os.path.realpath(dst), os.stat(dst).st_size))

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


def assert_durable_save(events: list[tuple[str, str, int]], path: Path) -> None:
    """fsync(temp, all bytes written) -> rename onto `path` -> fsync(its folder), in order."""
    target = os.path.realpath(path)
    size = path.stat().st_size
    assert [call for call, _, _ in events] == ["fsync", "replace", "fsync"], events
    (_, temp, temp_size), (_, renamed, renamed_size), (_, folder, _) = events
    assert Path(temp).name.endswith(TEMP_SUFFIX)
    assert Path(temp).parent == Path(target).parent
    assert temp_size == size, "the temp file was fsynced before all of it was written"
    assert renamed == target
    assert renamed_size == size
    assert folder == os.path.dirname(target), "the folder holding the new name"


def test_saving_a_lesson_fsyncs_the_temp_file_renames_then_fsyncs_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = Course.create(tmp_path / "course", "Durable")
    path = course.add_lesson("One", "first text\n").path
    document = Document.load(path)
    document.set_body("second text, longer than the first\n" * 100)
    events = record_saves(monkeypatch)
    assert document.save()
    assert_durable_save(events, path)
    assert Document.load(path).body == document.body
    TALLY.file_checked(path)


def test_a_new_lesson_file_is_made_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = Course.create(tmp_path / "course", "Durable")
    events = record_saves(monkeypatch)
    lesson = course.add_lesson("Two", "its text\n")
    assert_durable_save(events, lesson.path)
    assert Document.load(lesson.path).body == "its text\n"
    TALLY.file_checked(lesson.path)
