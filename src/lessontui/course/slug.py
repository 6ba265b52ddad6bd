"""File names from titles that cannot leave the course folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from slugify import slugify as _slugify

MAX_NAME_BYTES = 200
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


def slugify(title: str, fallback: str = "lesson", max_bytes: int = 80) -> str:
    """`Lesson 1: Getting started` -> `lesson-1-getting-started`.

    python-slugify transliterates other scripts (`Урок 2` -> `urok-2`), then
    only ASCII letters, digits and single hyphens are kept, so no `/`, `..`,
    hidden file, reserved device name or right-to-left mark gets through.
    """
    slug = _slugify(title, max_length=max_bytes, word_boundary=False, separator="-")
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")  # the library's output, made sure of
    if not slug or slug in _RESERVED:
        slug = f"{slug}-{fallback}" if slug else fallback
    return slug


def cut_to_bytes(text: str, max_bytes: int) -> str:
    """`text` (a file name) cut to at most `max_bytes` bytes on disk, never inside a character."""
    max_bytes = max(0, max_bytes)
    while len(os.fsencode(text)) > max_bytes:
        text = text[: min(len(text) - 1, max_bytes)]
    return text


def lesson_filename(order: int, title: str, width: int = 2) -> str:
    return f"{order:0{width}d}-{slugify(title)}.md"


def unique_path(folder: Path, name: str) -> Path:
    """`name` in `folder`, with `-2`, `-3`... before the suffix if taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    count = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{count}{suffix}"
        count += 1
    if len(candidate.name.encode()) > MAX_NAME_BYTES or candidate.resolve().parent != (
        folder.resolve()
    ):
        raise ValueError(f"unsafe file name: {name!r}")
    return candidate
