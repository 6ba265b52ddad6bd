"""Frame names sort and never collide; links survive odd lesson names; capture lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.render.images import ImageCells
from lessontui.services import frames
from lessontui.services.export_images import local_image
from lessontui.services.frames import FrameError


def test_names_sort_by_time_and_fit_the_file_system() -> None:
    names = [frames.frame_name("02-deploy", s) for s in (5, 42.9, 61, 3599, 3600, 36000)]
    assert names[1] == "02-deploy-0h00m42s.png"
    assert names[:5] == sorted(names[:5])  # under ten hours a listing is in time order
    long = frames.frame_name("é" * 300, 1, suffix=999)
    assert len(long.encode()) <= 255
    assert long.endswith("-0h00m01s-999.png")


def test_reserve_never_reuses_a_name(tmp_path: Path) -> None:
    first = frames.reserve(tmp_path, "01-a", 12.3)
    first.write_bytes(b"kept")
    second = frames.reserve(tmp_path, "01-a", 12.9)
    assert (first.name, second.name) == ("01-a-0h00m12s.png", "01-a-0h00m12s-2.png")
    assert first.read_bytes() == b"kept"
    with pytest.raises(FrameError, match="mpv could not save the frame"):
        frames.check_written(second)  # empty: mpv wrote nothing
    assert not second.exists()  # the reserved name is given back


def test_odd_lesson_names_still_link_the_frame(tmp_path: Path) -> None:
    stem = "03 (draft) [x] ünï"
    (tmp_path / "lessons").mkdir()
    path = frames.reserve(tmp_path, stem, 7)
    link = frames.note_link(tmp_path / "lessons" / f"{stem}.md", path)
    assert " " not in link
    assert "(" not in link
    assert ")" not in link
    block = frames.capture_lines(link, 7, "said\nover two\tlines")
    assert block == f"![0:07]({link})\n> [0:07] said over two lines\n"
    assert frames.capture_lines(link, 7, None) == f"![0:07]({link})\n[0:07]\n"
    # The preview and the export find the file from the link.
    cells = ImageCells(tmp_path, tmp_path / "lessons")
    assert cells.place(link) == tmp_path / "lessons" / f"../media/frames/{path.name}"
    assert local_image(link, tmp_path / "lessons", tmp_path) == path.resolve()


def test_a_frames_folder_that_is_a_file_or_leads_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "frames").write_text("x")
    with pytest.raises(FrameError, match="Cannot make media/frames/"):
        frames.reserve(tmp_path, "a", 1)


def test_a_media_folder_leading_out_is_refused_and_nothing_is_made_there(tmp_path: Path) -> None:
    course, elsewhere = tmp_path / "course", tmp_path / "elsewhere"
    course.mkdir()
    elsewhere.mkdir()
    (course / "media").symlink_to(elsewhere)
    with pytest.raises(FrameError, match="leads outside the course"):
        frames.reserve(course, "a", 1)
    assert list(elsewhere.iterdir()) == []  # no `frames/` made outside the course


def test_frames_of_a_trashed_lesson_never_go_out_through_a_trash_symlink(tmp_path: Path) -> None:
    course, elsewhere = tmp_path / "course", tmp_path / "elsewhere"
    (course / "media" / "frames").mkdir(parents=True)
    (course / "lessons").mkdir()
    elsewhere.mkdir()
    (course / "media" / "frames" / "a-0h00m01s.png").write_bytes(b"png")
    (course / ".trash").symlink_to(elsewhere)
    note = "![0:01](../media/frames/a-0h00m01s.png)\n"
    assert frames.trash_frames(course, note, course / "lessons", []) == []
    assert (course / "media" / "frames" / "a-0h00m01s.png").exists()
    assert list(elsewhere.iterdir()) == []
