"""Big blocks (long tables, megabyte lines) are rendered off the UI thread, and shown
once ready; until then the old lines (or blank ones) hold their place."""

from __future__ import annotations

import gc
import random
import threading
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from lessontui.render import engine as engine_module
from lessontui.render.engine import BIG_BLOCK, PreviewEngine
from lessontui.render.markdown import _SPACES, BlockRenderer, _one_space
from lessontui.tui.widgets.preview import NotePreview


def table(rows: int, first: str = "0") -> str:
    body = "\n".join(f"| {first if n == 0 else n} | row {n} |" for n in range(rows))
    return f"Before.\n\n| n | what |\n| --- | --- |\n{body}\n\nAfter.\n"


class PreviewApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NotePreview()


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(
    pilot: Pilot[Any], condition: Callable[[], object], seconds: float = 30.0
) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return bool(condition())


async def test_a_big_table_is_rendered_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real = engine_module.render_detached

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_module, "render_detached", spy)
    text = table(600)
    assert len(text) > BIG_BLOCK
    app = PreviewApp()
    async with app.run_test(size=(80, 30)) as pilot:
        preview = app.query_one(NotePreview)
        preview.update_text(text)
        # Drawn on the UI thread right away: the paragraph before; the table is pending.
        assert "Before." in screen_text(app)
        assert await wait_for(pilot, lambda: "row 12 " in screen_text(app))
        assert threads
        assert threading.main_thread().name not in threads
        # An edit inside the table: its old lines stay on screen until the new ones come.
        preview.update_text(table(600, first="zero"))
        await pilot.pause()
        assert "row 12 " in screen_text(app)
        assert await wait_for(pilot, lambda: "│ zero │ row 0 " in screen_text(app))
        assert len(threads) == 2


def test_the_engine_keeps_big_blocks_for_the_caller() -> None:
    engine = PreviewEngine(width=60)
    engine.detach_big = True
    engine.set_text(table(600))
    engine.ensure(0, 40)
    assert len(engine.wanted) == 1  # the table: asked for, not rendered here
    (key, source), *_ = engine.wanted.items()
    entry = engine_module.render_detached(source, 60, engine.theme, engine.line_factory)
    assert engine.accept(key, entry)
    drawn = "".join(seg.text for line in engine.render_all() for seg in line)
    assert "row 599" in drawn
    assert not engine.wanted
    plain = PreviewEngine(width=60)  # as before: rendered in place
    plain.set_text(table(600))
    assert plain.render_all() == engine.render_all()


class Node:
    """Something that can sit in a reference cycle."""

    other: object = None


def test_a_big_render_leaves_dead_cycles_to_the_collector() -> None:
    """render_detached froze the heap after each render: a cycle dead or not yet
    collected then was never collected (docs/performance.md, "A long session")."""
    gc.collect()
    frozen = gc.get_freeze_count()
    engine = PreviewEngine(width=60)
    node = Node()
    node.other = node
    dead = weakref.ref(node)
    del node  # a dead cycle, left for the collector
    try:
        engine_module.render_detached(table(600), 60, engine.theme, engine.line_factory)
        assert gc.get_freeze_count() == frozen
        gc.collect()
        assert dead() is None
    finally:
        if gc.get_freeze_count() > frozen:  # only when it failed: leave nothing frozen
            gc.unfreeze()


def test_spaces_collapse_alike_in_chunks() -> None:
    rng = random.Random(3)
    for _ in range(100):
        text = "".join(rng.choice("ab \n\t") for _ in range(rng.randrange(0, 120_000)))
        assert _one_space(text) == _SPACES.sub(" ", text)


def test_a_megabyte_line_renders_the_same_as_before() -> None:
    line = ("word [1:02] *em* " * 70_000)[:1_000_000]
    renderer = BlockRenderer()
    rendered = renderer.render(line, 100)
    text = "".join(seg.text for row in rendered.lines for seg in row)
    assert text.count("1:02") == line.count("1:02")


def test_another_notes_big_block_does_not_show_the_old_lines() -> None:
    engine = PreviewEngine(width=60)
    engine.detach_big = True
    engine.set_text(table(600))
    engine.ensure(0, 40)
    (key, source), *_ = engine.wanted.items()
    engine.accept(key, engine_module.render_detached(source, 60, engine.theme, engine.line_factory))

    def drawn() -> str:
        return "".join(seg.text for line in engine.render_all() for seg in line)

    assert "row 5 " in drawn()
    engine.set_text(table(600, first="zero"))  # an edit: the old lines stay meanwhile
    assert "row 5 " in drawn()
    other = "Other.\n\n```\n" + "\n".join(f"line {n}" for n in range(900)) + "\n```\n\nEnd.\n"
    engine.set_text(other)  # another note, same block count: blank until rendered
    engine.ensure(0, 40)
    assert "row 5 " not in drawn()
    assert "line 5" not in drawn()
