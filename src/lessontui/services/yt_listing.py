"""What yt-dlp says a source is, read into a listing and into lesson fields (cleaned)."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yt_dlp.utils import unsmuggle_url

from lessontui.course import safe_paths
from lessontui.course.untrusted import clean_line
from lessontui.services.import_errors import ImporterError


@dataclass
class Listing:
    """What yt-dlp says a source is: a playlist's entries, or one video."""

    kind: str  # "playlist" | "video"
    title: str
    source: str  # canonical URL of the playlist or video
    key: str  # extractor:id, to recognise the same playlist behind another URL
    entries: list[dict[str, Any]]
    offline: bool = False  # read from a saved JSON file


def listing_from_info(info: dict[str, Any], source: str, offline: bool = False) -> Listing:
    key = f"{info.get('extractor_key') or info.get('ie_key') or ''}:{info.get('id') or ''}"
    canonical = _url(info) or source
    if info.get("_type") in ("playlist", "multi_video"):
        entries = [e for e in (info.get("entries") or []) if isinstance(e, dict)]
        title = clean_line(info.get("title") or "") or "Imported course"
        return Listing("playlist", title, canonical, key, entries, offline)
    title = clean_line(info.get("title") or "") or "Imported video"
    return Listing("video", title, canonical, key, [info], offline)


def listing_from_json(path: Path) -> Listing:
    try:
        info = json.loads(safe_paths.read_regular(path)[1].decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ImporterError(f"{path}: cannot read ({error})") from None
    except ValueError as error:
        raise ImporterError(f"{path}: not a yt-dlp JSON file ({error})") from None
    if not isinstance(info, dict) or not (info.get("entries") is not None or info.get("id")):
        raise ImporterError(f"{path}: not a yt-dlp JSON file (save one with yt-dlp -J URL)")
    return listing_from_info(info, str(path), offline=True)


def _url(info: dict[str, Any]) -> str | None:
    url = info.get("webpage_url") or info.get("original_url") or info.get("url")
    if not isinstance(url, str) or not url:
        return None
    return clean_line(unsmuggle_url(url)[0], 2000)


def _entry_id(info: dict[str, Any]) -> str | None:
    if info.get("id"):
        return clean_line(info["id"], 200)
    url = info.get("url")
    if isinstance(url, str):
        _, smuggled = unsmuggle_url(url, {})
        if smuggled.get("force_videoid"):
            return clean_line(smuggled["force_videoid"], 200)
        return clean_line(unsmuggle_url(url)[0], 200)
    return None


def lesson_fields(info: dict[str, Any]) -> dict[str, Any]:
    """The lesson front matter for one video's yt-dlp info, cleaned."""
    video_id = _entry_id(info)
    if not video_id:
        raise ImporterError("yt-dlp gave no video id")
    title = clean_line(info.get("title") or "") or f"Video {video_id}"
    return {
        "video_id": video_id,
        "title": title,
        "url": _url(info),
        "duration": _seconds(info.get("duration")),
        "channel": clean_line(info.get("channel") or info.get("uploader") or "") or None,
        "upload_date": _date(info),
        "chapters": _chapters(info.get("chapters")),
    }


def _seconds(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return round(number)


def _date(info: dict[str, Any]) -> dt.date | None:
    raw = info.get("upload_date")
    if isinstance(raw, str) and len(raw) == 8 and raw.isdigit():
        try:
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            pass
    for key in ("timestamp", "release_timestamp"):
        stamp = info.get(key)
        if isinstance(stamp, (int, float)) and math.isfinite(stamp):
            try:
                return dt.datetime.fromtimestamp(stamp, dt.UTC).date()
            except (OverflowError, OSError, ValueError):
                continue
    return None


def _chapters(chapters: Any) -> list[dict[str, Any]]:
    if not isinstance(chapters, list):
        return []
    result: list[dict[str, Any]] = []
    for chapter in chapters:
        if not isinstance(chapter, dict):
            continue
        start = _seconds(chapter.get("start_time"))
        if start is None:
            continue
        title = clean_line(chapter.get("title") or "", 200) or f"Chapter {len(result) + 1}"
        result.append({"time": int(start), "title": title})
    return result
