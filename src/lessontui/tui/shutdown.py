"""Closing the terminal, SIGTERM and SIGINT quit the way ctrl+q does, keeping the text.

Python's defaults lose the unsaved note: SIGHUP and SIGTERM end the process
at once, SIGINT raises KeyboardInterrupt wherever the loop happens to be. The
handlers run on the app's asyncio loop (`loop.add_signal_handler`), so between
two messages, never in the middle of an edit or a save; they call
`LessonApp.save_all_and_exit`, which saves the note (or writes a conflict copy
where the save is refused) and exits, and the exit stops mpv and restores the
terminal as a ctrl+q does. The exit status is 128 + the signal number, as a
shell reports a process ended by that signal.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lessontui.tui.app import LessonApp

SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)


def install(app: LessonApp) -> None:
    """Handle the signals while `app` runs in a terminal.

    Not for a headless app (Pilot tests): its loop is the test runner's, and
    SIGINT there belongs to pytest.
    """
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        try:
            loop.add_signal_handler(number, _received, app, number)
        except (RuntimeError, ValueError):  # not the main thread: Python keeps its defaults
            return


def uninstall(app: LessonApp) -> None:
    """Give the signals back to Python's defaults (the app has stopped)."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for number in SIGNALS:
        with contextlib.suppress(RuntimeError, ValueError):
            loop.remove_signal_handler(number)


def _received(app: LessonApp, number: int) -> None:
    if not app._exit:  # a second signal while quitting changes nothing
        app.save_all_and_exit(return_code=128 + number)
