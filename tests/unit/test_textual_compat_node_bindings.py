"""Canary for tui/textual_compat/node_bindings.py: where Textual keeps bindings and the keymap."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.widget import Widget

from lessontui.tui.textual_compat.node_bindings import (
    bindings_with_keymap,
    class_bindings,
    own_bindings,
)


class _Keys(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f9", "bell", "Ring", id="test.ring")]


async def test_the_keymap_moves_a_binding_as_the_app_would() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        widget = _Keys()
        await app.screen.mount(widget)
        assert isinstance(own_bindings(widget), BindingsMap)
        assert "f9" in own_bindings(widget).key_to_bindings
        app.set_keymap({"test.ring": "f10"})
        moved = bindings_with_keymap(widget).key_to_bindings
        assert "f10" in moved
        assert "f9" not in moved
        assert "f9" in own_bindings(widget).key_to_bindings  # a copy was changed
        merged = class_bindings(_Keys)
        assert merged is not None
        assert "f9" in merged.key_to_bindings
        await pilot.pause()
