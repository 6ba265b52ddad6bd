"""The reliability figures (files round-tripped, kills survived, ...) the tests print.

Tests add to a session-wide tally; a summary line at the end of the run gives
the numbers the README's Reliability section quotes.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

FIGURES = (
    ("round_tripped", "files round-tripped"),
    ("kills", "kills survived"),
    ("faults", "faults injected"),
    ("hostile", "hostile inputs tried"),
    ("bytes_lost", "bytes lost"),
)

# Moderate by default so the suite stays fast; LESSONTUI_HYPOTHESIS=deep for a long hunt.
settings.register_profile(
    "lessontui-fast",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "lessontui-deep",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def hypothesis_profile() -> settings:
    import os

    return settings.get_profile(f"lessontui-{os.environ.get('LESSONTUI_HYPOTHESIS', 'fast')}")


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter({key: 0 for key, _ in FIGURES})

    def add(self, figure: str, amount: int = 1) -> None:
        assert figure in self.counts, figure
        self.counts[figure] += amount

    def line(self) -> str:
        return "reliability: " + ", ".join(f"{self.counts[k]} {label}" for k, label in FIGURES)

    def pytest_terminal_summary(self, terminalreporter) -> None:  # type: ignore[no-untyped-def]
        terminalreporter.write_line(self.line())


TALLY = Tally()


@pytest.fixture(scope="session")
def reliability_summary(request: pytest.FixtureRequest) -> Tally:
    """Prints the session's tally once at the end; modules use it with
    `pytestmark = pytest.mark.usefixtures("reliability_summary")` and add to TALLY."""
    manager = request.config.pluginmanager
    if not manager.is_registered(TALLY):
        manager.register(TALLY, "lessontui-reliability")
    return TALLY
