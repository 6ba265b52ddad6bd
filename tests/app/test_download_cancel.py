"""alt+shift+x stops a download that would never end (quitting during one: tests/reliability)."""

from __future__ import annotations

import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from lessontui.course.course import Course
from tests.apps import make_app
from tests.reliability.test_lost_terminal import Trickle


async def test_cancel_stops_a_download_that_never_ends(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    course = Course.create(tmp_path / "course", "Download course")
    course.add_lesson("One", body="Intro line\n", url=f"http://{host!s}:{port}/slow.mp4")
    app = make_app(course, library=tmp_path / "library")
    try:
        async with app.run_test(size=(160, 50), notifications=True) as pilot:
            downloads = app.main_screen.downloads
            Trickle.gets.clear()
            await pilot.press("alt+d")
            deadline = time.monotonic() + 30
            while not Trickle.gets and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert Trickle.gets, "the download never started"
            await pilot.press("alt+shift+x")
            deadline = time.monotonic() + 30
            while downloads._download_worker is not None and time.monotonic() < deadline:
                await pilot.pause(0.05)
            assert downloads._download_worker is None, "the download went on"
            await pilot.pause()
            assert any("cancelled" in n.message for n in app._notifications)
    finally:
        server.shutdown()
