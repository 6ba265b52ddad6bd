"""Canary for tui/textual_compat/input_paste.py: `Input._on_paste` replaced for every Input.

If Textual's own paste handler stops dropping the lines after the first, the
second test says the module can go.
"""

from __future__ import annotations

import inspect

import textual.widgets._input
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from lessontui.tui.textual_compat import input_paste


def test_textual_still_keeps_only_the_first_line_of_a_paste() -> None:
    # Read from the module: once installed, Input._on_paste is ours.
    upstream = inspect.getsource(textual.widgets._input)
    assert "def _on_paste(self, event: events.Paste) -> None:" in upstream
    assert "splitlines()[0]" in upstream


class _OneInput(App[None]):
    def compose(self) -> ComposeResult:
        yield Input()


async def test_installed_a_paste_keeps_all_its_lines() -> None:
    input_paste.install()
    assert Input._on_paste is input_paste._on_paste
    app = _OneInput()
    async with app.run_test() as pilot:
        box = app.query_one(Input)
        box.focus()
        box.post_message(events.Paste("one\ntwo\r\nthree"))
        await pilot.pause()
        assert box.value == "one two three"
