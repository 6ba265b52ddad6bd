"""A node's key bindings as the user's keymap makes them (no public Textual API; no issue).

Textual 8.2.8 keeps a node's bindings in `DOMNode._bindings` and the App's
keymap in `App._keymap`, and applies the keymap only inside
`App._check_bindings`. The help screen, the keymap check and the inline
bindings of #6605 need the same view, so it is read here, in one place.
Canary: tests/unit/test_textual_compat_node_bindings.py.
"""

from __future__ import annotations

from textual.binding import BindingsMap
from textual.dom import DOMNode


def bindings_with_keymap(node: DOMNode) -> BindingsMap:
    """A copy of the node's bindings with the App's keymap applied."""
    bindings = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def own_bindings(node: DOMNode) -> BindingsMap:
    """The node's bindings as declared (its class's and its parents' classes'), no keymap."""
    return node._bindings


def class_bindings(cls: type[DOMNode]) -> BindingsMap | None:
    """The bindings a node class declares with those it inherits; None before any is made."""
    return cls._merged_bindings
