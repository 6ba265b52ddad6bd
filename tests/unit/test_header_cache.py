"""The header cache: used only while a file's stat is unchanged, ignored when damaged."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lessontui.course import header_cache
from lessontui.course.course import Course
from lessontui.course.document import read_header


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test a moment ago may be cached."""
    monkeypatch.setattr(header_cache, "RACY_SECONDS", -60)


def cache_path(course: Course) -> Path:
    return course.root / ".lessontui" / "headers.json"


def cached(course: Course) -> dict[str, Any]:
    files: dict[str, Any] = json.loads(cache_path(course).read_text(encoding="utf-8"))["files"]
    return files


def keys(course: Course) -> set[str]:
    """What the cache should hold: course.md and every lesson, by path from the folder."""
    return {"course.md"} | {f"lessons/{x.path.name}" for x in course.lessons}


def titles(course: Course) -> list[str]:
    return [lesson.title for lesson in course.lessons]


def plant_title(course: Course, name: str, title: str) -> None:
    """Change a cached title without touching the file (shows whether the cache is used)."""
    data = json.loads(cache_path(course).read_text(encoding="utf-8"))
    key = name if name == "course.md" else f"lessons/{name}"
    data["files"][key][1]["title"] = title
    cache_path(course).write_text(json.dumps(data), encoding="utf-8")


def test_listing_comes_from_the_cache_while_the_file_is_unchanged(
    demo_course: Course, no_racy_window: None
) -> None:
    first = Course.load(demo_course.root)
    lesson = first.lessons[0]
    assert set(cached(first)) == keys(first)
    plant_title(first, lesson.path.name, "From the cache")
    plant_title(first, "course.md", "Course from the cache")
    again = Course.load(demo_course.root)
    assert again.lessons[0].title == "From the cache"
    assert again.title == "Course from the cache"
    # Opening the unchanged file shows the same header without parsing it again...
    document = again.lessons[0].document()
    assert document.meta["title"] == "From the cache"
    assert document.body == lesson.body
    # ...but a field is edited only against the header parsed from the file.
    document.set_field("status", "done")
    assert document.meta["title"] == lesson.title
    assert read_header(lesson.path)["title"] == lesson.title
    again.document.set_field("author", "me")
    assert read_header(again.document.path)["title"] == first.title


def test_a_file_changed_after_listing_is_parsed_when_opened(
    demo_course: Course, no_racy_window: None
) -> None:
    Course.load(demo_course.root)
    again = Course.load(demo_course.root)
    lesson = again.lessons[0]
    text = lesson.path.read_text(encoding="utf-8")
    lesson.path.write_text(text.replace(lesson.title, "Changed meanwhile", 1), encoding="utf-8")
    assert lesson.title != "Changed meanwhile"  # listed before the change
    assert lesson.document().meta["title"] == "Changed meanwhile"


def test_same_headers_as_reading_the_files(demo_course: Course, no_racy_window: None) -> None:
    Course.load(demo_course.root)
    again = Course.load(demo_course.root)
    for lesson in again.lessons:
        assert lesson.meta == read_header(lesson.path)
        assert [type(v) for v in lesson.meta.values()] == [
            type(v) for v in read_header(lesson.path).values()
        ]


def test_a_changed_file_is_read_again(demo_course: Course, no_racy_window: None) -> None:
    first = Course.load(demo_course.root)
    lesson = first.lessons[0]
    plant_title(first, lesson.path.name, "Stale")
    lesson.update(title="New title")
    again = Course.load(demo_course.root)
    assert again.lessons[0].title == "New title"
    assert cached(again)[f"lessons/{lesson.path.name}"][1]["title"] == "New title"


def test_a_file_rewritten_in_place_with_the_same_size_is_read_again(
    demo_course: Course, no_racy_window: None
) -> None:
    path = demo_course.lessons[0].path
    os.utime(path, ns=(10**18, 10**18))  # so the rewrite below surely gets another mtime
    first = Course.load(demo_course.root)
    text = path.read_text(encoding="utf-8")
    old = first.lessons[0].title
    new = old[::-1] if old[::-1] != old else old.upper()
    assert len(new.encode()) == len(old.encode())
    with open(path, "r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(text.replace(old, new, 1))
    again = Course.load(demo_course.root)
    assert new in titles(again)


def test_stale_entry_is_ignored(demo_course: Course, no_racy_window: None) -> None:
    first = Course.load(demo_course.root)
    data = json.loads(cache_path(first).read_text(encoding="utf-8"))
    name = f"lessons/{first.lessons[0].path.name}"
    data["files"][name][0][0] -= 1  # another mtime
    data["files"][name][1]["title"] = "Stale"
    cache_path(first).write_text(json.dumps(data), encoding="utf-8")
    assert "Stale" not in titles(Course.load(demo_course.root))


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff garbage",
        b"[1, 2, 3]",
        b'{"version": 99, "files": {}}',
        b'{"version": 2, "files": []}',
        b'{"version": 1, "files": {}}',
        b"[" * 100_000,
    ],
)
def test_corrupt_cache_is_ignored_and_replaced(
    demo_course: Course, no_racy_window: None, content: bytes
) -> None:
    expected = titles(Course.load(demo_course.root))
    cache_path(demo_course).write_bytes(content)
    assert titles(Course.load(demo_course.root)) == expected
    assert set(cached(demo_course)) == keys(demo_course)


