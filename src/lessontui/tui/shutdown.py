"""Signals and a lost terminal end the app the way ctrl+q does, keeping the text, in bounded time.

Python's defaults lose the unsaved note: SIGHUP and SIGTERM end the process
at once, SIGINT raises KeyboardInterrupt wherever the loop happens to be. Our
handlers only take note and ask the app's asyncio loop to quit, so the save
runs between two messages, never in the middle of an edit:
`LessonApp.save_all_and_exit` saves the note (or, where that is refused,
writes a conflict copy beside it or a rescue file in the user's data folder)
and exits, which stops mpv and restores the terminal as ctrl+q does. The exit
status is 128 + the signal number, as a shell reports a process ended by it.

The terminal going away (end of file or EIO on its input, see
tui/textual_compat/lost_terminal.py) quits the same way, as SIGHUP.

A quit never hangs: a watchdog thread (started with the app, idle until a quit
begins) gives the save SAVE_BOUND seconds and the whole quit QUIT_BOUND. When
the loop cannot run the save in time (blocked writing to a terminal that no
longer reads, say), the watchdog writes the editor's text to a rescue file
itself. Past the bound, or at a second signal once the text is safe, it
stops the mpv we started, restores the terminal as far as it can without
blocking, prints where the text went, and ends the process. Worker threads
(downloads, an index build) are cancelled, never waited for (`leave`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

_STDIN, _STDERR = 0, 2  # what Textual's driver reads from and draws to
SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
SAVE_BOUND = 1.0  # seconds from the signal until the text must be safe
QUIT_BOUND = 1.5  # seconds from the signal until the process has ended
# What Textual's driver turns on (alt screen, mouse, bracketed paste, focus,
# kitty keys, no line wrap): turned off again when the quit is cut short.
_TERMINAL_RESET = (
    "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l\x1b[?2004l\x1b[?7h"
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"
)


class Quitter:
    """One app's quit: how it began, whether the text is safe, and the deadline.

    It knows the app only by three callbacks: `save_all_and_exit(code)` (run on
    the app's loop), `unsaved_text()` (the note's text the disk does not have,
    for the watchdog's rescue) and `terminal_modes()` (the termios attributes to
    restore, or None).
    """

    def __init__(
        self,
        save_all_and_exit: Callable[[int], None],
        unsaved_text: Callable[[], tuple[str, str, str] | None],
        terminal_modes: Callable[[], Any],
    ) -> None:
        self._save_all_and_exit = save_all_and_exit
        self._unsaved_text = unsaved_text
        self._terminal_modes = terminal_modes
        self.code: int | None = None  # the exit status of a quit that has begun
        self.message: str | None = None  # where the text went, printed on the way out
        self.last_words: str | None = None  # a text nowhere would take, printed after it
        self.notes: list[str] = []  # more to say after the message (a dialog's rescued text)
        self._begun = threading.Event()
        self._safe = threading.Event()  # saved, or rescued: the rest may be cut short
        self._farewell = threading.Lock()  # taken by the one farewell printed
        self._started = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._watchdog = threading.Thread(target=self._watch, name="lessontui-quit", daemon=True)

    # -- how a quit begins ------------------------------------------------------------------

    def install(self) -> None:
        """Handle the signals while the app runs in a terminal; start the watchdog."""
        self._loop = asyncio.get_running_loop()
        # Plain handlers, not loop.add_signal_handler: a signal must still act
        # while the loop is stuck (a second signal during a slow quit).
        for number in SIGNALS:
            signal.signal(number, self._signalled)
        self._watchdog.start()

    def uninstall(self) -> None:
        """Give the signals back to Python's defaults, unless a quit is under way
        (a signal during the rest of it ends it, after restoring the terminal)."""
        if self.code is None and not self._safe.is_set():
            for number in SIGNALS:
                with contextlib.suppress(ValueError):
                    signal.signal(number, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)

    def _signalled(self, number: int, _frame: object) -> None:
        if self._safe.is_set():  # a signal while quitting, the text safe: end it now
            if self.code is None:  # the quit was a ctrl+q
                self.code = 128 + number
            self.force_exit()
        self.begin(128 + number)

    def terminal_gone(self) -> None:
        """The terminal's input ended (any thread): quit as on SIGHUP."""
        self.begin(128 + signal.SIGHUP)

    def begin(self, code: int) -> None:
        """Start a quit with exit status `code` (from a signal handler or any thread)."""
        if self.code is not None:
            return
        self.code = code
        self._started = time.monotonic()
        self._begun.set()
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._save_all_and_exit, code)

    def text_is_safe(self, message: str | None = None, last_words: str | None = None) -> None:
        """The note is saved (or rescued, or nowhere would take it): what is left of
        the quit may be cut short. `last_words`: a text no file took, printed on exit."""
        if message:
            self.message = message
        if last_words is not None:
            self.last_words = last_words
        self._safe.set()

    def farewell(self) -> None:
        """Print where the text went (and a text no file took) to the restored terminal.

        Names are shown with their control characters made visible (a newline
        in a file name cannot forge a line). A terminal that is gone drops the
        write, and the standard streams are pointed at /dev/null so Python's
        own flush at exit cannot fail on it either.
        """
        from lessontui.terminal_text import clean_for_terminal

        if not self._farewell.acquire(blocking=False):
            return  # said already (the watchdog and the main thread may both get here)
        parts = []
        if self.message:
            parts.append(clean_for_terminal(self.message) + "\n")
        parts.extend(
            clean_for_terminal(note, keep="\t\n").rstrip("\n") + "\n" for note in self.notes
        )
        if self.last_words is not None:
            parts.append("lessontui: here is the text, to copy from the terminal:\n")
            parts.append(clean_for_terminal(self.last_words, keep="\t\n").rstrip("\n") + "\n")
            parts.append("lessontui: (end of the text)\n")
        try:
            for part in parts:
                view = memoryview(part.encode("utf-8", "replace"))
                while view:
                    view = view[os.write(_STDERR, view) :]
        except OSError:
            with contextlib.suppress(OSError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, _STDERR)
                os.close(devnull)

    # -- the watchdog -----------------------------------------------------------------------

    def _watch(self) -> None:
        self._begun.wait()
        if not self._safe.wait(SAVE_BOUND):
            self._rescue_from_here()
        time.sleep(max(0.0, self._started + QUIT_BOUND - time.monotonic()))
        self.force_exit()

    def _rescue_from_here(self) -> None:
        """The loop never got to save: write the editor's text to a rescue file."""
        from lessontui.course.rescue import write_rescue

        try:
            unsaved = self._unsaved_text()
            if unsaved is not None:
                text, course, lesson = unsaved
                path = write_rescue(text, course, lesson)
                # The loop may yet save it, or may not: the copy is said as such.
                self.message = (
                    f"lessontui: quitting took too long to be sure the note was saved; "
                    f"a copy of your text is in {path}"
                )
        except Exception as error:  # the last resort says why, shows the text, and exits
            self.message = f"lessontui: could not rescue the note: {error}"
            with contextlib.suppress(Exception):
                unsaved = self._unsaved_text()
                self.last_words = unsaved[0] if unsaved is not None else None
        self._safe.set()

    def force_exit(self) -> None:
        """End the process now: mpv we started, the terminal, the message, the status."""
        _stop_our_mpv()
        done = threading.Event()
        # A terminal that does not read would block these writes: a thread of
        # their own, given a moment.
        threading.Thread(target=self._restore_terminal, args=(done,), daemon=True).start()
        done.wait(0.2)
        os._exit(self.code if self.code is not None else 1)

    def _restore_terminal(self, done: threading.Event) -> None:
        attrs = self._terminal_modes()
        with contextlib.suppress(OSError, termios.error, ValueError):
            if attrs is not None:
                termios.tcsetattr(_STDIN, termios.TCSANOW, attrs)
        with contextlib.suppress(OSError, ValueError):
            os.write(_STDERR, _TERMINAL_RESET.encode())
        self.farewell()
        done.set()


