"""The reliability figures (files checked, kills checked, ...) the tests print.

Tests add to a session-wide tally; a summary line at the end of the run gives
the numbers docs/reliability.md quotes.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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
    return settings.get_profile(f"lessontui-{os.environ.get('LESSONTUI_HYPOTHESIS', 'fast')}")


class Tally:
    """Events, counted when they happened and were checked, never loop passes or constants.

    - files: distinct real files (by path) whose bytes on disk a test compared
      with what they must be, after the app or the model wrote or opened them;
    - kills: SIGKILLs delivered to a saving process, after which every file was
      checked;
    - faults: disk faults whose effect (save refused, file unchanged) a test
      checked; `real` of them were made by the kernel, the rest injected errnos;
    - hostile inputs: distinct (test, input) pairs that ran to the end of the
      test's checks (inputs a hypothesis `assume()` threw away, and repeats,
      are not counted);
    - bytes lost: measured only by the kill test, which reads every file after
      every kill (`bytes_checked`); a file that is neither the old nor the new
      version counts its last good version's size as lost.
    """

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.inputs: set[str] = set()
        self.counts: Counter[str] = Counter()

    def file_checked(self, path: Path) -> None:
        self.files.add(os.path.realpath(path))

    def input_run(self, test: str, *values: object) -> None:
        """A hostile input went through `test` and passed its checks."""
        self.inputs.add(hashlib.sha256(repr((test, values)).encode()).hexdigest())

    def add(self, figure: str, amount: int = 1) -> None:
        assert figure in KNOWN, figure
        self.counts[figure] += amount

    def line(self) -> str:
        counts = self.counts
        faults, real = counts["faults"], counts["faults_real"]
        parts = [
            f"{len(self.files)} distinct files checked on disk",
            f"{counts['kills']} kills checked",
            f"{faults} faults checked ({real} real, {faults - real} injected)",
            f"{len(self.inputs)} hostile inputs run",
        ]
        if counts["bytes_checked"]:
            parts.append(
                f"{counts['bytes_lost']} bytes lost of {counts['bytes_checked']:,} "
                "checked after kills"
            )
        return "reliability: " + ", ".join(parts)

    def pytest_terminal_summary(self, terminalreporter) -> None:  # type: ignore[no-untyped-def]
        terminalreporter.write_line(self.line())


KNOWN = frozenset({"kills", "faults", "faults_real", "bytes_checked", "bytes_lost"})
TALLY = Tally()


@pytest.fixture(scope="session")
def reliability_summary(request: pytest.FixtureRequest) -> Tally:
    """Prints the session's tally once at the end; modules use it with
    `pytestmark = pytest.mark.usefixtures("reliability_summary")` and add to TALLY."""
    manager = request.config.pluginmanager
    if not manager.is_registered(TALLY):
        manager.register(TALLY, "lessontui-reliability")
    return TALLY
