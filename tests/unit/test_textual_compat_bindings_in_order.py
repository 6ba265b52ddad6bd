"""Canary for tui/textual_compat/bindings_in_order.py (Textual #6605).

It runs a widget's bindings the way `App._check_bindings` does, replaces
`Input._on_key` and re-sends kept keys with `_forward_event`. If Textual
renames or reshapes any of that, these fail: re-read the module and #6605.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from lessontui.tui.textual_compat import input_keys


def test_the_app_checks_bindings_as_run_binding_inline_repeats_it() -> None:
    signature = inspect.signature(App._check_bindings)
    assert list(signature.parameters) == ["self", "key", "priority"]
    source = inspect.getsource(App._check_bindings)
    # Non-priority keys walk the chain up to the last modal, keymap applied there.
    for piece in ("_modal_binding_chain", "key_to_bindings.get(key", "run_action(binding.action"):
        assert piece in source, piece
    assert "apply_keymap(keymap)" in inspect.getsource(Screen._binding_chain.fget)  # type: ignore[attr-defined]


def test_the_input_methods_replaced_or_called_are_there() -> None:
    input_keys.install()
    assert Input._on_key is input_keys._input_on_key
    upstream = inspect.getsource(input_keys._typing_on_key)
    # The typing half we call after our binding check: printable keys are typed.
    assert "if event.is_printable" in upstream
    assert "insert_text_at_cursor" in upstream
    assert inspect.iscoroutinefunction(input_keys._typing_on_key)
    assert inspect.iscoroutinefunction(input_keys._post_submitted)
    assert callable(Input._restart_blink)


def test_forward_event_is_how_a_widget_gets_a_key_from_the_app() -> None:
    for cls in (Widget, Screen):
        assert list(inspect.signature(cls._forward_event).parameters) == ["self", "event"]
    assert "_forward_event(event)" in inspect.getsource(App._on_key) or (
        "_forward_event" in inspect.getsource(App.on_event)
    )
