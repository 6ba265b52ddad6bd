"""The modal screen every dialog is: dismissed once, however many keys ask for it."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A ModalScreen whose `dismiss` acts once.

    A fast `enter enter` (or `y y`, `ctrl+s ctrl+s`, `escape escape`) reaches the
    dialog's widgets before the first dismiss has taken it off the screen, so the
    dialog dismissed itself a second time: Textual's dismiss pops whatever screen is
    on top, and with only the main screen left it raised ScreenStackError and the app
    exited (Textual 8.2.8, Screen.dismiss does not check that the screen is still
    on the stack). The keys behind the first answer are dropped here.
    """

    _dismissed = False

    @property
    def dismissed(self) -> bool:
        """True once the dialog gave its answer: later keys must not act on it."""
        return self._dismissed

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if self._dismissed:
            return AwaitComplete.nothing()
        self._dismissed = True
        return super().dismiss(result)
