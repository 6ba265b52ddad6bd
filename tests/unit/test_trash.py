"""Lessons moved to `.trash/` come back under a free name, never over a lesson."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from lessontui.course import trash
from lessontui.course.course import TRASH_DIR, Course


def test_a_trashed_lesson_comes_back_with_its_text(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    original = lesson.path.read_bytes()
    trashed = demo_course.delete(lesson)
    assert demo_course.trashed() == [trashed]
    restored = demo_course.restore_from_trash(trashed)
    assert restored.path == lesson.path
    assert restored.path.read_bytes() == original
    assert restored in demo_course.lessons
    assert len(demo_course.lessons) == 3
    assert demo_course.trashed() == []


def test_restoring_never_overwrites_a_lesson_of_the_same_name(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    trashed = demo_course.delete(lesson)
    lesson.path.write_text("---\ntitle: A new lesson with the old name\n---\nnew text\n")
    demo_course.rescan()
    restored = demo_course.restore_from_trash(trashed)
    assert restored.path.name == lesson.path.stem + "-2.md"
    assert "new text" in lesson.path.read_text()  # the lesson in the way is untouched
    assert restored.path.read_text().startswith("---\ntitle: 'Lesson 1: Getting started'")
    assert len(Course.load(demo_course.root).lessons) == 4


def test_trashing_twice_the_same_name_keeps_both(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    first = demo_course.delete(lesson)
    lesson.path.write_text("---\ntitle: Again\n---\n")
    demo_course.rescan()
    again = next(x for x in demo_course.lessons if x.path == lesson.path)
    second = demo_course.delete(again)
    assert first != second
    assert first.exists()
    assert second.exists()
    assert set(demo_course.trashed()) == {first, second}


def test_only_files_in_the_trash_are_restored(demo_course: Course, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("---\ntitle: Not trash\n---\n")
    with pytest.raises(ValueError, match=r"not a file in the trash: elsewhere\.md"):
        demo_course.restore_from_trash(outside)
    folder = demo_course.root / TRASH_DIR
    folder.mkdir()
    (folder / "link.md").symlink_to(outside)
    assert demo_course.trashed() == []  # a planted symlink is not offered
    with pytest.raises(ValueError, match=r"not a file in the trash: link\.md"):
        demo_course.restore_from_trash(folder / "link.md")
    assert outside.exists()
    assert len(demo_course.lessons) == 3


def test_without_hard_links_the_move_still_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object, **options: object) -> None:
        raise OSError(errno.EPERM, "no hard links on this disk")

    monkeypatch.setattr(os, "link", no_links)
    source_dir, target_dir = tmp_path / "trash", tmp_path / "lessons"
    source_dir.mkdir()
    target_dir.mkdir()
    (source_dir / "a.md").write_text("trashed")
    (target_dir / "a.md").write_text("kept")
    moved = trash.move_without_overwriting(source_dir / "a.md", target_dir)
    assert moved.name == "a-2.md"
    assert moved.read_text() == "trashed"
    assert (target_dir / "a.md").read_text() == "kept"
    assert not (source_dir / "a.md").exists()


def test_a_symlinked_lesson_is_not_trashed(demo_course: Course, tmp_path: Path) -> None:
    """A lesson linked from outside the course is never moved (issue 13's rule)."""
    outside = tmp_path / "kept-elsewhere.md"
    outside.write_text("---\ntitle: Linked\n---\nmy notes\n")
    link = demo_course.lessons_dir / "09-linked.md"
    link.symlink_to(outside)
    demo_course.rescan()
    lesson = next(x for x in demo_course.lessons if x.path == link)
    with pytest.raises(OSError, match="outside the course"):
        demo_course.delete(lesson)
    assert link.is_symlink()
    assert outside.read_text().endswith("my notes\n")
    assert not (demo_course.root / ".trash").exists() or not any(
        (demo_course.root / ".trash").iterdir()
    )
