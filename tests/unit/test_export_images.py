"""A note's frames on the published page: copied into the assets folder, links rewritten;
a real `jekyll build` carries them and headless Chromium draws the HTML page's image."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from lessontui.course.course import Course
from lessontui.course.export_options import assets_folder
from lessontui.services import exporter
from lessontui.services.export_images import copy_images
from lessontui.services.exporter import ExportOptions
from tests.fixtures_export import jekyll_build

FRAME = "01-deploy-0h00m42s.png"


def frame_course(root: Path) -> Course:
    course = Course.create(root, "Frames course")
    course.add_lesson(
        "Deploy",
        body=(
            f"![0:42](../media/frames/{FRAME})\n> [0:42] The slide says deploy.\n\n"
            "![web](https://example.com/x.png)\n\n![out](../../outside.png)\n\n"
            "![gone](../media/frames/missing.png)\n"
        ),
    )
    (root / "media/frames").mkdir(parents=True)
    Image.new("RGB", (64, 36), (200, 30, 40)).save(root / "media/frames" / FRAME)
    (root.parent / "outside.png").write_bytes((root / "media/frames" / FRAME).read_bytes())
    return Course.load(root)


def test_links_point_into_the_assets_folder_and_only_course_files_are_copied(
    tmp_path: Path,
) -> None:
    course = frame_course(tmp_path / "course")
    options = ExportOptions(notes=True)
    text = exporter.export_text(course, options)
    assert f"![0:42](assets/{FRAME})" in text
    assert "![web](https://example.com/x.png)" in text  # remote: as written, never fetched
    assert "![out](../../outside.png)" in text  # outside the course: not copied
    assert "![gone](../media/frames/missing.png)" in text
    images, assets = exporter.page_images(course, options)
    assert (images, assets) == ({FRAME: (course.root / "media/frames" / FRAME).resolve()}, "assets")

    page = tmp_path / "site" / "notes.md"
    page.parent.mkdir()
    assert copy_images(images, page, assets) == []
    copied = page.parent / "assets" / FRAME
    assert copied.read_bytes() == images[FRAME].read_bytes()
    assert copy_images(images, page, assets) == []  # again: the same file, nothing to say
    copied.write_bytes(b"the user's own file")
    problems = copy_images(images, page, assets)
    assert problems
    assert "a different file is there; not replaced" in problems[0]
    assert copied.read_bytes() == b"the user's own file"


def test_the_assets_option_is_a_plain_folder_name() -> None:
    assert assets_folder("notes-assets") == "notes-assets"
    assert assets_folder("img/frames/") == "img/frames"
    for bad in ("", None, "../up", "/etc", "a b", "x/../../y", "javascript:x", "a\nb"):
        assert assets_folder(bad) == "assets", bad


def test_cli_copies_the_frames_beside_the_page(tmp_path: Path) -> None:
    course = frame_course(tmp_path / "course")
    out = tmp_path / "out" / "page.md"
    out.parent.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "lessontui", "export", str(course.root), "--notes", "-o", str(out)],
        capture_output=True, text=True, timeout=60, env={"LESSONTUI_CONFIG": str(tmp_path / "c")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (out.parent / "assets" / FRAME).is_file()


@pytest.mark.needs_jekyll
def test_jekyll_build_copies_the_frame_and_the_page_links_it(tmp_path: Path) -> None:
    course = frame_course(tmp_path / "course")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: Test\nplugins: []\n", encoding="utf-8")
    (site / "_layouts").mkdir()
    (site / "_layouts" / "project.html").write_text(
        "<html><body>{{ content }}</body></html>\n", encoding="utf-8"
    )
    options = ExportOptions(notes=True)
    page = site / "notes.md"
    exporter.write_export(page, exporter.export_text(course, options))
    images, assets = exporter.page_images(course, options)
    assert copy_images(images, page, assets) == []
    result = jekyll_build(site, tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    built = (site / "_site" / "notes.html").read_text(encoding="utf-8")
    assert f'<img src="assets/{FRAME}" alt="0:42"' in built
    assert (site / "_site" / "assets" / FRAME).read_bytes() == images[FRAME].read_bytes()


@pytest.mark.needs_chromium
def test_the_html_page_shows_the_frame_in_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    course = frame_course(tmp_path / "course")
    options = ExportOptions(format="html", notes=True)
    page_path = tmp_path / "out" / "notes.html"
    page_path.parent.mkdir()
    exporter.write_export(page_path, exporter.export_text(course, options))
    images, assets = exporter.page_images(course, options)
    assert copy_images(images, page_path, assets) == []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = browser.new_page()
            blocked: list[str] = []

            def only_files(route: Any) -> None:
                if route.request.url.startswith("file://"):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", only_files)
            page.goto(page_path.as_uri())
            image = page.locator(f'img[src="assets/{FRAME}"]')
            image.wait_for()
            size = image.evaluate("i => i.complete && [i.naturalWidth, i.naturalHeight]")
            assert size == [64, 36]  # decoded by the browser: the file is there and an image
            assert blocked == ["https://example.com/x.png"]  # the remote one, never fetched
        finally:
            browser.close()


def test_check_reports_images_missing_or_outside_the_course(tmp_path: Path) -> None:
    from lessontui.services import checks

    course = frame_course(tmp_path / "course")
    messages = [f.message for f in checks.check_course(course, notes=True)]
    assert "image not found in the course: ../media/frames/missing.png" in messages
    assert "image outside the course folder (not copied to the page): ../../outside.png" in messages
    assert not any(FRAME in message for message in messages)


def test_only_image_files_are_copied_a_note_linked_as_an_image_stays_private(
    tmp_path: Path,
) -> None:
    """`![x](02-private.md)` must not publish another (unexported) lesson's notes, nor
    course.md, nor a file a `.png` symlink leads to; check says why each is not copied."""
    from lessontui.services import checks

    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    course.add_lesson("Private", body="my private notes\n")
    course.add_lesson(
        "Public",
        body=(
            f"![ok](../media/frames/{FRAME})\n\n![n](01-private.md)\n\n![c](../course.md)\n\n"
            "![l](../media/frames/link.png)\n\n![d](../media/frames/dir.png)\n"
        ),
    )
    frames = root / "media/frames"
    frames.mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 40)).save(frames / FRAME)
    (frames / "link.png").symlink_to("../../course.md")
    (frames / "dir.png").mkdir()
    course = Course.load(root)
    options = ExportOptions(notes=True)
    images, _ = exporter.page_images(course, options)
    assert list(images) == [FRAME]
    text = exporter.export_text(course, options)
    assert "![n](01-private.md)" in text
    assert "![c](../course.md)" in text
    messages = [f.message for f in checks.check_course(course, notes=True)]
    for link in ("01-private.md", "../course.md", "../media/frames/link.png"):
        assert f"not an image file (not copied to the page): {link}" in messages
    assert "not an image file (not copied to the page): ../media/frames/dir.png" in messages
    assert not any(FRAME in message for message in messages)


def test_an_image_whose_text_holds_brackets_is_copied_too(tmp_path: Path) -> None:
    """`![see [1]](frame.png)` is an image to CommonMark (the preview draws it and
    check finds it in the course); export left its link pointing into the course,
    so the published page showed a broken image while check said nothing."""
    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    course.add_lesson("Deploy", body=f"![slide [1] of [2]](../media/frames/{FRAME})\n")
    (root / "media/frames").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 40)).save(root / "media/frames" / FRAME)
    course = Course.load(root)
    options = ExportOptions(notes=True)
    assert f"![slide [1] of [2]](assets/{FRAME})" in exporter.export_text(course, options)
    assert list(exporter.page_images(course, options)[0]) == [FRAME]


def test_check_reports_a_course_image_linked_by_an_absolute_path(tmp_path: Path) -> None:
    """`/media/frames/x.png` names a course file to check, but export does not copy it
    (nor does the preview draw it): the page showed a broken image and check said nothing."""
    from lessontui.services import checks

    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    course.add_lesson("Deploy", body=f"![0:42](/media/frames/{FRAME})\n")
    (root / "media/frames").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 40)).save(root / "media/frames" / FRAME)
    course = Course.load(root)
    messages = [f.message for f in checks.check_course(course, notes=True)]
    assert (
        f"image linked by an absolute path (not copied to the page; link it from the note, "
        f"../media/...): /media/frames/{FRAME}"
    ) in messages
    assert exporter.page_images(course, ExportOptions(notes=True))[0] == {}


def test_an_image_written_as_code_stays_as_written(tmp_path: Path) -> None:
    """A fenced block or a code span showing image syntax is the user's text: export
    rewrote its link to `assets/` (and copied the file) as if it were an image."""
    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    body = (
        f"```markdown\n![code](../media/frames/{FRAME})\n```\n\n"
        f"Write `![span](../media/frames/{FRAME})` to show it.\n"
    )
    course.add_lesson("Deploy", body=body)
    (root / "media/frames").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 40)).save(root / "media/frames" / FRAME)
    course = Course.load(root)
    options = ExportOptions(notes=True)
    text = exporter.export_text(course, options)
    assert f"![code](../media/frames/{FRAME})" in text
    assert f"`![span](../media/frames/{FRAME})`" in text
    assert "assets/" not in text
    assert exporter.page_images(course, options)[0] == {}


def test_a_reference_style_image_is_copied_and_its_definition_rewritten(tmp_path: Path) -> None:
    """`![slide][s]` with `[s]: ../media/frames/x.png`: export left the definition
    pointing into the course (a broken image on the page) and copied nothing."""
    root = tmp_path / "course"
    course = Course.create(root, "Frames course")
    course.add_lesson(
        "Deploy",
        body=f'![slide][s]\n\n[s]: ../media/frames/{FRAME} "title"\n[w]: https://e.org/x.png\n',
    )
    (root / "media/frames").mkdir(parents=True)
    Image.new("RGB", (8, 8), (200, 30, 40)).save(root / "media/frames" / FRAME)
    course = Course.load(root)
    options = ExportOptions(notes=True)
    text = exporter.export_text(course, options)
    assert f'[s]: assets/{FRAME} "title"' in text
    assert "[w]: https://e.org/x.png" in text
    assert list(exporter.page_images(course, options)[0]) == [FRAME]
