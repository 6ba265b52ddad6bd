"""`lessontui subs`: yt-dlp's real pipeline fetches manual and automatic subtitles, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui import cli
from lessontui.commands import import_course
from lessontui.services.transcripts import read_transcript
from tests import fixtures_importer
from tests.fixtures_importer import FakeSite, course_videos, fake_ydl_factory
from tests.sample_text import ROLLING

site = fixtures_importer.site
media_server = fixtures_importer.media_server
clip_dir = fixtures_importer.clip_dir

pytestmark = pytest.mark.needs_ffmpeg

MANUAL = "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nThe manual words, said by a person.\n"
AUTO_FOR_MANUAL = "WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nthe manual words said by a machine\n"


@pytest.fixture(autouse=True)
def offline(site: FakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(import_course, "YDL_FACTORY", fake_ydl_factory(site))
    monkeypatch.chdir(tmp_path)


def test_subs_fetches_manual_before_automatic_and_search_finds_what_was_said(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = course_videos(2)
    first.subtitles = {"en": MANUAL}
    first.captions = {"en": AUTO_FOR_MANUAL}
    second.captions = {"en": ROLLING}  # only YouTube's rolling automatic captions
    url = site.add_playlist("PLsubs", "Subs", [first, second])
    assert cli.main(["import", url, "--into", "c"]) == 0
    capsys.readouterr()

    assert cli.main(["subs", "c"]) == 0
    assert "2 fetched" in capsys.readouterr().out
    media = tmp_path / "c" / "media"
    one, two = sorted(media.glob("*.vtt"))
    assert one.name == "01-lesson-1-part-1.en.vtt"
    assert [c.text for c in read_transcript(one).cues] == ["The manual words, said by a person."]
    assert [c.text for c in read_transcript(two).cues] == [
        "so today we look at gradient descent.",
        "It is how models learn & improve?",
    ]

    assert cli.main(["search", "gradient descent", "c"]) == 0
    assert capsys.readouterr().out == (
        "c/lessons/02-lesson-2-part-2.md:[0:00]:so today we look at gradient descent.\n"
    )
    assert cli.main(["search", "models learn", "c"]) == 0
    assert ":[0:02]:It is how models learn" in capsys.readouterr().out

    # Run again: nothing to fetch. One lesson, a language the videos lack: said so.
    assert cli.main(["subs", "c", "--lesson", "2"]) == 0
    assert "1 already there" in capsys.readouterr().out
    assert cli.main(["subs", "c", "--lesson", "01-lesson-1-part-1", "--langs", "de"]) == 0
    assert "none in these languages: Lesson 1" in capsys.readouterr().out


def test_subs_takes_languages_from_the_settings_and_refuses_bad_input(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = course_videos(1)[0]
    video.subtitles = {"de": MANUAL}
    url = site.add_playlist("PLde", "De", [video])
    assert cli.main(["import", url, "--into", "c"]) == 0
    config = Path(__import__("os").environ["LESSONTUI_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('subtitle_langs = ["de"]\n')
    assert cli.main(["subs", "c"]) == 0
    assert (tmp_path / "c" / "media" / "01-lesson-1-part-1.de.vtt").is_file()
    capsys.readouterr()
    assert cli.main(["subs", "c", "--lesson", "9"]) == 2
    assert "no lesson '9'" in capsys.readouterr().err
    assert cli.main(["subs", "nowhere"]) == 2
