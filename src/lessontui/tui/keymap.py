"""Binding ids users may remap in `[keymap]`: every class's, open or not."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from textual.app import App
from textual.dom import DOMNode

from lessontui.tui.textual_compat.node_bindings import class_bindings, own_bindings


def class_binding_ids() -> set[str]:
    """The binding ids of every screen and widget class in lessontui.tui.screens and
    lessontui.tui.widgets (inherited bindings included), open or not."""
    import lessontui.tui.screens
    import lessontui.tui.widgets

    ids: set[str] = set()
    for package in (lessontui.tui.screens, lessontui.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                    ids |= _ids_of(cls)
    return ids


def _ids_of(cls: type[DOMNode]) -> set[str]:
    bindings = class_bindings(cls)
    return {b.id for _, b in bindings if b.id} if bindings is not None else set()


def binding_ids(app: App[Any]) -> set[str]:
    """Every binding id of the app, its open screens and their widgets, and of every
    screen and widget class that is not open yet."""
    from lessontui.tui.main_screen import MainScreen

    nodes: list[DOMNode] = [app, *app.screen_stack]
    for screen in app.screen_stack:
        nodes.extend(screen.query("*"))
    ids = {b.id for node in nodes for _, b in own_bindings(node) if b.id}
    return ids | class_binding_ids() | _ids_of(type(app)) | _ids_of(MainScreen)
