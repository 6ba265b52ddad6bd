"""A paste into a one-line box, and the width of a control drawn as a symbol."""

from __future__ import annotations

from lessontui.tui.textual_compat.input_paste import one_line


def test_a_pasted_text_on_one_line() -> None:
    assert one_line("\nhttps://example.com/v\r\n") == "https://example.com/v"
    assert one_line("rate\r\nlimit\rnow\nok") == "rate limit now ok"
    assert one_line("a\x1cb\u2028c\x1b[31m") == "a\x1cb\u2028c\x1b[31m"
    assert one_line("\n\r\n") == ""


def test_a_control_drawn_as_a_symbol_is_measured_one_cell_wide() -> None:
    """The editor wraps a line of pasted ESCs to the pane: each ␛ takes a cell.

    Rich measured ESC as 0 cells, so `A␛B␛...` (80 cells drawn) wrapped as 40
    and ran out of sight past the pane's edge.
    """
    from rich.cells import cell_len
    from textual._wrap import compute_wrap_offsets

    from lessontui.tui.textual_compat.control_pictures import show_control_characters

    show_control_characters()
    line = "".join(f"{chr(65 + i % 26)}\x1b" for i in range(40))
    assert cell_len(line) == 80
    assert compute_wrap_offsets(line, 40, tab_size=4) == [40]  # two rows of 40 cells
    assert cell_len("a\x07b\x08c") == 5  # BEL and BS are drawn as symbols too: a cell each
    assert cell_len("a\rb") == 2  # CR is dropped when drawn: no room
