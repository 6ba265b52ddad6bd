"""NotePreview in an app: clicks on timestamps and links, following the editor, edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from lessontui.tui.widgets.preview import NotePreview


class PreviewApp(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.events: list[object] = []
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield NotePreview()

    def on_mount(self) -> None:
        self.query_one(NotePreview).update_text(self.text)

    def on_note_preview_timestamp_clicked(self, event: NotePreview.TimestampClicked) -> None:
        self.events.append(("seek", event.seconds))

    def on_note_preview_lesson_link_clicked(self, event: NotePreview.LessonLinkClicked) -> None:
        self.events.append(("lesson", event.path))

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)  # the network edge: never start a browser in tests


def screen_lines(app: App[Any]) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def find(app: App[Any], needle: str) -> tuple[int, int]:
    for y, line in enumerate(screen_lines(app)):
        if needle in line:
            return line.index(needle) + 1, y
    raise AssertionError(f"{needle!r} not on screen")


async def test_clicking_a_timestamp_asks_to_seek() -> None:
    app = PreviewApp("Intro\n\nwe start at [1:02] and then [1:02:03] later\n")
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        await pilot.click(offset=find(app, "[1:02]"))
        await pilot.click(offset=find(app, "[1:02:03]"))
        await pilot.click(offset=find(app, "Intro"))  # plain text does nothing
        await pilot.pause()
    assert app.events == [("seek", 62), ("seek", 3723)]


async def test_clicking_a_lesson_link_asks_to_open_it(tmp_path: Path) -> None:
    app = PreviewApp("See [next lesson](02-deployment.md) and [the site](https://course.fast.ai/).")
    async with app.run_test(size=(80, 10)) as pilot:
        app.query_one(NotePreview).base_path = tmp_path
        await pilot.pause()
        await pilot.click(offset=find(app, "next lesson"))
        await pilot.click(offset=find(app, "the site"))
        await pilot.pause()
    assert app.events == [("lesson", tmp_path / "02-deployment.md")]
    assert app.opened == ["https://course.fast.ai/"]


async def test_unsafe_links_are_not_followed() -> None:
    app = PreviewApp("[a](javascript:alert(1)) [b](file:///etc/passwd) [c](notes.txt)")
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        for label in "abc":
            x, y = find(app, label)
            await pilot.click(offset=(x, y))
        await pilot.pause()
    assert app.events == []
    assert app.opened == []


async def test_follows_the_editor_and_shows_edits() -> None:
    text = "\n\n".join(f"para{n} *text*" for n in range(2000))
    app = PreviewApp(text)
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(NotePreview)
        await pilot.pause()
        assert "para0 text" in "\n".join(screen_lines(app))
        preview.scroll_to_source_line(2 * 1500)
        await pilot.pause()
        assert any(line.strip() == "para1500 text" for line in screen_lines(app))
        preview.update_text(text.replace("para1500 *text*", "para1500 **edited**"))
        await pilot.pause()
        assert any(line.strip() == "para1500 edited" for line in screen_lines(app))
        # Only what was looked at got rendered; the rest is still an estimate.
        engine = preview.engine
        assert sum(engine.is_rendered(i) for i in range(len(engine.document.blocks))) < 200


async def test_code_is_highlighted_once_its_lexer_loads() -> None:
    app = PreviewApp("```python\ndef f():\n    return 1\n```\n")
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        preview = app.query_one(NotePreview)
        line = preview.engine.line(0)
        assert line is not None
        colours = {seg.style.color for seg in line if seg.style and seg.text.strip()}
        assert "def f():" in line.text
        assert len(colours) > 1  # `def` and the name differ in colour


async def test_lesson_app_opens_a_linked_lesson(demo_course) -> None:  # type: ignore[no-untyped-def]
    from lessontui.tui.app import LessonApp

    first, second = demo_course.lessons[0], demo_course.lessons[1]
    first.save_body(f"Next: [the next lesson]({second.path.name})\n")
    app = LessonApp(demo_course)
    async with app.run_test(size=(200, 40)) as pilot:
        app.main_screen.open_lesson(first)
        preview = app.query_one(NotePreview)
        for _ in range(200):  # the preview renders after a frame: wait for it, not a clock
            await pilot.pause(0.02)
            if any("the next lesson" in line[preview.region.x :] for line in screen_lines(app)):
                break
        assert preview.base_path == first.path.parent
        left = preview.region.x  # the editor left of it shows the same words
        x, y = next(
            (line.index("the next lesson", left), row)
            for row, line in enumerate(screen_lines(app))
            if "the next lesson" in line[left:]
        )
        await pilot.click(offset=(x + 2, y))
        await pilot.pause()
        assert app.main_screen.current_lesson is second


async def test_an_edit_draws_only_the_rows_that_changed() -> None:
    text = "\n\n".join(f"para{n} *text*" for n in range(40))
    app = PreviewApp(text)
    async with app.run_test(size=(60, 20)) as pilot:
        preview = app.query_one(NotePreview)
        await pilot.pause()
        drawn: list[int] = []
        draw = preview.render_line

        def counted(y: int):  # type: ignore[no-untyped-def]
            drawn.append(y)
            return draw(y)

        preview.render_line = counted  # type: ignore[method-assign]
        preview.update_text(text.replace("para3 *text*", "para3 *texts*"))
        await pilot.pause()
        assert "para3 texts" in "\n".join(screen_lines(app))
        assert set(drawn) == {6, 7}  # para3 and the blank row its block ends with
