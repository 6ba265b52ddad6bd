"""Textual #6690 and #6456: the Linux driver notices a terminal that is gone, reads any byte.

Textual 8.2.8's `LinuxDriver.run_input_thread` reads the terminal in a loop:
when `os.read` returns b"" (end of file: the terminal hung up, an ssh session
dropped without SIGHUP reaching us) it breaks out of the inner loop and reads
again at once, forever, spinning a core; an EIO (a pty whose other end is
closed) kills the thread and asks the app to panic, which exits without our
save. Upstream: Textualize/textual#6690 ("Fix input thread busy-looping at
100% CPU when stdin reaches EOF", open). Its output thread dies on the first
EIO too, and then every write the app makes waits on a full queue, so the
loop stops and SIGTERM no longer gets through.

Its input decoder is strict: one byte that is not UTF-8 (pasted, or from a
terminal in another encoding) raises in the input thread and the keyboard is
dead (Textualize/textual#6456, open). This is the app's one decoder: it shows
such a byte as U+FFFD.

`LessonDriver` reads with the same parser (`linux_driver.XTermParser`, which
xterm_input.py replaces), stops reading at end of file or an error, and
tells the quitter (tui/shutdown.py): the app quits as on SIGHUP, saving the
note. Writes to a terminal that is gone are dropped instead of killing the
output thread. Canary: tests/unit/test_textual_compat_lost_terminal.py.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import selectors
from typing import IO, TYPE_CHECKING, Any

from textual.drivers import linux_driver
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App


def input_decoder() -> codecs.IncrementalDecoder:
    """The terminal input's UTF-8 decoder: a byte that is not UTF-8 reads as U+FFFD.

    Upstream's is strict, and one such byte ends its input thread (#6456).
    """
    return codecs.getincrementaldecoder("utf-8")(errors="replace")


class _Output:
    """The terminal as the output thread writes to it: a write that fails is dropped.

    Textual's WriterThread writes and flushes without catching errors; an EIO
    from a terminal that is gone would end the thread and leave the app waiting.
    """

    def __init__(self, file: IO[str]) -> None:
        self._file = file

    def write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._file.write(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._file.flush()

    def fileno(self) -> int:
        return self._file.fileno()


class LessonDriver(LinuxDriver):
    """LinuxDriver whose input thread ends the app when the terminal is gone."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._file = _Output(self._file)  # type: ignore[assignment, arg-type]

    def run_input_thread(self) -> None:
        """Read keys until asked to stop or the terminal is gone (the upstream loop, fixed)."""
        fileno = self.fileno
        selector = selectors.SelectSelector()
        selector.register(fileno, selectors.EVENT_READ)
        parser = linux_driver.XTermParser(self._debug)  # type: ignore[attr-defined]  # looked up now: xterm_input's parser
        decode = input_decoder().decode
        try:
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    try:
                        data = os.read(fileno, 1024 * 4)
                    except OSError:  # EIO: the pty's other end is closed
                        data = b""
                    if not data:
                        self._terminal_gone()
                        return
                    for event in parser.feed(decode(data)):
                        self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()

    def _terminal_gone(self) -> None:
        from lessontui.tui.shutdown import Quitter

        quitter = getattr(self._app, "quitter", None)  # LessonApp's; a bare App has none
        if isinstance(quitter, Quitter):
            quitter.terminal_gone()
