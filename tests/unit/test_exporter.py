"""The exported page: the example's shape, options, templates, timestamps, safe HTML."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from lessontui.course import checklist
from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportError, ExportOptions
from tests.fixtures_export import (
    example_sections,
    example_text,
    make_example_course,
)
from tests.sample_text import HOSTILE_NOTES, HOSTILE_TITLE


@pytest.fixture
def example_course(tmp_path: Path) -> Course:
    return make_example_course(tmp_path / "fastai")


def _front_matter(page: str) -> dict[str, Any]:
    assert page.startswith("---\n")
    meta: dict[str, Any] = yaml.safe_load(page.split("---\n", 2)[1])
    return meta


def _course(root: Path, intro: str = "", **fields: Any) -> Course:
    course = Course.create(root, fields.pop("title", "Notes"), **fields)
    course.document.set_body(intro)
    course.document.save()
    return Course.load(root)


# -- the example page ----------------------------------------------------------------


def test_export_has_the_example_pages_sections(example_course: Course) -> None:
    page = exporter.jekyll_page(example_course)
    ours, theirs = example_sections(page), example_sections(example_text())
    assert list(ours) == list(theirs) == ["---", "Intro", "Part 1"]
    assert _front_matter(page) == {
        **yaml.safe_load(theirs["---"]),
        "excerpt_separator": "<!--more-->",
    }
    assert ours["Intro"] == theirs["Intro"]
    goal, label, *items = ours["Part 1"].replace("\n\n", "\n").splitlines()
    their_goal, their_label, *their_items = theirs["Part 1"].replace("\n\n", "\n").splitlines()
    assert (goal, label) == (their_goal, their_label)
    # The example's last bullet is empty (a slip the check reports); the rest match.
    assert their_items[-1].strip() == "-"
    assert items == their_items[:-1]


def test_export_is_the_example_page_byte_for_byte_but_for_its_slips(
    example_course: Course,
) -> None:
    expected = example_text().replace(
        "last_modified: 2024-03-19\n",
        "last_modified: 2024-03-19\nexcerpt_separator: <!--more-->\n",
    )
    expected = expected.removesuffix("\n- ") + "\n"
    assert exporter.jekyll_page(example_course) == expected


def test_export_is_deterministic(example_course: Course, tmp_path: Path) -> None:
    for options in (ExportOptions(), ExportOptions("html", notes=True, unchecked=True)):
        first = exporter.export_text(example_course, options).encode()
        again = exporter.export_text(Course.load(example_course.root), options).encode()
        assert first == again


def test_last_modified_is_the_latest_lesson_edit(example_course: Course) -> None:
    lesson = example_course.lessons[1]
    lesson.save_body(lesson.body + "\nmore\n")
    page = exporter.jekyll_page(Course.load(example_course.root))
    assert _front_matter(page)["last_modified"] == dt.date.today()
    assert _front_matter(page)["date"] == dt.date(2024, 3, 18)


# -- intro and excerpt ---------------------------------------------------------------------


def test_excerpt_marker_goes_after_the_first_paragraph() -> None:
    intro = "First line\nstill first.\n\nSecond paragraph."
    assert exporter.with_excerpt_marker(intro) == (
        "First line\nstill first.<!--more-->\n\nSecond paragraph."
    )
    assert exporter.with_excerpt_marker("Only one.") == "Only one.<!--more-->"
    kept = "One.\n\nTwo.<!--more-->\n\nThree."
    assert exporter.with_excerpt_marker(kept) == kept
    headed = "## About\n\nFirst.\n\nSecond."
    assert exporter.with_excerpt_marker(headed) == "## About\n\nFirst.<!--more-->\n\nSecond."
    fenced = "```\ncode\n\nmore code\n```\n\nAfter."
    assert exporter.with_excerpt_marker(fenced) == (
        "```\ncode\n\nmore code\n```\n\n<!--more-->\n\nAfter."
    )


def test_course_without_intro_has_no_intro_section(tmp_path: Path) -> None:
    page = exporter.jekyll_page(_course(tmp_path / "c"))
    assert "### Intro" not in page
    assert _front_matter(page)["title"] == "Notes"


# -- parts, items, options -----------------------------------------------------------------


def test_items_go_to_their_part_in_lesson_order(tmp_path: Path) -> None:
    course = _course(
        tmp_path / "c",
        "Hello.",
        parts=[{"title": "Part 1", "goal": "basics"}, {"title": "Part 2", "goal": "more"}],
    )
    course.add_lesson("B", body="## Things I learned\n- [x] b-item\n", part=2)
    course.add_lesson("A", body="## Things I learned\n- [x] a-item\n- [ ] a-open\n", part=1)
    course.add_lesson("C", body="## Things I learned\n- [x] c-item\n", part=2)
    course.add_lesson("D", body="## Things I learned\n- [x] d-item\n", part=3)
    page = exporter.jekyll_page(Course.load(course.root))
    sections = example_sections(page)
    assert list(sections) == ["---", "Intro", "Part 1", "Part 2", "Part 3"]
    assert sections["Part 1"] == "*basics*\n\n**Things I learned:**\n- a-item"
    assert sections["Part 2"] == "*more*\n\n**Things I learned:**\n- b-item\n- c-item"
    assert sections["Part 3"] == "**Things I learned:**\n- d-item"
    assert "a-open" not in page


def test_unchecked_option_writes_a_task_list(example_course: Course) -> None:
    page = exporter.jekyll_page(example_course, ExportOptions(unchecked=True))
    assert "- [ ] how fine_tune picks its learning rate\n" in page
    assert "- [x] [timm](https://timm.fast.ai/)" in page
    assert "- [x] \n" not in page  # empty items never reach the page


def test_notes_option_adds_each_lessons_notes(example_course: Course) -> None:
    plain = exporter.jekyll_page(example_course)
    assert "timm collects" not in plain
    page = exporter.jekyll_page(example_course, ExportOptions(notes=True))
    heading = "#### [Lesson 1](https://www.youtube.com/watch?v=Xy1lesson01)"
    assert f"{heading}\n\n[12:34](https://youtu.be/Xy1lesson01?t=754) timm collects" in page
    assert "#### Lesson 3" not in page  # no notes besides its learned items
    assert page.count("Things I learned") == 1  # each lesson's own list is not repeated


def test_line_breaks_in_notes_survive(tmp_path: Path) -> None:
    course = _course(tmp_path / "c")
    course.add_lesson("L", body="one  \ntwo\n\n\n\nthree\n")
    page = exporter.jekyll_page(Course.load(course.root), ExportOptions(notes=True))
    assert "one  \ntwo\n\nthree\n" in page


def test_notes_headings_sit_below_the_lesson_heading(tmp_path: Path) -> None:
    course = _course(tmp_path / "c")
    body = "# Big\ntext\n## Smaller\n```\n# not a heading\n```\n## Things I learned\n- [x] a\n"
    course.add_lesson("L <b>1</b> [x](y)", body=body)
    page = exporter.jekyll_page(Course.load(course.root), ExportOptions(notes=True))
    assert "#### L \\<b\\>1\\</b\\> \\[x\\](y)\n" in page
    assert "##### Big\ntext\n###### Smaller\n```\n# not a heading\n```" in page


def test_options_default_from_the_export_block(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", export={"format": "html", "notes": True})
    options = ExportOptions.for_course(course, unchecked=None, notes=None)
    assert options == ExportOptions("html", notes=True, unchecked=False)
    assert ExportOptions.for_course(course, format="jekyll").format == "jekyll"


# -- timestamps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc123", "[1:02:03](https://youtu.be/abc123?t=3723)"),
        ("https://example.org/v/1", "[1:02:03](https://example.org/v/1?t=3723)"),
        ("https://vimeo.com/123", "[1:02:03](https://vimeo.com/123#t=3723s)"),
        (None, "[1:02:03]"),
    ],
)
def test_timestamps_become_deep_links(tmp_path: Path, url: str | None, expected: str) -> None:
    course = _course(tmp_path / "c")
    fields = {"url": url} if url else {}
    body = (
        "see [1:02:03] here, `[1:00]` in code, [0:10](https://x.org/) linked\n"
        "```\n[2:00] in a fence\n```\n"
    )
    course.add_lesson("L", body=body, **fields)
    page = exporter.jekyll_page(Course.load(course.root), ExportOptions(notes=True))
    assert f"see {expected} here, `[1:00]` in code, [0:10](https://x.org/) linked" in page
    assert "\n[2:00] in a fence\n" in page


# -- front matter and templates ------------------------------------------------------------


def test_front_matter_settings_from_the_export_block(tmp_path: Path) -> None:
    course = _course(
        tmp_path / "c",
        "Intro.",
        title="Notes: a title: with colons # and hash",
        date=dt.date(2024, 1, 2),
        export={
            "layout": "post",
            "fields": {"last_modified": "last_modified_at", "date": ""},
            "front_matter": {"tags": ["ml", "notes"], "title": "ignored"},
        },
    )
    course.add_lesson("L", body="x")
    meta = _front_matter(exporter.jekyll_page(Course.load(course.root)))
    assert meta == {
        "layout": "post",
        "title": "Notes: a title: with colons # and hash",
        "last_modified_at": dt.date.today(),
        "excerpt_separator": "<!--more-->",
        "tags": ["ml", "notes"],
    }


def test_liquid_in_notes_turns_liquid_off(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", "Intro.")
    course.add_lesson("L", body="## Things I learned\n- [x] Jinja's `{{ x }}` syntax\n")
    meta = _front_matter(exporter.jekyll_page(Course.load(course.root)))
    assert meta["render_with_liquid"] is False


def test_course_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", "Hi.", export={"template": "my.md.j2"})
    (course.root / "my.md.j2").write_text(
        "---\n{{ front_matter }}---\n# {{ title }}\n"
        "{% for s in sections %}{% for i in s.items %}* {{ i.text }}\n{% endfor %}{% endfor %}"
    )
    course.add_lesson("L", body="## Things I learned\n- [x] one\n")
    page = exporter.jekyll_page(Course.load(course.root))
    assert page.endswith("---\n# Notes\n* one\n")


def test_template_errors_are_export_errors(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", export={"template": "bad.j2"})
    with pytest.raises(ExportError, match=r"bad\.j2"):
        exporter.jekyll_page(course)  # missing file
    (course.root / "bad.j2").write_text("line\n{% for %}\n")
    with pytest.raises(ExportError, match=r"bad\.j2:2"):
        exporter.jekyll_page(course)
    (course.root / "bad.j2").write_text("{{ title.__class__.__mro__ }}")
    with pytest.raises(ExportError):
        exporter.jekyll_page(course)  # the sandbox refuses


def test_built_in_templates_are_package_data() -> None:
    for name in ("jekyll.md.j2", "page.html.j2", "page.css"):
        assert exporter.builtin_template(name).strip()


def test_unknown_format(example_course: Course) -> None:
    with pytest.raises(ExportError, match="unknown format"):
        exporter.export_text(example_course, ExportOptions(format="pdf"))


# -- HTML --------------------------------------------------------------------------------------


class _Tree(HTMLParser):
    """Everything an HTML page would make a browser do, as seen by a real parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.title = ""
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if "h1" in self.stack:
            self.h1 += data


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def test_html_export_of_hostile_notes_is_inert(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", "Intro <script>alert('intro')</script>\n\nMore.")
    course.update(title=HOSTILE_TITLE)
    course.add_lesson("<script>alert('lesson')</script>", body=HOSTILE_NOTES)
    html = exporter.html_page(Course.load(course.root), ExportOptions("html", notes=True))
    tree = _parse(html)
    tags = [tag for tag, _ in tree.tags]
    assert "script" not in tags
    assert tags.count("title") == 1
    assert tree.title == HOSTILE_TITLE
    assert tree.h1 == HOSTILE_TITLE
    for tag, attrs in tree.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            if (link := attrs.get(name)) is not None:
                assert exporter.is_safe_link(link), (tag, attrs)
    hrefs = [attrs["href"] for tag, attrs in tree.tags if tag == "a"]
    # The learned items come first on the page, then the notes.
    assert hrefs == ["https://example.org/item", "https://example.org/ok", "mailto:me@example.org"]
    assert not any(tag in ("img", "div", "b", "iframe") for tag in tags)
    text = "".join(tree.text)
    assert "<script>alert('notes')</script>" in text  # shown as text, not run
    assert "<!--more-->" not in text
    assert tree.comments == []


def test_html_page_has_tables_task_lists_and_print_styles(demo_course: Course) -> None:
    html = exporter.html_page(demo_course, ExportOptions("html", notes=True, unchecked=True))
    tree = _parse(html)
    tags = [tag for tag, _ in tree.tags]
    assert {"table", "thead", "td", "pre", "code", "blockquote", "style"} <= set(tags)
    boxes = [attrs for tag, attrs in tree.tags if tag == "input"]
    items = [item for lesson in demo_course.lessons for item in checklist.items(lesson.body)]
    assert len(boxes) == len(items) > 0
    assert sum("checked" in attrs for attrs in boxes) == sum(item.checked for item in items)
    assert "@media print" in html
    assert "prefers-color-scheme: dark" in html
    assert tree.title == demo_course.title


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.org", True),
        ("/relative/path", True),
        ("#frag", True),
        ("mailto:a@b.c", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
        ("vbscript:x", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert exporter.is_safe_link(url) is safe


def test_write_export_is_atomic_and_exact(example_course: Course, tmp_path: Path) -> None:
    text = exporter.jekyll_page(example_course)
    target = tmp_path / "out" / "page.md"
    target.parent.mkdir()
    exporter.write_export(target, text)
    assert target.read_bytes() == exporter.with_mark(text).encode()
    assert exporter.default_filename(example_course, "html") == "course-notes-fast-ai.html"


def test_a_lesson_with_export_false_stays_off_the_page(tmp_path: Path) -> None:
    course = _course(tmp_path / "c", parts=[{"title": "Part 1", "goal": "g"}])
    course.add_lesson("Shown", body="## Things I learned\n- [x] shown item\n", part=1)
    course.add_lesson("Hidden", body="## Things I learned\n- [x] hidden item\n", export=False)
    page = exporter.build_page(Course.load(course.root))
    items = [item.text for section in page.sections for item in section.items]
    assert items == ["shown item"]


def test_a_quoted_transcript_line_gets_a_deep_link(tmp_path: Path) -> None:
    # What alt+q types: the stamp inside a block quote links like any other stamp.
    course = _course(tmp_path / "c")
    quote = "> [0:05] Today we train a bird classifier.\n> [1:02:03] And again.\n"
    course.add_lesson("L", body=f"Before.\n{quote}\nAfter.\n", url="https://youtu.be/abc123")
    page = exporter.jekyll_page(Course.load(course.root), ExportOptions(notes=True))
    # Each cue stays its own line on the page: a hard break ends all but the last.
    assert "> [0:05](https://youtu.be/abc123?t=5) Today we train a bird classifier.  \n" in page
    assert "> [1:02:03](https://youtu.be/abc123?t=3723) And again.\n" in page


def test_text_typed_right_below_the_learned_list_is_a_note(tmp_path: Path) -> None:
    course = _course(tmp_path / "c")
    body = "notes\n\n## Things I learned\n- [x] one\n[1:23] typed after\n"
    course.add_lesson("L", body=body, url="https://youtu.be/abcdefghijk")
    course = Course.load(course.root)
    plain = exporter.jekyll_page(course)
    assert "**Things I learned:**\n- one\n" in plain
    assert "typed after" not in plain
    page = exporter.jekyll_page(course, ExportOptions(notes=True))
    link = "[1:23](https://youtu.be/abcdefghijk?t=83)"
    heading = "#### [L](https://youtu.be/abcdefghijk)"
    assert f"- one\n\n{heading}\n\nnotes\n\n{link} typed after\n" in page


def test_video_options_keep_hostile_text_inert(tmp_path: Path) -> None:
    course = _course(tmp_path / "c")
    course.add_lesson(
        "L",
        url="https://www.youtube.com/watch?v=abcdefghijk&x={{ site.secret }}",
        chapters=[{"time": 5, "title": "[click](javascript:alert(1)) {% raw %}"}],
        duration=65,
    )
    course.add_lesson("Bad", url="javascript:alert(1)", video="../media/a b.mp4", duration=3)
    options = ExportOptions(chapters=True, duration=True, thumbnails=True)
    page = exporter.jekyll_page(Course.load(course.root), options)
    assert "render_with_liquid: false" in page  # `{{` in a URL and `{%` in a chapter title
    assert "- [0:05](https://youtu.be/abcdefghijk?t=5) \\[click\\](javascript:alert(1))" in page
    assert "#### [Bad](a%20b.mp4)" in page  # the unsafe URL dropped for the file's name
    assert "javascript:alert(1))\n" not in page.split("#### [Bad]")[1]
    assert "*Video: 1:05*" in page
    assert "*Video: 0:03*" in page


def test_front_matter_text_is_plain_text_and_only_web_urls_link(tmp_path: Path) -> None:
    """Part titles, goals and the learned label are plain text on the Jekyll page (never
    raw HTML or links), and only http(s) URLs become links: a `mailto:`, relative or
    `javascript:` URL, a hostile video id, a file name that reads as a scheme."""
    course = _course(
        tmp_path / "c",
        parts=[
            {
                "title": "Part 1 <script>alert(1)</script>",
                "goal": "**goal** [x](javascript:alert(2)) <img src=x onerror=alert(3)>",
            }
        ],
        learned_heading="Learned <b onmouseover=alert(5)>",
    )
    course.add_lesson("Mail", url="mailto:a@b.c", part=1)
    course.add_lesson("Rel", url="evil.html", part=1)
    course.add_lesson("Colon", url="java\tscript:alert(1)", video="media/javascript:x.mp4", part=1)
    course.add_lesson(
        "Id", url="https://youtu.be/x", video_id="abcdefg) <img src=x onerror=alert(6)>", part=1
    )
    for lesson in Course.load(course.root).lessons:
        lesson_doc = lesson.document()
        lesson_doc.set_body("[1:00] stamp\n\n## Things I learned\n\n- [x] one\n")
        lesson_doc.save()
    page = exporter.jekyll_page(
        Course.load(course.root), ExportOptions(notes=True, chapters=True, thumbnails=True)
    )
    body = page.split("---\n", 2)[2]
    assert "### Part 1 \\<script\\>alert(1)\\</script\\>" in body
    assert (
        "*\\*\\*goal\\*\\* \\[x\\](javascript:alert(2)) \\<img src=x onerror=alert(3)\\>*" in body
    )
    assert not re.search(r"(?<!\\)<", body)  # every `<` is an escaped one
    assert "#### Mail\n" in body
    assert "#### Rel\n" in body
    assert "#### [Colon](javascript%3Ax.mp4)" in body
    assert "](mailto:" not in body
    assert "](evil.html)" not in body
    assert "onerror=alert(6)" not in body
    assert "youtu.be/abcdefg)" not in body
