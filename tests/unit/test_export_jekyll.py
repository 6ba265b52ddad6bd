"""The exported page builds in real Jekyll: title, excerpt and every learned link survive."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from lessontui.course import checklist
from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions
from tests.fixtures_export import (
    example_sections,
    example_text,
    jekyll_build,
    make_example_course,
    make_full_course,
)

# A site as small as Jekyll allows: no theme, no plugins, no Gemfile, so the
# build needs no network. The page is a `projects` collection document, as on
# a site whose projects index shows each page's excerpt.
CONFIG = """\
title: Test site
collections:
  projects:
    output: true
    permalink: /projects/:name/
plugins: []
"""
LAYOUT = """\
<!DOCTYPE html>
<html><head><title>{{ page.title }}</title></head>
<body><p class="updated">{{ page.last_modified }}</p><article>{{ content }}</article></body></html>
"""
INDEX = """\
---
---
{% for project in site.projects %}
<section class="excerpt">{{ project.excerpt }}</section>
{% endfor %}
"""


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.links: list[tuple[str, str]] = []
        self.items: list[str] = []
        self.excerpts: list[str] = []
        self.images: list[str] = []
        self.text = ""
        self._in: list[str] = []
        self._href: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag == "a":
            self._href, self._link_text = dict(attrs).get("href") or "", ""
        elif tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        elif tag == "li":
            self.items.append("")
        elif tag == "section" and ("class", "excerpt") in attrs:
            self.excerpts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text))
            self._href = None
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text += data
        if "title" in self._in:
            self.title += data
        if self._href is not None:
            self._link_text += data
        if "li" in self._in:
            self.items[-1] += data
        if "section" in self._in and self.excerpts:
            self.excerpts[-1] += data


def _plain(text: str) -> str:
    """kramdown's typography (curly quotes, dashes) undone, to compare with the source."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return text.translate(table).replace("\u2013", "--").replace("\u2014", "---")


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


def _item_links(course: Course) -> list[tuple[str, str]]:
    """(href, text) of every link in the course's checked learned items."""
    md = MarkdownIt("commonmark")
    found = []
    for lesson in course.lessons:
        for item in checklist.items(lesson.body):
            if not item.checked:
                continue
            tokens = md.parseInline(item.text)[0].children or []
            for index, token in enumerate(tokens):
                if token.type == "link_open":
                    text = ""
                    for inner in tokens[index + 1 :]:
                        if inner.type == "link_close":
                            break
                        text += inner.content
                    found.append((str(token.attrs["href"]), text))
    return found


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_projects").mkdir()
    (site / "_config.yml").write_text(CONFIG)
    (site / "_layouts" / "project.html").write_text(LAYOUT)
    (site / "index.html").write_text(INDEX)
    return site


