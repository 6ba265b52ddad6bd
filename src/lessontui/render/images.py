"""Images of a note drawn in terminal cells (Unicode half blocks), decoded off the UI thread.

A Markdown image whose file is in the course is decoded and scaled with Pillow
in a thread (`decode`), and the cells are kept by (file, stat, width): a note
with thirty frames decodes each once, and typing re-renders only the block
typed in. Until an image is decoded, `ImageCells.lines` answers None and
notes the file in `pending` for the caller to decode. Remote images are never
fetched; a missing, too large, or broken file, or one outside the course, gets
a line that says so.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from lessontui.course import safe_paths

Line = list[Segment]
MAX_BYTES = 25 * 1024 * 1024  # a frame is tens of KB; a bigger file is not a note's image
MAX_PIXELS = 40_000_000  # Pillow would decode a decompression bomb into gigabytes
MAX_ROWS = 16  # an image takes at most this many rows of the preview
MAX_CACHED = 256  # decoded images kept (each is at most MAX_ROWS x width cells)
HALF = "▀"  # upper half block: foreground is the top pixel, background the bottom one

StatKey = tuple[str, int, int, int]  # path, mtime_ns, size, width


@dataclass
class ImageCells:
    """The half-block cells of a note's images, keyed by file stat and width."""

    root: Path | None = None  # the course folder: images outside it are not read
    base: Path | None = None  # the note's folder: links are relative to it
    pending: dict[StatKey, Path] = field(default_factory=dict)
    _cells: dict[StatKey, list[Line] | str] = field(default_factory=dict)

    def place(self, src: str) -> Path | str:
        """The file an image link names, or a line saying why it is not shown."""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return f"remote image, not fetched: {src[:200]}"
        if not parts.path:
            return "image without a file"
        path = Path(unquote(parts.path))
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        if self.root is None or not safe_paths.is_inside(self.root, path):
            return f"image outside the course, not shown: {src[:200]}"
        return path

    def lines(self, src: str, width: int) -> list[Line] | str | None:
        """The image's rows at `width` cells, a line saying why not, or None while pending."""
        place = self.place(src)
        if isinstance(place, str):
            return place
        try:
            info = os.stat(place)
        except OSError:
            return f"image not found: {src[:200]}"
        key = (str(place), info.st_mtime_ns, info.st_size, width)
        cells = self._cells.get(key)
        if cells is None:
            self.pending[key] = place
        return cells

    def keep(self, key: StatKey, cells: list[Line] | str) -> None:
        """Take what `decode` made for `key`."""
        self.pending.pop(key, None)
        if len(self._cells) >= MAX_CACHED:
            self._cells.pop(next(iter(self._cells)))
        self._cells[key] = cells


def decode(path: Path, width: int) -> list[Line] | str:
    """(Any thread.) The image at `path` as half-block rows at most `width` cells wide,
    or a line saying why it cannot be shown."""
    from PIL import Image, UnidentifiedImageError  # on first image: off the start-up path

    name = path.name[:200]
    try:
        info, data = safe_paths.read_regular(path) if _small(path) else (None, b"")
    except (OSError, safe_paths.NotRegularFile) as error:
        return f"image cannot be read: {name} ({getattr(error, 'strerror', None) or error})"
    if info is None:
        return f"image too large to show: {name}"
    try:
        with Image.open(io.BytesIO(data)) as image:
            columns, rows = image.size
            if columns * rows > MAX_PIXELS:
                return f"image too large to show: {name} ({columns}x{rows})"
            image.draft("RGB", (width, MAX_ROWS * 2))  # JPEG: decode at a smaller scale
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return f"not an image: {name}"
    picture.thumbnail((max(1, width), MAX_ROWS * 2))
    return _half_blocks(picture.width, picture.height, picture.tobytes())


def _small(path: Path) -> bool:
    try:
        return os.stat(path).st_size <= MAX_BYTES
    except OSError:
        return True  # read_regular says why


def _half_blocks(width: int, height: int, rgb: bytes) -> list[Line]:
    """Two pixel rows per line: the top one in the foreground of `▀`, the bottom one behind."""
    lines: list[Line] = []
    for top in range(0, height, 2):
        line: Line = []
        for x in range(width):
            at = (top * width + x) * 3
            below = at + width * 3
            style = Style(
                color=Color.from_rgb(*rgb[at : at + 3]),
                bgcolor=Color.from_rgb(*rgb[below : below + 3]) if top + 1 < height else None,
            )
            line.append(Segment(HALF, style))
        lines.append(list(Segment.simplify(line)))
    return lines
