"""A small modal that asks for one line of text (a lesson title, a learned item)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class TextPrompt(ModalScreen[str | None]):
    """Returns the text typed (stripped), or None on escape.

    `enter` on empty text does not close it silently: the hint says what to do.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self._title), id="prompt-title")
            yield Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Label("enter to accept, escape to cancel", id="prompt-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            hint = self.query_one("#prompt-hint", Label)
            hint.update("Nothing typed yet: type the text, or escape to cancel")
            hint.add_class("-warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
