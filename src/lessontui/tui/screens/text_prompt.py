"""A small modal that asks for one line of text (a lesson title, a learned item)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label

from lessontui.tui.screens.dialog import Dialog


class TextPrompt(Dialog[str | None]):
    """Returns the text typed (stripped), or None on escape.

    `enter` on empty text does not close it silently: the hint says what to do.
    `escape` with text typed asks first: a second escape drops it.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]
    TYPED_AHEAD_ADDS = True  # keys typed before it had the focus add to the text

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._asked = False  # escape with text typed said it would drop it

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self._title), id="prompt-title")
            # The one box, opened to rename or retype: its text selected on focus,
            # as a rename is, so typing replaces it in view. (Keys typed before it
            # had the focus add to the text instead: tui/type_ahead.py.)
            yield Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Label("enter to accept, escape to cancel", id="prompt-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._hint("Nothing typed yet: type the text, or escape to cancel")
            return
        self.dismiss(text)

    def edited(self) -> list[str]:
        text = self.query_one("#prompt-input", Input).value
        return [self._title] if text.strip() and text != self._value else []

    def action_cancel(self) -> None:
        if self.edited() and not self._asked:
            self._asked = True
            self._hint("Press escape again to drop what you typed, enter to keep it")
            return
        self.dismiss(None)

    def on_input_changed(self) -> None:
        self._asked = False  # typing again: the next escape asks again

    def _hint(self, text: str) -> None:
        hint = self.query_one("#prompt-hint", Label)
        hint.update(text)
        hint.add_class("-warning")
