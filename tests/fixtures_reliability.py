"""The reliability figures (files checked, kills checked, ...) the tests print.

Tests add to a session-wide tally; a summary line at the end of the run gives
the numbers docs/reliability.md quotes (pasted from a real run, never typed).
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
    - kills: saving processes that waitpid reported as killed by SIGKILL, after
      which every file was re-read and compared (`rereads`, `bytes_compared`);
      `torn` re-reads were neither the old nor the new version (a torn file
      also fails the test, so a green run shows 0, printed with how often it
      was checked); `new_version` re-reads found a version other than the one
      read after the previous kill; `temp_*` count the kills after which a
      temporary file was present, by what it held (empty, part of a version,
      a whole version not yet renamed);
    - faults: disk faults whose effect (save refused, file unchanged) a test
      checked; `real` of them were made by the kernel, the rest injected errnos;
    - hostile inputs: distinct (test, input) pairs that ran to the end of the
      test's checks (inputs a hypothesis `assume()` threw away, and repeats,
      are not counted).
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

    def figures(self) -> list[str]:
        counts = self.counts
        faults, real = counts["faults"], counts["faults_real"]
        parts = [f"{len(self.files)} distinct files checked on disk"]
        if counts["kills"] or counts["rereads"]:
            temp = counts["temp_empty"] + counts["temp_partial"] + counts["temp_whole"]
            parts.append(
                f"{counts['kills']} saving processes killed by SIGKILL and checked, "
                f"{counts['rereads']} files re-read after them "
                f"({counts['bytes_compared']:,} bytes compared), "
                f"{counts['torn']} torn (checked {counts['rereads']} times), "
                f"{counts['new_version']} re-reads at a new version, "
                f"a temp file present after {temp} kills ({counts['temp_empty']} empty, "
                f"{counts['temp_partial']} part written, "
                f"{counts['temp_whole']} whole, not yet renamed)"
            )
        parts += [
            f"{faults} faults checked ({real} real, {faults - real} injected)",
            f"{len(self.inputs)} distinct hostile inputs passed their checks",
        ]
        return parts

    def line(self, outcomes: str) -> str:
        return f"reliability ({outcomes}): " + "; ".join(self.figures())

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        stats = terminalreporter.stats
        outcomes = ", ".join(
            f"{len(stats[key])} {key}"
            for key in ("passed", "failed", "error", "skipped")
            if stats.get(key)
        )
        terminalreporter.write_line(self.line(f"a run of {outcomes} tests"))


KNOWN = frozenset(
    {
        "kills",
        "rereads",
        "bytes_compared",
        "torn",
        "new_version",
        "temp_empty",
        "temp_partial",
        "temp_whole",
        "faults",
        "faults_real",
    }
)
TALLY = Tally()


@pytest.fixture(scope="session")
def reliability_summary(request: pytest.FixtureRequest) -> Tally:
    """Prints the session's tally once at the end; modules use it with
    `pytestmark = pytest.mark.usefixtures("reliability_summary")` and add to TALLY."""
    manager = request.config.pluginmanager
    if not manager.is_registered(TALLY):
        manager.register(TALLY, "lessontui-reliability")
    return TALLY
