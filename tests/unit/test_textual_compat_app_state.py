"""Canary for tui/textual_compat/app_state.py: `App._exit` and `App._driver`."""

from __future__ import annotations

from textual.app import App
from textual.driver import Driver

from lessontui.tui.textual_compat.app_state import driver_of, is_exiting


async def test_exit_sets_the_flag_and_the_driver_is_there_while_running() -> None:
    app: App[None] = App()
    assert is_exiting(app) is False
    assert driver_of(app) is None
    async with app.run_test() as pilot:
        assert isinstance(driver_of(app), Driver)
        assert is_exiting(app) is False
        app.exit()
        assert is_exiting(app) is True
        await pilot.pause()
