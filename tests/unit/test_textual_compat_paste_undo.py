"""Canary for tui/textual_compat/paste_undo.py (Textual #6686).

It overrides `TextArea._recompute_cursor_offset` and sets `_cursor_offset`,
which TextArea reads to scroll the cursor into view. If upstream clamps the
location itself (PR #6687), the last test says the module can go.
"""

from __future__ import annotations

import inspect

from textual.widgets import TextArea

from lessontui.tui.textual_compat.paste_undo import PasteUndoFix


def test_the_overridden_method_and_the_attribute_it_sets_are_upstream() -> None:
    upstream = inspect.getsource(TextArea._recompute_cursor_offset)
    assert "self._cursor_offset = self.wrapped_document.location_to_offset(" in upstream
    assert list(inspect.signature(TextArea._recompute_cursor_offset).parameters) == ["self"]
    assert callable(TextArea.clamp_visitable)
    assert PasteUndoFix._recompute_cursor_offset is not TextArea._recompute_cursor_offset


def test_textual_still_uses_the_unclamped_cursor_location() -> None:
    upstream = inspect.getsource(TextArea._recompute_cursor_offset)
    assert "clamp_visitable" not in upstream
