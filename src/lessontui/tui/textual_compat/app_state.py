"""What the App knows about itself but does not say publicly (no upstream issue).

Textual 8.2.8 has no public handle on the driver (`App._driver`), whose saved
terminal modes a cut-short quit restores.
Canary: tests/unit/test_textual_compat_app_state.py.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.driver import Driver


def driver_of(app: App[Any]) -> Driver | None:
    """The app's driver while it runs (None before it starts and after it stops)."""
    return app._driver
