"""What the player bar says while nothing plays."""

from __future__ import annotations

from lessontui.services.player_state import PlayerState
from lessontui.tui.widgets.player_bar import describe


def test_describe_idle_before_start_and_stopped_after() -> None:
    never = PlayerState()
    assert str(describe(never, started=False)) == "f5 plays the lesson in mpv"
    assert "player stopped" in str(describe(never, started=True))
    failed = PlayerState(error="mpv: not found")  # the very first start failed
    assert "player stopped  mpv: not found" in str(describe(failed, started=False))
    bad_url = PlayerState(running=True, error="cannot play: no such host")
    assert str(describe(bad_url, "Lesson 2")) == (
        "✗ Lesson 2: cannot play: no such host  ·  f5 plays the open lesson"
    )
