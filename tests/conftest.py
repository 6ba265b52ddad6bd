"""Shared fixtures, and the rule that CI runs the mpv, Jekyll and tmux tests for real."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from lessontui.course.course import Course
from lessontui.course.demo import write_demo

# Fixtures defined beside their helpers, offered to every test module.
pytest_plugins = ["tests.fixtures_player", "tests.fixtures_reliability"]

REAL_TOOLS = {
    "needs_mpv": "mpv",
    "needs_jekyll": "jekyll",
    "needs_ffmpeg": "ffmpeg",
    "needs_chromium": "chromium",
    "needs_tmux": "tmux",
}


_skipped_real: list[str] = []


def _require_tools() -> bool:
    return os.environ.get("LESSONTUI_REQUIRE_TOOLS") == "1"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose tool is missing; in CI (LESSONTUI_REQUIRE_TOOLS=1) fail it."""
    for marker, tool in REAL_TOOLS.items():
        if item.get_closest_marker(marker) and shutil.which(tool) is None:
            if _require_tools():
                pytest.fail(f"{tool} is required (LESSONTUI_REQUIRE_TOOLS=1) but not installed")
            pytest.skip(f"{tool} is not installed")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and any(marker in report.keywords for marker in REAL_TOOLS):
        _skipped_real.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test that needs mpv, ffmpeg, Jekyll or Chromium fails the run."""
    if _require_tools() and _skipped_real:
        print(f"\nERROR: tests needing real tools were skipped: {', '.join(_skipped_real)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def demo_course(tmp_path: Path) -> Course:
    """A fresh copy of the demo course on disk."""
    return write_demo(tmp_path / "demo")


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the real user's config or library."""
    monkeypatch.setenv("LESSONTUI_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("LESSONTUI_LIBRARY", str(tmp_path / "library"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # rescue files
    monkeypatch.setenv("LESSONTUI_INDEX", str(tmp_path / "cache" / "search-index.sqlite"))
    # The preview adapts its colours to the terminal's colour system, which Rich
    # reads from COLORTERM/TERM: the same snapshots wherever the tests run.
    monkeypatch.setenv("COLORTERM", "truecolor")
