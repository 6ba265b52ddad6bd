"""Bring a video or subtitle file from anywhere into a course: copied into media/, or linked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from lessontui.services.media_probe import VIDEO_SUFFIXES

SUBTITLE_SUFFIXES = (".vtt", ".srt")
VIDEO = "video"
SUBTITLE = "subtitle"
_CHUNK = 1 << 20


class MediaImportError(Exception):
    """The file cannot be brought in; the message says why, nothing was left behind."""


def kind_of(path: Path) -> str | None:
    """ "video" (or audio), "subtitle", or None for a file the course has no use for."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return VIDEO
    if suffix in SUBTITLE_SUFFIXES:
        return SUBTITLE
    return None


def human_size(size: int) -> str:
    """`1536` -> `1.5 KB`: sizes as a file manager shows them (powers of 1000)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def free_space(folder: Path) -> int:
    """Bytes free on the disk that holds `folder` (or would: it may not exist yet)."""
    place = folder
    while not place.exists() and place != place.parent:
        place = place.parent
    return shutil.disk_usage(place).free


def subtitle_name(source: Path, lesson_stem: str) -> str:
    """The name the transcript pane looks for: the lesson's, with the source's language.

    `talk.en.vtt` for lesson `03-intro` -> `03-intro.en.vtt`; `talk.vtt` -> `03-intro.vtt`.
    """
    suffix = source.suffix.lower()
    language = Path(source.stem).suffix  # `.en` of `talk.en.vtt`, if any
    if not (2 <= len(language) <= 9 and language[1:].replace("-", "").isalpha()):
        language = ""
    return f"{lesson_stem}{language}{suffix}"


def free_target(media: Path, name: str) -> Path:
    """`media/name`, or `name-2`, `name-3`... : never a file that is already there."""
    target = media / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while os.path.lexists(target):
        target = media / f"{stem}-{number}{suffix}"
        number += 1
    return target


def copy_in(source: Path, target: Path) -> Path:
    """Copy `source` to `target` (in media/, made if missing) through a hidden part file,
    so a failed or interrupted copy never leaves a half file under the real name."""
    if not source.is_file():
        raise MediaImportError(f"{source}: not a file")
    size = source.stat().st_size
    target.parent.mkdir(parents=True, exist_ok=True)
    if size > free_space(target.parent):
        raise MediaImportError(
            f"{source.name} is {human_size(size)}; only "
            f"{human_size(free_space(target.parent))} free for {target.parent}"
        )
    part = target.with_name(f".{target.name}.part")
    try:
        with source.open("rb") as reader, part.open("xb") as writer:
            shutil.copyfileobj(reader, writer, _CHUNK)
        # A link, not a rename: fails instead of replacing a file that appeared meanwhile.
        os.link(part, target)
    except OSError as error:
        raise MediaImportError(f"{source.name} not copied: {error.strerror or error}") from None
    finally:
        part.unlink(missing_ok=True)
    return target
