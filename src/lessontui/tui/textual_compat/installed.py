"""The process-wide Textual workarounds, put in place at once (the App calls `install` first)."""

from __future__ import annotations

from lessontui.tui.textual_compat import (
    control_pictures,
    input_keys,
    input_paste,
    xterm_input,
)


def install() -> None:
    """Install every process-wide workaround (idempotent); the App calls it first."""
    control_pictures.show_control_characters()  # untrusted text: ESC drawn as ␛, never raw
    xterm_input.install()  # alt keys and pastes read whole
    input_paste.install()  # a paste into an Input keeps all its lines
    input_keys.install()  # a bound key in an Input acts where it was typed
