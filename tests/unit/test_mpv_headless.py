"""mpv on a machine without a display or a sound card: the app says what to set."""

from __future__ import annotations

from pathlib import Path

from lessontui.services.mpv_headless import headless_hint


def _cards(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cards"
    path.write_text(text)
    return path


def test_a_server_without_display_or_sound_gets_both_flags(tmp_path: Path) -> None:
    cards = _cards(tmp_path, "--- no soundcards ---\n")
    hint = headless_hint([], {}, "linux", cards)
    assert hint is not None
    assert "No display or sound card" in hint
    assert 'mpv_args = ["--vo=null", "--ao=null"]' in hint
    # Only what is missing is asked for; given flags are respected.
    assert headless_hint(["--vo=null"], {}, "linux", cards) is not None
    assert '["--ao=null"]' in (headless_hint(["--vo=null"], {}, "linux", cards) or "")
    assert headless_hint(["--vo=null", "--ao=null"], {}, "linux", cards) is None


def test_a_desktop_gets_no_hint(tmp_path: Path) -> None:
    cards = _cards(tmp_path, " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert headless_hint([], {"DISPLAY": ":0"}, "linux", cards) is None
    assert headless_hint([], {"WAYLAND_DISPLAY": "wayland-0"}, "linux", cards) is None
    # A sound server counts as sound, even without a card of its own.
    (tmp_path / "run" / "pulse").mkdir(parents=True)
    (tmp_path / "run" / "pulse" / "native").touch()
    no_cards = tmp_path / "missing"
    env = {"DISPLAY": ":0", "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    assert headless_hint([], env, "linux", no_cards) is None
    assert headless_hint([], {}, "darwin", no_cards) is None
