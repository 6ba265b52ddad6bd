"""Courses from yt-dlp: a playlist, a video or a saved JSON listing becomes lessons; downloads.

Everything goes through yt-dlp's Python API. The `YoutubeDL` objects are made by
a factory so tests can run the real pipeline offline on extractors of their own.

Refreshing a course never touches what the user wrote: the values the importer
last wrote are kept in `.lessontui/imported.json` (`import_record.py`), and a
field whose value differs from that record was edited by the user and is left
alone. What yt-dlp reports is read into listings and lesson fields by
`yt_listing.py`; `import_summary.py` says what an import did.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from yt_dlp import YoutubeDL
from yt_dlp.utils import DownloadCancelled, YoutubeDLError, unsmuggle_url

from lessontui.config import Settings, load_settings
from lessontui.course import safe_paths
from lessontui.course.course import COURSE_FILE, Course, CourseError, Lesson
from lessontui.course.document import DocumentError
from lessontui.course.slug import slugify
from lessontui.course.untrusted import clean_line
from lessontui.services.import_errors import CourseMismatch as CourseMismatch
from lessontui.services.import_errors import ImporterError as ImporterError
from lessontui.services.import_record import ImportRecord, json_value, merge
from lessontui.services.yt_listing import (
    Listing,
    lesson_fields,
    listing_from_info,
    listing_from_json,
)

# What a YouTube flat listing calls entries that cannot be watched.
_UNAVAILABLE_TITLES = {"[private video]", "[deleted video]", "[unavailable video]"}

YdlFactory = Callable[[dict[str, Any]], YoutubeDL]


def default_ydl(params: dict[str, Any]) -> YoutubeDL:
    """Production: every extractor yt-dlp ships."""
    return YoutubeDL(cast(Any, params))  # params are built as a plain dict


@dataclass(frozen=True)
class ImportProgress:
    """One step of an import or download, for a progress bar."""

    stage: str  # "listing" | "entry" | "download" | "done"
    index: int  # 1-based entry or lesson being worked on; 0 while listing
    total: int
    title: str = ""
    downloaded: int = 0  # bytes of the current file
    size: int | None = None  # its size, when known

    @property
    def fraction(self) -> float | None:
        if self.stage != "download" or not self.size:
            return None
        return min(1.0, self.downloaded / self.size)


ProgressCallback = Callable[[ImportProgress], None]


@dataclass(frozen=True)
class Failure:
    """An entry or download that failed, and why, in words for the user."""

    title: str
    reason: str
    video_id: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        name = self.title or self.video_id or self.url or "entry"
        return f"{name}: {self.reason}"


@dataclass
class DownloadResult:
    downloaded: list[Lesson] = field(default_factory=list)
    skipped: list[Lesson] = field(default_factory=list)  # already there
    failures: list[Failure] = field(default_factory=list)
    cancelled: bool = False
    # Downloaded, but yt-dlp found no subtitles in the languages asked for (it says nothing).
    no_subtitles: list[Lesson] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.cancelled


@dataclass
class ImportResult:
    course: Course
    created: bool = False
    added: list[Lesson] = field(default_factory=list)
    updated: list[tuple[Lesson, list[str]]] = field(default_factory=list)  # fields changed
    unchanged: list[Lesson] = field(default_factory=list)
    kept: list[tuple[Lesson, list[str]]] = field(default_factory=list)  # user-edited, left
    removed: list[Lesson] = field(default_factory=list)  # no longer in the playlist
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    downloads: DownloadResult | None = None
    listed: list[Lesson] = field(default_factory=list)  # this listing's lessons, in order

    @property
    def ok(self) -> bool:
        downloads_ok = self.downloads is None or self.downloads.ok
        return not self.failures and not self.cancelled and downloads_ok


class _Log:
    """yt-dlp's logger: keeps warnings for the summary, prints nothing."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def debug(self, msg: str) -> None:
        pass

    info = debug

    def warning(self, msg: str) -> None:
        text = clean_line(msg)
        if "Falling back on generic information extractor" not in text:  # normal for feeds
            self.warnings.append(text)

    def error(self, msg: str) -> None:
        pass  # raised as DownloadError and reported per entry


def reason_of(error: BaseException) -> str:
    """yt-dlp's `ERROR: [youtube] abc: Private video. Sign in...` as a short reason."""
    text = clean_line(str(error), 300)
    for prefix in ("ERROR:", "WARNING:"):
        if text.startswith(prefix):
            text = text[len(prefix) :].strip()
    return text or type(error).__name__


