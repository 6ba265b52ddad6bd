"""Canary for the TextArea internals tui/widgets/markdown_text_area.py builds on (for speed).

MarkdownTextArea replaces TextArea's tree-sitter highlighting and its per-key
costs by reading and overriding private parts of Textual 8.2.8's TextArea,
Document and WrappedDocument (not a bug workaround, so not in textual_compat/).
If a release renames or drops one, this fails before the editor does.
"""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.document._document import Document, EditResult, Location
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea

# Attributes of a mounted TextArea that MarkdownTextArea reads or sets.
TEXT_AREA_ATTRIBUTES = (
    "_highlights",
    "_line_cache",
    "_theme",
    "_styles_cache",
    "_rich_style_cache",
    "_matching_bracket_location",
    "_repaint_regions",
    "_repaint_required",
    "_draw_cursor",
)
# Methods it calls (or overrides and calls through super()).
TEXT_AREA_METHODS = (
    "_render_line",
    "_set_document",
    "_build_highlight_map",
    "_exchange_repaint_regions",
)


class _OneTextArea(App[None]):
    def compose(self) -> ComposeResult:
        yield TextArea("line one\nline two")


async def test_the_text_area_parts_it_uses_are_there() -> None:
    app = _OneTextArea()
    async with app.run_test() as pilot:
        area = app.query_one(TextArea)
        await pilot.pause()
        for name in TEXT_AREA_ATTRIBUTES:
            assert hasattr(area, name), name
        for name in TEXT_AREA_METHODS:
            assert callable(getattr(area, name)), name
        assert isinstance(area.wrapped_document, WrappedDocument)
        assert len(area.wrapped_document._offset_to_line_info) == area.wrapped_document.height
        assert isinstance(area.document, Document)
        assert area.document._lines == ["line one", "line two"]


def test_the_document_methods_it_overrides_keep_their_shape() -> None:
    assert list(inspect.signature(Document.replace_range).parameters) == [
        "self",
        "start",
        "end",
        "text",
    ]
    assert list(inspect.signature(TextArea._set_document).parameters) == [
        "self",
        "text",
        "language",
    ]
    # Lines are split with str.splitlines, which MarkdownTextArea narrows to CR/LF.
    assert "splitlines" in inspect.getsource(Document.__init__)
    assert EditResult is not None
    assert Location is not None
