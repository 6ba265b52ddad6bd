"""`[m:ss]` and `[h:mm:ss]` timestamps in notes: find, parse, format, deep-link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# A timestamp is `[12:34]` or `[1:02:03]` not followed by `(`: `[12:34](url)`
# is already a link the user wrote. Hours have no upper limit (`[100:00:00]`),
# so every stamp `format_time` writes is read back as the same second.
TIMESTAMP = re.compile(r"\[(?:(\d+):)?(\d{1,3}):([0-5]\d)\](?!\()")
_YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "music.youtube.com",
}


@dataclass(frozen=True)
class Timestamp:
    seconds: int
    start: int  # offset of `[` in the text
    end: int  # offset after `]`
    text: str


def parse(text: str) -> int | None:
    """Seconds of a timestamp such as `12:34`, `[1:02:03]`; None if it is not one."""
    match = TIMESTAMP.fullmatch(text if text.startswith("[") else f"[{text}]")
    return seconds_of(match) if match else None


def seconds_of(match: re.Match[str]) -> int:
    """Seconds of a TIMESTAMP match."""
    hours = int(match.group(1) or 0)
    return hours * 3600 + int(match.group(2)) * 60 + int(match.group(3))


def find_all(text: str) -> list[Timestamp]:
    return [
        Timestamp(seconds_of(m), m.start(), m.end(), m.group(0)) for m in TIMESTAMP.finditer(text)
    ]


def at(line: str, column: int | None = None) -> Timestamp | None:
    """The timestamp under `column` in a line, else the first one on it."""
    stamps = find_all(line)
    if column is not None:
        for stamp in stamps:
            if stamp.start <= column <= stamp.end:
                return stamp
    return stamps[0] if stamps else None


def format_time(seconds: float) -> str:
    """`754` -> `12:34`; an hour or more -> `1:02:03`; 100 hours -> `100:00:00`."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def stamp(seconds: float) -> str:
    return f"[{format_time(seconds)}]"


def deep_link(url: str | None, seconds: int, video_id: str | None = None) -> str | None:
    """A link to the moment `seconds` into the video, or None without a URL (or with
    control characters in it: the link goes to the clipboard and onto the page)."""
    url = url.strip() if url else None
    if not url or _CONTROL.search(url):
        return None
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host in _YOUTUBE_HOSTS:
        vid = video_id or _youtube_id(parts)
        if vid and _VIDEO_ID.fullmatch(vid):  # an id from anyone: never `)` or a space
            return f"https://youtu.be/{vid}?t={seconds}"
    if parts.scheme not in ("http", "https"):
        return None
    # Elsewhere: a `t` query parameter is the convention most players read
    # (Vimeo takes a `#t=` fragment, which media fragments also define).
    if "vimeo.com" in host:
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
    query.append(("t", str(seconds)))
    return urlunsplit(parts._replace(query=urlencode(query)))


_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{6,64}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # an escape sequence pasted into a shell runs


def youtube_id(url: str | None, video_id: str | None = None) -> str | None:
    """The YouTube video's id when `url` is a YouTube video, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc.lower() not in _YOUTUBE_HOSTS:
        return None
    vid = video_id or _youtube_id(parts)
    return vid if vid and _VIDEO_ID.fullmatch(vid) else None


def _youtube_id(parts) -> str | None:  # type: ignore[no-untyped-def]
    if parts.netloc.lower() == "youtu.be":
        return parts.path.strip("/") or None
    return dict(parse_qsl(parts.query)).get("v")
