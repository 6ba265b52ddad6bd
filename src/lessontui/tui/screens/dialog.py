"""The modal screen every dialog is: dismissed once, however many keys ask for it."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen
from textual.widgets import Input

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
    _asking = False  # the question before dropping changes is open

    @property
    def dismissed(self) -> bool:
        """True once the dialog gave its answer: later keys must not act on it."""
        return self._dismissed

    def edited(self) -> list[str]:
        """What the user changed here and would lose if the dialog closed now, in words
        (empty: nothing). ctrl+q asks before dropping it (LessonApp)."""
        return []

    def unsaved_text(self) -> str:
        """What was typed in this dialog, for a rescue when no one can be asked (a
        signal); empty when nothing was changed."""
        edited = self.edited()
        if self.dismissed or not edited:
            return ""
        lines = [f"{type(self).__name__}, changed: {', '.join(edited)}"]
        lines += [f"{box.id or 'box'}: {box.value}" for box in self.query(Input)]
        return "\n".join(lines)

    def dismiss_or_ask(self, result: Result, edited: list[str], back_to: str) -> None:
        """Dismiss with `result`; when the user changed something (`edited` names it),
        only once they say so. A second escape in the same burst asks no second time."""
        if not edited:
            self.dismiss(result)
            return
        if self._asking:
            return
        from lessontui.tui.screens.confirm import ConfirmDialog  # a Dialog itself

        def answered(drop: bool | None) -> None:
            self._asking = False
            if drop:
                self.dismiss(result)

        self._asking = True
        self.app.push_screen(
            ConfirmDialog(
                "Drop your changes?",
                f"You changed: {', '.join(edited)}. Cancel goes back to {back_to}.",
                "Drop them",
            ),
            answered,
        )

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if self._dismissed:
            done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return done
        self._dismissed = True
        return super().dismiss(result)
