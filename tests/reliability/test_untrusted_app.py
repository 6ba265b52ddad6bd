"""Untrusted strings through the real app: shown literally, clicking runs nothing.

Titles, chapter names, file names and notes holding console markup
(`[@click=app.screenshot(...)]`, `[link=...]`) or terminal escapes
(`ESC ] 0 ; pwned BEL`) are drawn as the characters they are; the bytes sent
to the terminal carry no escape sequence of theirs, and clicking everywhere
they appear writes no file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import LayoutUpdate

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from lessontui.tui.textual_compat.control_pictures import is_installed
from tests.fixtures_reliability import TALLY
from tests.screen import rendered_text

pytestmark = pytest.mark.usefixtures("reliability_summary")

OSC = "\x1b]0;pwned\x07"


def hostile_strings(shots: Path) -> list[str]:
    return [
        f"[@click=app.screenshot('x.svg','{shots}')]click me[/]",
        "[link=https://evil.example/]a link[/link]",
        f"{OSC}osc title",
        "[bold red]loud\x1b[2J\x1b[Hcleared",
        "\x9b31mc1 csi",
    ]


def terminal_bytes(app: LessonApp) -> str:
    """What the app would write to the terminal for a full redraw of the screen."""
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, LayoutUpdate)
    return update.render_segments(app.console)


async def click_every_occurrence(app: LessonApp, pilot, needles: tuple[str, ...]) -> int:  # type: ignore[no-untyped-def]
    """Click on every place of the screen where one of the needles is drawn."""
    spots = []
    for row, line in enumerate(rendered_text(app).splitlines()):
        for needle in needles:
            column = line.find(needle)
            while column >= 0:
                spots.append((column + 1, row))
                column = line.find(needle, column + 1)
    for spot in spots:
        await pilot.click(offset=spot)
    await pilot.pause()
    return len(spots)


async def test_hostile_strings_are_literal_and_inert(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    evil = hostile_strings(shots)
    click, link = evil[:2]
    course = Course.create(tmp_path / "c", click)
    notes = "\n".join([*evil, "", "## Things I learned", *(f"- [ ] {s}" for s in evil), ""])
    chapters = [{"time": 10 * n, "title": s} for n, s in enumerate(evil)]
    for title in evil:
        course.add_lesson(title, notes, chapters=chapters)
    before = {p: p.read_bytes() for p in course.root.rglob("*") if p.is_file()}
    app = LessonApp(course=Course.load(course.root), settings=Settings(autosave_delay=60))
    clicks = 0
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        for index in range(len(evil)):
            app.main_screen.lesson_list.highlighted = index + 1  # row 0: the course intro
            await pilot.pause()
            await pilot.press("f5")  # "no video to play": a toast that names the title
            await pilot.pause()
            await pilot.pause()
            screen = rendered_text(app)
            assert click in screen
            assert link in screen
            assert "[bold red]loud" in screen
            sent = terminal_bytes(app)
            assert "\x1b]0;" not in sent
            assert "\x07" not in sent
            assert "\x9b" not in sent
            assert "\x1b[2J" not in sent
            assert "␛]0;pwned" in screen  # the escape is drawn, not obeyed
            if index == 0:  # every string is on screen in every lesson: click one set
                clicks += await click_every_occurrence(app, pilot, ("click me", "a link"))
            assert app.is_running
        await pilot.press("alt+c")  # the chapter list
        await pilot.pause()
        screen = rendered_text(app)
        assert click in screen
        assert link in screen
        assert "\x1b]0;" not in terminal_bytes(app)
        clicks += await click_every_occurrence(app, pilot, ("click me", "a link"))
        assert app.is_running
    assert not list(shots.iterdir())
    assert is_installed()
    after = {p: p.read_bytes() for p in course.root.rglob("*") if p.is_file()}
    assert after == before
    for string in evil:  # each shown, literally, in every place it was put
        TALLY.input_run("untrusted", string)
    print(f"\nuntrusted strings: {len(evil)} strings in 5 places, {clicks} clicks, no action run")
    assert clicks >= 10
