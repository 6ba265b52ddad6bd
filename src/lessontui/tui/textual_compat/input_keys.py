"""Textual #6605 for every Input: a bound key acts where it was typed (see bindings_in_order).

In 8.2.8, `abc` then `ctrl+u qq` in one burst left a search box empty, because
ctrl+u ran after the `qq` typed behind it had been inserted. Also: a key typed
behind the one that answers the box's dialog (enter, ctrl+s, enter on a button)
is not the box's: it goes where the focus is once the dialog is gone
(tui/type_ahead.py).

Private names used: `Input._on_key` (replaced), `Input._restart_blink`.
Canary: tests/unit/test_textual_compat_bindings_in_order.py.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Input

from lessontui.tui.textual_compat.bindings_in_order import run_binding_inline
from lessontui.tui.type_ahead import hand_over, submitting

_typing_on_key = Input._on_key
_post_submitted = Input.action_submit
_press = Button.action_press


async def _input_on_key(self: Input, event: events.Key) -> None:
    if hand_over(self, event):  # typed behind the key that answered this box's dialog
        event.stop()
        event.prevent_default()
        return
    if not event.is_printable and await run_binding_inline(self, event.key):
        self._restart_blink()
        event.stop()
        event.prevent_default()
        return
    await _typing_on_key(self, event)


async def _action_submit(self: Input) -> None:
    await _post_submitted(self)
    submitting(self)  # a dialog's answer may follow: the keys behind enter wait for it


def _action_press(self: Button) -> None:
    _press(self)
    # enter on a dialog's button (Save, File…): the keys typed behind it were sent
    # to the button, which takes no text, before its Pressed saved or opened the
    # file picker; they wait for that answer, as behind a box's enter.
    submitting(self)


def install() -> None:
    """Make every Input run its bound keys in line, and the keys behind a button's
    enter wait for its answer (idempotent)."""
    # Textual methods replaced on purpose, for all the app's Inputs and Buttons at once.
    Input._on_key = _input_on_key  # type: ignore[method-assign]
    Input.action_submit = _action_submit  # type: ignore[method-assign]
    Button.action_press = _action_press  # type: ignore[method-assign]
