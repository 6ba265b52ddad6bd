"""A note's images drawn in terminal cells (half blocks or Kitty graphics), off the UI thread.

A Markdown image whose file is in the course is decoded and scaled with Pillow
in a thread (`decode`), and the cells are kept by (file, stat, width): a note
with thirty frames decodes each once, and typing re-renders only the block
typed in. Until an image is decoded, `ImageCells.lines` answers None and
notes the file in `pending` for the caller to decode. Remote images are never
fetched; a missing, too large, or broken file, or one outside the course, gets
a line that says so.

With `kitty` set, an image is a PNG sent to the terminal once under an id and
drawn as placeholder cells of the same size as its half blocks would be
(render/kitty.py); the sequences to write wait in `outbox` for the widget, and
`sweep` deletes the images the note no longer shows.
"""

from __future__ import annotations

import io
import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from lessontui.course import safe_paths
from lessontui.render import kitty as kitty_graphics

Line = list[Segment]
MAX_BYTES = 25 * 1024 * 1024  # a frame is tens of KB; a bigger file is not a note's image
MAX_PIXELS = 40_000_000  # Pillow would decode a decompression bomb into gigabytes
MAX_ROWS = 16  # an image takes at most this many rows of the preview
MAX_CACHED = 256  # decoded images kept (each is at most MAX_ROWS x width cells)
HALF = "▀"  # upper half block: foreground is the top pixel, background the bottom one
MAX_SENT = 4 * 1024 * 1024  # a PNG this small goes to the terminal as it is
SENT_SIDE = 1600  # else it is scaled to fit this many pixels, and sent as PNG

StatKey = tuple[str, int, int, int]  # path, mtime_ns, size, width


@dataclass(frozen=True)
class Picture:
    """An image for Kitty graphics: the PNG to send and the cells it covers."""

    png: bytes
    columns: int
    rows: int


@dataclass
class ImageCells:
    """The half-block cells of a note's images, keyed by file stat and width."""

    root: Path | None = None  # the course folder: images outside it are not read
    base: Path | None = None  # the note's folder: links are relative to it
    pending: dict[StatKey, Path] = field(default_factory=dict)
    kitty: bool = False  # Kitty graphics, else half blocks
    outbox: list[str] = field(default_factory=list)  # Kitty sequences to write, in order
    _cells: dict[StatKey, list[Line] | str] = field(default_factory=dict)
    _ids: dict[StatKey, int] = field(default_factory=dict)  # images sent to the terminal
    _handed: set[StatKey] = field(default_factory=set)  # drawn since the note last changed
    # Random first id: images a former run left in this terminal are not reused.
    _next_id: int = field(default_factory=lambda: random.randint(1, kitty_graphics.MAX_ID))

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
        elif key in self._ids:
            self._handed.add(key)
        return cells

    def keep(self, key: StatKey, made: list[Line] | str | Picture) -> None:
        """Take what `decode` made for `key` (a Picture is queued to be sent)."""
        self.pending.pop(key, None)
        if len(self._cells) >= MAX_CACHED:
            self._drop(next(iter(self._cells)))
        if isinstance(made, Picture):
            image_id = self._next_id
            self._next_id = image_id % kitty_graphics.MAX_ID + 1
            self.outbox.append(kitty_graphics.transmit(image_id, made.png, made.columns, made.rows))
            self._ids[key] = image_id
            made = kitty_graphics.placeholder_lines(image_id, made.columns, made.rows)
        self._cells[key] = made

    def _drop(self, key: StatKey) -> None:
        self._cells.pop(key, None)
        image_id = self._ids.pop(key, None)
        if image_id is not None:
            self.outbox.append(kitty_graphics.delete(image_id))

    def new_text(self) -> None:
        """The note changed: what was drawn before says nothing of what it shows now."""
        self._handed.clear()

    @property
    def sent(self) -> int:
        """How many images the terminal holds for us."""
        return len(self._ids)

    def sweep(self, srcs: list[str], width: int) -> bool:
        """Delete from the terminal the images no longer shown: not drawn since the
        note last changed and not linked from it (`srcs`) as they are now on disk.
        True if any was: blocks drawn with its cells must be drawn anew."""
        if not self._ids:
            return False
        live = set()
        for src in srcs:
            place = self.place(src)
            if isinstance(place, Path):
                try:
                    info = os.stat(place)
                except OSError:
                    continue
                live.add((str(place), info.st_mtime_ns, info.st_size, width))
        gone = [k for k in self._ids if k not in live and k not in self._handed]
        for key in gone:
            self._drop(key)
        return bool(gone)

    def forget_all(self) -> None:
        """Delete every image sent (the preview goes away)."""
        for key in list(self._ids):
            self._drop(key)


def decode(path: Path, width: int, kitty: bool = False) -> list[Line] | str | Picture:
    """(Any thread.) The image at `path` as half-block rows at most `width` cells wide
    (`kitty`: as a PNG to send, over as many cells), or a line saying why it cannot be
    shown."""
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
            if kitty:
                return _picture(image, data, width)
            image.draft("RGB", (width, MAX_ROWS * 2))  # JPEG: decode at a smaller scale
            picture = image.convert("RGB")
            picture.thumbnail((max(1, width), MAX_ROWS * 2))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return f"not an image: {name}"
    except Exception:
        # Pillow's plugins raise more on crafted files (a broken PNG chunk is a
        # SyntaxError, an IM header's unknown mode a KeyError, a DDS pixel format
        # NotImplementedError): still not an image, never a thread that dies.
        return f"not an image: {name}"
    return _half_blocks(picture.width, picture.height, picture.tobytes())


def _picture(image: Any, data: bytes, width: int) -> Picture:
    """The PNG to send (the file itself when it is a small PNG) and its cells: the
    same columns and rows as its half blocks, so both draw the note alike."""
    columns, pixel_rows = _fitted(image.size, (max(1, width), MAX_ROWS * 2))
    cells = (columns, (pixel_rows + 1) // 2)
    if image.format == "PNG" and len(data) <= MAX_SENT:
        image.load()  # a broken PNG fails here, not in the terminal
        return Picture(data, *cells)
    image.draft("RGB", (SENT_SIDE, SENT_SIDE))
    picture = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    picture.thumbnail((SENT_SIDE, SENT_SIDE))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return Picture(out.getvalue(), *cells)


def _fitted(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The size Pillow's `thumbnail(box)` gives an image of `size` (its rounding), so a
    Kitty image covers the cells its half blocks would."""
    width, height = size
    x, y = box
    if x >= width and y >= height:
        return size
    aspect = width / height
    if x / y >= aspect:
        exact = y * aspect
        x = min(math.floor(exact), math.ceil(exact), key=lambda n: abs(aspect - n / y))
    else:
        exact = x / aspect
        y = min(
            math.floor(exact), math.ceil(exact), key=lambda n: 0 if n == 0 else abs(aspect - x / n)
        )
    return max(x, 1), max(y, 1)


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
