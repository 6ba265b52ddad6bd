"""The preview engine: same text as Textual's Markdown widget, edits equal full re-renders."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.widgets import Markdown

from lessontui.render.blocks import FRONT_MATTER, BlockDocument, split
from lessontui.render.engine import CACHE_LINES, PreviewEngine
from lessontui.render.markdown import BlockRenderer, RenderedBlock
from lessontui.services.line_breaks import hard_breaks

WIDTH = 150  # wide enough that no sample line wraps in either widget

SAMPLES = {
    "headings": "# Title\n\nintro line\n\n## Second\n\n### Third\nunder it\n\n#### Four\n",
    "emphasis": "Some *em*, **strong**, ~~gone~~ and `code` with [a link](https://x.org).\n",
    "softbreaks": "one line\nsame paragraph\n\nnew paragraph  \nhard break\n",
    "bullets": "- one\n- two\n  - nested a\n  - nested b\n    - deeper\n- three\n",
    "loose list": "- one\n\n- two\n\n  more of two\n\n- three\n",
    "ordered": "1. first\n2. second\n   - inside\n3. third\n\n7. seven\n8. eight\n",
    "tasks": "## Things I learned\n- [x] done *thing*\n- [ ] open thing\n- plain\n",
    "quote": "> a quote\n> continues\n\n> another\n\ntext\n",
    "fence": "text\n\n```python\ndef f(x):\n\n    return x  # blank line above\n```\n\nafter\n",
    "tilde fence": "~~~\nraw *not em*\n~~~\n",
    "indented code": "para\n\n    code line\n    more code\n\nafter\n",
    "table": "| tool | what for |\n| --- | ---: |\n| yt-dlp | download |\n| mpv | watch `1.5x` |\n",
    "rule": "above\n\n---\n\nbelow\n\n***\n",
    "timestamps": "[0:45] top-down\n\n[12:34] **bird** and [1:02:03] late\n",
    "setext": "Title\n=====\n\nSub\n---\n",
    "mixed": "# Notes\n\n- a\n- b\n\n```\nx\n```\n> q\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}
FRONT = "---\ntitle: Lesson 1\nchapters:\n  - {time: 0, title: Intro}\n---\n"

_DECORATION = re.compile(r"[\u2500-\u259f\u25cf]")  # box drawing, blocks, ●


def normalise(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = line.replace("☑", "[x]").replace("☐", "[ ]")
        line = " ".join(_DECORATION.sub(" ", line).split())
        if line:
            out.append(line)
    return out


def engine_text(text: str, width: int = WIDTH) -> list[str]:
    engine = PreviewEngine(width=width)
    engine.set_text(text)
    return ["".join(seg.text for seg in line) for line in engine.render_all()]


class StockApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Markdown()


async def test_same_visible_text_as_textual_markdown() -> None:
    app = StockApp()
    async with app.run_test(size=(WIDTH + 4, 120)) as pilot:
        markdown = app.query_one(Markdown)
        for name, text in SAMPLES.items():
            # The preview keeps each line a line, as the exported page does: Textual's
            # widget joins soft breaks, so it gets them made hard, as the page does.
            await markdown.update(hard_breaks(text))
            await pilot.pause()
            screen = [strip.text for strip in app.screen._compositor.render_strips()]
            assert normalise(engine_text(text)) == normalise(screen), name


def test_front_matter_is_hidden() -> None:
    text = FRONT + "# Title\n\nbody\n"
    assert normalise(engine_text(text)) == ["Title", "body"]
    assert split(text.split("\n"))[0].kind == FRONT_MATTER


def test_checkboxes_and_bullets() -> None:
    lines = engine_text(SAMPLES["tasks"])
    assert "• ☑ done thing" in lines
    assert "• ☐ open thing" in lines
    assert "• plain" in lines


def whole(text: str) -> list[str]:
    """The note rendered as one block: what the split rendering must equal."""
    rendered = BlockRenderer().render(text, 70).lines
    return ["".join(seg.text for seg in line) for line in rendered]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_splitting_into_blocks_changes_nothing(name: str) -> None:
    text = SAMPLES[name]
    assert engine_text(text, 70) == whole(text)


SNIPPETS = [
    "\n",
    "\n\n",
    "```",
    "```python\n",
    "~~~\n",
    "- ",
    "  - ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n",
    "| 1 |",
    "    ",
    "---\n",
    "# ",
    "word ",
    "[1:23] ",
    "*",
]


@st.composite
def documents(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(SNIPPETS), max_size=40)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_split_matches_whole_document_parse(text: str) -> None:
    if text.startswith("---"):
        text = "x\n" + text  # front matter is hidden on purpose; tested above
    assert engine_text(text, 70) == whole(text)


BASE = (
    "# Lesson\n\nintro *para*\n\n- a\n- b\n  - c\n\n```python\nx = 1\n\ny = 2\n```\n\n"
    "| t | u |\n|---|---|\n| 1 | 2 |\n\n> quote\n\n1. one\n2. two\n\n[1:02] end\n"
)
EDITS: dict[str, Callable[[str], str]] = {
    "top": lambda s: "---\n" + s,
    "very top char": lambda s: "x" + s,
    "inside fence": lambda s: s.replace("\ny = 2", "\n\n\nnot = code?\n\ny = 2"),
    "open fence": lambda s: s.replace("intro *para*", "```\nintro *para*"),
    "close fence": lambda s: s.replace("```\n\n|", "\n\n|"),
    "inside list": lambda s: s.replace("- b\n", "- b\n\n- b2\n\n  more\n"),
    "join blocks": lambda s: s.replace("intro *para*\n\n- a", "intro *para*\n- a"),
    "inside table": lambda s: s.replace("| 1 | 2 |", "| 1 | 2 |\n| 3 | `4` |"),
    "break table": lambda s: s.replace("|---|---|", "|---|"),
    "quote lazy": lambda s: s.replace("> quote\n\n", "> quote\nlazy\n"),
    "end": lambda s: s + "\n- tail",
    "delete all": lambda s: "",
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_anywhere_equals_full_render(name: str) -> None:
    engine = PreviewEngine(width=60)
    engine.set_text(BASE)
    engine.render_all()
    edited = EDITS[name](BASE)
    assert edited != BASE
    assert engine.set_text(edited)
    fresh = PreviewEngine(width=60)
    fresh.set_text(edited)
    assert engine.document.blocks == fresh.document.blocks
    assert engine.render_all() == fresh.render_all()
    # And back again: the cache must not serve a stale block.
    engine.set_text(BASE)
    again = PreviewEngine(width=60)
    again.set_text(BASE)
    assert engine.render_all() == again.render_all()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 6), st.sampled_from(SNIPPETS)),
        min_size=1,
        max_size=6,
    )
)
def test_incremental_blocks_equal_a_fresh_split(edits: list[tuple[int, int, str]]) -> None:
    document = BlockDocument()
    text = BASE
    document.set_text(text)
    for position, cut, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
        document.set_text(text)
        assert document.blocks == split(text.split("\n"))


def test_only_changed_blocks_render_again() -> None:
    note = "\n\n".join(f"paragraph {n} with *some* words" for n in range(300))
    engine = PreviewEngine(width=60)
    engine.set_text(note)
    engine.render_all()
    calls: list[str] = []
    render = engine.renderer.render

    def counted(source: str, width: int) -> RenderedBlock:
        calls.append(source)
        return render(source, width)

    engine.renderer.render = counted  # type: ignore[method-assign]
    engine.set_text(note.replace("paragraph 150 ", "paragraph 150 edited "))
    engine.render_all()
    assert calls == ["paragraph 150 edited with *some* words\n"]


def test_the_cache_holds_a_bounded_number_of_lines() -> None:
    """Bounded by blocks alone, a session of big notes kept hundreds of MB."""
    engine = PreviewEngine(width=60)

    def note(number: int) -> str:
        rows = "\n".join(f"| {n} | row of note {number} |" for n in range(500))
        return f"Note {number}\n\n| n | what |\n| --- | --- |\n{rows}\n"

    for number in range(60):  # 60 notes, each a 500-row table: 30,000 lines rendered
        engine.set_text(note(number))
        engine.render_all()
    cached = sum(len(lines) for lines, _ in engine._cache.values())
    assert 0 < cached <= CACHE_LINES
    assert engine._cache_lines == cached
    engine.set_text(note(58))  # the newest are still there
    calls: list[str] = []
    render = engine.renderer.render

    def counted(source: str, width: int) -> RenderedBlock:
        calls.append(source)
        return render(source, width)

    engine.renderer.render = counted  # type: ignore[method-assign]
    engine.render_all()
    assert calls == []


def test_source_lines_map_to_rendered_lines() -> None:
    note = "\n\n".join(f"marker{n}" for n in range(100))
    engine = PreviewEngine(width=40)
    engine.set_text(note)
    y = engine.line_for_source(2 * 57)
    engine.ensure(y, y + 10)
    y = engine.line_for_source(2 * 57)
    assert "".join(seg.text for seg in engine.line(y) or ()).strip() == "marker57"
    assert engine.source_for_line(y) == 2 * 57


def test_render_package_does_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import lessontui.render.engine\n"
        "assert not any(m == 'textual' or m.startswith('textual.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_text_typed_right_below_the_learned_list_shows_as_notes() -> None:
    text = "## Things I learned\n- [x] one\n- [ ] two\n[1:23] typed after\n"
    lines = [line.rstrip() for line in engine_text(text) if line.strip()]
    # Its own paragraph at the margin, as on the page, not a continuation of "two".
    assert lines[-1] == "[1:23] typed after"


def test_control_characters_and_a_no_break_space_stay_in_the_preview() -> None:
    """VT, FF, U+001C and U+0085 became spaces (runs of `\\s` were made one space), so
    the preview showed a space where the editor shows a symbol; a no-break space too."""
    from lessontui.tui.textual_compat.control_pictures import show_control_characters

    show_control_characters()  # as the app does: Rich then keeps them, drawn as symbols
    text = "a\x0bb\x0cc\x1cd\x85e\u00a0f  g\th\n"
    assert whole(text)[0] == "a\u240bb\u240cc\u241cd\ufffde\u00a0f g h"
