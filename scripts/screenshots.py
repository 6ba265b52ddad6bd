"""Regenerate screenshots/ from the real app on the demo course.

Usage: python scripts/screenshots.py [scene...]   (needs rsvg-convert for the PNG
copies, and chromium + playwright for the exported page, scene "export-page")
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.demo_clip import write_demo_course
from lessontui.state import STATE_ENV
from lessontui.tui.app import LessonApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
# The SVGs are truecolor: draw as in a truecolor terminal, whatever this one is
# (the preview adapts its colours to 256- and 16-colour terminals).
os.environ["COLORTERM"] = "truecolor"
SIZE = (160, 45)

Scene = Callable[[Pilot], Awaitable[None]]


async def main_screen(pilot: Pilot) -> None:
    await pilot.pause(0.5)


async def _open(pilot: Pilot, title_start: str) -> LessonApp:
    app = pilot.app
    assert isinstance(app, LessonApp) and app.main_screen.course is not None
    lesson = next(x for x in app.main_screen.course.lessons if x.title.startswith(title_start))
    app.main_screen.open_lesson(lesson)
    app.main_screen.lesson_list.highlight(lesson)
    await pilot.pause(0.3)
    return app


async def writing_notes(pilot: Pilot) -> None:
    app = await _open(pilot, "Lesson 1")
    app.main_screen.editor.focus()
    app.main_screen.editor.move_cursor((2, 0))
    await pilot.press(*"[14:02] resnet18 is enough to start; bigger later.", "enter", "enter")
    await pilot.pause(0.5)


async def playing(pilot: Pilot) -> None:
    """The tutorial lesson playing in a real (headless) mpv, a stamp just typed."""
    app = await _open(pilot, "Try it here")
    app.main_screen.editor.focus()
    app.main_screen.editor.move_cursor((app.main_screen.editor.document.line_count - 1, 0))
    await pilot.press("f5")
    for _ in range(100):  # wait until mpv plays (a real process: no fixed sleep)
        await pilot.pause(0.1)
        if "playing" in str(app.query_one("#player-bar").render()):
            break
    await pilot.pause(2.5)
    await pilot.press("alt+l", "alt+t")
    await pilot.press(*" the bar follows mpv; alt+g seeks back here", "enter")
    await pilot.pause(0.8)


async def transcript(pilot: Pilot) -> None:
    """The clip playing, its transcript following beside the note, a line just quoted."""
    app = await _open(pilot, "Try it here")
    editor = app.main_screen.editor
    editor.focus()
    editor.move_cursor((editor.document.line_count - 1, 0))
    await pilot.press("f5")
    for _ in range(100):  # wait until mpv plays (a real process: no fixed sleep)
        await pilot.pause(0.1)
        if "playing" in str(app.query_one("#player-bar").render()):
            break
    await pilot.press("alt+s")
    await pilot.pause(7.5)  # into the clip's second line, said from 0:06
    await pilot.press("escape", "alt+q")  # back to the note, quote what is being said
    await pilot.pause(0.8)


async def capture(pilot: Pilot) -> None:
    """alt+i while the clip plays: the frame, the time and what was said in the note,
    the frame drawn in the preview."""
    app = await _open(pilot, "Try it here")
    editor = app.main_screen.editor
    editor.focus()
    editor.move_cursor(editor.document.end)
    await pilot.press("enter")  # a blank line: right below the list, it would join the item
    await pilot.press("f5")
    for _ in range(100):  # wait until mpv plays (a real process: no fixed sleep)
        await pilot.pause(0.1)
        if "playing" in str(app.query_one("#player-bar").render()):
            break
    await pilot.pause(7.5)  # into the clip's second line, said from 0:06
    await pilot.press("alt+i")
    for _ in range(100):  # the frame kept, typed and drawn
        await pilot.pause(0.1)
        if "media/frames" in editor.text:
            break
    editor.scroll_end(animate=False)
    await pilot.pause(1.5)


async def adding_learned_item(pilot: Pilot) -> None:
    pilot.app.query_one("#learned").focus()
    await pilot.press("a")
    await pilot.press(*"[fastcore](https://fastcore.fast.ai/) has the `L` list class")
    await pilot.pause(0.3)


async def export(pilot: Pilot) -> None:
    await pilot.press("f9")
    await pilot.pause(2.0)


async def search(pilot: Pilot) -> None:
    await pilot.press("ctrl+f")
    await pilot.press(*"model")
    await pilot.pause(1.0)


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("f1")
    await pilot.pause(0.5)


async def library(pilot: Pilot) -> None:
    await pilot.press("ctrl+o")
    await pilot.pause(0.5)


async def review(pilot: Pilot) -> None:
    await pilot.pause(0.5)  # the due count comes from a thread
    await pilot.press("alt+v")
    await pilot.pause(0.3)
    await pilot.press("space")
    await pilot.pause(0.3)


async def review_stats(pilot: Pilot) -> None:
    await pilot.press("alt+v")
    await pilot.pause(0.3)
    await pilot.press("3", "4", "4", "s")
    await pilot.pause(0.5)


# name -> (scene, terminal size)
SCENES: dict[str, tuple[Scene, tuple[int, int]]] = {
    "main": (main_screen, SIZE),
    "writing-notes": (writing_notes, SIZE),
    "playing": (playing, SIZE),
    "transcript": (transcript, SIZE),
    "capture": (capture, SIZE),
    "add-learned-item": (adding_learned_item, SIZE),
    "export": (export, SIZE),
    "search": (search, SIZE),
    "help": (help_screen, SIZE),
    "library": (library, SIZE),
    "review": (review, SIZE),
    "review-stats": (review_stats, SIZE),
    "narrow-80x24": (main_screen, (80, 24)),
}


async def shoot(name: str, workdir: Path) -> Path:
    scene, size = SCENES[name]
    root = workdir / name / "demo-course"
    write_demo_course(root)
    # Courses opened before (other scenes, this machine's own) stay out of the library.
    os.environ[STATE_ENV] = str(workdir / name / "state.json")
    settings = Settings(
        library=root.parent, autosave_delay=0.2, mpv_args=["--vo=null", "--ao=null"]
    )
    app = LessonApp(course=Course.load(root), settings=settings)
    async with app.run_test(size=size) as pilot:
        await scene(pilot)
        svg = OUT / f"{name}.svg"
        svg.write_text(app.export_screenshot(title=f"lessontui: {name}"), encoding="utf-8")
    return svg


def shoot_page(workdir: Path) -> list[Path]:
    """The demo course exported as HTML, in headless Chromium, light and dark."""
    from playwright.sync_api import sync_playwright

    from lessontui.services.exporter import ExportOptions, html_page

    root = workdir / "export-page" / "demo-course"
    course, _ = write_demo_course(root)
    page_file = root / "page.html"
    page_file.write_text(html_page(course, ExportOptions("html", notes=True)), encoding="utf-8")
    shots = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        for scheme, name in (("light", "export-page"), ("dark", "export-page-dark")):
            page = browser.new_page(viewport={"width": 1000, "height": 1250}, color_scheme=scheme)
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto(page_file.as_uri())
            shots.append(OUT / f"{name}.png")
            page.screenshot(path=shots[-1])
            page.close()
        browser.close()
    return shots


async def run(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or [*SCENES, "export-page"]:
            if name == "export-page":
                # Playwright's sync API refuses to run inside an asyncio loop.
                for png in await asyncio.to_thread(shoot_page, Path(tmp)):
                    print(f"wrote {png.relative_to(OUT.parent)}")
                continue
            svg = await shoot(name, Path(tmp))
            if shutil.which("rsvg-convert"):
                subprocess.run(["rsvg-convert", svg, "-o", svg.with_suffix(".png")], check=True)
            print(f"wrote {svg.relative_to(OUT.parent)}")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1:]))
