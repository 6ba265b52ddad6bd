"""Bring a video or subtitle file from anywhere into a course: copied into media/, or linked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from lessontui.course import safe_paths
from lessontui.services import media_probe, transcripts
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


def check_source(source: Path, kind: str) -> Path:
    """The real file behind `source` (links followed) once it is fit to bring in: a
    regular, readable, non-empty file that ffprobe reads as media, or subtitles that
    parse as WebVTT/SubRip. MediaImportError otherwise; nothing is written."""
    real = Path(os.path.realpath(source))
    try:
        with safe_paths.open_regular(real) as handle:
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise MediaImportError(f"{source.name}: {error.strerror or error}") from None
    if size == 0:
        raise MediaImportError(f"{source.name} is empty (0 bytes)")
    if kind == SUBTITLE:
        try:
            cues = transcripts.read_transcript(real).cues
        except transcripts.TranscriptError as error:
            raise MediaImportError(f"{source.name}: {error}") from None
        if not cues:
            raise MediaImportError(f"{source.name} holds no subtitle cues")
    else:
        try:
            media_probe.probe(real)
        except media_probe.ProbeError as error:
            raise MediaImportError(f"{source.name} not brought in: {error}") from None
    return real


def bring_in(source: Path, kind: str, target: Path | None) -> Path:
    """Check `source`, then copy it to `target` (in media/) or, with None, link to it
    where it is; returns the path the lesson uses. Nothing is copied before the check."""
    real = check_source(source, kind)
    return real if target is None else copy_in(real, target)


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
        with safe_paths.open_regular(source) as reader, part.open("xb") as writer:
            shutil.copyfileobj(reader, writer, _CHUNK)
        # A link, not a rename: fails instead of replacing a file that appeared meanwhile.
        os.link(part, target)
    except OSError as error:
        raise MediaImportError(f"{source.name} not copied: {error.strerror or error}") from None
    finally:
        part.unlink(missing_ok=True)
    return target
