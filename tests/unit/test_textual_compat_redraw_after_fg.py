"""Canary for tui/textual_compat/redraw_after_fg.py (Textual #6298).

The redraw hangs on the App's resume signal; the real `fg` in bash is
tests/reliability/test_lost_terminal.py. If Textual's resume path starts to
refresh the screen itself, the second test says the module can go.
"""

from __future__ import annotations

import inspect
from typing import ClassVar, Self

from textual.app import App
from textual.signal import Signal

from lessontui.tui.textual_compat.redraw_after_fg import redraw_after_fg


class _Counting(App[None]):
    """An App that notes each whole-screen refresh and whether it asked for a layout."""

    layouts: ClassVar[list[bool]] = []  # App.__init__ itself refreshes

    def refresh(
        self, *, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        self.layouts.append(layout)
        return super().refresh(repaint=repaint, layout=layout, recompose=recompose)


async def test_a_resume_redraws_the_whole_screen() -> None:
    app = _Counting()
    async with app.run_test() as pilot:
        assert isinstance(app.app_resume_signal, Signal)
        redraw_after_fg(app)
        await pilot.pause()
        app.layouts.clear()
        app.app_resume_signal.publish(app)
        await pilot.pause()  # a signal calls its subscribers through their queue
        assert app.layouts == [True]


def test_textual_still_does_not_redraw_on_resume_itself() -> None:
    publisher = next(
        source
        for _, method in inspect.getmembers(App, inspect.isfunction)
        if "app_resume_signal.publish" in (source := inspect.getsource(method))
    )
    assert "refresh(" not in publisher
