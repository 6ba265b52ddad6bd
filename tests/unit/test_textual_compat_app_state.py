"""Canary for tui/textual_compat/app_state.py: `App._driver` and the modes it saved."""

from __future__ import annotations

import inspect

from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from lessontui.tui.textual_compat.app_state import driver_of


async def test_the_driver_is_there_while_running() -> None:
    app: App[None] = App()
    assert driver_of(app) is None
    async with app.run_test():
        assert isinstance(driver_of(app), Driver)


def test_the_linux_driver_keeps_the_terminal_modes_it_changed() -> None:
    # LessonApp._terminal_modes_before reads this to restore a cut-short quit's terminal.
    assert "self.attrs_before" in inspect.getsource(LinuxDriver.__init__)
    assert "self.attrs_before = termios.tcgetattr" in inspect.getsource(
        LinuxDriver.start_application_mode
    )
