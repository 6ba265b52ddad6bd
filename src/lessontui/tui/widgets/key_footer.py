"""The footer, with its keys in the first frame and redrawn only when they change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer, minus two costs at start-up.

    The stock footer starts empty and fills itself after the screen's first
    bindings update, one frame or more later (at start-up, after everything
    else queued: about 300 ms after the first frame in lessontui). This one
    composes its keys when mounted. And the stock footer rebuilds all its keys
    on every bindings update (each focus change); this one rebuilds only when
    the keys it shows differ.
    """

    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        self._shown = self._keys(self.screen)
        return super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen and self._keys(screen) == self._shown:
            return
        super().bindings_changed(screen)

    def _keys(self, screen: Screen) -> tuple[object, ...]:
        """What compose would show: the shown bindings, enabled or not."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )
