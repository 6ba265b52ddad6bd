"""Canary: the private Textual methods lessontui's classes override are the known ones.

A method named like one of Textual's private methods replaces it, whether
meant or not: TranscriptView's own `_detach` (stop following) replaced
`MessagePump._detach`, so a removed pane kept its parent. This lists every
such name on every class in lessontui.tui; a new Textual release that adds a
private method one of our classes already has fails here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.app import App, ComposeResult

import lessontui.tui
from lessontui.tui.widgets.transcript_view import TranscriptView

# Class attributes Textual's metaclass machinery sets on every subclass.
_PER_CLASS = {
    "_abc_impl",
    "_computes",
    "_css_type_name",
    "_css_type_names",
    "_decorated_handlers",
    "_inherit_bindings",
    "_inherit_component_classes",
    "_inherit_css",
    "_merged_bindings",
    "_reactives",
}

# Overridden on purpose, each with the reason where it is defined.
KNOWN = {
    ("PartList", "_forward_event"),  # screens/course_details.py: typed keys go to the box
    ("PasteUndoFix", "_recompute_cursor_offset"),  # textual_compat/paste_undo.py, #6686
    ("MarkdownTextArea", "_set_document"),  # widgets/markdown_text_area.py: no tree-sitter
    ("MarkdownTextArea", "_build_highlight_map"),  # ... rows highlighted as drawn
    ("MarkdownTextArea", "_exchange_repaint_regions"),  # ... rows whose spans changed
    ("TranscriptView", "_size_updated"),  # widgets/transcript_view.py: re-wrap on any size
}


def _overrides() -> set[tuple[str, str]]:
    found = set()
    for info in pkgutil.walk_packages(lessontui.tui.__path__, "lessontui.tui."):
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            upstream = [b for b in cls.__mro__[1:] if b.__module__.startswith("textual")]
            for attribute in vars(cls):
                private = attribute.startswith("_") and not attribute.startswith("__")
                handler = attribute.startswith("_on_")  # Textual runs each class's handler
                ours = private and not handler and attribute not in _PER_CLASS
                if ours and any(attribute in vars(base) for base in upstream):
                    found.add((name, attribute))
    return found


def test_only_the_known_private_methods_are_overridden() -> None:
    assert _overrides() == KNOWN


class _OneTranscript(App[None]):
    def compose(self) -> ComposeResult:
        yield TranscriptView()


async def test_a_removed_transcript_pane_leaves_the_tree() -> None:
    app = _OneTranscript()
    async with app.run_test() as pilot:
        view = app.query_one(TranscriptView)
        await view.remove()
        await pilot.pause()
        assert view.parent is None
