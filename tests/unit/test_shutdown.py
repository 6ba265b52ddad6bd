"""tui/shutdown.py's Quitter: which signal begins a quit and which one ends it at once.

The real signals, terminals and timings are in tests/reliability/test_lost_terminal.py
and test_signals.py; this pins the rule a slow quit is hard to time for: a
signal while a quit is under way ends the process at once when the text is
safe, and waits for the watchdog while it is not.
"""

from __future__ import annotations

import signal

import pytest

from lessontui.tui.app import LessonApp


def quitter_ending_into(ended: list[int | None], monkeypatch: pytest.MonkeyPatch) -> LessonApp:
    app = LessonApp()
    monkeypatch.setattr(app.quitter, "force_exit", lambda: ended.append(app.quitter.code))
    return app


def test_the_first_signal_begins_a_quit_and_ends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    ended: list[int | None] = []
    app = quitter_ending_into(ended, monkeypatch)
    app.quitter._signalled(signal.SIGTERM, None)
    app.quitter._signalled(signal.SIGTERM, None)  # the text is not safe yet: the watchdog's turn
    assert app.quitter.code == 128 + signal.SIGTERM
    assert ended == []


def test_a_signal_after_the_save_ends_the_quit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ended: list[int | None] = []
    app = quitter_ending_into(ended, monkeypatch)
    app.quitter._signalled(signal.SIGHUP, None)
    app.quitter.text_is_safe()
    app.quitter._signalled(signal.SIGTERM, None)
    assert ended == [128 + signal.SIGHUP]  # the status of the signal that began it


def test_a_signal_during_a_ctrl_q_quit_ends_it_with_its_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended: list[int | None] = []
    app = quitter_ending_into(ended, monkeypatch)
    app.quitter.text_is_safe("lessontui: ...")  # ctrl+q saved, then hangs restoring the terminal
    app.quitter._signalled(signal.SIGTERM, None)
    assert ended == [128 + signal.SIGTERM]


def test_the_exit_message_shows_control_characters_in_names(
    capfd: pytest.CaptureFixture[str],
) -> None:
    app = LessonApp()
    app.quitter.text_is_safe("lessontui: your text is saved in /tmp/a\nforged line \x1b]0;x\x07.md")
    app.quitter.farewell()
    assert capfd.readouterr().err == (
        "lessontui: your text is saved in /tmp/a^Jforged line ^[]0;x^G.md\n"
    )


def test_a_text_no_file_took_is_printed_after_the_message(
    capfd: pytest.CaptureFixture[str],
) -> None:
    app = LessonApp()
    app.quitter.text_is_safe("lessontui: could not rescue the note: full", "line 1\nline 2\n")
    app.quitter.farewell()
    printed = capfd.readouterr().err
    assert printed.startswith("lessontui: could not rescue the note: full\n")
    assert "\nline 1\nline 2\n" in printed
