"""The model notices outside changes: disk_state, refusing saves, new lesson files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.course import checklist
from lessontui.course.atomic import atomic_write
from lessontui.course.course import Course
from lessontui.course.document import DiskChangedError, Document

TEXT = "---\ntitle: One\norder: 1\n---\nmy notes\n"


@pytest.fixture
def lesson_file(tmp_path: Path) -> Path:
    path = tmp_path / "01-one.md"
    path.write_text(TEXT)
    return path


def test_disk_state_same_changed_missing(lesson_file: Path) -> None:
    document = Document.load(lesson_file)
    assert document.disk_state() == "same"
    os.utime(lesson_file, ns=(5, 5))  # a touch is not a change
    assert document.disk_state() == "same"
    lesson_file.write_text(TEXT.replace("my", "their"))
    assert document.disk_state() == "changed"
    lesson_file.unlink()
    assert document.disk_state() == "missing"


def test_same_size_same_mtime_rewrite_is_seen_by_inode(lesson_file: Path) -> None:
    document = Document.load(lesson_file)
    st = lesson_file.stat()
    other = lesson_file.with_name("other")
    other.write_text(TEXT.replace("my", "MY"))  # same size
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime
    os.replace(other, lesson_file)  # what editors and git do: a new file
    assert document.disk_state() == "changed"


def test_check_disk_refuses_and_writes_nothing(lesson_file: Path) -> None:
    document = Document.load(lesson_file)
    theirs = TEXT.replace("my", "their")
    lesson_file.write_text(theirs)
    document.set_body("mine\n")
    with pytest.raises(DiskChangedError) as caught:
        document.save(check_disk=True)
    assert not caught.value.missing
    assert lesson_file.read_text() == theirs
    lesson_file.unlink()
    with pytest.raises(DiskChangedError) as caught:
        document.save(check_disk=True)
    assert caught.value.missing
    assert not lesson_file.exists()
    # Without the check (the old behaviour, and "keep mine") it writes.
    assert document.save(force=True)
    assert lesson_file.read_text() == TEXT.replace("my notes", "mine")


def test_own_saves_are_not_changes(lesson_file: Path) -> None:
    document = Document.load(lesson_file)
    for n in range(5):
        document.set_body(f"edit {n}\n")
        assert document.save(check_disk=True)
        assert document.disk_state() == "same"


def test_atomic_write_returns_the_new_files_stat(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    st = atomic_write(path, b"abc")
    assert (st.st_size, st.st_ino) == (3, path.stat().st_ino)


def test_lesson_save_body_keeps_the_base_when_refused(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    base = lesson.body
    lesson.path.write_text(lesson.path.read_text() + "\nadded by git\n")
    with pytest.raises(DiskChangedError):
        lesson.save_body("mine", check_disk=True)
    assert lesson.document().body == base  # still what we read: the base of the edits
    assert "added by git" in lesson.path.read_text()


def test_lesson_update_does_not_undo_an_outside_edit(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    lesson.body  # noqa: B018 - load the document, as the app does
    lesson.path.write_text(lesson.path.read_text() + "\nadded by git\n")
    status = "todo" if lesson.status != "todo" else "done"
    with pytest.raises(DiskChangedError):
        demo_course.set_status(lesson, status)
    assert "added by git" in lesson.path.read_text()
    lesson.reload()
    assert demo_course.set_status(lesson, status)
    assert "added by git" in lesson.path.read_text()


def test_rescan_finds_new_and_drops_removed_files(demo_course: Course) -> None:
    first = demo_course.lessons[0]
    new = demo_course.lessons_dir / "99-from-git.md"
    new.write_text("---\ntitle: From git\norder: 99\n---\n")
    added = demo_course.rescan()
    assert [x.path for x in added] == [new]
    assert demo_course.lessons[-1].title == "From git"
    first.path.unlink()
    demo_course.rescan()
    assert first not in demo_course.lessons


def test_checklist_lines_end_only_at_markdown_newlines() -> None:
    body = "## Things I learned\n- [ ] a\x1eb\u2028c\x0cd\n- [x] e\n"
    assert [i.text for i in checklist.items(body)] == ["a\x1eb\u2028c\x0cd", "e"]
    assert checklist.set_text(body, 0, "z") == "## Things I learned\n- [ ] z\n- [x] e\n"


def test_body_after_a_close_fence_without_newline(tmp_path: Path) -> None:
    document = Document(tmp_path / "x.md", "---\ntitle: x\n---")
    document.set_body("note")
    assert document.text() == "---\ntitle: x\n---\nnote"
    assert Document(tmp_path / "x.md", document.text()).meta == {"title": "x"}
