"""The editor's lazy highlighting gives Textual's highlights, and typing still works."""

from __future__ import annotations

from textual._tree_sitter import get_language
from textual.app import App, ComposeResult
from textual.document._syntax_aware_document import SyntaxAwareDocument
from textual.widgets import TextArea

from lessontui.tui.widgets.lazy_highlight import _JoinedOffsetDocument
from lessontui.tui.widgets.note_editor import NoteEditor

NOTE = "\n".join(
    f"## Part {n}\n\n[{n}:00] some *em* and `code`\n\n```python\nx = {n}\n```\n\n- [ ] item {n}\n"
    for n in range(40)
)


class EditorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteEditor(id="editor")


def visible(spans: list) -> list:
    # Zero-width spans (a node ending at column 0) draw nothing; Textual keeps some.
    return sorted((s for s in spans if s[0] != s[1]), key=repr)


async def test_lazy_highlights_equal_the_full_map() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text(NOTE)
        editor.move_cursor((200, 0))
        editor.insert("more `code` [1:02]\n")
        await pilot.pause()
        rows = editor.document.line_count
        lazy = {row: visible(editor._highlights[row]) for row in range(rows)}
        TextArea._build_highlight_map(editor)  # Textual's own: the whole tree at once
        full = {row: visible(editor._highlights[row]) for row in range(rows)}
        assert lazy == full
        assert sum(map(len, full.values())) > 100
        assert editor.wrapped_document.height == sum(
            len(offsets) + 1 for offsets in editor.wrapped_document._wrap_offsets
        )


async def test_typing_and_undo_still_work() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("héllo\nwörld\n")
        editor.focus()
        editor.move_cursor((1, 5))
        await pilot.press("!", "enter", "x")
        assert editor.text == "héllo\nwörld!\nx\n"
        assert editor.document.get_line(2) == "x"
        editor.undo()  # the last typing batch after the new line
        assert editor.text == "héllo\nwörld!\n\n"


def test_byte_offsets_equal_textuals() -> None:
    document = SyntaxAwareDocument("héllo\nwörld!\n\nx 🦜\n", get_language("markdown"))
    for row in range(6):
        for column in range(8):
            ours = _JoinedOffsetDocument._location_to_byte_offset(document, (row, column))
            assert ours == SyntaxAwareDocument._location_to_byte_offset(document, (row, column))
