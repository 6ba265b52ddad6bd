"""What a media file holds (duration, streams), read with ffprobe: can mpv play it?"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".mov", ".m4v", ".avi", ".mp3", ".m4a", ".opus", ".ogg")
PROBE_TIMEOUT = 20.0  # seconds; a file on a slow disk, never a hang


class ProbeError(Exception):
    """The file cannot be read as media (or ffprobe is missing); the message says why."""


@dataclass(frozen=True)
class MediaInfo:
    duration: int  # whole seconds, rounded up; 0 when the file does not say
    has_video: bool
    has_audio: bool

    @property
    def playable(self) -> bool:
        return self.has_video or self.has_audio


def probe(path: Path) -> MediaInfo:
    """Read `path` with ffprobe; ProbeError when it is not a media file mpv could play."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise ProbeError("ffprobe (part of ffmpeg) is not installed: cannot read the video")
    if not path.is_file():
        raise ProbeError(f"{path.name}: no such file")
    command = [
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_entries",
        "format=duration:stream=codec_type",
        "--",
        str(path),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=PROBE_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ProbeError(f"{path.name}: ffprobe failed ({error})") from None
    if done.returncode != 0:
        reason = " ".join(done.stderr.split())[:200] or f"exit code {done.returncode}"
        raise ProbeError(f"{path.name} is not a video or audio file ffprobe can read: {reason}")
    try:
        data = json.loads(done.stdout or "{}")
    except ValueError:
        raise ProbeError(f"{path.name}: ffprobe gave no readable answer") from None
    kinds = {str(s.get("codec_type")) for s in data.get("streams", []) if isinstance(s, dict)}
    try:
        seconds = float(data.get("format", {}).get("duration", 0) or 0)
    except (TypeError, ValueError):
        seconds = 0.0
    info = MediaInfo(
        duration=math.ceil(seconds) if math.isfinite(seconds) and seconds > 0 else 0,
        has_video="video" in kinds,
        has_audio="audio" in kinds,
    )
    if not info.playable:
        raise ProbeError(f"{path.name} holds no video or audio stream")
    return info


def media_files(media_dir: Path) -> list[Path]:
    """Video and audio files in the course's media folder (not below it), by name."""
    try:
        return sorted(
            p for p in media_dir.iterdir() if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file()
        )
    except OSError:
        return []
