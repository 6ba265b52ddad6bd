"""Undo of a long paste must not crash the editor (Textual issue #6686).

Textual 8.2.8 undoes an edit by first putting the shorter text back and only
afterwards restoring the selection. In between, `_refresh_size` can show or
hide the scrollbar, which scrolls the cursor into view from a cursor row the
document no longer has: `ValueError: The document line index 7 is out of
bounds`, and the app dies with the unsaved note. Textual PR #6687 (not released
yet) clamps the location used for this visual offset; this is the same change.
Drop this module once Textual ships that fix.
Canary: tests/unit/test_textual_compat_paste_undo.py.
"""

from __future__ import annotations

from textual.widgets import TextArea


class PasteUndoFix(TextArea):
    """A TextArea whose cursor offset is computed from a location the document has."""

    def _recompute_cursor_offset(self) -> None:
        # Only the cached visual offset uses the clamped location; the selection is
        # left alone, and the undo restores it right after.
        location = self.clamp_visitable(self.cursor_location)
        self._cursor_offset = self.wrapped_document.location_to_offset(location)
