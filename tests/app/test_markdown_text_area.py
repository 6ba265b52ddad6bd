"""The note editor draws Markdown in the theme's colours, and edits keep the fence state right."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.strip import Strip

from lessontui.render.markdown_lines import BlockStates
from lessontui.tui.widgets.note_editor import NoteEditor

NOTE = "# Title\n\nbody text [12:34] and `code`\n\n```python\nx = 1\n```\n\n- [x] done\n"


class EditorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteEditor(id="editor")


def colours(strip: Strip) -> dict[str, str]:
    """Each drawn piece of text (stripped) -> its foreground colour."""
    return {
        segment.text.strip(): str(segment.style.color.triplet.hex)  # type: ignore[union-attr]
        for segment in strip
        if segment.text.strip() and segment.style and segment.style.color
    }


async def test_highlights_reach_the_drawn_rows_in_every_theme() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text(NOTE)
        editor.move_cursor((0, 0))  # the cursor line keeps its highlighting too
        await pilot.pause()
        seen = []
        for theme in ("textual-dark", "textual-light", "nord", "gruvbox"):
            app.theme = theme
            await pilot.pause()
            heading = colours(editor.render_line(0))
            body = colours(editor.render_line(2))
            fence = colours(editor.render_line(4))
            code = colours(editor.render_line(5))
            assert body["[12:34]"] != body["body text"], theme
            assert body["`code`"] != body["body text"], theme
            assert heading["Title"] != body["body text"], theme
            assert fence["python"] != body["body text"], theme
            assert code["x = 1"] != body["body text"], theme
            seen.append(heading["Title"])
        assert len(set(seen)) == len(seen)  # the colours follow the theme


async def test_typing_paste_and_undo_keep_fence_states_right() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("intro\n\ntext\n\n```\ncode\n```\n\nafter\n")
        editor.focus()
        editor.move_cursor((1, 0))

        def check() -> None:
            fresh = BlockStates(editor.document.lines)._states
            assert editor.document.block_states._states == fresh  # type: ignore[attr-defined]

        await pilot.press(*"```", "enter")  # opens a fence: everything below flips
        check()
        assert editor.document.block_states.before(3) == "```"  # type: ignore[attr-defined]
        editor.insert("~~~~\nx\n", (5, 0))  # a paste
        check()
        for _ in range(3):  # the paste, the new line, the typed fence
            editor.undo()
            check()
        assert editor.text == "intro\n\ntext\n\n```\ncode\n```\n\nafter\n"
        editor.redo()
        check()
        await pilot.press("ctrl+a", "backspace")
        check()


async def test_typing_and_undo_still_work() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("héllo\nwörld\n")
        editor.focus()
        editor.move_cursor((1, 5))
        await pilot.press("!", "enter", "x")
        assert editor.text == "héllo\nwörld!\nx\n"
        editor.undo()  # the last typing batch after the new line
        assert editor.text == "héllo\nwörld!\n\n"


async def test_non_ascii_lines_are_styled_at_the_right_columns() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("x\nünï 🦜 `côde` [1:02] end\n")
        await pilot.pause()
        drawn = colours(editor.render_line(1))
        assert "`côde`" in drawn
        assert "[1:02]" in drawn
        assert drawn["`côde`"] != drawn["ünï 🦜"]


async def test_a_key_draws_only_the_rows_it_changed() -> None:
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("\n".join(f"line {n}" for n in range(100)))
        editor.focus()
        editor.move_cursor((5, 6))
        await pilot.pause()
        drawn: list[int] = []
        draw = editor.render_line

        def counted(y: int) -> Strip:
            drawn.append(y)
            return draw(y)

        editor.render_line = counted  # type: ignore[method-assign]
        await pilot.press("x")
        assert editor.document.get_line(5) == "line 5x"
        assert set(drawn) == {5}  # the typed row; the cursor stayed on it
        drawn.clear()
        await pilot.press("down")
        assert set(drawn) == {5, 6}  # the cursor left one row for the other


async def test_a_lone_cr_in_an_lf_note_is_kept_through_edits() -> None:
    """Textual joins a document's lines with one newline: a lone CR in an LF note (a
    row of its own, as Markdown, the search and the checklist count it) was saved as
    LF after any edit. Each line keeps its own ending; typed and pasted line ends are
    the note's, but a lone CR is kept as the character it is."""
    app = EditorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(NoteEditor)
        editor.load_text("one\rtwo\nthree\nfour\n")
        assert editor.document.line_count == 5
        assert editor.text == "one\rtwo\nthree\nfour\n"
        editor.move_cursor((1, 3))
        await pilot.press("X", "enter", "Y")
        assert editor.text == "one\rtwoX\nY\nthree\nfour\n"
        editor.move_cursor((3, 0))
        await pilot.press("backspace")  # joins `three` to the row above
        assert editor.text == "one\rtwoX\nYthree\nfour\n"
        editor.insert("p\rq\r\n", (0, 0))  # a lone CR kept, a CRLF made the note's LF
        assert editor.text == "p\rq\none\rtwoX\nYthree\nfour\n"
        editor.replace("", (0, 0), (2, 3))  # the pasted rows and `one`: their ends go
        assert editor.text == "\rtwoX\nYthree\nfour\n"
        editor.load_text("plain\nnote\n")
        assert editor.text == "plain\nnote\n"
        editor.load_text("a\r\nb\nc\r\n")  # a CRLF note: its lone LF is kept
        editor.insert("!\n", (2, 0))
        assert editor.text == "a\r\nb\n!\r\nc\r\n"
        # An old Mac note with one stray LF: CR is its ending (Textual took LF, and
        # every CR would have been a row to keep apart); enter types CR.
        editor.load_text("a\rb\rc\nd\r")
        assert editor.document.newline == "\r"
        assert getattr(editor.document, "odd_ends", None) == {2: "\n"}
        editor.insert("\n", (0, 1))
        assert editor.text == "a\r\rb\rc\nd\r"
