"""Make a short test video with chapters (ffmpeg testsrc + sine) for the demo and tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from lessontui.course.course import Course
from lessontui.course.demo import CLIP_CHAPTERS, CLIP_SECONDS, write_demo

CLIP_NAME = "demo-clip.mp4"


class ClipError(Exception):
    """ffmpeg is missing or failed."""


def _escape(text: str) -> str:
    # ffmetadata: `=`, `;`, `#`, `\` and newlines are special in values.
    for char in ("\\", "=", ";", "#", "\n"):
        text = text.replace(char, "\\" + char)
    return text


def ffmetadata(chapters: Sequence[tuple[float, str]], seconds: float) -> str:
    """An ffmetadata file declaring `chapters` (start seconds, title) up to `seconds`."""
    lines = [";FFMETADATA1"]
    starts = [float(t) for t, _ in chapters]
    for index, (start, title) in enumerate(chapters):
        end = starts[index + 1] if index + 1 < len(starts) else seconds
        lines += [
            "",
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(float(start) * 1000)}",
            f"END={round(end * 1000)}",
            f"title={_escape(title)}",
        ]
    return "\n".join(lines) + "\n"


def make_clip(
    path: Path,
    seconds: float = 90,
    chapters: Sequence[tuple[float, str]] = (),
    *,
    size: str = "128x72",
    rate: int = 10,
) -> Path:
    """Encode a small clip at `path`: a keyframe every second so exact seeks are cheap.

    Raises ClipError when ffmpeg is missing or fails.
    """
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ClipError("ffmpeg is not installed")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lessontui-clip-") as scratch:
        meta = Path(scratch) / "chapters.txt"
        meta.write_text(ffmetadata(chapters, seconds), encoding="utf-8")
        partial = Path(scratch) / path.name
        command = [
            ffmpeg,
            "-v", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=22050",
            "-i", str(meta),
            "-map", "0:v", "-map", "1:a", "-map_metadata", "2", "-map_chapters", "2",
            "-t", f"{seconds:g}",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "42",
            "-g", str(rate), "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "16k", "-ac", "1",
            "-movflags", "+faststart",
            str(partial),
        ]  # fmt: skip
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ClipError(f"ffmpeg failed: {error}") from None
        if result.returncode != 0:
            detail = " ".join(result.stderr.split())[-300:]
            raise ClipError(f"ffmpeg failed: {detail or result.returncode}")
        shutil.move(partial, path)
    return path


def write_demo_course(root: Path) -> tuple[Course, str | None]:
    """Write the demo course with its clip; the second value says why there is no clip."""
    clip = None
    problem = None
    try:
        clip = make_clip(root / "media" / CLIP_NAME, CLIP_SECONDS, CLIP_CHAPTERS)
    except ClipError as error:
        problem = f"no demo video ({error}); lessons will stream from their URLs"
    return write_demo(root, clip=clip), problem