def test_damaged_entries_are_ignored(demo_course: Course, no_racy_window: None) -> None:
    first = Course.load(demo_course.root)
    expected = titles(first)
    data = json.loads(cache_path(first).read_text(encoding="utf-8"))
    names = [f"lessons/{x.path.name}" for x in first.lessons]
    data["files"][names[0]] = "nonsense"
    data["files"][names[1]][1] = {"when": {"$date": 5}}
    data["files"][names[2]][1] = [1, 2]
    cache_path(first).write_text(json.dumps(data), encoding="utf-8")
    assert titles(Course.load(demo_course.root)) == expected


def test_values_json_cannot_hold_are_read_from_the_file(
    demo_course: Course, no_racy_window: None
) -> None:
    lessons = demo_course.lessons_dir
    (lessons / "90-dates.md").write_text(
        "---\ntitle: Dates\norder: 90\nday: 2024-01-02\nat: 2024-01-02 10:30:00+02:00\n"
        "naive: 2024-01-02 10:30:00\nlist: [2024-01-03, {x: 1.5}]\n---\nbody\n",
        encoding="utf-8",
    )
    (lessons / "91-odd.md").write_text(
        '---\ntitle: Odd\norder: 91\ntags: !!set {a, b}\nmap: {"$date": "2024-01-02"}\n'
        "1: one\n---\nbody\n",
        encoding="utf-8",
    )
    Course.load(demo_course.root)
    entries = cached(demo_course)
    assert "lessons/90-dates.md" in entries
    assert "lessons/91-odd.md" not in entries  # a set, a "$" key, an int key: not cached
    again = {x.path.name: x for x in Course.load(demo_course.root).lessons}
    for name in ("90-dates.md", "91-odd.md"):
        assert again[name].meta == read_header(lessons / name)
    assert again["90-dates.md"].meta["day"] == dt.date(2024, 1, 2)
    assert isinstance(again["90-dates.md"].meta["at"], dt.datetime)
    assert again["91-odd.md"].meta["map"] == {"$date": "2024-01-02"}


def test_deleted_lessons_leave_the_cache(demo_course: Course, no_racy_window: None) -> None:
    first = Course.load(demo_course.root)
    gone = first.lessons[0].path
    gone.unlink()
    Course.load(demo_course.root)
    assert f"lessons/{gone.name}" not in cached(demo_course)


def test_just_written_files_are_not_cached(demo_course: Course) -> None:
    Course.load(demo_course.root)  # the demo was written a moment ago
    assert not cache_path(demo_course).exists() or cached(demo_course) == {}


def test_unwritable_cache_folder_still_opens(demo_course: Course, no_racy_window: None) -> None:
    expected = titles(demo_course)
    (demo_course.root / ".lessontui").write_text("not a folder", encoding="utf-8")
    assert titles(Course.load(demo_course.root)) == expected
    assert titles(Course.load(demo_course.root)) == expected


def test_rescan_with_nothing_new_leaves_the_cache_alone(
    demo_course: Course, no_racy_window: None
) -> None:
    course = Course.load(demo_course.root)
    cache_path(course).unlink()
    assert course.rescan() == []
    assert not cache_path(course).exists()


def test_rescan_caches_a_new_lesson_and_keeps_the_others(
    demo_course: Course, no_racy_window: None
) -> None:
    course = Course.load(demo_course.root)
    before = set(cached(course))
    (course.lessons_dir / "99-new.md").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    added = course.rescan()
    assert [x.title for x in added] == ["New"]
    assert set(cached(course)) == before | {"lessons/99-new.md"}


def test_the_cache_is_git_ignored_but_the_import_record_is_not(
    tmp_path: Path, no_racy_window: None
) -> None:
    course = Course.create(tmp_path / "c", "C")
    course.add_lesson("One")
    Course.load(course.root)
    folder = course.root / ".lessontui"
    assert (folder / "headers.json").exists()
    assert (folder / ".gitignore").read_text().splitlines()[1:] == ["headers.json"]


def test_opening_a_cached_course_parses_no_yaml(demo_course: Course, no_racy_window: None) -> None:
    """The start-up path: course.md, the list and the open lesson all come from the cache."""
    Course.load(demo_course.root)  # fills the cache
    code = (
        "import sys\n"
        "from lessontui.course import header_cache\n"
        "header_cache.RACY_SECONDS = -60\n"
        "from lessontui.course.course import Course\n"
        "course = Course.load(sys.argv[1])\n"
        "lesson = course.lessons[0]\n"
        "print(course.title, lesson.title, len(lesson.body), 'yaml' in sys.modules)\n"
        "lesson.update(status='done')\n"
        "print('yaml' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(demo_course.root)],
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = result.stdout.splitlines()
    lesson = demo_course.lessons[0]
    assert first == f"{demo_course.title} {lesson.title} {len(lesson.body)} False"
    assert second == "True"  # editing a field parses the header
    assert read_header(lesson.path)["status"] == "done"


def test_a_lone_surrogate_in_a_header_is_cached_safely(
    demo_course: Course, no_racy_window: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML without libyaml lets "\\ud800" through; the cache must still be writable."""
    import yaml

    from lessontui.course import safe_yaml

    monkeypatch.setattr(safe_yaml, "loader", lambda: yaml.SafeLoader)
    (demo_course.lessons_dir / "90-odd.md").write_text(
        '---\ntitle: "odd \\ud800 title"\norder: 90\n---\nbody\n', encoding="utf-8"
    )
    first = Course.load(demo_course.root)
    assert "lessons/90-odd.md" in cached(first)
    assert not list(cache_path(first).parent.glob("*.tmp"))
    again = Course.load(demo_course.root)
    assert again.lessons[-1].title == "odd \ud800 title"
