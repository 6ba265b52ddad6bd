"""Test media: tiny clips made with ffmpeg, and a local HTTP server that resumes downloads.

Use the fixtures from a test module with `pytest_plugins = ["tests.fixtures_media"]`,
or call `make_clip` and `MediaServer` directly.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


def make_clip(path: Path, seconds: float, chapters: list[tuple[float, str]] | None = None) -> Path:
    """A tiny mp4 (64x48, 10 fps, keyframe every second, mono AAC) of `seconds`.

    `chapters` is a list of (start second, title); each runs to the next one.
    """
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed")
    path.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000",
    ]  # fmt: skip
    if chapters:
        meta = path.with_suffix(".ffmeta")
        lines = [";FFMETADATA1"]
        bounds = [*(start for start, _ in chapters[1:]), seconds]
        for (start, title), end in zip(chapters, bounds, strict=True):
            escaped = re.sub(r"([=;#\\\n])", r"\\\1", title)
            lines += [
                "[CHAPTER]",
                "TIMEBASE=1/1000",
                f"START={int(start * 1000)}",
                f"END={int(end * 1000)}",
                f"title={escaped}",
            ]
        meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
        cmd += ["-i", str(meta), "-map_metadata", "2", "-map_chapters", "2"]
    cmd += [
        "-map", "0:v", "-map", "1:a", "-t", str(seconds),
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "16k", "-ac", "1",
        "-movflags", "+faststart", str(path),
    ]  # fmt: skip
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    finally:
        path.with_suffix(".ffmeta").unlink(missing_ok=True)
    return path


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/octet-stream"
    status: int = 200


@dataclass
class Request:
    method: str
    path: str
    range: str | None


@dataclass
class MediaServer:
    """A threaded HTTP server on 127.0.0.1 serving `routes`, with byte ranges."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, path: str, body: bytes, content_type: str = "application/octet-stream") -> str:
        self.routes[path] = Route(body, content_type)
        return self.url + path

    def add_file(self, path: str, file: Path, content_type: str = "video/mp4") -> str:
        return self.add(path, file.read_bytes(), content_type)

    def fail(self, path: str, status: int) -> str:
        self.routes[path] = Route(status=status)
        return self.url + path

    def ranges_asked(self, path: str) -> list[str]:
        return [r.range for r in self.requests if r.path == path and r.range]

    def start(self) -> MediaServer:
        media = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                self._serve(send_body=False)

            def do_GET(self) -> None:
                self._serve(send_body=True)

            def _serve(self, send_body: bool) -> None:
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                asked = self.headers.get("Range")
                media.requests.append(Request(self.command, path, asked))
                route = media.routes.get(path)
                if route is None or route.status >= 400:
                    status = 404 if route is None else route.status
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body, start = route.body, 0
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", asked or "")
                if match:
                    start = int(match.group(1))
                    end = int(match.group(2)) if match.group(2) else len(body) - 1
                    end = min(end, len(body) - 1)
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
                    body = body[start : end + 1]
                else:
                    self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                if send_body:
                    # yt-dlp's probes hang up once they read what they need.
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Clips made once a session: `short.mp4` (2 s) and `chapters.mp4` (6 s, 3 chapters)."""
    folder = tmp_path_factory.mktemp("clips")
    make_clip(folder / "short.mp4", 2)
    make_clip(folder / "chapters.mp4", 6, [(0, "Intro"), (2, "Middle"), (4, "End")])
    return folder


@pytest.fixture
def media_server() -> Iterator[MediaServer]:
    server = MediaServer().start()
    yield server
    server.stop()
