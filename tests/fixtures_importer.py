"""A fake YouTube for yt-dlp: extractors answering playlist and watch URLs with canned metadata.

Formats and subtitles point at a local `MediaServer`, so yt-dlp's real pipeline
(flat listing, per-video extraction, format selection, HTTP download with
resume, subtitles) runs without the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest
from yt_dlp import YoutubeDL
from yt_dlp.extractor.common import InfoExtractor
from yt_dlp.extractor.generic import GenericIE  # type: ignore[import-not-found]  # no stub
from yt_dlp.utils import ExtractorError

from lessontui.config import Settings
from lessontui.services.importer import Importer, ImportProgress, YdlFactory
from tests import fixtures_media
from tests.fixtures_media import MediaServer

# Fixtures used here, re-exported so a test module can take them all from this one.
media_server = fixtures_media.media_server
clip_dir = fixtures_media.clip_dir

WATCH = "https://www.youtube.com/watch?v="
PLAYLIST = "https://www.youtube.com/playlist?list="


@dataclass
class Video:
    id: str
    title: str
    duration: float = 6
    channel: str = "Teacher"
    upload_date: str = "20240318"
    chapters: list[tuple[float, str]] = field(default_factory=list)
    clip: str = "chapters.mp4"
    error: str | None = None  # raised by the extractor (private, removed...)
    subtitles: dict[str, str] = field(default_factory=dict)  # lang -> vtt text
    captions: dict[str, str] = field(default_factory=dict)  # automatic ones


@dataclass
class FakeSite:
    server: MediaServer
    clips: Path
    videos: dict[str, Video] = field(default_factory=dict)
    playlists: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def add_video(self, video: Video) -> str:
        self.videos[video.id] = video
        return WATCH + video.id

    def add_playlist(self, playlist_id: str, title: str, videos: list[Video]) -> str:
        for video in videos:
            self.videos.setdefault(video.id, video)
        self.playlists[playlist_id] = (title, [v.id for v in videos])
        return PLAYLIST + playlist_id

    def video_info(self, video_id: str) -> dict[str, Any]:
        video = self.videos.get(video_id)
        if video is None:
            raise ExtractorError("Video unavailable. This video has been removed", expected=True)
        if video.error:
            raise ExtractorError(video.error, expected=True)
        clip = self.clips / video.clip
        url = f"/clips/{video.id}.mp4"
        if url not in self.server.routes:
            self.server.add_file(url, clip)
        subs: dict[str, Any] = {}
        for kind, texts in (("subtitles", video.subtitles), ("automatic_captions", video.captions)):
            subs[kind] = {}
            for lang, text in texts.items():
                path = f"/subs/{video.id}.{kind}.{lang}.vtt"
                self.server.add(path, text.encode(), "text/vtt")
                subs[kind][lang] = [{"ext": "vtt", "url": self.server.url + path}]
        bounds = [*(start for start, _ in video.chapters[1:]), video.duration][
            : len(video.chapters)
        ]
        return {
            "id": video.id,
            "title": video.title,
            "duration": video.duration,
            "channel": video.channel,
            "uploader": video.channel,
            "upload_date": video.upload_date,
            "webpage_url": WATCH + video.id,
            "chapters": [
                {"start_time": start, "end_time": end, "title": title}
                for (start, title), end in zip(video.chapters, bounds, strict=True)
            ]
            or None,
            "formats": [
                {
                    "format_id": "18",
                    "url": self.server.url + url,
                    "ext": "mp4",
                    "width": 64,
                    "height": 48,
                    "vcodec": "avc1.42c00a",
                    "acodec": "mp4a.40.2",
                    "filesize": clip.stat().st_size,
                },
                {
                    # A better format the default (<=720p) must not pick: it 404s.
                    "format_id": "137",
                    "url": self.server.url + "/clips/1080p.mp4",
                    "ext": "mp4",
                    "width": 1920,
                    "height": 1080,
                    "vcodec": "avc1.640028",
                    "acodec": "mp4a.40.2",
                },
            ],
            **subs,
        }


class FakeYoutubeIE(InfoExtractor):
    IE_NAME = "fakeyoutube"
    _VALID_URL = r"https?://(?:www\.)?youtube\.com/watch\?v=(?P<id>[\w-]+)"
    site: FakeSite

    def _real_extract(self, url: str) -> Any:  # yt-dlp's info dict
        return self.site.video_info(self._match_id(url))


class FakeYoutubeTabIE(InfoExtractor):
    IE_NAME = "fakeyoutube:tab"
    _VALID_URL = r"https?://(?:www\.)?youtube\.com/playlist\?list=(?P<id>[\w-]+)"
    site: FakeSite

    def _real_extract(self, url: str) -> Any:  # yt-dlp's info dict
        playlist_id = self._match_id(url)
        if playlist_id not in self.site.playlists:
            raise ExtractorError("The playlist does not exist.", expected=True)
        title, ids = self.site.playlists[playlist_id]
        entries: list[Any] = []  # yt-dlp info dicts
        for video_id in ids:
            video = self.site.videos[video_id]
            # Like YouTube's flat listing: title, duration and channel, no chapters or date.
            entries.append(
                self.url_result(
                    WATCH + video_id,
                    FakeYoutubeIE,  # type: ignore[arg-type]  # yt-dlp takes the class too
                    video_id,
                    video.title,
                    duration=None if video.error else video.duration,
                    channel=video.channel,
                )
            )
        return self.playlist_result(entries, playlist_id, title, webpage_url=PLAYLIST + playlist_id)


def fake_ydl_factory(site: FakeSite) -> YdlFactory:
    """YoutubeDL objects that know only the fake site and yt-dlp's generic extractor."""

    def factory(params: dict[str, Any]) -> YoutubeDL:
        ydl = YoutubeDL(cast(Any, params), auto_init=False)
        for ie_class in (FakeYoutubeTabIE, FakeYoutubeIE):
            ie = ie_class()
            ie.site = site
            ydl.add_info_extractor(ie)
        ydl.add_info_extractor(GenericIE())
        return ydl

    return factory


@pytest.fixture
def site(media_server: MediaServer, clip_dir: Path) -> FakeSite:
    return FakeSite(media_server, clip_dir)


@dataclass
class Recorder:
    events: list[ImportProgress] = field(default_factory=list)

    def __call__(self, event: ImportProgress) -> None:
        self.events.append(event)


MakeImporter = Callable[..., Importer]  # an Importer on the fake site; Importer's arguments


@pytest.fixture
def make_importer(site: FakeSite) -> MakeImporter:
    def make(**kwargs: Any) -> Importer:
        kwargs.setdefault("settings", Settings())
        return Importer(ydl_factory=fake_ydl_factory(site), **kwargs)

    return make


def course_videos(count: int, prefix: str = "vid") -> list[Video]:
    """`count` videos with 11-character ids, titles and chapters."""
    return [
        Video(
            f"{prefix}{n:08d}"[:11].ljust(11, "x"),
            f"Lesson {n}: part {n}",
            duration=6,
            chapters=[(0, "Intro"), (2, f"Topic {n}"), (4, "Wrap-up")],
        )
        for n in range(1, count + 1)
    ]