def _stop_our_mpv() -> None:
    """SIGTERM the mpv processes this process started (an attached mpv is not ours)."""
    me = str(os.getpid())
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            name, _, rest = stat.partition(" (")[2].rpartition(") ")
            if name.startswith("mpv") and rest.split()[1:2] == [me]:
                with contextlib.suppress(OSError):
                    os.kill(int(entry.name), signal.SIGTERM)


def run_app(app: App[Any], quitter: Quitter) -> int:
    """Run the app on a loop of its own, print where the text went; the exit status.

    A loop of our own: asyncio.run would wait, on the way out, for every thread
    worker (a download, an index build) to finish; quitting cancels them instead.
    The first signal's status is the one reported, whatever came after it.
    """
    app.run(loop=asyncio.new_event_loop())
    code = quitter.code if quitter.code is not None else (app.return_code or 0)
    quitter.farewell()
    leave(code)
    return code


def leave(code: int) -> None:
    """The app has stopped: end the process without waiting for worker threads.

    Workers were cancelled when the quit began; one still inside a slow read or
    a download would keep the interpreter's exit waiting for it, so when any
    thread but ours is left, the process ends here (files are closed and saved
    already; a download resumes from its part file).
    """
    ours = {threading.main_thread()}
    if all(t in ours or t.daemon for t in threading.enumerate()):
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