class Importer:
    """Make or refresh a course from yt-dlp, and download its videos.

    `progress` is called from the thread doing the work; `cancel` is checked
    between entries and inside yt-dlp's download hooks.
    """

    def __init__(
        self,
        *,
        ydl_factory: YdlFactory = default_ydl,
        settings: Settings | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.ydl_factory = ydl_factory
        self.settings = settings or load_settings()
        self.progress = progress or (lambda event: None)
        self.cancel = cancel or threading.Event()
        self.log = _Log()

    # -- yt-dlp --------------------------------------------------------------------------

    def _params(self, **extra: Any) -> dict[str, Any]:
        params: dict[str, Any] = {
            "quiet": True,
            "no_warnings": False,
            "noprogress": True,
            "logger": self.log,
            "ignoreerrors": False,
        }
        params.update(extra)
        return params

    def _cancelled(self) -> bool:
        return self.cancel.is_set()

    def list_source(self, source: str) -> Listing:
        """Read a playlist or video URL, or a saved `yt-dlp -J` file, without details."""
        path = Path(source).expanduser()
        if "://" not in source and path.is_file():
            return listing_from_json(path)
        if "://" not in source and (source.endswith(".json") or "/" in source):
            raise ImporterError(f"{source}: no such file")
        self.progress(ImportProgress("listing", 0, 0, source))
        ydl = self.ydl_factory(
            self._params(extract_flat="in_playlist", ignore_no_formats_error=True)
        )
        try:
            info = ydl.extract_info(source, download=False)
        except (YoutubeDLError, OSError) as error:
            raise ImporterError(f"{clean_line(source)}: {reason_of(error)}") from None
        if not info:
            raise ImporterError(f"{clean_line(source)}: yt-dlp found nothing here")
        return listing_from_info(dict(info), source)

    def details(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Full metadata of one listed entry (chapters, upload date...) from its own page."""
        ydl = self.ydl_factory(self._params(ignore_no_formats_error=True, noplaylist=True))
        info = ydl.process_ie_result(cast(Any, dict(entry)), download=False)
        if not info:
            raise ImporterError("yt-dlp found nothing")
        if info.get("_type") == "playlist":
            raise ImporterError("this entry is a playlist, not a video")
        merged = {k: v for k, v in entry.items() if v is not None}
        merged.update({k: v for k, v in info.items() if v is not None})
        return merged

    # -- importing -----------------------------------------------------------------------

    def import_course(
        self,
        source: str,
        *,
        into: Path | None = None,
        parent: Path | None = None,
        details: bool | None = None,
        force: bool = False,
    ) -> ImportResult:
        """Make or refresh the course for `source`.

        `into` is the course folder (made if missing); without it a playlist
        becomes `parent/<slug of its title>`. `details=None` fetches each
        video's page for a URL, and stays offline for a saved JSON file.
        `force` imports into a folder holding another course.
        """
        self.log.warnings.clear()
        listing = self.list_source(source)
        if details is None:
            details = not listing.offline
        if listing.kind == "video" and into is not None:
            course, created = _open_or_create(into, listing, check_source=False)
        else:
            course, created = self._target(listing, into, parent or Path.cwd(), force)
        result = ImportResult(course, created=created)
        record = ImportRecord.load(course.root)
        try:
            self._apply(listing, course, record, result, details)
        finally:
            record.save()
            result.warnings.extend(dict.fromkeys(self.log.warnings))
        return result

    def _target(
        self, listing: Listing, into: Path | None, parent: Path, force: bool
    ) -> tuple[Course, bool]:
        if into is not None:
            return _open_or_create(into, listing, check_source=not force)
        base = slugify(listing.title, fallback="course")
        for number in range(1, 1000):
            folder = parent / (base if number == 1 else f"{base}-{number}")
            try:
                return _open_or_create(folder, listing, check_source=True)
            except CourseMismatch:
                continue  # another course with the same title: try the next name
        raise ImporterError(f"no free folder name for {base!r} in {parent}")

    def _apply(
        self,
        listing: Listing,
        course: Course,
        record: ImportRecord,
        result: ImportResult,
        details: bool,
    ) -> None:
        if listing.kind == "playlist":
            try:
                self._refresh_course_fields(course, listing, record)
            except (DocumentError, CourseError, OSError) as error:
                # The lessons can still be brought up to date.
                result.warnings.append(f"course.md not updated: {error}")
        seen: set[str] = set()
        total = len(listing.entries)
        for index, entry in enumerate(listing.entries, start=1):
            if self._cancelled():
                result.cancelled = True
                break
            title = clean_line(entry.get("title") or "")
            self.progress(ImportProgress("entry", index, total, title))
            try:
                info = entry
                if details and entry.get("_type") in ("url", "url_transparent"):
                    info = self.details(entry)
                fields = lesson_fields(info)
            except DownloadCancelled:
                result.cancelled = True
                break
            except (ImporterError, YoutubeDLError, OSError) as error:
                reason = str(error) if isinstance(error, ImporterError) else reason_of(error)
                result.failures.append(_failure(entry, reason))
                continue
            video_id = fields.pop("video_id")
            if video_id in seen:
                continue  # a playlist may list a video twice: one lesson
            seen.add(video_id)
            if title.lower() in _UNAVAILABLE_TITLES and not fields.get("duration"):
                result.failures.append(_failure(entry, "private or deleted video"))
                continue
            try:
                lesson = self._store(course, record, video_id, fields, result)
            except (DocumentError, CourseError, OSError, ValueError) as error:
                result.failures.append(_failure(entry, f"cannot write the lesson: {error}"))
                continue
            result.listed.append(lesson)
        if listing.kind == "playlist" and not result.cancelled:
            listed = seen | {f.video_id for f in result.failures if f.video_id}
            result.removed = [
                lesson
                for lesson in course.lessons
                if lesson.video_id and lesson.video_id not in listed
            ]
        self.progress(ImportProgress("done", total, total))

    def _refresh_course_fields(
        self, course: Course, listing: Listing, record: ImportRecord
    ) -> None:
        new = {"title": listing.title}
        course.reread()  # the fetch took a while: merge with course.md as it is now
        changes, _kept, written = merge(course.meta, record.course, new)
        if "source" not in course.meta:
            changes["source"] = listing.source
        if changes:
            course.update(**changes)
        record.course = written
        record.source = str(course.meta.get("source") or listing.source)
        record.key = listing.key

    def _store(
        self,
        course: Course,
        record: ImportRecord,
        video_id: str,
        fields: dict[str, Any],
        result: ImportResult,
    ) -> Lesson:
        lesson = course.lesson_by_video_id(video_id)
        if lesson is None:
            written = {k: v for k, v in fields.items() if v not in (None, [], "")}
            title = written.pop("title")
            url = written.pop("url", None)
            link = {"url": url} if url else {}
            lesson = course.add_lesson(title, status="todo", **link, video_id=video_id, **written)
            record.lessons[video_id] = json_value({"title": title, **link, **written})
            result.added.append(lesson)
            return lesson
        if lesson.read_only:
            raise DocumentError(f"{lesson.path.name} is read-only: {lesson.error}")
        previous = record.lessons.get(video_id, {})
        # The header as read now, not as listed before the fetch: a title the user
        # changed meanwhile is theirs. Its save refuses if the file moves on again.
        changes, kept, written = merge(lesson.document().meta, previous, fields)
        if changes:
            lesson.update(**changes)
            result.updated.append((lesson, sorted(changes)))
        else:
            result.unchanged.append(lesson)
        if kept:
            result.kept.append((lesson, kept))
        record.lessons[video_id] = written
        return lesson

    # -- downloads -----------------------------------------------------------------------

    def download(
        self,
        course: Course,
        lessons: Iterable[Lesson] | None = None,
        *,
        subs: Iterable[str] = (),
        video_format: str | None = None,
        skip_video: bool = False,
        record: Callable[[Lesson, str], object] | None = None,
    ) -> DownloadResult:
        """Download each lesson's video into `media/` and record it in `video`.

        Subtitles in `subs` (manual first, automatic as fallback) land beside it
        as `.vtt`; `skip_video` fetches only those. A lesson yt-dlp found none
        for in these languages is in `no_subtitles` too. An interrupted download
        resumes from its `.part` file; what is there already is skipped.
        `record(lesson, "../media/file.mp4")` replaces writing the `video` field
        here: the app passes one that writes from its own thread.
        """
        record = record or (lambda lesson, video: lesson.update(video=video))
        todo = list(course.lessons if lessons is None else lessons)
        langs = [lang.strip() for lang in subs if lang.strip()]
        result = DownloadResult()
        # `media/` may be a symlink out of a shared course: never download there.
        try:
            safe_paths.require_inside(course.root, course.media_dir)
            course.media_dir.mkdir(parents=True, exist_ok=True)
            safe_paths.require_inside(course.root, course.media_dir)
        except OSError as error:
            raise ImporterError(f"{course.media_dir}: {error.strerror}") from None
        for index, lesson in enumerate(todo, start=1):
            if self._cancelled():
                result.cancelled = True
                break
            self.progress(ImportProgress("download", index, len(todo), lesson.title))
            if not lesson.url:
                result.failures.append(Failure(lesson.title, "no url to download from"))
                continue
            subs_only = skip_video or lesson.video_path is not None
            missing_subs = [lang for lang in langs if not _subtitle_file(lesson, course, lang)]
            if subs_only and not missing_subs:
                result.skipped.append(lesson)
                continue
            try:
                path = self._download_one(
                    course, lesson, index, len(todo), video_format, missing_subs, subs_only
                )
            except DownloadCancelled:
                result.cancelled = True
                break
            except (YoutubeDLError, OSError) as error:
                result.failures.append(Failure(lesson.title, reason_of(error), lesson.video_id))
                continue
            if path is not None:
                try:
                    record(lesson, f"../{course.media_dir.name}/{path.name}")
                except (DocumentError, OSError) as error:
                    result.failures.append(
                        Failure(lesson.title, f"cannot record the video: {error}")
                    )
                    continue
            result.downloaded.append(lesson)
            if missing_subs and not any(_subtitle_file(lesson, course, x) for x in langs):
                result.no_subtitles.append(lesson)
        self.progress(ImportProgress("done", len(todo), len(todo)))
        return result

    def _download_one(
        self,
        course: Course,
        lesson: Lesson,
        index: int,
        total: int,
        video_format: str | None,
        langs: list[str],
        subs_only: bool,
    ) -> Path | None:
        finished: list[str] = []

        def hook(status: dict[str, Any]) -> None:
            if self._cancelled():
                raise DownloadCancelled()
            size = status.get("total_bytes") or status.get("total_bytes_estimate")
            self.progress(
                ImportProgress(
                    "download",
                    index,
                    total,
                    lesson.title,
                    int(status.get("downloaded_bytes") or 0),
                    int(size) if size else None,
                )
            )

        params = self._params(
            format=video_format or self.settings.download_format,
            outtmpl={"default": str(course.media_dir / f"{lesson.path.stem}.%(ext)s")},
            continuedl=True,
            nopart=False,
            overwrites=False,
            noplaylist=True,
            merge_output_format="mp4",
            progress_hooks=[hook],
            post_hooks=[finished.append],
            skip_download=subs_only,
        )
        if langs:
            params.update(
                writesubtitles=True,
                writeautomaticsub=True,
                subtitleslangs=langs,
                subtitlesformat="vtt/best",
            )
        ydl = self.ydl_factory(params)
        url = lesson.url
        if url is None:  # download() skips those before they get here
            raise ImporterError(f"{lesson.title}: no url to download from")
        info = ydl.extract_info(url, download=True)
        if subs_only:
            return None
        if finished:
            return Path(finished[-1])
        downloads = cast(dict[str, Any], info or {}).get("requested_downloads") or []
        filepath = downloads[-1].get("filepath") if downloads else None
        return Path(filepath) if filepath else None


def _failure(entry: dict[str, Any], reason: str) -> Failure:
    url = entry.get("url") if isinstance(entry.get("url"), str) else None
    return Failure(
        clean_line(entry.get("title") or ""),
        reason,
        clean_line(entry["id"], 200) if entry.get("id") else None,
        clean_line(unsmuggle_url(url)[0], 2000) if url else None,
    )


def _subtitle_file(lesson: Lesson, course: Course, lang: str) -> Path | None:
    path = course.media_dir / f"{lesson.path.stem}.{lang}.vtt"
    return path if path.is_file() else None


# -- the course folder ---------------------------------------------------------------------


def _open_or_create(folder: Path, listing: Listing, check_source: bool) -> tuple[Course, bool]:
    """The course in `folder`, made from the listing when the folder has none."""
    folder = folder.expanduser()
    if (folder / COURSE_FILE).is_file():
        try:
            course = Course.load(folder)
        except CourseError as error:
            raise ImporterError(str(error)) from None
        if check_source and not same_source(course, listing):
            raise CourseMismatch(folder, str(course.meta.get("source") or ""), listing.source)
        return course, False
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ImporterError(f"{folder} is not empty and holds no course; choose another folder")
    try:
        course = Course.create(folder, listing.title, source=listing.source, date=dt.date.today())
    except (CourseError, OSError) as error:
        raise ImporterError(str(error)) from None
    return course, True


def same_source(course: Course, listing: Listing) -> bool:
    """Whether `listing` is the playlist (or video) this course was made from."""
    source = str(course.meta.get("source") or "")
    if not source:
        return True  # a course made by hand adopts the playlist
    if source == listing.source:
        return True
    record = ImportRecord.load(course.root)
    return bool(listing.key.strip(":")) and record.key == listing.key
