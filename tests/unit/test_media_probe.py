"""ffprobe reads a real clip's duration and streams; anything else is a clear ProbeError."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui.services.demo_clip import make_clip
from lessontui.services.media_probe import ProbeError, media_files, probe

pytestmark = pytest.mark.needs_ffmpeg


def test_a_real_clip_has_its_duration_and_streams(tmp_path: Path) -> None:
    clip = tmp_path / "media" / "clip.mp4"
    clip.parent.mkdir()
    make_clip(clip, seconds=3)
    info = probe(clip)
    assert info.duration == 3
    assert info.has_video
    assert info.has_audio
    assert info.playable
    (tmp_path / "media" / "notes.txt").write_text("not media")
    assert media_files(tmp_path / "media") == [clip]


def test_not_a_video_says_why(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp4"
    fake.write_text("just text")
    with pytest.raises(ProbeError, match=r"fake\.mp4 is not a video"):
        probe(fake)
    with pytest.raises(ProbeError, match="no such file"):
        probe(tmp_path / "missing.mp4")
