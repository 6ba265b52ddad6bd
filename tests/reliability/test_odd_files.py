"""Very large and odd lesson files: the app opens each, and none is changed by it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from tests.fixtures_reliability import TALLY

pytestmark = pytest.mark.usefixtures("reliability_summary")

HEADER = "---\ntitle: {title}\norder: {order}\n---\n"


def odd_files() -> dict[str, bytes]:
    paragraph = "".join(
        f"[{n % 60}:{n % 60:02d}] note line {n} with some *Markdown*\n" for n in range(50)
    )
    big = paragraph * (10_000_000 // len(paragraph) + 1)
    return {
        "01-ten-megabytes.md": (HEADER.format(title="Ten MB", order=1) + big).encode(),
        "02-long-line.md": (
            HEADER.format(title="Long line", order=2) + "x" * 100_000 + "\n"
        ).encode(),
        "03-binary.md": bytes(range(256)) * 64,
        "04-latin1.md": HEADER.format(title="Latin-1", order=4).encode()
        + "café\n".encode("latin-1"),
        "05-empty.md": b"",
        "06-only-front-matter.md": HEADER.format(title="Only header", order=6).encode(),
        "07-fence-no-newline.md": b"---\ntitle: Fence at the end\norder: 7\n---",
        "08-crlf-bom.md": "\ufeff---\r\ntitle: CRLF\r\norder: 8\r\n---\r\nline\r\n".encode(),
        "09-nul-late.md": HEADER.format(title="NUL after 8 KB", order=9).encode()
        + b"a" * 9000
        + b"\0tail\n",
        "10-lone-cr.md": HEADER.format(title="Old Mac", order=10).encode() + b"one\rtwo\rthree",
        "11-nul-early.md": HEADER.format(title="Stray NUL", order=11).encode()
        + b"rate\x00finder, a NUL pasted into a note\n",
        "12-utf-16.md": HEADER.format(title="UTF-16", order=12).encode("utf-16-le"),
    }


async def open_each_and_quit(tmp_path: Path, files: dict[str, bytes], preview: bool) -> None:
    """Open every file in the app, look at the disk, quit; then compare every byte."""
    course = Course.create(tmp_path / "odd", "Odd files")
    stamps = {}
    for name, data in files.items():
        path = course.lessons_dir / name
        path.write_bytes(data)
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        stamps[name] = path.stat().st_mtime_ns
    settings = Settings(autosave_delay=0.1, show_preview=preview)
    app = LessonApp(course=Course.load(course.root), settings=settings)
    opened = []
    async with app.run_test(size=(150, 45)) as pilot:
        assert app.main_screen.course is not None
        assert sorted(x.path.name for x in app.main_screen.course.lessons) == sorted(files)
        for index in range(len(app.main_screen.course.lessons)):
            app.main_screen.lesson_list.highlighted = index + 1  # row 0: the course intro
            await pilot.pause()
            lesson = app.main_screen.current_lesson
            assert lesson is not None
            assert lesson is app.main_screen.course.lessons[index]
            opened.append(lesson.path.name)
            app.main_screen.disk_watch.check()
            await pilot.pause()
            assert app.is_running
        await pilot.press("ctrl+q")
    assert sorted(opened) == sorted(files)
    for name, data in files.items():
        path = course.lessons_dir / name
        assert path.read_bytes() == data, name
        assert path.stat().st_mtime_ns == stamps[name], name
        TALLY.file_checked(path)
        TALLY.input_run("odd file", data)
    print(f"\nodd files: {len(files)} opened, {sum(map(len, files.values()))} bytes unchanged")


async def test_odd_files_open_and_stay_byte_identical(tmp_path: Path) -> None:
    files = odd_files()
    del files["01-ten-megabytes.md"]
    await open_each_and_quit(tmp_path, files, preview=True)


async def test_ten_megabyte_note_opens_and_stays_byte_identical(tmp_path: Path) -> None:
    files = {"01-ten-megabytes.md": odd_files()["01-ten-megabytes.md"]}
    await open_each_and_quit(tmp_path, files, preview=True)
