"""Bringing a video or subtitle file into a course: names, copies, free space."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.services import media_import
from lessontui.services.media_import import MediaImportError


def test_kinds_and_sizes() -> None:
    assert media_import.kind_of(Path("a.MP4")) == media_import.VIDEO
    assert media_import.kind_of(Path("a.en.vtt")) == media_import.SUBTITLE
    assert media_import.kind_of(Path("a.txt")) is None
    assert media_import.human_size(999) == "999 bytes"
    assert media_import.human_size(1_500_000) == "1.5 MB"


def test_subtitles_are_named_after_the_lesson_keeping_their_language() -> None:
    assert media_import.subtitle_name(Path("/x/talk.en.vtt"), "03-intro") == "03-intro.en.vtt"
    assert media_import.subtitle_name(Path("/x/talk.srt"), "03-intro") == "03-intro.srt"
    assert media_import.subtitle_name(Path("/x/v1.2.vtt"), "03-intro") == "03-intro.vtt"


def test_a_copy_never_replaces_a_file_and_leaves_no_part_behind(tmp_path: Path) -> None:
    source = tmp_path / "talk.mp4"
    source.write_bytes(b"video" * 1000)
    media = tmp_path / "course" / "media"
    first = media_import.copy_in(source, media_import.free_target(media, "talk.mp4"))
    second = media_import.copy_in(source, media_import.free_target(media, "talk.mp4"))
    assert (first.name, second.name) == ("talk.mp4", "talk-2.mp4")
    assert first.read_bytes() == second.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in media.iterdir()) == ["talk-2.mp4", "talk.mp4"]
    with pytest.raises(MediaImportError):
        media_import.copy_in(source, first)  # there already: refused, not replaced
    assert sorted(p.name for p in media.iterdir()) == ["talk-2.mp4", "talk.mp4"]
    with pytest.raises(MediaImportError, match="not a file"):
        media_import.copy_in(tmp_path / "missing.mp4", media / "m.mp4")


@pytest.mark.needs_ffmpeg
def test_a_file_is_checked_before_anything_is_copied(tmp_path: Path) -> None:
    """t10: a link named `.mp4` to a file that is no video, an empty `.mp4`, a `.vtt`
    that is no subtitles are refused with nothing left in media/; a real clip is
    copied from the file behind its link."""
    from lessontui.services.demo_clip import make_clip

    media = tmp_path / "course" / "media"
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0\n")
    (tmp_path / "shadowlink.mp4").symlink_to(secret)
    (tmp_path / "empty.mp4").write_bytes(b"")
    (tmp_path / "bad.vtt").write_text("not subtitles at all\n")
    (tmp_path / "fifo.mp4").unlink(missing_ok=True)
    import os

    os.mkfifo(tmp_path / "fifo.mp4")
    for name, kind, why in [
        ("shadowlink.mp4", media_import.VIDEO, "not a video or audio file"),
        ("empty.mp4", media_import.VIDEO, "empty"),
        ("bad.vtt", media_import.SUBTITLE, "not a WebVTT file"),
        ("fifo.mp4", media_import.VIDEO, "not a regular file"),
    ]:
        with pytest.raises(MediaImportError, match=why):
            media_import.bring_in(tmp_path / name, kind, media_import.free_target(media, name))
        assert not media.exists() or not list(media.iterdir()), name
    clip = make_clip(tmp_path / "clips" / "talk.mp4", seconds=1)
    (tmp_path / "link.mp4").symlink_to(clip)
    copied = media_import.bring_in(tmp_path / "link.mp4", media_import.VIDEO, media / "link.mp4")
    assert copied.read_bytes() == clip.read_bytes()
    assert not copied.is_symlink()
    linked = media_import.bring_in(tmp_path / "link.mp4", media_import.VIDEO, None)
    assert linked == clip.resolve()
