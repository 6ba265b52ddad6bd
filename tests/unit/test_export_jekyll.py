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
from tests.fixtures_export import jekyll_build, make_example_course

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
        self.text = ""
        self._in: list[str] = []
        self._href: str | None = None
        self._link_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        if tag == "a":
            self._href, self._link_text = dict(attrs).get("href") or "", ""
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


# Written as in the app: a stamp a line (alt+t, enter), then a quote of three cues (alt+q).
STAMPED_NOTE = (
    "[0:09] Clean the data\n"
    "[0:13] Deploy the model\n"
    "[0:20] Share it\n"
    "\n"
    "> [1:02] first cue\n"
    "> [1:05] second cue\n"
    "> [1:09] third cue\n"
)


def _lines_of(html: str, start: str, end: str) -> list[str]:
    """The text from `start` to the next `end` split where the page breaks lines (`<br>`)."""
    begin = html.index(start)
    chunk = html[begin : html.index(end, begin)]
    parser = _Page()
    parser.feed(chunk.replace("<br />", "\x00").replace("<br>", "\x00"))
    return [" ".join(line.split()) for line in parser.text.split("\x00")]


@pytest.mark.needs_jekyll
def test_a_note_keeps_its_lines_and_text_after_the_list_in_jekyll(tmp_path: Path) -> None:
    course = make_example_course(tmp_path / "course", clean=True)
    # ctrl+end, alt+t: a line typed after the learned list, right below its last item.
    course.lessons[2].save_body(
        STAMPED_NOTE + "\n" + course.lessons[2].body + "[2:00] typed after the list\n"
    )
    course = Course.load(course.root)
    site = _site(tmp_path)
    page_text = exporter.jekyll_page(course, ExportOptions(notes=True))
    exporter.write_export(site / "_projects" / "course-notes.md", page_text)
    result = jekyll_build(site, tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

    html = (site / "_site" / "projects" / "course-notes" / "index.html").read_text("utf-8")
    assert _lines_of(html, "0:09", "</p>") == [
        "0:09 Clean the data",
        "0:13 Deploy the model",
        "0:20 Share it",
    ]
    built = _parse(site / "_site" / "projects" / "course-notes" / "index.html")
    assert "2:00 typed after the list" in built.text  # a note of the lesson's...
    assert not any("typed after" in item for item in built.items)  # ...not a learned item
    assert _lines_of(html, "1:02", "</blockquote>") == [
        "1:02 first cue",
        "1:05 second cue",
        "1:09 third cue",
    ]
