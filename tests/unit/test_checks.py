"""The pre-publish check: every defect of the example page, nothing in a clean one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lessontui.course.course import Course, conflict_copy_path
from lessontui.services import checks, exporter
from lessontui.services.checks import ERROR, WARNING, Finding
from tests.fixtures_export import EXAMPLE, make_example_course


def _lines(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(f.line, f.severity) for f in findings]


def test_check_finds_every_defect_of_the_example_page() -> None:
    findings = checks.check_page(EXAMPLE)
    assert _lines(findings) == [(24, ERROR), (25, ERROR), (30, WARNING)]
    malformed, placeholder, bullet = (f.message for f in findings)
    assert "malformed URL" in malformed
    assert "https://i]pywidgets" in malformed
    assert placeholder == "placeholder link (LINK HERE)"
    assert bullet == "empty bullet"
    assert all(f.file == EXAMPLE for f in findings)


def test_clean_course_and_its_exported_page_pass(tmp_path: Path) -> None:
    course = make_example_course(tmp_path / "clean", clean=True)
    assert checks.check_course(course) == []
    page = tmp_path / "page.md"
    exporter.write_export(page, exporter.jekyll_page(course))
    assert checks.check_page(page) == []


def test_course_check_reports_lesson_defects_at_their_file_lines(tmp_path: Path) -> None:
    course = make_example_course(tmp_path / "fastai")
    found = checks.check_course(course)
    by_file = {(f.file.name, f.line, f.severity, f.message.split(" (")[0]) for f in found}
    lesson1, lesson2 = (x.path.name for x in course.lessons[:2])
    header1 = course.lessons[0].document().header_line_count
    header2 = course.lessons[1].document().header_line_count
    assert by_file == {
        (lesson1, header1 + 7, WARNING, "learned item not checked"),
        (lesson2, header2 + 4, ERROR, "malformed URL"),
        (lesson2, header2 + 5, ERROR, "placeholder link"),
        (lesson2, header2 + 7, WARNING, "empty bullet"),
    }
    assert course.lessons[0].path.read_text().splitlines()[header1 + 6].startswith("- [ ]")


def _lesson_findings(tmp_path: Path, body: str, **fields: Any) -> list[Finding]:
    course = Course.create(tmp_path / "c", "C")
    fields.setdefault("status", "watching")
    course.add_lesson("L", body=body, **fields)
    return checks.check_course(Course.load(course.root))


@pytest.mark.parametrize(
    ("line", "severity", "message"),
    [
        ("- [x] see [docs]()", ERROR, "empty link target ()"),
        ("- [x] see [docs](TODO)", ERROR, "placeholder link (TODO)"),
        ("- [x] see [docs]( link here )", ERROR, "placeholder link (link here)"),
        ("- [x] see [LINK HERE](https://a.org)", ERROR, "placeholder link text [LINK HERE]"),
        ("- [x] see [](https://a.org)", ERROR, "link with no text: [](https://a.org)"),
        ("- [x] see [  ](https://a.org)", ERROR, "link with no text: [](https://a.org)"),
        ("- [x] [x](https://exa mple.org)", ERROR, "malformed URL (contains a space)"),
        ("- [x] [x](https:/a.org/)", ERROR, "malformed URL (no // after https:)"),
        ("- [x] [x](https://a.org:port/)", ERROR, "malformed URL (bad port 'port')"),
        ("- [x] [x](javascript:alert(1))", ERROR, "unsafe link"),
        ("- [x] [x](www.a.org/page)", WARNING, "URL without http(s)://"),
        ("- [x] <https://i]x.org/>", ERROR, "malformed URL"),
        ("- [x] a", None, None),
        ("- [x] [x](https://a.org/p?q=1#f) [y](../course.md) [z](#top) [w](01-l.md)", None, None),
        ("- [x] ![](01-l.md)", ERROR, "not an image file (not copied to the page): 01-l.md"),
        ("- [x] [y](../rel.md)", WARNING, "link target not found"),
        ("- [x] [y](https//example.com/x)", WARNING, "link target not found"),
        ("- [x] [y](&#106;avascript:alert(1))", ERROR, "unsafe link (javascript:"),
        ("- [x] [y](jav&#x09;ascript:alert(1))", ERROR, "unsafe link (javascript:"),
        ("- [x] [y](javascript&colon;alert(1))", ERROR, "unsafe link (javascript:"),
        ("- [x] <script>alert(1)</script>", ERROR, "raw HTML <script>"),
        ("- [x] <a href='java\tscript:x'>y</a>", ERROR, "raw HTML <a> with a javascript: link"),
        ("- [x] <img src=x onerror=alert(1)>", ERROR, "raw HTML <img> with a script"),
        ("- [x] a <kbd>ctrl</kbd> key", WARNING, "raw HTML <kbd>"),
        ("- [x] `[x](LINK HERE)` in code is fine", None, None),
        ('- [x] [x](https://a.org/ "a title")', None, None),
        ("[ref]: https://i]x.org/", ERROR, "malformed URL"),
    ],
)
def test_link_findings(tmp_path: Path, line: str, severity: str, message: str) -> None:
    body = f"## Things I learned\n{line}\n"
    found = _lesson_findings(tmp_path, body)
    if severity is None:
        assert found == []
    else:
        assert [(f.severity, f.message[: len(message)]) for f in found] == [(severity, message)]


def test_fenced_code_is_not_checked(tmp_path: Path) -> None:
    body = "```\n[x](LINK HERE)\n- \n[99:00]\n```\n## Things I learned\n- [x] ok\n"
    assert _lesson_findings(tmp_path, body, duration=60) == []


def test_empty_bullets_of_every_kind(tmp_path: Path) -> None:
    body = "-\n* \n+\n1.\n- [ ]\n- [x] \nnot - a bullet\n---\n"
    found = _lesson_findings(tmp_path, body)
    assert [f.message for f in found] == ["empty bullet"] * 6


def test_done_lesson_without_learned_items(tmp_path: Path) -> None:
    found = _lesson_findings(tmp_path, "notes only\n", status="done")
    assert len(found) == 1
    finding = found[0]
    assert finding.severity == WARNING
    assert "done but has no learned items" in finding.message
    line = finding.file.read_text().splitlines()[finding.line - 1]
    assert line.startswith("status: done")


def test_timestamps_beyond_the_video(tmp_path: Path) -> None:
    body = "[1:00] fine\n\n[1:21:01] too late, `[2:00:00]` is code\n"
    found = _lesson_findings(tmp_path, body, duration=4860)
    assert [(f.severity, f.message) for f in found] == [
        (ERROR, "timestamp [1:21:01] is past the end of the video (1:21:00)")
    ]
    assert found[0].file.read_text().splitlines()[found[0].line - 1].startswith("[1:21:01]")
    assert _lesson_findings(tmp_path / "no-duration", body) == []


def test_unchecked_items_are_fine_when_exported_too(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    course.add_lesson("L", body="## Things I learned\n- [ ] later\n")
    assert len(checks.check_course(course)) == 1
    assert checks.check_course(course, unchecked_ok=True) == []


def test_unreadable_lesson_is_an_error(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    (course.lessons_dir / "01-bad.md").write_text("---\ntitle: [unclosed\n---\nbody\n")
    found = checks.check_course(Course.load(course.root))
    assert [(f.file.name, f.severity) for f in found] == [("01-bad.md", ERROR)]
    assert found[0].message.startswith("cannot read")


def test_course_intro_is_checked(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    course.document.set_body("See [this](LINK HERE).\n")
    course.document.save()
    found = checks.check_course(Course.load(course.root))
    assert [(f.file.name, f.line) for f in found] == [("course.md", 4)]
    assert found[0].file.read_text().splitlines()[3].startswith("See [this]")


def test_finding_format_and_summary(tmp_path: Path) -> None:
    finding = Finding(tmp_path / "a" / "b.md", 3, ERROR, "oops")
    assert finding.format(tmp_path) == "a/b.md:3: error: oops"
    assert finding.format(Path("/elsewhere")) == f"{tmp_path}/a/b.md:3: error: oops"
    assert checks.summary([finding]) == "1 error, 0 warnings"
    assert checks.summary([]) == "no problems found"


def test_a_conflict_copy_is_pointed_at_and_left_out_of_progress_and_export(
    tmp_path: Path,
) -> None:
    """Saved beside a lesson when it changed on disk: scratch to merge, not a lesson."""
    course = make_example_course(tmp_path / "clean", clean=True)
    lesson = course.lessons[0]
    before = (course.progress(), exporter.jekyll_page(course))
    copy = conflict_copy_path(lesson.path)
    copy.write_bytes(lesson.path.read_bytes())  # the same learned items, twice on disk
    course = Course.load(course.root)
    assert copy in [x.path for x in course.lessons]  # listed, so it can be found and merged
    assert (course.progress(), exporter.jekyll_page(course)) == before
    assert [(f.file, f.severity) for f in checks.check_course(course)] == [(copy, WARNING)]
    assert "conflict copy" in checks.check_course(course)[0].message


def test_only_names_we_make_are_conflict_copies_and_they_follow_their_lesson(
    tmp_path: Path,
) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.add_lesson("Merge conflicts", video_id="abcdefghijk")
    copy = conflict_copy_path(lesson.path)
    copy.write_bytes(lesson.path.read_bytes())  # same order, same video id
    (course.lessons_dir / "02-git.conflict-resolution.md").write_text("---\ntitle: Git\n---\n")
    course = Course.load(course.root)
    assert [x.path.name for x in course.lessons] == [
        lesson.path.name,
        copy.name,
        "02-git.conflict-resolution.md",
    ]
    assert [x.is_conflict_copy for x in course.lessons] == [False, True, False]
    found = course.lesson_by_video_id("abcdefghijk")
    assert found is not None
    assert found.path == lesson.path


def test_text_below_the_learned_list_is_exported_as_notes_or_reported(tmp_path: Path) -> None:
    from lessontui.services import exporter

    course = Course.create(tmp_path / "c", "C")
    body = "Intro note.\n\n## Things I learned\n- [x] one thing\n\nAn afterthought typed below.\n"
    course.add_lesson("L", body=body)
    with_notes = exporter.ExportOptions(notes=True)
    page = exporter.jekyll_page(course, with_notes)
    notes = page.split("#### L", 1)[1]
    assert "Intro note." in notes
    assert "An afterthought typed below." in notes
    assert "one thing" not in notes
    assert page.count("one thing") == 1
    assert checks.check_course(course, notes=True) == []
    # Without notes the page leaves it out, and the check says so, at its line.
    assert "afterthought" not in exporter.jekyll_page(course, exporter.ExportOptions())
    (finding,) = checks.check_course(course, notes=False)
    assert "notes after the learned list" in finding.message
    assert finding.severity == checks.WARNING
    lesson_file = course.lessons[0].path.read_text().splitlines()
    assert lesson_file[finding.line - 1] == "An afterthought typed below."


def test_a_footnote_definition_is_not_a_broken_link(tmp_path: Path) -> None:
    text = "A claim.[^1]\n\n[^1]: The source, page 12.\n[ref]: LINK HERE\n"
    found = checks.check_text(text, tmp_path / "n.md", 0, tmp_path)
    assert [finding.line for finding in found] == [4]  # the reference link, not the footnote


def test_course_md_fields_and_lesson_urls_are_checked(tmp_path: Path) -> None:
    """Raw HTML with a script, a `javascript:` link in course.md's part titles and goals
    or a chapter title, and a lesson URL that is not http(s), are errors."""
    course = Course.create(
        tmp_path / "c",
        "</title><script>alert(4)</script>",
        parts=[
            {
                "title": "Part 1 <script>alert(1)</script>",
                "goal": "[x](javascript:alert(2)) <img src=x onerror=alert(3)>",
            }
        ],
    )
    course.add_lesson("Bad", url="javascript:alert(1)", part=1)
    course.add_lesson("Ok", url="https://example.com/v", chapters=[{"time": 1, "title": "<b>"}])
    found = checks.check_course(Course.load(course.root))
    errors = [f for f in found if f.severity == ERROR]
    messages = " | ".join(f.message for f in errors)
    assert "title: raw HTML <script>" in messages
    assert "part 1 title: raw HTML <script>" in messages
    assert "part 1 goal: unsafe link (javascript:" in messages
    assert "part 1 goal: raw HTML <img> with a script" in messages
    # Both exports escape a field: it is shown as text, not published as it is.
    assert "publishes it as it is" not in messages
    assert "title: raw HTML <script> with a script: the page shows it escaped" in messages
    assert "url is not an http(s) URL (the page does not link it): javascript:alert(1)" in messages
    assert all("Ok" not in f.file.name for f in errors)  # `<b>` alone is no error
    bad = next(f for f in errors if f.message.startswith("url is"))
    assert bad.file.read_text().splitlines()[bad.line - 1].startswith("url:")


@pytest.mark.parametrize("value", ["../outside", "/abs/dir", "a b", "x/../../y", "."])
def test_check_warns_of_an_assets_folder_it_will_not_use(tmp_path: Path, value: str) -> None:
    course = Course.create(tmp_path / "c", "C")
    assert course.set_export_settings({"assets": value})
    found = checks.check_course(Course.load(course.root))
    [finding] = [f for f in found if "export assets" in f.message]
    assert finding.severity == checks.WARNING
    assert "is not a folder name relative to the page; the images go to assets/" in finding.message
    course.set_export_settings({"assets": "img/frames/"})
    assert not [f for f in checks.check_course(Course.load(course.root)) if "assets" in f.message]
