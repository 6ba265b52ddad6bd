"""`lessontui import`: exit codes, summary, downloads, on the offline fake YouTube."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessontui import cli
from lessontui.commands import import_course
from lessontui.course.course import Course
from tests import fixtures_importer
from tests.fixtures_importer import FakeSite, Video, course_videos, fake_ydl_factory

site = fixtures_importer.site
media_server = fixtures_importer.media_server
clip_dir = fixtures_importer.clip_dir

pytestmark = pytest.mark.needs_ffmpeg


@pytest.fixture(autouse=True)
def offline(site: FakeSite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(import_course, "YDL_FACTORY", fake_ydl_factory(site))
    monkeypatch.chdir(tmp_path)


def test_import_makes_the_course_and_says_how_to_open_it(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.add_playlist("PLcli", "CLI course", course_videos(2))
    assert cli.main(["import", url]) == 0
    out = capsys.readouterr().out
    assert "Made course 'CLI course'" in out
    assert "2 added" in out
    assert f"lessontui {tmp_path / 'library' / 'cli-course'}" in out  # the library is home
    assert len(Course.load(tmp_path / "library" / "cli-course").lessons) == 2
    assert not (tmp_path / "cli-course").exists()  # nothing in the current folder
    # Again: a refresh, nothing new.
    assert cli.main(["import", url]) == 0
    assert "Refreshed course" in capsys.readouterr().out


def test_a_broken_entry_makes_the_exit_code_non_zero(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    videos = [*course_videos(1), Video("privatevid1", "Secret", error="Private video")]
    url = site.add_playlist("PLbad", "Bad", videos)
    assert cli.main(["import", url, "--into", "c"]) == 1
    out = capsys.readouterr().out
    assert "FAILED Secret: " in out
    assert "Private video" in out
    assert "1 failed" in out
    assert len(Course.load(tmp_path / "c").lessons) == 1


def test_a_different_course_in_the_folder_is_refused(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = site.add_playlist("PLone", "One", course_videos(1, "aaa"))
    second = site.add_playlist("PLtwo", "Two", course_videos(1, "bbb"))
    assert cli.main(["import", first, "--into", "c"]) == 0
    capsys.readouterr()
    assert cli.main(["import", second, "--into", "c"]) == 1
    assert "holds another course" in capsys.readouterr().err
    assert len(Course.load(tmp_path / "c").lessons) == 1


def test_an_unknown_playlist_is_an_error_on_one_line(
    site: FakeSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", "https://www.youtube.com/playlist?list=PLnope"]) == 1
    err = capsys.readouterr().err
    assert "playlist does not exist" in err
    assert "Traceback" not in err


def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "https://www.youtube.com/playlist?list=PLx", "--subs", ","]) == 2
    assert "--subs needs languages" in capsys.readouterr().err
    for args in (["import"], ["import", "--into"]):
        with pytest.raises(SystemExit) as exit_info:
            cli.main(args)
        assert exit_info.value.code == 2


def test_download_and_subtitles_from_the_cli(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = course_videos(1)[0]
    video.captions = {"en": "WEBVTT\n\n00:00.000 --> 00:01.000\nauto\n"}
    url = site.add_playlist("PLdl", "DL", [video])
    assert cli.main(["import", url, "--into", "c", "--download", "--subs", "en"]) == 0
    out = capsys.readouterr().out
    assert "downloads: 1 done" in out
    media = tmp_path / "c" / "media"
    assert sorted(p.name for p in media.iterdir()) == [
        "01-lesson-1-part-1.en.vtt",
        "01-lesson-1-part-1.mp4",
    ]
    assert Course.load(tmp_path / "c").lessons[0].video_path == media / "01-lesson-1-part-1.mp4"


def test_a_failed_download_exits_1(site: FakeSite, capsys: pytest.CaptureFixture[str]) -> None:
    videos = course_videos(1)
    url = site.add_playlist("PLdlfail", "DL fail", videos)
    site.server.fail(f"/clips/{videos[0].id}.mp4", 404)
    assert cli.main(["import", url, "--into", "c", "--download"]) == 1
    assert "FAILED download" in capsys.readouterr().out


def test_an_import_elsewhere_is_listed_in_the_library(
    site: FakeSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessontui.library import elsewhere

    url = site.add_playlist("PLelse", "Elsewhere", course_videos(1))
    assert cli.main(["import", url, "--into", "mine"]) == 0
    assert [p.resolve() for p in elsewhere(tmp_path / "library")] == [(tmp_path / "mine").resolve()]
    assert not (tmp_path / "library").exists() or not any((tmp_path / "library").iterdir())
