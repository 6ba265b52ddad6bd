"""A bound key runs where it was typed, in line with the characters around it.

Textual issue #6605: TextArea and Input type printable keys in `_on_key`, but a
bound key (backspace, ctrl+u, arrows, alt+t on the screen) bubbles up to the
App, one message queue per parent, before its action runs; meanwhile the widget
types the keys after it. In Textual 8.2.8, `abc` then `ctrl+u qq` in one burst
into an Input leaves it empty (ctrl+u deletes the `qq` typed after it), and
`w1 ` + alt+t in the editor stamps before the `w1`. Textual PR #6631 runs the
widget's own bindings inline; we also run those of the screen and the App above
it, so a key that reads or changes the text acts exactly where it was typed.
Drop this when Textual ships the fix (it would then cover only the widget's own keys).
"""

from __future__ import annotations

from textual.widget import Widget


async def run_binding_inline(widget: Widget, key: str) -> bool:
    """What App._check_bindings does once the key has bubbled up, done now.

    Priority bindings ran before the key reached the widget; the rest are tried
    from the widget up, with the user's keymap applied, as Textual would.
    """
    app = widget.app
    keymap = app._keymap
    for node in widget.ancestors_with_self:
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if not binding.priority and await app.run_action(binding.action, node):
                return True
        if node.is_modal:
            break
    return False
