"""The importer on yt-dlp's real pipeline, offline: fake YouTube extractors, a local server."""

from __future__ import annotations

import datetime as dt
import json
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from yt_dlp import YoutubeDL

from lessontui.course.course import Course
from lessontui.course.document import DiskChangedError, Document, read_header
from lessontui.services.importer import (
    CourseMismatch,
    Importer,
    ImporterError,
    ImportProgress,
)
from tests import fixtures_importer
from tests.fixtures_importer import (
    WATCH,
    FakeSite,
    MakeImporter,
    Recorder,
    Video,
    course_videos,
    fake_ydl_factory,
)

site = fixtures_importer.site
make_importer = fixtures_importer.make_importer
media_server = fixtures_importer.media_server
clip_dir = fixtures_importer.clip_dir

pytestmark = pytest.mark.needs_ffmpeg


def read(lesson_path: Path) -> Document:
    return Document.load(lesson_path)


# -- making a course ------------------------------------------------------------------------


def test_playlist_becomes_a_course_in_playlist_order(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(3)
    url = site.add_playlist("PLcourse01", "Deep Learning: Part 1", videos)
    events = Recorder()
    result = make_importer(progress=events).import_course(url, parent=tmp_path)

    course = Course.load(tmp_path / "deep-learning-part-1")
    assert result.created
    assert result.ok
    assert course.title == "Deep Learning: Part 1"
    assert course.meta["source"] == url
    assert [x.video_id for x in course.lessons] == [v.id for v in videos]
    first = course.lessons[0]
    assert first.path.name == "01-lesson-1-part-1.md"
    assert first.meta == {
        "title": "Lesson 1: part 1",
        "order": 1,
        "status": "todo",
        "url": WATCH + videos[0].id,
        "video_id": videos[0].id,
        "duration": 6,
        "channel": "Teacher",
        "upload_date": dt.date(2024, 3, 18),
        "chapters": [
            {"time": 0, "title": "Intro"},
            {"time": 2, "title": "Topic 1"},
            {"time": 4, "title": "Wrap-up"},
        ],
    }
    assert [e.stage for e in events.events] == ["listing", "entry", "entry", "entry", "done"]
    assert [e.index for e in events.events if e.stage == "entry"] == [1, 2, 3]
    assert (course.root / ".lessontui" / "imported.json").is_file()


def test_a_playlist_listed_twice_gives_one_lesson(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(2)
    url = site.add_playlist("PLdupes", "Dupes", [videos[0], videos[1], videos[0]])
    result = make_importer().import_course(url, into=tmp_path / "c")
    assert [x.video_id for x in result.course.lessons] == [videos[0].id, videos[1].id]


def test_flat_only_import_skips_the_video_pages(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    url = site.add_playlist("PLflat", "Flat", course_videos(2))
    result = make_importer().import_course(url, into=tmp_path / "c", details=False)
    lesson = result.course.lessons[0]
    assert lesson.duration == 6
    assert lesson.meta["channel"] == "Teacher"
    assert "chapters" not in lesson.meta
    assert "upload_date" not in lesson.meta
    assert site.server.requests == []


# -- refreshing -----------------------------------------------------------------------------


def test_refresh_updates_what_yt_dlp_owns_and_keeps_the_users_work(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(3)
    url = site.add_playlist("PLrefresh", "Refresh me", videos)
    course = make_importer().import_course(url, into=tmp_path / "c").course
    one, two, three = course.lessons
    # The user works on lesson 1: renames it, writes notes, watches half of it.
    one.update(title="My own title", status="watching", position=3)
    one.save_body("[0:02] notes I wrote\n")
    untouched_bytes = three.path.read_bytes()
    untouched_mtime = three.path.stat().st_mtime_ns

    # The channel renames lessons 1 and 2, re-cuts lesson 2, drops nothing yet, adds one.
    videos[0].title = "Lesson 1 (new title upstream)"
    videos[0].duration = 7
    videos[1].title = "Lesson 2 (remastered)"
    videos[1].chapters = [(0, "Start"), (3, "Second half")]
    extra = Video("newvideo004", "Bonus lesson")
    site.add_playlist("PLrefresh", "Refresh me", [*videos, extra])

    result = make_importer().import_course(url, into=tmp_path / "c")
    course = Course.load(tmp_path / "c")
    assert not result.created
    assert result.ok
    assert len(course.lessons) == 4
    one, two, three, four = course.lessons
    assert one.title == "My own title"  # the user's edit wins
    assert one.duration == 7  # yt-dlp's field, untouched by the user, is updated
    assert one.status == "watching"
    assert one.position == 3
    assert one.body == "[0:02] notes I wrote\n"
    assert two.title == "Lesson 2 (remastered)"
    assert two.chapters == [{"time": 0, "title": "Start"}, {"time": 3, "title": "Second half"}]
    assert two.path.name == "02-lesson-2-part-2.md"  # files are never renamed
    assert three.path.read_bytes() == untouched_bytes
    assert three.path.stat().st_mtime_ns == untouched_mtime
    assert (four.title, four.order, four.video_id) == ("Bonus lesson", 4, "newvideo004")
    assert [x.path.name for x in result.added] == [four.path.name]
    assert dict((x.path.name, f) for x, f in result.kept) == {one.path.name: ["title"]}
    assert {x.path.name: f for x, f in result.updated} == {
        one.path.name: ["duration"],
        two.path.name: ["chapters", "title"],
    }

    # Lesson 3 leaves the playlist: reported, never deleted.
    site.add_playlist("PLrefresh", "Refresh me", [videos[0], videos[1], extra])
    result = make_importer().import_course(url, into=tmp_path / "c")
    assert [x.video_id for x in result.removed] == [videos[2].id]
    assert three.path.exists()
    # A third run with nothing new changes nothing on disk.
    stamps = {x.path: x.path.stat().st_mtime_ns for x in Course.load(tmp_path / "c").lessons}
    result = make_importer().import_course(url, into=tmp_path / "c")
    assert not result.added
    assert not result.updated
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_edits_made_during_an_import_are_kept(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    """The fetch takes a while: a title or course.md changed meanwhile is the user's."""
    videos = course_videos(2)
    url = site.add_playlist("PLduring", "During", videos)
    lesson_two = make_importer().import_course(url, into=tmp_path / "c").course.lessons[1]
    course_file = tmp_path / "c" / "course.md"
    videos[1].title = "Upstream rename"
    site.add_playlist("PLduring", "During, renamed upstream", videos)

    def user_edits(event: ImportProgress) -> None:
        if event.stage == "entry" and event.index == 1:  # after the course was opened
            text = lesson_two.path.read_text(encoding="utf-8")
            lesson_two.path.write_text(
                text.replace(lesson_two.title, "Renamed by me", 1), encoding="utf-8"
            )
            course_file.write_text(
                course_file.read_text(encoding="utf-8") + "An intro I wrote.\n",
                encoding="utf-8",
            )

    result = make_importer(progress=user_edits).import_course(url, into=tmp_path / "c")
    assert result.ok
    course = Course.load(tmp_path / "c")
    assert course.lessons[1].title == "Renamed by me"
    assert course.title == "During, renamed upstream"
    assert course.document.body.endswith("An intro I wrote.\n")


def test_course_update_refuses_when_course_md_changed_on_disk(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "Mine")
    path = course.document.path
    path.write_text(path.read_text(encoding="utf-8") + "Intro from elsewhere\n")
    with pytest.raises(DiskChangedError):
        course.update(title="Theirs")
    assert path.read_text(encoding="utf-8").endswith("Intro from elsewhere\n")
    assert read_header(path)["title"] == "Mine"


def test_a_field_the_user_deleted_stays_deleted(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    url = site.add_playlist("PLdelete", "Delete", course_videos(1))
    lesson = make_importer().import_course(url, into=tmp_path / "c").course.lessons[0]
    document = lesson.document()
    document.delete_field("chapters")
    document.save()
    make_importer().import_course(url, into=tmp_path / "c")
    assert "chapters" not in Course.load(tmp_path / "c").lessons[0].meta


def test_without_a_record_only_missing_fields_are_filled(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(1)
    url = site.add_playlist("PLnorecord", "No record", videos)
    course = make_importer().import_course(url, into=tmp_path / "c", details=False).course
    (course.root / ".lessontui" / "imported.json").unlink()
    videos[0].title = "Renamed upstream"
    result = make_importer().import_course(url, into=tmp_path / "c")
    lesson = Course.load(tmp_path / "c").lessons[0]
    assert lesson.title == "Lesson 1: part 1"  # could be the user's: kept
    assert lesson.chapters
    assert lesson.meta["upload_date"] == dt.date(2024, 3, 18)
    assert result.kept[0][1] == ["title"]


def test_another_url_form_of_the_same_playlist_refreshes_the_same_folder(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    url = site.add_playlist("PLsame", "Same course", course_videos(2))
    make_importer().import_course(url, parent=tmp_path)
    other = "https://youtube.com/playlist?list=PLsame"
    result = make_importer().import_course(other, parent=tmp_path)
    assert result.course.root == tmp_path / "same-course"
    assert not result.created
    assert len(result.course.lessons) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same-course"]


def test_refuses_to_mix_two_courses(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    first = site.add_playlist("PLfirst", "Lectures", course_videos(1, "aaa"))
    second = site.add_playlist("PLsecond", "Lectures", course_videos(1, "bbb"))
    make_importer().import_course(first, into=tmp_path / "c")
    with pytest.raises(CourseMismatch, match="holds another course"):
        make_importer().import_course(second, into=tmp_path / "c")
    assert len(Course.load(tmp_path / "c").lessons) == 1
    # Without --into, a namesake course goes to a folder of its own.
    make_importer().import_course(first, parent=tmp_path)
    result = make_importer().import_course(second, parent=tmp_path)
    assert result.course.root.name == "lectures-2"
    # --force mixes on purpose.
    result = make_importer().import_course(second, into=tmp_path / "c", force=True)
    assert len(result.course.lessons) == 2


def test_a_folder_with_other_files_is_not_made_a_course(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    url = site.add_playlist("PLx", "X", course_videos(1))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "thesis.tex").write_text("mine")
    with pytest.raises(ImporterError, match="not empty"):
        make_importer().import_course(url, into=tmp_path / "c")


# -- single videos ----------------------------------------------------------------------------


def test_a_video_url_adds_one_lesson_to_a_course(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    url = site.add_playlist("PLsingle", "Course", course_videos(2))
    make_importer().import_course(url, into=tmp_path / "c")
    video_url = site.add_video(Video("extravideo1", "An extra talk", chapters=[(0, "Hi")]))
    result = make_importer().import_course(video_url, into=tmp_path / "c")
    again = make_importer().import_course(video_url, into=tmp_path / "c")
    course = Course.load(tmp_path / "c")
    assert [x.title for x in course.lessons][-1] == "An extra talk"
    assert course.lessons[-1].order == 3
    assert len(course.lessons) == 3
    assert result.ok
    assert again.ok
    assert not again.added
    assert course.meta["source"] == url  # the course stays the playlist's


def test_a_video_url_alone_makes_a_one_lesson_course(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    video_url = site.add_video(Video("lonevideo01", "A talk on slugs"))
    result = make_importer().import_course(video_url, parent=tmp_path)
    assert result.course.root == tmp_path / "a-talk-on-slugs"
    assert [x.title for x in result.course.lessons] == ["A talk on slugs"]


# -- failures -------------------------------------------------------------------------------------


def test_broken_entries_fail_alone_with_their_reason(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    good = course_videos(2)
    private = Video("privatevid1", "[Private video]", error="Private video. Sign in if granted")
    gone = Video("removedvid1", "Old lesson", error="This video has been removed by the uploader")
    url = site.add_playlist("PLbroken", "Broken", [good[0], private, gone, good[1]])
    result = make_importer().import_course(url, into=tmp_path / "c")
    assert not result.ok
    assert [x.video_id for x in result.course.lessons] == [good[0].id, good[1].id]
    reasons = {f.video_id: str(f) for f in result.failures}
    assert "Private video" in reasons["privatevid1"]
    assert reasons["removedvid1"].startswith("Old lesson: ")
    assert "removed by the uploader" in reasons["removedvid1"]
    # Broken entries are not "removed from the playlist" either.
    assert result.removed == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("https://www.youtube.com/playlist?list=PLnothere", "playlist does not exist"),
        ("nonsense", "not a valid URL"),
        ("missing/playlist.json", "no such file"),
    ],
)
def test_a_source_that_cannot_be_read_changes_nothing(
    make_importer: MakeImporter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImporterError, match=message):
        make_importer().import_course(source, parent=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_unreachable_host_is_an_error_for_the_listing(
    make_importer: MakeImporter, tmp_path: Path
) -> None:
    # Port 9 on 127.0.0.1: nothing listens, the connection is refused at once.
    with pytest.raises(ImporterError, match=r"127\.0\.0\.1:9"):
        make_importer().import_course("http://127.0.0.1:9/feed.xml", parent=tmp_path)


HOSTILE = [
    "../../x",
    "/etc/passwd",
    "CON",
    ".",
    "é" * 150 + "x" * 100,  # 400 bytes
    "\u202eevil\u202c title\u200f",
    "🎉🎉🎉",
    "[@click=app.quit]Quit[/]",
    "title\x1b[31m red\x1b[0m\nstatus: done\n---",
    "",
]


def test_hostile_titles_stay_text_and_inside_the_course(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = [
        Video(f"hostile{n:04d}", title, chapters=[(0, "\x1b]0;pwned\x07chapter\u202e")])
        for n, title in enumerate(HOSTILE)
    ]
    url = site.add_playlist("PLhostile", "../\x1b[2J../evil\u202e course", videos)
    result = make_importer().import_course(url, parent=tmp_path)
    assert result.ok, result.failures
    root = result.course.root
    assert root.parent == tmp_path
    assert root.name == "evil-course"
    course = Course.load(root)
    assert len(course.lessons) == len(HOSTILE)
    names = [x.path.name for x in course.lessons]
    assert len(set(names)) == len(names)
    for lesson in course.lessons:
        assert lesson.path.parent == root / "lessons"
        assert len(lesson.path.name.encode()) <= 200
        assert lesson.path.name.isascii()
        assert not lesson.path.name.startswith(".")
        assert lesson.status == "todo"
        assert lesson.chapters == [{"time": 0, "title": "chapter"}]
        for text in (lesson.title, course.title):
            assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in text)
    titles = [x.title for x in course.lessons]
    assert titles[0] == "../../x"
    assert titles[7] == "[@click=app.quit]Quit[/]"
    assert titles[8] == "title red status: done ---"
    assert titles[9].endswith("hostile0009")  # yt-dlp names an untitled video
    assert names[2] == "03-con-lesson.md"
    assert names[3] == "04-lesson.md"


# -- saved JSON -----------------------------------------------------------------------------------


def save_flat_json(site: FakeSite, url: str, path: Path) -> Path:
    """What `yt-dlp -J --flat-playlist URL > path` writes, made by yt-dlp itself."""
    params = {"quiet": True, "extract_flat": "in_playlist", "skip_download": True}
    ydl: YoutubeDL = fake_ydl_factory(site)(params)
    info = ydl.extract_info(url, download=False)
    path.write_text(json.dumps(ydl.sanitize_info(info)), encoding="utf-8")
    return path


def test_a_saved_json_listing_imports_offline(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(3)
    url = site.add_playlist("PLjson", "Saved course", videos)
    saved = save_flat_json(site, url, tmp_path / "playlist.json")

    def no_network(params: dict[str, Any]) -> YoutubeDL:
        raise AssertionError("a saved listing must not reach yt-dlp's extractors")

    offline = Importer(ydl_factory=no_network, settings=make_importer().settings)
    result = offline.import_course(str(saved), parent=tmp_path)
    course = result.course
    assert result.ok
    assert course.root == tmp_path / "saved-course"
    assert course.meta["source"] == url
    assert [(x.title, x.duration, x.url) for x in course.lessons] == [
        (v.title, 6, WATCH + v.id) for v in videos
    ]
    # Online later, the same playlist fills in what the listing left out.
    result = make_importer().import_course(url, parent=tmp_path)
    assert result.course.root == course.root
    assert not result.added
    assert all(x.chapters for x in Course.load(course.root).lessons)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"hello": "world"}'])
def test_a_json_file_that_is_not_a_listing_is_refused(
    make_importer: MakeImporter, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(ImporterError, match="not a yt-dlp JSON file"):
        make_importer().import_course(str(path), parent=tmp_path)


# -- RSS through yt-dlp's generic extractor --------------------------------------------------


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
  <title>Teaching Podcast &amp; Friends</title>
  <description>Lessons by feed</description>
  <item>
    <title>Episode 1: Feeds</title>
    <guid>episode-0001</guid>
    <pubDate>Mon, 18 Mar 2024 10:00:00 GMT</pubDate>
    <enclosure url="{base}/media/ep1.mp4" type="video/mp4" length="1"/>
    <itunes:duration>00:01:05</itunes:duration>
  </item>
  <item>
    <title>Episode 2: Enclosures</title>
    <guid>episode-0002</guid>
    <enclosure url="{base}/media/ep2.mp4" type="video/mp4" length="1"/>
    <itunes:duration>95</itunes:duration>
  </item>
</channel>
</rss>
"""


def test_an_rss_feed_with_enclosures_through_the_generic_extractor(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path, clip_dir: Path
) -> None:
    server = site.server
    server.add_file("/media/ep1.mp4", clip_dir / "short.mp4")
    server.add_file("/media/ep2.mp4", clip_dir / "short.mp4")
    feed = server.add("/feed.xml", RSS.format(base=server.url).encode(), "application/rss+xml")
    importer = make_importer()
    result = importer.import_course(feed, parent=tmp_path)
    assert result.ok, result.failures
    course = result.course
    assert course.title == "Teaching Podcast & Friends"
    assert [(x.title, x.duration, x.video_id, x.url) for x in course.lessons] == [
        ("Episode 1: Feeds", 65, "episode-0001", server.url + "/media/ep1.mp4"),
        ("Episode 2: Enclosures", 95, "episode-0002", server.url + "/media/ep2.mp4"),
    ]
    assert course.lessons[0].meta["upload_date"] == dt.date(2024, 3, 18)
    downloads = importer.download(course)
    assert downloads.ok
    assert len(downloads.downloaded) == 2
    assert (course.lessons[1].video_path or Path()).read_bytes() == (
        clip_dir / "short.mp4"
    ).read_bytes()


# -- downloads ----------------------------------------------------------------------------------


def imported(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path, videos: list[Video]
) -> Course:
    url = site.add_playlist("PLdownload", "Downloads", videos)
    return make_importer().import_course(url, into=tmp_path / "c").course


def test_download_saves_playable_videos_and_records_them(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path, clip_dir: Path
) -> None:
    course = imported(site, make_importer, tmp_path, course_videos(2))
    events = Recorder()
    result = make_importer(progress=events).download(course)
    assert result.ok
    assert len(result.downloaded) == 2
    lesson = Course.load(course.root).lessons[0]
    assert lesson.meta["video"] == "../media/01-lesson-1-part-1.mp4"
    assert lesson.video_path == course.media_dir / "01-lesson-1-part-1.mp4"
    assert lesson.video_path.read_bytes() == (clip_dir / "chapters.mp4").read_bytes()
    assert not list(course.media_dir.glob("*.part"))
    # The <=720p default picked the small format, never the 1080p one.
    assert "/clips/1080p.mp4" not in {r.path for r in site.server.requests}
    sizes = [e for e in events.events if e.stage == "download" and e.size]
    assert sizes
    assert sizes[-1].downloaded == sizes[-1].size
    assert sizes[-1].fraction == 1.0

    # Run again: nothing to fetch.
    asked = len(site.server.requests)
    again = make_importer().download(Course.load(course.root))
    assert again.ok
    assert len(again.skipped) == 2
    assert not again.downloaded
    assert len(site.server.requests) == asked


def test_an_interrupted_download_resumes_from_its_part_file(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path, clip_dir: Path
) -> None:
    course = imported(site, make_importer, tmp_path, course_videos(1))
    clip = (clip_dir / "chapters.mp4").read_bytes()
    half = len(clip) // 2
    course.media_dir.mkdir()
    part = course.media_dir / "01-lesson-1-part-1.mp4.part"
    part.write_bytes(clip[:half])
    result = make_importer().download(course)
    assert result.ok
    assert site.server.ranges_asked(f"/clips/{course.lessons[0].video_id}.mp4") == [
        f"bytes={half}-"
    ]
    assert (course.lessons[0].video_path or Path()).read_bytes() == clip


def test_a_cancelled_download_keeps_its_part_and_resumes(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path, clip_dir: Path
) -> None:
    course = imported(site, make_importer, tmp_path, course_videos(2))
    cancel = threading.Event()

    def progress(event: ImportProgress) -> None:
        if event.stage == "download" and event.downloaded:
            cancel.set()  # as the app's Cancel button would, from another thread

    result = make_importer(progress=progress, cancel=cancel).download(course)
    assert result.cancelled
    assert not result.downloaded
    assert not result.ok
    parts = list(course.media_dir.glob("*.part"))
    assert [p.name for p in parts] == ["01-lesson-1-part-1.mp4.part"]
    assert 0 < parts[0].stat().st_size < (clip_dir / "chapters.mp4").stat().st_size
    assert "video" not in Course.load(course.root).lessons[0].meta

    result = make_importer().download(Course.load(course.root))
    assert result.ok
    assert len(result.downloaded) == 2
    video_id = course.lessons[0].video_id
    assert site.server.ranges_asked(f"/clips/{video_id}.mp4")  # resumed, not restarted
    clip = (clip_dir / "chapters.mp4").read_bytes()
    assert (course.media_dir / "01-lesson-1-part-1.mp4").read_bytes() == clip


def test_subtitles_manual_first_then_automatic(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    video = course_videos(1)[0]
    video.subtitles = {"en": "WEBVTT\n\n00:00.000 --> 00:01.000\nmanual english\n"}
    video.captions = {
        "en": "WEBVTT\n\n00:00.000 --> 00:01.000\nautomatic english\n",
        "de": "WEBVTT\n\n00:00.000 --> 00:01.000\nautomatisch deutsch\n",
    }
    course = imported(site, make_importer, tmp_path, [video])
    result = make_importer().download(course, subs=["en", "de"])
    assert result.ok
    media = course.media_dir
    assert "manual english" in (media / "01-lesson-1-part-1.en.vtt").read_text()
    assert "automatisch deutsch" in (media / "01-lesson-1-part-1.de.vtt").read_text()
    assert (media / "01-lesson-1-part-1.mp4").is_file()


def test_subtitles_alone_leave_the_video_undownloaded(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    video = course_videos(1)[0]
    video.subtitles = {"en": "WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n"}
    course = imported(site, make_importer, tmp_path, [video])
    result = make_importer().download(course, subs=["en"], skip_video=True)
    assert result.ok
    assert sorted(p.name for p in course.media_dir.iterdir()) == ["01-lesson-1-part-1.en.vtt"]


def test_a_failed_download_is_reported_and_the_others_continue(
    site: FakeSite, make_importer: MakeImporter, tmp_path: Path
) -> None:
    videos = course_videos(2)
    course = imported(site, make_importer, tmp_path, videos)
    site.server.fail(f"/clips/{videos[0].id}.mp4", 403)
    result = make_importer().download(course)
    assert [x.video_id for x in result.downloaded] == [videos[1].id]
    assert len(result.failures) == 1
    assert "403" in str(result.failures[0])
    assert str(result.failures[0]).startswith("Lesson 1: part 1: ")
