"""Regenerate screenshots/ from the real app on the demo course.

Usage: python scripts/screenshots.py   (needs rsvg-convert for the PNG copies)
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.course.demo import write_demo
from lessontui.tui.app import LessonApp

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (160, 45)

Scene = Callable[[Pilot], Awaitable[None]]


async def main_screen(pilot: Pilot) -> None:
    await pilot.pause(0.5)


async def writing_notes(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, LessonApp)
    app.lesson_list.highlighted = 0
    await pilot.pause(0.3)
    app.editor.focus()
    app.editor.move_cursor((2, 0))
    await pilot.press(*"[14:02] resnet18 is enough to start; bigger later.", "enter", "enter")
    await pilot.pause(0.5)


async def adding_learned_item(pilot: Pilot) -> None:
    pilot.app.query_one("#learned").focus()
    await pilot.press("a")
    await pilot.press(*"[fastcore](https://fastcore.fast.ai/) has the `L` list class")
    await pilot.pause(0.3)


async def library(pilot: Pilot) -> None:
    await pilot.press("ctrl+o")
    await pilot.pause(0.5)


SCENES: dict[str, Scene] = {
    "main": main_screen,
    "writing-notes": writing_notes,
    "add-learned-item": adding_learned_item,
    "library": library,
}


async def shoot(name: str, scene: Scene, workdir: Path) -> Path:
    root = workdir / name / "demo-course"
    write_demo(root)
    settings = Settings(library=root.parent, autosave_delay=0.2)
    app = LessonApp(course=Course.load(root), settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await scene(pilot)
        svg = OUT / f"{name}.svg"
        svg.write_text(app.export_screenshot(title=f"lessontui: {name}"), encoding="utf-8")
    return svg


async def run(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(SCENES):
            svg = await shoot(name, SCENES[name], Path(tmp))
            if shutil.which("rsvg-convert"):
                subprocess.run(["rsvg-convert", svg, "-o", svg.with_suffix(".png")], check=True)
            print(f"wrote {svg.relative_to(OUT.parent)}")


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1:]))
