"""ctrl+f pages from the index, a save updates the index at once, leaving stops a build."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services import search_index
from lessontui.services.search_index import SearchIndex
from lessontui.tui.app import LessonApp
from lessontui.tui.screens.search_screen import SearchScreen
from tests.screen import screen_of


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, seconds: float = 15.0
) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


def _course(root: Path, body: str) -> Course:
    course = Course.create(root, "C")
    course.add_lesson("One", body=body)
    for path in root.rglob("*.md"):  # an old stat: the index trusts it
        then = time.time() - 100
        os.utime(path, (then, then))
    return Course.load(root)


async def test_a_saved_note_is_in_the_index_at_once(tmp_path: Path) -> None:
    course = _course(tmp_path / "library" / "c", "first words\n")
    with SearchIndex() as index:  # LESSONTUI_INDEX: the test's own (conftest)
        index.sync([course.root])
    app = LessonApp(course=course, settings=Settings(library=tmp_path / "library"))
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main_screen
        await wait_for(pilot, lambda: main.current_lesson is not None, "the lesson open")
        main.editor.focus()
        await pilot.press("end", "enter", *"a quokka here", "ctrl+s")

        def indexed() -> bool:
            with SearchIndex() as index:
                return [h.text for h in index.search("quokka", [course.root])] == ["a quokka here"]

        await wait_for(pilot, indexed, "the saved line in the index (no sync ran)")


async def test_the_first_page_is_what_fits_and_scrolling_reads_more(tmp_path: Path) -> None:
    course = _course(tmp_path / "library" / "c", "".join(f"common line {n}\n" for n in range(300)))
    app = LessonApp(course=course, settings=Settings(library=tmp_path / "library"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+f", *"common")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await wait_for(pilot, lambda: bool(screen.hits), "the first page")
        first = len(screen.hits)
        assert 10 <= first < 40  # the rows that fit a 30-line terminal, not 500
        status = str(screen.query_one("#search-status").render())
        assert f"{first}+ lines" in status
        for _ in range(first + 5):
            await pilot.press("down")
        await wait_for(pilot, lambda: len(screen.hits) > first, "the next page")
        assert [h.line for h in screen.hits] == sorted({h.line for h in screen.hits})
        assert screen.hits[0].text == "common line 0"


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_leaving_the_search_stops_an_index_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    course = _course(tmp_path / "library" / "c", "said before\n")
    stem = course.lessons[0].path.stem
    cues = "".join(
        f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000 --> "
        f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.500\nsaid word number {n} here\n\n"
        for n in range(200_000)
    )
    (course.root / "media").mkdir(exist_ok=True)
    (course.root / "media" / f"{stem}.en.vtt").write_text("WEBVTT\n\n" + cues)  # 13 MB
    ended: list[float] = []  # when sync returned or raised (target: 0.5 s after leaving)
    sync = SearchIndex.sync

    def timed_sync(self: SearchIndex, *args: object, **kwargs: object) -> object:
        try:
            return sync(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            ended.append(time.monotonic())

    monkeypatch.setattr(search_index.SearchIndex, "sync", timed_sync)
    app = LessonApp(course=course, settings=Settings(library=tmp_path / "library"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"said")
        screen = app.screen
        status = screen.query_one("#search-status")
        await wait_for(pilot, lambda: "Updating the search index" in str(status.render()), "build")
        await pilot.press(key)
        left = time.monotonic()
        if key == "escape":
            await wait_for(pilot, lambda: ended, "the build to stop", seconds=60)
    deadline = time.monotonic() + 60
    while not ended and time.monotonic() < deadline:  # quit: the app is gone, the thread not yet
        time.sleep(0.02)
    assert ended
    assert ended[0] - left < 3.0, f"the build went on {ended[0] - left:.1f} s"


async def test_an_index_path_that_is_not_ours_is_left_alone_and_the_files_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = _course(tmp_path / "library" / "c", "the quokka line\n")
    mine = tmp_path / "my-notes.txt"
    mine.write_text("my own text, not an index\n" * 50)
    monkeypatch.setenv("LESSONTUI_INDEX", str(mine))
    app = LessonApp(course=course, settings=Settings(library=tmp_path / "library"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+f", *"quokka")
        screen = screen_of(app, SearchScreen)
        await wait_for(pilot, lambda: bool(screen.hits), "hits read from the files")
        status = str(screen.query_one("#search-status").render())
        assert "not lessontui's search index" in status
        assert "read from the files" in status
        assert [h.text for h in screen.hits] == ["the quokka line"]
    assert mine.read_text() == "my own text, not an index\n" * 50


async def test_a_search_out_of_its_budget_reads_on_and_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessontui.tui.screens import search_screen

    monkeypatch.setattr(search_screen, "BUDGET_MS", 0)  # every page runs out of time at once
    course = _course(tmp_path / "library" / "c", "".join(f"common line {n}\n" for n in range(300)))
    app = LessonApp(course=course, settings=Settings(library=tmp_path / "library"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+f", *"common")
        screen = app.screen
        assert isinstance(screen, SearchScreen)

        def status() -> str:
            return str(screen.query_one("#search-status").render())

        await wait_for(
            pilot, lambda: "+ lines" in status(), "the first page, read on past the budget"
        )
        first = len(screen.hits)
        assert first >= 10
        for _ in range(first + 5):
            await pilot.press("down")
        await wait_for(pilot, lambda: len(screen.hits) > first, "the next page, read on")
        assert [h.line for h in screen.hits] == sorted({h.line for h in screen.hits})
        await pilot.press("ctrl+u", *"nowhereword")
        await wait_for(pilot, lambda: "No match" in status(), "no match, not 'Nothing yet'")
