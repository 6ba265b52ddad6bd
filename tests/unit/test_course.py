"""Course folders: loading, ordering, adding, status, reorder, delete, progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lessontui.course.course import Course, CourseError
from lessontui.course.slug import slugify


def test_lessons_are_ordered_by_order_field(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    (course.lessons_dir / "01-b.md").write_text("---\ntitle: B\norder: 2\n---\n")
    (course.lessons_dir / "02-a.md").write_text("---\ntitle: A\norder: 1\n---\n")
    (course.lessons_dir / "notes.txt").write_text("ignored")
    course = Course.load(course.root)
    assert [x.title for x in course.lessons] == ["A", "B"]


def test_bodies_load_lazily(demo_course: Course) -> None:
    course = Course.load(demo_course.root)
    assert not any(lesson.loaded for lesson in course.lessons)
    assert course.lessons[0].title == "Lesson 1: Getting started"
    assert "Is it a bird?" in course.lessons[0].body
    assert course.lessons[0].loaded
    assert not course.lessons[1].loaded


def test_add_lesson_makes_numbered_slug_file(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    first = course.add_lesson("Lesson 1: Getting started")
    second = course.add_lesson("Lesson 1: Getting started")
    assert first.path.name == "01-lesson-1-getting-started.md"
    assert second.path.name == "02-lesson-1-getting-started.md"
    assert second.order == 2
    assert second.status == "todo"


def test_status_change_records_the_date(demo_course: Course) -> None:
    lesson = demo_course.lessons[2]
    assert demo_course.set_status(lesson, "watching", today=dt.date(2024, 5, 1))
    text = lesson.path.read_text()
    assert "status: watching\n" in text
    assert "status_changed: 2024-05-01\n" in text
    with pytest.raises(ValueError, match="status must be one of"):
        demo_course.set_status(lesson, "finished")


def test_move_renumbers_and_writes_only_moved_lessons(demo_course: Course) -> None:
    first, second, third = demo_course.lessons
    before = third.path.read_bytes()
    demo_course.move(second, 0)
    assert [x.title for x in demo_course.lessons] == [second.title, first.title, third.title]
    reloaded = Course.load(demo_course.root)
    assert [x.order for x in reloaded.lessons] == [1, 2, 3]
    assert [x.title for x in reloaded.lessons] == [second.title, first.title, third.title]
    assert third.path.read_bytes() == before


def test_delete_moves_to_trash(demo_course: Course) -> None:
    lesson = demo_course.lessons[0]
    target = demo_course.delete(lesson)
    assert target.parent.name == ".trash"
    assert target.exists()
    assert not lesson.path.exists()
    assert len(Course.load(demo_course.root).lessons) == 2


def test_progress(demo_course: Course) -> None:
    progress = demo_course.progress()
    assert (progress.done, progress.total) == (1, 3)
    assert progress.watched_seconds == 4876 + 1834
    assert progress.total_seconds == 4876 + 5531 + 4732


def test_broken_lesson_is_listed_with_reason_and_never_written(demo_course: Course) -> None:
    bad = demo_course.lessons_dir / "04-bad.md"
    data = b"---\ntitle: [broken\norder: 4\n---\nmy notes\n"
    bad.write_bytes(data)
    course = Course.load(demo_course.root)
    lesson = next(x for x in course.lessons if x.path == bad)
    assert lesson.read_only
    assert "YAML" in (lesson.error or "")
    with pytest.raises(Exception, match="read-only"):
        lesson.save_body("overwrite")
    assert bad.read_bytes() == data


def test_not_a_course(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="not a course"):
        Course.load(tmp_path)
    with pytest.raises(CourseError, match="no such folder"):
        Course.load(tmp_path / "missing")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("../../x", "x"),
        ("/etc/passwd", "etc-passwd"),
        ("CON", "con-lesson"),
        (".", "lesson"),
        ("🦜🦜", "lesson"),
        ("\u202eevil\u202c title", "evil-title"),
        ("Ünïcödé Tïtle", "unicode-title"),
        ("Урок 2: Градиентный спуск", "urok-2-gradientnyi-spusk"),
        ("Ελληνικά", "ellenika"),
    ],
)
def test_slugs_stay_in_the_folder(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_long_titles_make_short_names(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.add_lesson("x" * 300)
    assert len(lesson.path.name.encode()) < 200
    assert lesson.title == "x" * 300


def test_set_parts_reorders_and_renumbers_the_lessons(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C", parts=[{"title": "A"}, {"title": "B"}])
    in_a = course.add_lesson("In A", part=1)
    course.add_lesson("In B", part=2)
    untouched = in_a.path.read_bytes()
    changed = course.set_parts([{"title": "B", "goal": "ship"}, {"title": "A"}], [2, 1])
    assert {x.title for x in changed} == {"In A", "In B"}
    again = Course.load(course.root)
    assert again.parts == [{"title": "B", "goal": "ship"}, {"title": "A"}]
    assert {x.title: x.part for x in again.lessons} == {"In A": 2, "In B": 1}
    assert in_a.path.read_bytes() == untouched.replace(b"part: 1", b"part: 2")
    # A part with lessons cannot be dropped; nothing is written then.
    before = (course.root / "course.md").read_bytes()
    with pytest.raises(CourseError, match="move these lessons"):
        again.set_parts([{"title": "B"}], [1])
    assert (course.root / "course.md").read_bytes() == before


def test_edit_removes_a_field_given_none(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.add_lesson("L", url="https://example.com/v")
    assert lesson.edit({"url": None, "duration": 90})
    text = lesson.path.read_text()
    assert "url:" not in text
    assert "duration: 90" in text


def test_export_settings_are_set_keeping_the_rest_of_the_header(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C", export={"layout": "project"})
    path = course.root / "course.md"
    path.write_text(path.read_text().replace("title: C\n", "title: C  # my comment\n"))
    course = Course.load(course.root)
    assert course.set_export_settings({"notes": True, "chapters": False})
    text = path.read_text()
    assert "title: C  # my comment\n" in text  # other fields' lines untouched
    assert Course.load(course.root).export_settings == {
        "layout": "project",
        "notes": True,
        "chapters": False,
    }
    assert course.set_export_settings({"notes": True}) is False  # nothing to change


def _course_with_header(root: Path, header: str) -> Course:
    root.mkdir(parents=True)
    (root / "course.md").write_text(f"---\n{header}---\n\nIntro\n")
    return Course.load(root)


def test_export_settings_write_only_the_changed_keys_lines(tmp_path: Path) -> None:
    """An option toggled writes its own line: comments, unknown keys and the order of
    the block's other lines stay as typed (t17: the layout line lost its comment)."""
    header = (
        "# top comment\n"
        "title: C\n"
        "export:  # export comment\n"
        "  layout: project  # layout comment\n"
        "  # a comment line in the block\n"
        "  custom_x: 1\n"
        "  notes: false   # notes comment\n"
        "unknown_key: keep  # unknown comment\n"
    )
    course = _course_with_header(tmp_path / "c", header)
    assert course.set_export_settings({"notes": True, "chapters": True, "layout": "project"})
    text = (course.root / "course.md").read_text()
    expected = header.replace("notes: false   # notes comment", "notes: true   # notes comment")
    expected = expected.replace(
        "  notes: true   # notes comment\n", "  notes: true   # notes comment\n  chapters: true\n"
    )
    assert text == f"---\n{expected}---\n\nIntro\n"
    assert Course.load(course.root).export_settings == {
        "layout": "project",
        "custom_x": 1,
        "notes": True,
        "chapters": True,
    }