@pytest.mark.needs_jekyll
def test_exported_page_builds_in_jekyll(tmp_path: Path) -> None:
    course = make_example_course(tmp_path / "course", clean=True)
    # Notes that look like Liquid must reach the page as text, not break the build.
    lesson = course.lessons[0]
    lesson.save_body("Jinja: {{ page.title }} and {% raw %} stay text.\n\n" + lesson.body)
    course = Course.load(course.root)

    site = _site(tmp_path)
    page_text = exporter.jekyll_page(course, ExportOptions(notes=True))
    exporter.write_export(site / "_projects" / "course-notes.md", page_text)

    result = jekyll_build(site, tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    built = _parse(site / "_site" / "projects" / "course-notes" / "index.html")
    assert built.title == "Course Notes -- Fast.ai"
    last_modified = course.last_modified()
    assert last_modified is not None
    assert last_modified.isoformat() in built.text  # the front matter reached the layout
    assert "{{ page.title }} and {% raw %} stay text." in _plain(built.text)

    links = _item_links(course)
    assert len(links) >= 9
    built_links = [(href, _plain(text)) for href, text in built.links]
    for href, text in links:
        assert (href, text) in built_links, (href, text)
    learned = [item.text for lesson in course.lessons for item in checklist.items(lesson.body)]
    assert len(built.items) == len(learned)

    index = _parse(site / "_site" / "index.html")
    assert len(index.excerpts) == 1
    excerpt = _plain(index.excerpts[0])
    assert excerpt.startswith("Intro")
    assert "roll my sleeves up and learn the hands-on tools." in excerpt
    assert "I'll be using this space" not in excerpt  # after the marker
    assert "<!--more-->" not in excerpt
    assert "Things I learned" not in excerpt


def _lines_of(html: str, start: str, end: str) -> list[str]:
    """The text from `start` to the next `end` split where the page breaks lines (`<br>`)."""
    begin = html.index(start)
    chunk = html[begin : html.index(end, begin)]
    parser = _Page()
    parser.feed(chunk.replace("<br />", "\x00").replace("<br>", "\x00"))
    return [" ".join(line.split()) for line in parser.text.split("\x00")]


@pytest.mark.needs_jekyll
def test_page_with_notes_and_videos_builds_in_jekyll_as_written(tmp_path: Path) -> None:
    course = make_full_course(tmp_path / "course")
    site = _site(tmp_path)
    options = ExportOptions(notes=True, duration=True, chapters=True, thumbnails=True)
    page_text = exporter.jekyll_page(course, options)
    exporter.write_export(site / "_projects" / "course-notes.md", page_text)
    result = jekyll_build(site, tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    # Still the example page's shape: its intro, its part, its learned list first.
    ours, theirs = example_sections(page_text), example_sections(example_text())
    assert list(ours) == list(theirs) == ["---", "Intro", "Part 1"]
    assert ours["Intro"] == theirs["Intro"]
    # The plain page is the example's (test_exporter.py); this one adds the lessons after it.
    plain = example_sections(exporter.jekyll_page(course))["Part 1"]
    assert ours["Part 1"].startswith(plain + "\n\n#### [Lesson 1](")

    built = _parse(site / "_site" / "projects" / "course-notes" / "index.html")
    # Each lesson's heading links to its video; the chapters to their moment.
    for lesson in course.lessons:
        assert (lesson.url, lesson.title) in built.links
    assert ("https://youtu.be/Xy1lesson01?t=754", "12:34") in built.links
    assert "12:34 Training a model" in built.text
    assert "Video: 1:23:20" in built.text
    thumbs = [f"https://i.ytimg.com/vi/{x.video_id}/hqdefault.jpg" for x in course.lessons]
    assert built.images == thumbs

    html = (site / "_site" / "projects" / "course-notes" / "index.html").read_text("utf-8")
    assert _lines_of(html, "0:09", "</p>") == [
        "0:09 Clean the data",
        "0:13 Deploy the model",
        "0:20 Share it",
    ]
    assert "2:00 typed after the list" in built.text  # a note of the lesson's...
    assert not any("typed after" in item for item in built.items)  # ...not a learned item
    assert _lines_of(html, "1:02", "</blockquote>") == [
        "1:02 first cue",
        "1:05 second cue",
        "1:09 third cue",
    ]


@pytest.mark.needs_jekyll
def test_hostile_front_matter_text_is_inert_in_a_real_jekyll_build(tmp_path: Path) -> None:
    """t08: a part title with `<script>`, a goal with `onerror` and a `javascript:` link,
    a lesson `url: javascript:` are text in the built page, never tags or links."""
    course = Course.create(
        tmp_path / "course",
        "Notes",
        parts=[
            {
                "title": "Part 1 <script>alert(1)</script>",
                "goal": "**goal** [x](javascript:alert(2)) <img src=x onerror=alert(3)> {{ site }}",
            }
        ],
    )
    course.add_lesson("Bad", url="javascript:alert(1)", part=1, body="notes\n")
    site = _site(tmp_path)
    page_text = exporter.jekyll_page(Course.load(course.root), ExportOptions(notes=True))
    exporter.write_export(site / "_projects" / "course-notes.md", page_text)
    result = jekyll_build(site, tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (site / "_site" / "projects" / "course-notes" / "index.html").read_text("utf-8")
    built = _parse(site / "_site" / "projects" / "course-notes" / "index.html")
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert not [href for href, _ in built.links if "javascript" in href.lower()]
    assert "Part 1 <script>alert(1)</script>" in built.text  # shown as typed
    assert "[x](javascript:alert(2)) <img src=x onerror=alert(3)> {{ site }}" in built.text
