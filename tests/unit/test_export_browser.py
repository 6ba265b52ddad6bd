"""The exported HTML page in a real browser: Debian's headless Chromium, driven by Playwright.

The parser-level tests (test_exporter.py) cannot see that a browser ignores an
escaped stylesheet or runs a script; these open the page and ask the browser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lessontui.course.course import Course
from lessontui.services import exporter
from lessontui.services.exporter import ExportOptions
from tests.sample_text import HOSTILE_NOTES, HOSTILE_TITLE

pytestmark = pytest.mark.needs_chromium

CHROMIUM = "/usr/bin/chromium"
CSS = exporter.builtin_template("page.css")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's Chromium, never a downloaded one (`playwright install` is not run).
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


def _open(browser: Any, html: str, path: Path, scheme: str = "light") -> tuple[Any, list[str]]:
    """The page loaded from a file, with every request beyond that file blocked and noted."""
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    requests: list[str] = []

    def block(route: Any) -> None:
        url = route.request.url
        if url == path.as_uri():
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    page.route("**/*", block)
    page.goto(path.as_uri())
    return page, requests


def _css_value(name: str, scheme: str) -> str:
    """A custom property as page.css sets it for a colour scheme."""
    dark = CSS.split("@media (prefers-color-scheme: dark)", 1)[1].split("}", 1)[0]
    block = dark if scheme == "dark" else CSS.split(":root", 1)[1].split("}", 1)[0]
    match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", block)
    assert match, name
    return match.group(1)


def _rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def _style(page: Any, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_uses_its_stylesheet(
    browser: Any, demo_course: Course, tmp_path: Path, scheme: str
) -> None:
    html = exporter.html_page(demo_course, ExportOptions("html", notes=True, unchecked=True))
    page, requests = _open(browser, html, tmp_path / "page.html", scheme)
    body_font = _style(page, "body", "fontFamily")
    assert body_font.startswith("system-ui")
    assert "sans-serif" in body_font
    assert _style(page, "html", "backgroundColor") == _rgb(_css_value("background", scheme))
    assert _style(page, "body", "color") == _rgb(_css_value("text", scheme))
    assert _style(page, "a", "color") == _rgb(_css_value("link", scheme))
    # A readable measure: the text column is about 44em wide, centred.
    width = page.eval_on_selector("article", "e => e.getBoundingClientRect().width")
    assert 600 <= width <= 720
    body_size = float(_style(page, "p", "fontSize").removesuffix("px"))
    for level in ("h1", "h3", "h4"):
        assert float(_style(page, level, "fontSize").removesuffix("px")) > body_size, level
        assert int(_style(page, level, "fontWeight")) >= 600, level
    code_font = _style(page, "pre code", "fontFamily")
    assert "monospace" in code_font
    assert "ui-monospace" in code_font
    code_bg = _rgb(_css_value("code-background", scheme))
    assert _style(page, "pre", "backgroundColor") == code_bg
    assert _style(page, "p code", "backgroundColor") == code_bg
    assert _style(page, "td", "borderTopStyle") == "solid"
    assert _style(page, "ul.contains-task-list", "listStyleType") == "none"
    assert requests == []
    page.close()


def test_tables_task_lists_and_timestamp_links_work(
    browser: Any, demo_course: Course, tmp_path: Path
) -> None:
    html = exporter.html_page(demo_course, ExportOptions("html", notes=True, unchecked=True))
    page, requests = _open(browser, html, tmp_path / "page.html")
    rows = page.eval_on_selector_all("table tr", "rows => rows.map(r => r.cells.length)")
    assert rows == [2, 2, 2]
    headers = page.eval_on_selector_all("th", "cells => cells.map(c => c.innerText)")
    assert headers == ["tool", "what for"]
    boxes = page.eval_on_selector_all(
        "li.task-list-item input[type=checkbox]", "boxes => boxes.map(b => b.checked)"
    )
    assert boxes.count(True) >= 1
    assert boxes.count(False) >= 1
    assert all(page.is_visible(f"li.task-list-item >> nth={i}") for i in range(len(boxes)))
    heading = page.eval_on_selector("h1", "e => e.innerText")
    assert heading == demo_course.title
    # A timestamp is a link to that second of the video; clicking it goes there.
    stamp = page.locator("a", has_text=re.compile(r"^0:45$"))
    assert stamp.get_attribute("href") == "https://youtu.be/8SF_h3xF3cE?t=45"
    stamp.click()
    page.wait_for_timeout(200)
    assert "https://youtu.be/8SF_h3xF3cE?t=45" in requests
    page.close()


def test_no_script_runs_from_a_hostile_note(browser: Any, tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Hostile", intro="<script>alert('intro')</script>")
    course.update(title=HOSTILE_TITLE)
    course.add_lesson(
        "<script>alert('lesson')</script>",
        body=HOSTILE_NOTES + "\n<svg onload=alert('svg')></svg> <iframe src=javascript:alert(1)>\n",
    )
    html = exporter.html_page(Course.load(course.root), ExportOptions("html", notes=True))
    # Whatever the note holds, a script that does run sets this flag or opens a dialog.
    probe = "(window.ran=1)||alert("
    html_with_probe = html.replace("alert(", probe)
    page, requests = _open(browser, html_with_probe, tmp_path / "page.html")
    dialogs: list[str] = []

    def answer(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    for index in range(page.locator("body *").count()):
        element = page.locator("body *").nth(index)
        if element.is_visible():
            element.hover()
    for index in range(page.locator("a").count()):
        page.locator("a").nth(index).click(modifiers=["Shift"])  # a new window, not away
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.ran") is None
    assert page.title() == HOSTILE_TITLE.replace("alert(", probe)
    assert page.locator("script").count() == 0
    assert all(url.startswith(("https://example.org/", "mailto:")) for url in requests), requests
    page.close()


_TEXT_TOP = """text => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf(text);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(walker.currentNode, at);
      range.setEnd(walker.currentNode, at + text.length);
      return range.getBoundingClientRect().top;
    }
  }
  return null;
}"""


def test_page_with_notes_and_videos_in_the_browser(browser: Any, tmp_path: Path) -> None:
    from tests.fixtures_export import make_full_course

    course = make_full_course(tmp_path / "course")
    options = ExportOptions("html", notes=True, duration=True, chapters=True, thumbnails=True)
    html = exporter.html_page(course, options)
    assert "default-src 'none'; img-src * data:; style-src 'unsafe-inline'" in html  # the CSP
    page, requests = _open(browser, html, tmp_path / "page.html")
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)

    # A line of a note is a line: each text starts lower than the one before.
    for texts in (
        ["Clean the data", "Deploy the model", "Share it"],
        ["first cue", "second cue", "third cue"],
    ):
        rows = [page.evaluate(_TEXT_TOP, text) for text in texts]
        assert rows == sorted(rows), (texts, rows)
        assert len(set(rows)) == len(rows), (texts, rows)
    # Text typed after the learned list is a note of its lesson, not a learned item.
    items = page.eval_on_selector_all("li", "items => items.map(i => i.innerText)")
    assert not any("typed after" in item for item in items)
    assert page.locator("p", has_text="typed after the list").count() == 1
    # Each lesson's heading links to its video; chapters link to their moment.
    headings = page.eval_on_selector_all(
        "h4 a", "links => links.map(a => [a.innerText, a.getAttribute('href')])"
    )
    assert headings == [[lesson.title, lesson.url] for lesson in course.lessons]
    chapter = page.locator("a", has_text=re.compile(r"^12:34$")).first
    assert chapter.get_attribute("href") == "https://youtu.be/Xy1lesson01?t=754"
    # The thumbnail is an image inside a link to the video: no player, no script.
    thumbs = page.eval_on_selector_all(
        "a > img", "imgs => imgs.map(i => [i.getAttribute('src'), i.parentElement.href])"
    )
    assert thumbs[0] == [
        "https://i.ytimg.com/vi/Xy1lesson01/hqdefault.jpg",
        "https://www.youtube.com/watch?v=Xy1lesson01",
    ]
    assert page.locator("iframe, script, object, embed").count() == 0
    assert requests
    assert all(url.startswith("https://i.ytimg.com/vi/") for url in requests)
    page.close()
