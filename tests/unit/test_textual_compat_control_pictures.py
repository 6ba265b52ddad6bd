"""Canary for tui/textual_compat/control_pictures.py: the translate tables and the width function.

The module adds entries to `textual.content._CONTROL_STRIP_TRANSLATE` and
`rich.control._CONTROL_STRIP_TRANSLATE` (used as the default argument of the
functions that strip control codes: the same dict objects) and replaces the
cell-width function Rich and Textual's wrapper measure with.
"""

from __future__ import annotations

import inspect

import rich.cells
import rich.control
import textual._wrap
import textual.content
from rich.text import Text
from textual.content import Content

from lessontui.tui.textual_compat.control_pictures import is_installed, show_control_characters


def test_the_tables_are_what_the_strip_functions_use() -> None:
    for module, function in (
        (textual.content, textual.content._strip_control_codes),
        (rich.control, rich.control.strip_control_codes),
    ):
        default = inspect.signature(function).parameters["_translate_table"].default
        assert default is module._CONTROL_STRIP_TRANSLATE


def test_the_wrapper_measures_with_the_module_attribute() -> None:
    # Imported by name into textual._wrap: that name is the one replaced.
    assert "get_character_cell_size" in vars(textual._wrap)
    assert "get_character_cell_size(" in inspect.getsource(textual._wrap)
    # rich.cells' own functions look the name up in their module at each call.
    assert "get_character_cell_size(" in inspect.getsource(rich.cells._cell_len)
    assert callable(rich.cells.cached_cell_len.cache_clear)


def test_installed_esc_is_drawn_as_a_symbol_one_cell_wide() -> None:
    show_control_characters()
    assert is_installed()
    assert Content("a\x1bb").plain == "a␛b"
    assert Text("a\x1bb").plain in ("a␛b", "a\x1bb")  # Rich strips when it renders
    assert rich.cells.cell_len("\x1b") == 1
    assert textual._wrap.get_character_cell_size("\x1b") == 1  # type: ignore[attr-defined]
    assert Content("a\x0db").plain == "ab"  # what Textual already drops stays dropped
