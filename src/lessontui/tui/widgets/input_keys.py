"""A bound key in a one-line Input acts where it was typed, before the keys after it.

Textual issue #6605 (see tui/inline_bindings.py): in 8.2.8, `abc` then
`ctrl+u qq` in one burst left a search box empty, because ctrl+u ran after the
`qq` typed behind it had been inserted.

A key typed behind the one that answers the box's dialog (enter, ctrl+s) is not
the box's: it goes where the focus is once the dialog is gone (tui/type_ahead.py).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from lessontui.tui.inline_bindings import run_binding_inline
from lessontui.tui.type_ahead import hand_over, submitting

_typing_on_key = Input._on_key
_post_submitted = Input.action_submit


async def _on_key(self: Input, event: events.Key) -> None:
    if hand_over(self, event):
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


def install() -> None:
    """Make every Input run its bound keys in line (idempotent)."""
    # A Textual method replaced on purpose, for all the app's Inputs at once.
    Input._on_key = _on_key  # type: ignore[method-assign]
    Input.action_submit = _action_submit  # type: ignore[method-assign]
