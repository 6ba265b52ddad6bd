"""Textual #6298: after `fg`, the screen is drawn again with no key pressed.

Textual 8.2.8 re-enters the alternate screen after SIGCONT but draws nothing
until something changes (Textualize/textual#6298, fix proposed in #6369).
Public API only: the App's resume signal. Drop it once Textual redraws itself;
tests/reliability/test_lost_terminal.py (SIGTSTP and `fg` in bash) shows it.
Canary: tests/unit/test_textual_compat_redraw_after_fg.py.
"""

from __future__ import annotations

from typing import Any

from textual.app import App


def redraw_after_fg(app: App[Any]) -> None:
    """Draw the whole screen again each time the app resumes after `fg`."""
    app.app_resume_signal.subscribe(app, lambda _app: app.refresh(layout=True))
