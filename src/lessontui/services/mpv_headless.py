"""Whether mpv would start without a display or a sound card, and what to tell the user."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

SOUND_CARDS = Path("/proc/asound/cards")


def _has_display(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _has_sound(environ: Mapping[str, str], cards: Path) -> bool:
    if environ.get("PULSE_SERVER"):
        return True  # a sound server elsewhere (ssh -R, a container's socket)
    runtime = environ.get("XDG_RUNTIME_DIR")
    if runtime and any((Path(runtime) / name).exists() for name in ("pulse/native", "pipewire-0")):
        return True
    try:
        text = cards.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(text.strip()) and "no soundcards" not in text


def headless_hint(
    args: Sequence[str],
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    cards: Path = SOUND_CARDS,
) -> str | None:
    """A message when mpv, as configured, needs `--vo=null`/`--ao=null` to play here
    (a server, a container, ssh): without them it may stop at once. None otherwise."""
    if not platform.startswith("linux"):
        return None  # macOS and Windows always have a video and an audio output
    environ = os.environ if environ is None else environ
    given = " ".join(args)
    missing = []
    if not _has_display(environ) and "--vo" not in given:
        missing.append(("display", "--vo=null"))
    if "--ao" not in given and not _has_sound(environ, cards):
        missing.append(("sound card", "--ao=null"))
    if not missing:
        return None
    what = " or ".join(name for name, _ in missing)
    flags = ", ".join(f'"{flag}"' for _, flag in missing)
    return (
        f"No {what} found here: mpv may stop as soon as it starts. To watch the time "
        f"and take notes anyway, add mpv_args = [{flags}] to your settings file "
        "(`lessontui config --path` shows where)."
    )
