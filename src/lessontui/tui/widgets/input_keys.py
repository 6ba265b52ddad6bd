"""A bound key in a one-line Input acts where it was typed, before the keys after it.

Textual issue #6605 (see tui/inline_bindings.py): in 8.2.8, `abc` then
`ctrl+u qq` in one burst left a search box empty, because ctrl+u ran after the
`qq` typed behind it had been inserted.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from lessontui.tui.inline_bindings import run_binding_inline

_typing_on_key = Input._on_key


async def _on_key(self: Input, event: events.Key) -> None:
    if not event.is_printable and await run_binding_inline(self, event.key):
        self._restart_blink()
        event.stop()
        event.prevent_default()
        return
    await _typing_on_key(self, event)


def install() -> None:
    """Make every Input run its bound keys in line (idempotent)."""
    # A Textual method replaced on purpose, for all the app's Inputs at once.
    Input._on_key = _on_key  # type: ignore[method-assign]