def test_export_settings_in_a_flow_mapping_stay_one_line(tmp_path: Path) -> None:
    header = "title: C\nexport: {layout: project}  # flow comment\nother: 1  # keep\n"
    course = _course_with_header(tmp_path / "c", header)
    assert course.set_export_settings({"notes": True})
    text = (course.root / "course.md").read_text()
    assert "export: {layout: project, notes: true}  # flow comment\nother: 1  # keep\n" in text
    assert Course.load(course.root).export_settings == {"layout": "project", "notes": True}


def test_export_settings_added_when_there_is_no_block(tmp_path: Path) -> None:
    course = _course_with_header(tmp_path / "c", "title: C  # keep\n")
    assert course.set_export_settings({"notes": True})
    text = (course.root / "course.md").read_text()
    assert text.startswith("---\ntitle: C  # keep\nexport:\n  notes: true\n---\n")


def test_a_whole_export_block_edited_rewrites_only_its_changed_lines(tmp_path: Path) -> None:
    """f7 hands the whole block over (a key set, a key dropped back to its default):
    still only those lines change (t31)."""
    header = (
        "title: C\n"
        "export:\n"
        "  layout: project  # layout comment\n"
        "  unchecked: true  # drop me\n"
        "  custom_x: 1\n"
        "unknown_key: keep  # unknown comment\n"
    )
    course = _course_with_header(tmp_path / "c", header)
    assert course.edit({"export": {"layout": "project", "custom_x": 1, "notes": True}})
    text = (course.root / "course.md").read_text()
    expected = header.replace("  unchecked: true  # drop me\n", "").replace(
        "  custom_x: 1\n", "  custom_x: 1\n  notes: true\n"
    )
    assert text == f"---\n{expected}---\n\nIntro\n"


def test_export_settings_in_an_anchored_block_are_refused_leaving_the_file(
    tmp_path: Path,
) -> None:
    """An `export: &a` block another field aliases cannot be edited line by line: a
    clear DocumentError (it was a raw YAML ComposerError) and the file as it was."""
    from lessontui.course.document import DocumentError

    header = "title: C\nexport: &a\n  layout: x\nother: *a\n"
    course = _course_with_header(tmp_path / "c", header)
    before = (course.root / "course.md").read_bytes()
    with pytest.raises(DocumentError, match="too unusual"):
        course.set_export_settings({"notes": True})
    assert (course.root / "course.md").read_bytes() == before
    assert course.export_settings == {"layout": "x"}


def test_a_conflict_copy_of_a_lesson_with_a_long_name_has_a_name_that_fits(
    tmp_path: Path,
) -> None:
    from lessontui.course.course import Lesson, conflict_copy_path

    lesson = tmp_path / f"01-{'L' * 235}.md"
    copy = conflict_copy_path(lesson)
    assert len(copy.name.encode()) <= 200
    assert copy.name.startswith("01-LLL")
    assert copy.parent == tmp_path
    copy.write_text("mine")  # the file system takes the name
    assert Lesson(copy, {}).is_conflict_copy
