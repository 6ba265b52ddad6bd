"""Kitty graphics for the preview's images: detection from the environment, the
sequences, and an image sent once, deleted when no longer shown or changed on disk."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from lessontui.render import images, kitty
from lessontui.render.images import ImageCells, Picture, decode
from tests.app.test_preview_images import two_colour_png


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM": "xterm-kitty"}, True),
        ({"KITTY_WINDOW_ID": "3", "TERM": "xterm-256color"}, True),
        ({"TERM_PROGRAM": "ghostty"}, True),
        ({"TERM": "xterm-ghostty"}, True),
        ({"TERM_PROGRAM": "WezTerm"}, False),  # no placeholders there yet
        ({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-1/default,9,0"}, False),
        ({"KITTY_WINDOW_ID": "1", "TERM": "tmux-256color"}, False),
        ({"KITTY_WINDOW_ID": "1", "ZELLIJ": "0"}, False),
        ({"TERM": "xterm-256color"}, False),
        ({}, False),
    ],
)
def test_detected_from_the_environment_only(environ: dict[str, str], expected: bool) -> None:
    assert kitty.detected(environ) is expected


def test_transmit_chunks_the_png_and_places_it_for_placeholders() -> None:
    png = os.urandom(10_000)
    sequence = kitty.transmit(0x123456, png, 7, 3)
    parts = sequence.split("\x1b\\")[:-1]
    assert parts[0].startswith("\x1b_Ga=T,U=1,q=2,f=100,i=1193046,c=7,r=3,m=1;")
    assert all(part.startswith("\x1b_Gq=2,m=1;") for part in parts[1:-1])
    assert parts[-1].startswith("\x1b_Gq=2,m=0;")
    data = "".join(part.split(";", 1)[1] for part in parts)
    assert base64.b64decode(data) == png
    assert all(len(part.split(";", 1)[1]) <= kitty.CHUNK for part in parts)
    assert kitty.delete(5) == "\x1b_Ga=d,d=I,i=5,q=2\x1b\\"


def test_placeholders_number_rows_and_columns_in_the_ids_colour() -> None:
    lines = kitty.placeholder_lines(0x0A0B0C, 3, 2)
    assert len(lines) == 2
    [segment] = lines[1]
    d = kitty.DIACRITICS
    assert segment.text == "".join(kitty.PLACEHOLDER + d[1] + d[c] for c in range(3))
    assert segment.style is not None
    assert segment.style.color is not None
    assert segment.style.color.triplet == (10, 11, 12)
    # Wider than the table numbers: cut, never an IndexError.
    assert len(kitty.placeholder_lines(1, 10_000, 10_000)) == kitty.MAX_CELLS


def test_an_image_is_sent_once_and_deleted_when_gone_or_changed(tmp_path: Path) -> None:
    frame = two_colour_png(tmp_path / "f.png")
    cells = ImageCells(tmp_path, tmp_path, kitty=True)
    assert cells.lines("f.png", 30) is None
    ((key, path),) = cells.pending.items()
    made = decode(path, 30, kitty=True)
    assert isinstance(made, Picture)
    assert made.png == frame.read_bytes()
    halves = decode(path, 30)
    assert isinstance(halves, list)  # as many cells as its half blocks
    assert (made.columns, made.rows) == (sum(len(s.text) for s in halves[0]), len(halves))
    cells.keep(key, made)
    [sent] = cells.outbox
    image_id = int(sent.split("i=", 1)[1].split(",", 1)[0])
    cells.outbox.clear()
    shown = cells.lines("f.png", 30)
    assert isinstance(shown, list)
    assert kitty.PLACEHOLDER in shown[0][0].text
    cells.sweep(["f.png"], 30)  # still linked: kept
    assert not cells.outbox
    assert cells.sent == 1
    # Changed on disk while shown: drawn again (a new key), the old image deleted.
    two_colour_png(frame, (40, 40))
    os.utime(frame, ns=(1, 1))
    cells.new_text()  # typed in its block: drawn again
    assert cells.lines("f.png", 30) is None
    ((key2, path2),) = cells.pending.items()
    cells.keep(key2, decode(path2, 30, kitty=True))
    cells.outbox.clear()
    cells.sweep(["f.png"], 30)
    assert cells.outbox == [kitty.delete(image_id)]
    cells.outbox.clear()
    cells.sweep([], 30)  # not linked any more: the new one goes too
    assert len(cells.outbox) == 1
    assert cells.sent == 0


def test_a_shown_image_is_kept_by_a_sweep_that_misses_its_link(tmp_path: Path) -> None:
    two_colour_png(tmp_path / "f.png")
    cells = ImageCells(tmp_path, tmp_path, kitty=True)
    cells.lines("f.png", 30)
    ((key, path),) = cells.pending.items()
    cells.keep(key, decode(path, 30, kitty=True))
    cells.outbox.clear()
    cells.lines("f.png", 30)  # drawn in this text (say a reference-style image)
    cells.sweep([], 30)
    assert cells.sent == 1
    assert not cells.outbox
    cells.sweep([], 30)  # still: nothing changed since it was drawn
    assert cells.sent == 1
    cells.new_text()
    cells.sweep([], 30)  # the note changed and it was not drawn again: deleted
    assert cells.sent == 0


def test_many_images_evicted_from_the_cache_are_deleted_in_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "MAX_CACHED", 3)
    cells = ImageCells(tmp_path, tmp_path, kitty=True)
    for n in range(5):
        two_colour_png(tmp_path / f"{n}.png", (8, 8))
        cells.lines(f"{n}.png", 30)
    for key, path in list(cells.pending.items()):
        cells.keep(key, decode(path, 30, kitty=True))
    assert cells.sent == 3
    assert sum("a=d" in s for s in cells.outbox) == 2


def test_a_jpeg_or_a_big_png_is_sent_as_a_smaller_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jpeg = tmp_path / "slide.jpg"
    Image.new("RGB", (3000, 1000), (200, 10, 10)).save(jpeg, quality=90)
    made = decode(jpeg, 80, kitty=True)
    halves = decode(jpeg, 80)
    assert isinstance(halves, list)
    assert isinstance(made, Picture)
    assert (made.columns, made.rows) == (80, len(halves))
    with Image.open(io.BytesIO(made.png)) as sent:
        assert sent.format == "PNG"
        assert max(sent.size) <= images.SENT_SIDE
    big = two_colour_png(tmp_path / "big.png", (2000, 1500))
    monkeypatch.setattr(images, "MAX_SENT", 100)
    made = decode(big, 80, kitty=True)
    assert isinstance(made, Picture)
    assert made.png != big.read_bytes()
    # A broken PNG says so, as in half blocks.
    broken = tmp_path / "broken.png"
    broken.write_bytes(big.read_bytes()[:200])
    monkeypatch.setattr(images, "MAX_SENT", 10**9)
    assert decode(broken, 80, kitty=True) == "not an image: broken.png"


def test_kitty_keeps_the_limits_of_half_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = two_colour_png(tmp_path / "big.png", (100, 100))
    monkeypatch.setattr(images, "MAX_PIXELS", 5000)
    assert decode(big, 40, kitty=True) == "image too large to show: big.png (100x100)"
    monkeypatch.setattr(images, "MAX_BYTES", 10)
    assert decode(big, 40, kitty=True) == "image too large to show: big.png"
    monkeypatch.undo()
    text = tmp_path / "notes.png"
    text.write_text("not an image at all\n")
    assert decode(text, 40, kitty=True) == "not an image: notes.png"
    tiny = two_colour_png(tmp_path / "tiny.png", (1, 1))
    made = decode(tiny, 1, kitty=True)
    assert isinstance(made, Picture)
    assert (made.columns, made.rows) == (1, 1)


@pytest.mark.parametrize("kitty_mode", [False, True])
def test_a_crafted_file_says_not_an_image_instead_of_loading_forever(
    tmp_path: Path, kitty_mode: bool
) -> None:
    """Pillow raises more than OSError on a crafted file: SyntaxError for a broken PNG
    chunk, KeyError for an IM header's unknown mode. decode raised them, the preview's
    thread died and the line said `loading the image…` for good (retried on every key)."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, "PNG")
    png = bytearray(out.getvalue())
    png[37:41] = b"\xfaG!\x16"  # the chunk after IHDR: a type that is no chunk's
    (tmp_path / "chunk.png").write_bytes(bytes(png))
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "IM")
    (tmp_path / "mode.png").write_bytes(out.getvalue().replace(b"RGB image", b"R\x16B image"))
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "DDS")
    dds = bytearray(out.getvalue())
    dds[80:84] = bytes(4)  # pixel format flags none: NotImplementedError
    (tmp_path / "format.png").write_bytes(bytes(dds))
    for name in ("chunk.png", "mode.png", "format.png"):
        assert decode(tmp_path / name, 40, kitty=kitty_mode) == f"not an image: {name}"
