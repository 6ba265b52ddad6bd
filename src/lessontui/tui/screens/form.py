"""What every form that edits a file shares: tab order that holds for a fast typist, and
a question before escape drops what the user changed."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import ModalScreen, ScreenResultType

from lessontui.tui.screens.confirm import ConfirmDialog
from lessontui.tui.type_ahead import TypeAhead


class FormScreen(ModalScreen[ScreenResultType]):
    """A modal form; subclasses call `cancel_or_ask` from their cancel action.

    tab and shift+tab are priority keys here. Textual moves the focus for tab only
    once the key has bubbled up from the focused input to the screen, so in a
    burst (`Part 3`, tab, `ship it`) the keys behind tab were already sent to the
    box it leaves: the goal was typed into the title. A priority key runs as the
    App reads it, before it sends on the next key. (Textual 8.2.8; the same
    ordering as issue #6605.)
    """

    BINDINGS = [
        Binding("tab", "next_box", "Next", id="form.next", show=False, priority=True),
        Binding(
            "shift+tab", "previous_box", "Previous", id="form.previous", show=False, priority=True
        ),
    ]

    def action_next_box(self) -> None:
        self._keys_in_order()
        self.focus_next()

    def action_previous_box(self) -> None:
        self._keys_in_order()
        self.focus_previous()

    def _keys_in_order(self) -> None:
        """While keys typed ahead are kept (tui/type_ahead.py), tab waits its turn with them."""
        type_ahead = getattr(self.app, "type_ahead", None)
        if isinstance(type_ahead, TypeAhead) and type_ahead.keeping:
            raise SkipAction()

    def cancel_or_ask(self, edited: list[str]) -> None:
        """Cancel; when the user changed something (`edited` names it), only once they say so."""
        if not edited:
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Drop your changes?",
                f"You changed: {', '.join(edited)}. Cancel goes back to the form "
                "(ctrl+s saves there).",
                "Drop them",
            ),
            answered,
        )
