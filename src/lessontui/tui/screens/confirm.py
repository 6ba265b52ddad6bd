"""A yes/no question before something hard to take back (moving a lesson to the trash)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Label

from lessontui.tui.screens.dialog import Dialog


class ConfirmDialog(Dialog[bool]):
    """Dismissed with True only for `y` or the confirm button; Cancel has the focus,
    so an `enter` meant for something else answers no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    #confirm-box {
        width: 70; height: auto; border: thick $error; background: $surface; padding: 1 2;
    }
    #confirm-title { text-style: bold; }
    #confirm-buttons { height: auto; margin-top: 1; }
    #confirm-buttons Button { margin-right: 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Label(Content(self.question), id="confirm-title")
            yield Label(Content(self.detail), id="confirm-detail")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.yes} [y]"), id="confirm-yes", variant="error")
                yield Button(Content("Cancel [esc]"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
