"""Player test fixtures: a clip with chapters made once per session, and mpv without a screen.

The fixtures (`player_clip`, `player`) reach every test through `pytest_plugins`
in `tests/conftest.py`; the helpers (`HEADLESS`, `clip_course`) are imported.
"""

from __future__ import annotations

import shutil
import struct
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.services.demo_clip import make_clip
from lessontui.services.player import Player
from lessontui.services.player_state import PlayerState

HEADLESS = ["--vo=null", "--ao=null", "--ytdl=no"]  # no window, no sound, no yt-dlp
CLIP_SECONDS = 60
CLIP_CHAPTERS = [(0, "Opening"), (20, "Middle part"), (40, "The end")]


@pytest.fixture(scope="session", name="player_clip")
def player_clip_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60 s clip, chapters at 0/20/40 s, a keyframe every second (exact seeks are cheap)."""
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    folder = tmp_path_factory.mktemp("player-clip")
    return make_clip(folder / "clip.mp4", CLIP_SECONDS, CLIP_CHAPTERS, size="64x48")


@pytest.fixture(name="player")
def player_fixture() -> Iterator[Player]:
    """A headless mpv controller; mpv is quit at the end of the test."""
    player = Player(args=HEADLESS)
    yield player
    player.close()


def wait_for(
    condition: Callable[[], object], timeout: float = 10.0, what: str = "condition"
) -> None:
    """Wait until `condition()` is true; fail after `timeout` seconds (never a timing assert)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def wait_state(
    player: Player, check: Callable[[PlayerState], object], timeout: float = 10.0
) -> PlayerState:
    wait_for(lambda: check(player.state), timeout, f"player state ({player.state})")
    return player.state


def undecodable(clip: Path, path: Path) -> Path:
    """`clip` with its media data zeroed: mpv opens it (the index is intact, it knows
    the duration) but cannot decode a frame of it, like a stream cut off or mangled."""
    data = bytearray(clip.read_bytes())
    offset = 0
    while offset + 8 <= len(data):  # the mp4's top-level boxes: size, type
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"mdat":
            data[offset + 8 : offset + size] = bytes(size - 8)
            break
        offset += size
    else:
        raise AssertionError(f"no media data box in {clip}")
    path.write_bytes(bytes(data))
    return path


def clip_course(root: Path, clip: Path) -> Course:
    """A course of two lessons with the clip as their video, and one with nothing to play."""
    course = Course.create(root, "Player course")
    media = root / "media"
    media.mkdir()
    shutil.copy(clip, media / "one.mp4")
    shutil.copy(clip, media / "two.mp4")
    chapters = [{"time": t, "title": title} for t, title in CLIP_CHAPTERS]
    course.add_lesson(
        "One",
        body="Intro line\n[0:45] a note at 45 s\n",
        video="../media/one.mp4",
        chapters=chapters,
    )
    course.add_lesson("Two", body="", video="../media/two.mp4", position=12)
    course.add_lesson("Three", body="no video here\n")
    return course


def player_settings(**changes: object) -> Settings:
    settings = Settings(mpv_args=list(HEADLESS), autosave_delay=0.2)
    for key, value in changes.items():
        setattr(settings, key, value)
    return settings
