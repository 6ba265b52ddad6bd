"""Images in the preview: a frame in the course is drawn in half blocks (decoded off the
UI thread); a missing, remote, outside, broken or huge one gets a line saying so."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from lessontui.render import images
from lessontui.render.images import HALF, ImageCells, decode
from lessontui.tui.widgets.preview import NotePreview
from tests.app.test_preview_widget import screen_lines

RED, BLUE = (220, 30, 30), (30, 40, 220)


def two_colour_png(path: Path, size: tuple[int, int] = (64, 48)) -> Path:
    """Red above, blue below: the half blocks must keep which is which."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0], size[1] // 2))
    image.save(path)
    return path


class ImageApp(App[None]):
    def __init__(self, text: str, root: Path) -> None:
        super().__init__()
        self.text, self.root = text, root

    def compose(self) -> ComposeResult:
        yield NotePreview()

    def on_mount(self) -> None:
        preview = self.query_one(NotePreview)
        preview.set_place(self.root / "lessons", self.root)
        preview.update_text(self.text)


async def until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, timeout: float = 10.0
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.03)


async def test_a_frame_in_the_course_is_drawn_and_bad_ones_say_why(tmp_path: Path) -> None:
    root = tmp_path / "course"
    two_colour_png(root / "media/frames/01-a-0h00m42s.png")
    (root / "lessons").mkdir()
    (root / "media/frames/broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (tmp_path / "outside.png").write_bytes((root / "media/frames/01-a-0h00m42s.png").read_bytes())
    text = (
        "![0:42](../media/frames/01-a-0h00m42s.png)\n\n"
        "![gone](../media/frames/missing.png)\n\n"
        "![web](https://example.com/tracker.png)\n\n"
        "![out](../../outside.png)\n\n"
        "![bad](../media/frames/broken.png)\n"
    )
    app = ImageApp(text, root)
    async with app.run_test(size=(100, 60)) as pilot:
        preview = app.query_one(NotePreview)
        await until(pilot, lambda: HALF in "".join(screen_lines(app)), "the image drawn")
        await until(pilot, lambda: "not an image: broken.png" in "\n".join(screen_lines(app)),
                    "the broken one")  # fmt: skip
        shown = "\n".join(screen_lines(app))
        assert "image not found: ../media/frames/missing.png" in shown
        assert "remote image, not fetched: https://example.com/tracker.png" in shown
        assert "image outside the course, not shown: ../../outside.png" in shown
        # Red on top, blue below: the upper half block's colour, then its background.
        rows = [preview.render_line(y) for y in range(preview.size.height)]
        cells = [seg for strip in rows for seg in strip if seg.text and HALF in seg.text]
        assert cells
        first, last = cells[0].style, cells[-1].style
        assert first is not None
        assert last is not None
        assert first.color is not None
        assert first.color.triplet == RED
        assert last.bgcolor is not None
        assert last.bgcolor.triplet == BLUE


def test_decode_says_too_large_and_never_reads_a_fifo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = two_colour_png(tmp_path / "big.png", (100, 100))
    monkeypatch.setattr(images, "MAX_PIXELS", 5000)
    assert decode(big, 40) == "image too large to show: big.png (100x100)"
    monkeypatch.setattr(images, "MAX_BYTES", 10)
    assert decode(big, 40) == "image too large to show: big.png"
    fifo = tmp_path / "pipe.png"
    import os

    os.mkfifo(fifo)
    assert str(decode(fifo, 40)).startswith("image cannot be read: pipe.png")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    assert decode(empty, 40) == "not an image: empty.png"


def test_cells_are_kept_by_stat_and_width(tmp_path: Path) -> None:
    frame = two_colour_png(tmp_path / "f.png")
    cells = ImageCells(tmp_path, tmp_path)
    assert cells.lines("f.png", 30) is None  # pending until decoded
    ((key, path),) = cells.pending.items()
    cells.keep(key, decode(path, 30))
    assert isinstance(cells.lines("f.png", 30), list)
    assert cells.lines("f.png", 20) is None  # another width: decoded again
    two_colour_png(frame, (32, 32))  # the file changed
    cells.pending.clear()
    assert cells.lines("f.png", 30) is None


class ModeApp(ImageApp):
    def __init__(self, text: str, root: Path, mode: str) -> None:
        super().__init__(text, root)
        self.mode = mode

    def compose(self) -> ComposeResult:
        preview = NotePreview()
        preview.image_mode = self.mode
        yield preview


@pytest.mark.parametrize("mode", ["off", "halfblocks"])
async def test_the_image_mode_off_shows_the_line_only(tmp_path: Path, mode: str) -> None:
    root = tmp_path / "course"
    two_colour_png(root / "media/frames/a.png")
    (root / "lessons").mkdir()
    app = ModeApp("![0:42](../media/frames/a.png)\n\nAfter\n", root, mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: "After" in "\n".join(screen_lines(app)), "the note drawn")
        if mode == "halfblocks":
            await until(pilot, lambda: HALF in "".join(screen_lines(app)), "the half blocks")
        else:
            await pilot.pause(0.3)  # time to decode, were it asked for
            shown = "\n".join(screen_lines(app))
            assert "0:42" in shown
            assert HALF not in shown
            assert "loading" not in shown
