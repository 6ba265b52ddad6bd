"""Full garbage collections while the user is idle; between them, the survivors frozen."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

IDLE_S = 1.0  # seconds without a key, paste or mouse event before collecting
# Python's own full collection comes after this many younger ones (default 10: about
# one a lesson opened, 26-79 ms of CPU on the shared VM); ten times as many leaves
# them to the pauses, unless the user types on and on without one.
FULL_AFTER = 100


class IdleCollector:
    """Collects everything and freezes what is left (`gc.freeze()`) once the first
    note is drawn and after each pause in the user's input, so no full collection
    walks the preview's render cache and the whole session while the user types
    (docs/performance.md, "Collections in the pauses").

    Unfreezing before each collection lets objects frozen alive and dead since in a
    cycle be collected: the freeze after the first note alone kept them for the
    rest of the run. Collecting only what was made since the last pause, with the
    whole heap now and then, was measured too: shorter pauses, 13 MB more RSS.
    """

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._timer: Timer | None = None
        self._started = False
        self._input_since = False  # input since the last collection
        self._thresholds = gc.get_threshold()  # put back by stop()

    def start(self) -> None:
        """The session's long-lived objects exist (the first note is drawn)."""
        self._started = True
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, FULL_AFTER)
        self.collect()

    def input(self) -> None:
        """A key, paste or mouse event: collect once the input pauses."""
        if not self._started:
            return
        self._input_since = True
        if self._timer is None:
            self._timer = self._app.set_timer(IDLE_S, self._idle, name="idle collection")
        else:
            self._timer.reset()

    def _idle(self) -> None:
        self._timer = None
        if self._input_since:
            self.collect()

    def collect(self) -> None:
        self._input_since = False
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Give the frozen objects back to the collector, for whatever runs after the app."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._started:
            gc.set_threshold(*self._thresholds)
        self._started = False
        gc.unfreeze()
