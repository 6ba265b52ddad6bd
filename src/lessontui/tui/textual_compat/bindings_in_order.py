"""Textual #6605: a bound key runs where it was typed, in line with the characters around it.

TextArea and Input type printable keys in `_on_key`, but a bound key
(backspace, ctrl+u, arrows, alt+t on the screen) bubbles up to the App, one
message queue per parent, before its action runs; meanwhile the widget types
the keys after it. In Textual 8.2.8, `abc` then `ctrl+u qq` in one burst into
an Input leaves it empty (ctrl+u deletes the `qq` typed after it), and `w1 ` +
alt+t in the editor stamps before the `w1`. Textual PR #6631 runs the widget's
own bindings inline; we also run those of the screen and the App above it, so a
key that reads or changes the text acts exactly where it was typed.

The same race moves keys typed behind a key that opens a screen
(tui/type_ahead.py): the kept keys are re-sent with the App's own priority
check and `_forward_event`, the two private calls below.

Drop this when Textual ships the fix (it would then cover only the widget's own keys).
Canary: tests/unit/test_textual_compat_bindings_in_order.py.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget
from textual.widgets import Button, Input

from lessontui.tui.textual_compat.node_bindings import bindings_with_keymap


async def run_binding_inline(widget: Widget, key: str) -> bool:
    """What App._check_bindings does once the key has bubbled up, done now.

    Priority bindings ran before the key reached the widget; the rest are tried
    from the widget up, with the user's keymap applied, as Textual would.
    """
    app = widget.app
    for node in widget.ancestors_with_self:
        for binding in bindings_with_keymap(node).key_to_bindings.get(key, ()):
            if not binding.priority and await app.run_action(binding.action, node):
                return True
        if node.is_modal:
            break
    return False


async def run_priority_binding(app: App[Any], key: str) -> bool:
    """Run the priority binding of `key`, as the App does when it reads a key; True if one ran."""
    return await app._check_bindings(key, priority=True)


def forward(node: Widget, event: events.Key | events.Paste) -> None:
    """Send a typed key or paste to `node` as the App sends what it reads (no bubbling copy)."""
    node._forward_event(event)


_typing_on_key = Input._on_key
_post_submitted = Input.action_submit
_press = Button.action_press


async def _input_on_key(self: Input, event: events.Key) -> None:
    # Imported here: tui/type_ahead.py imports this module.
    from lessontui.tui.type_ahead import hand_over

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
    from lessontui.tui.type_ahead import submitting

    await _post_submitted(self)
    submitting(self)  # a dialog's answer may follow: the keys behind enter wait for it


def _action_press(self: Button) -> None:
    from lessontui.tui.type_ahead import submitting

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
