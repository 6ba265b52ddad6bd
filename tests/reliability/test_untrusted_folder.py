"""A course from anywhere is safe to open: writes stay inside it, nothing hangs, output is clean.

The hostile course (tests/fixtures_hostile.py) is opened by the model, by every
CLI command in a subprocess with memory and CPU limits, by the app under Pilot
and by the installed app in a real terminal (tmux). After each, every file of
the sibling folder the symlinks point at is byte for byte what it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lessontui.commands.search import LINE_STYLE, MATCH_STYLE, PATH_STYLE, RESET
from lessontui.course import safe_yaml
from lessontui.course.course import Course, CourseError
from lessontui.course.document import Document, DocumentError, read_header
from lessontui.course.header_cache import HeaderCache
from lessontui.course.library import find_courses
from lessontui.services import checks, exporter
from lessontui.services.exporter import ExportOptions
from lessontui.services.search import note_files
from lessontui.terminal_text import clean_bytes_for_terminal, clean_for_terminal
from tests.fixtures_export import jekyll_build
from tests.fixtures_hostile import (
    CLEAR,
    ESCAPED_NAME,
    LIQUID_TITLE,
    OSC52,
    RAW_CONTROL,
    SECRET,
    Hostile,
    alias_bomb,
    build,
    snapshot,
)

CLI_MEMORY = 1 << 30  # the alias bomb took 2-4 GB before the bound
CLI_CPU_SECONDS = 60
CLI_WALL_SECONDS = 90  # generous: two busy loops may share the machine


@pytest.fixture
def hostile(tmp_path: Path) -> Hostile:
    return build(tmp_path / "h")


def by_name(course: Course, name: str):  # type: ignore[no-untyped-def]
    return next(x for x in course.lessons if x.path.name == name)


# -- the model ---------------------------------------------------------------------------


def test_the_hostile_course_opens_with_every_bad_entry_unreadable(hostile: Hostile) -> None:
    before = snapshot(hostile.sibling)
    course = Course.load(hostile.course)
    errors = {x.path.name: x.error for x in course.lessons}
    assert errors["01-ok.md"] is None
    assert errors[ESCAPED_NAME] is None
    assert "named pipe (FIFO)" in str(errors["02-fifo.md"])
    assert "socket" in str(errors["04-sock.md"])
    assert "outside the course" in str(errors["03-link.md"])
    assert "outside the course" in str(errors["09-hostname.md"])
    assert "outside the course" in str(errors["10-device.md"])
    assert "alias" in str(errors["05-bomb.md"])
    assert "too large" in str(errors["06-big.md"]) or "limit" in str(errors["06-big.md"])
    assert errors["07-loop.md"] is not None
    shown = by_name(course, "06-big.md").text_to_show()  # a 5 MB line stalls the editor
    assert "more characters not shown" in shown
    assert "big body" in shown
    assert max(map(len, shown.splitlines())) < 10_100
    link = by_name(course, "03-link.md")
    assert SECRET not in link.text_to_show()  # not even read to be shown
    with pytest.raises(DocumentError):
        link.document()
    assert snapshot(hostile.sibling) == before


def test_nothing_is_written_moved_or_deleted_outside(hostile: Hostile) -> None:
    before = snapshot(hostile.sibling)
    course = Course.load(hostile.course)
    link = by_name(course, "03-link.md")
    with pytest.raises(DocumentError):
        course.set_status(link, "done")
    with pytest.raises(OSError, match="outside the course"):
        course.delete(link)
    with pytest.raises(OSError, match="outside the course"):
        course.delete(by_name(course, "01-ok.md"))  # `.trash` leads out
    assert (hostile.course / "lessons" / "01-ok.md").is_file()
    course.set_status(by_name(course, "01-ok.md"), "done")  # inside: fine
    linked = Course.load(hostile.linked_lessons)
    assert [x.outside for x in linked.lessons] == [True]
    with pytest.raises(OSError, match="outside the course"):
        linked.add_lesson("New")
    (hostile.sibling / "lessons" / ".x.1.abcd.lessontui-tmp").write_text("not ours")
    before = snapshot(hostile.sibling)
    Course.load(hostile.linked_lessons).rescan()  # no temp-file cleanup over there
    page = exporter.jekyll_page(Course.load(hostile.course), ExportOptions(notes=True))
    assert SECRET not in page
    assert "secret-host" not in page
    assert snapshot(hostile.sibling) == before
    assert not (hostile.sibling / "cache" / "headers.json").exists()


def test_add_lesson_refuses_a_lessons_folder_linked_out(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    (tmp_path / "elsewhere").mkdir()
    (course.root / "lessons").rmdir()
    (course.root / "lessons").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OSError, match="outside the course"):
        Course.load(course.root).add_lesson("x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_course_md_linked_out_of_the_course_is_refused(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "real.md").write_text("---\ntitle: Elsewhere\n---\n")
    (tmp_path / "c" / "course.md").symlink_to(tmp_path / "real.md")
    with pytest.raises(CourseError, match="outside the course folder"):
        Course.load(tmp_path / "c")


def test_a_lesson_swapped_for_a_link_after_opening_is_not_written_through(
    tmp_path: Path,
) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.add_lesson("One")
    lesson.document()
    outside = tmp_path / "outside.md"
    outside.write_text(lesson.path.read_text())
    lesson.path.unlink()
    lesson.path.symlink_to(outside)
    with pytest.raises(OSError, match="outside the course folder"):
        lesson.save_body("new text")
    assert "new text" not in outside.read_text()


# -- bounds ------------------------------------------------------------------------------


def test_alias_bomb_is_refused_quickly_and_named(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text(f"---\ntitle: B\n{alias_bomb()}---\n")
    started = time.monotonic()
    with pytest.raises(DocumentError, match="alias"):
        read_header(path)
    assert time.monotonic() - started < 10  # was minutes and gigabytes
    ok = "a: &x [1, 2]\nb: *x\n"
    assert safe_yaml.load(ok) == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(safe_yaml.YamlBoundError, match="itself"):
        safe_yaml.load("a: &x [*x]\n")


def test_header_cache_never_expands_aliases(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.lessons_dir / "01-a.md"
    lesson.write_text("---\ntitle: A\norder: 1\nx: &x [1, 2]\ny: *x\n---\n")
    old = time.time() - 3600
    os.utime(lesson, (old, old))
    cache = HeaderCache(course.root)
    assert cache.read(lesson)["y"] == [1, 2]
    assert cache.known(lesson) is None  # not cached: it is parsed every time instead


def test_size_limit_is_named(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text("---\ntitle: x\npad: " + "y" * (safe_yaml.MAX_HEADER_BYTES + 10) + "\n---\n")
    with pytest.raises(DocumentError, match="MiB"):
        read_header(path)
    with pytest.raises(DocumentError, match="MiB"):
        Document.load(path)


def test_a_failed_status_change_leaves_memory_unchanged(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    lesson = course.add_lesson("One")
    lesson.path.chmod(0o444)  # the save fails (the file is read-only), as on a full disk
    with pytest.raises(OSError, match=r"could not save 01-one\.md"):
        course.set_status(lesson, "done", today=dt.date(2024, 1, 2))
    assert lesson.status == "todo"
    assert "status_changed" not in lesson.meta
    lesson.path.chmod(0o644)
    lesson.save_body("later text")  # the next save does not write the status silently
    assert "status: todo" in lesson.path.read_text()


# -- listing and search ------------------------------------------------------------------


def test_library_and_search_skip_and_report_but_keep_the_rest(hostile: Hostile) -> None:
    found = find_courses(hostile.library)
    assert sorted(c.root.name for c in found.courses) == ["hostile", "linked"]
    assert [p.name for p, _ in found.skipped] == ["loop"]
    skipped: list[tuple[str, str]] = []
    files = note_files(hostile.course, skipped)
    names = sorted(Path(f).name for f in files)
    assert names == sorted(["01-ok.md", "05-bomb.md", "06-big.md", ESCAPED_NAME])
    reasons = {Path(p).name: why for p, why in skipped}
    assert set(reasons) == {
        "02-fifo.md",
        "03-link.md",
        "04-sock.md",
        "07-loop.md",
        "09-hostname.md",
        "10-device.md",
    }
    library_files = note_files(hostile.library, skipped := [])
    assert len(library_files) == 4  # the loop in the library hides nothing
    assert any(Path(p).name == "loop" for p, _ in skipped)


# -- clean output ------------------------------------------------------------------------


def test_clean_for_terminal_shows_controls_as_text() -> None:
    assert clean_for_terminal(f"a{OSC52}b{CLEAR}\x9b1m\u202ez\nq\tt") == (
        "a^[]52;c;cHduZWQ=^Gb^[[2J\\x9b1m\\u202ez^Jq\tt"
    )
    data = f"p:1:x{CLEAR}\xc2\x9b\r\n".encode("utf-8", "surrogateescape")
    assert not RAW_CONTROL.search(clean_bytes_for_terminal(data))
    assert clean_bytes_for_terminal(b"plain\r\n") == b"plain\r\n"


# -- export ------------------------------------------------------------------------------


def test_export_output_rules(hostile: Hostile, tmp_path: Path) -> None:
    root = hostile.course
    assert "file of the course" in str(exporter.output_problem(root / "course.md", root))
    assert "file of the course" in str(
        exporter.output_problem(root / "lessons" / "01-ok.md", root, force=True)
    )
    assert "inside the course" in str(exporter.output_problem(root / "page.md", root))
    assert exporter.output_problem(root / "page.md", root, force=True) is None
    mine = hostile.sibling / "notes.md"
    assert "not written by lessontui" in str(exporter.output_problem(mine, root))
    assert "not a regular file" in str(
        exporter.output_problem(root / "lessons" / "02-fifo.md", tmp_path, force=True)
    )
    target = tmp_path / "page.md"
    assert exporter.output_problem(target, root) is None
    exporter.write_export(target, "---\ntitle: x\n---\nbody\n")
    assert exporter.output_problem(target, root) is None  # ours: replaced next time
    course = Course.load(root)
    path, warning = exporter.course_output(course, "jekyll")
    assert warning is not None
    assert "outside the course" in warning
    assert path.parent == root


def test_jekyll_text_has_liquid_off_for_titles(hostile: Hostile) -> None:
    course = Course.load(hostile.course)
    page = exporter.jekyll_page(course, ExportOptions(notes=False))
    assert "render_with_liquid: false" in page


def test_html_nesting_drop_is_reported(tmp_path: Path) -> None:
    course = Course.create(tmp_path / "c", "C")
    deep = "\n".join("  " * i + f"- level {i}" for i in range(14)) + "\n\nafter\n"
    course.add_lesson("Deep", body=deep)
    course = Course.load(course.root)
    messages = [f.message for f in checks.check_course(course)]
    assert any("nested deeper than 20 levels" in m for m in messages)
    shallow = Course.create(tmp_path / "d", "D")
    shallow.add_lesson("Flat", body="- a\n  - b\n")
    assert not any("nested" in f.message for f in checks.check_course(Course.load(shallow.root)))


@pytest.mark.needs_jekyll
def test_jekyll_builds_a_page_whose_titles_and_notes_hold_liquid(tmp_path: Path) -> None:
    course = Course.create(
        tmp_path / "course",
        f"Course {LIQUID_TITLE}",
        parts=[{"title": "Part {% raw %}", "goal": "goal {{ site.x }}"}],
    )
    course.add_lesson(
        LIQUID_TITLE,
        body="Notes {% endraw %} {{ y }}\n\n## Things I learned\n- [x] item {% if %}\n",
        part=1,
    )
    course = Course.load(course.root)
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").write_text("title: Site\n")
    exporter.write_export(
        site / "notes.md", exporter.jekyll_page(course, ExportOptions(notes=True))
    )
    result = jekyll_build(site, tmp_path, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    built = (site / "_site" / "notes.html").read_text()
    for text in (
        "{% block content %}",
        "{{ page.title }}",
        "{% endraw %}",
        "{{ y }}",
        "{% if %}",
        "Part {% raw %}",
        "goal {{ site.x }}",
    ):
        assert text in built.replace("&quot;", '"'), text


# -- every command, in a subprocess with limits -------------------------------------------


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY, CLI_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CLI_CPU_SECONDS, CLI_CPU_SECONDS))


def _env(tmp_path: Path, library: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "home"),
        "LANG": "C.UTF-8",
        "LESSONTUI_CONFIG": str(tmp_path / "config" / "config.toml"),
        "LESSONTUI_LIBRARY": str(library),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def _run(args: list[str], tmp_path: Path, library: Path) -> subprocess.CompletedProcess[bytes]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "lessontui.cli", *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=CLI_WALL_SECONDS,
        preexec_fn=_limits,
        env=_env(tmp_path, library),
        cwd=tmp_path,
    )
    assert time.monotonic() - started < CLI_WALL_SECONDS
    for stream in (result.stdout, result.stderr):
        for ours in (MATCH_STYLE, PATH_STYLE, LINE_STYLE, RESET):  # `--color always`
            stream = stream.replace(ours.encode(), b"")
        bad = RAW_CONTROL.search(stream)
        assert bad is None, (args, stream[max(0, bad.start() - 60) : bad.end() + 20])
    assert b"Traceback" not in result.stderr, (args, result.stderr.decode()[-2000:])
    return result


def _ytdlp_json(path: Path) -> None:
    entry = {
        "_type": "url",
        "id": "vid1",
        "title": f"Evil {OSC52} title {CLEAR}",
        "url": f"https://www.youtube.com/watch?v=vid1{OSC52}",
        "duration": 60,
    }
    info = {
        "_type": "playlist",
        "id": "PLevil",
        "title": f"Playlist {CLEAR}",
        "webpage_url": f"https://www.youtube.com/playlist?list=PLevil{CLEAR}",
        "entries": [entry],
    }
    path.write_text(json.dumps(info))


def test_every_command_on_the_hostile_course(hostile: Hostile, tmp_path: Path) -> None:
    before = snapshot(hostile.sibling)
    course = str(hostile.course)
    inside = str(hostile.course / "lessons" / "01-ok.md")
    lesson_before = (hostile.course / "lessons" / "01-ok.md").read_bytes()
    _ytdlp_json(tmp_path / "evil.json")
    runs = {
        "check": ["check", course],
        "check-linked": ["check", str(hostile.linked_lessons)],
        "check-page": ["check", str(hostile.course / "lessons" / ESCAPED_NAME)],
        "export": ["export", course],
        "export-notes": ["export", course, "--notes"],
        "export-html": ["export", course, "--format", "html", "--notes"],
        "export-over-lesson": ["export", course, "-o", inside],
        "export-over-course": ["export", course, "-o", str(hostile.course / "course.md")],
        "export-over-mine": ["export", course, "-o", str(hostile.sibling / "notes.md")],
        "export-file": ["export", course, "-o", str(tmp_path / "page.md")],
        "search": ["search", "findme", course],
        "search-color": ["search", "findme", course, "--color", "always"],
        "search-library": ["search", "findme", str(hostile.library)],
        "search-default": ["search", "findme"],
        "import": [
            "import",
            str(tmp_path / "evil.json"),
            "--into",
            str(tmp_path / "imp"),
            "--no-details",
        ],
        "new": ["new", str(tmp_path / "fresh"), "--title", f"New {CLEAR}"],
        "config": ["config"],
    }
    results = {name: _run(args, tmp_path, hostile.library) for name, args in runs.items()}
    assert results["check"].returncode == 1  # findings, and no hang
    out = results["check"].stdout.decode()
    assert "^[" in out  # the escaped file name shown as text
    assert "alias" in out
    assert "named pipe" in out
    assert "outside the course" in out
    for name in ("export-over-lesson", "export-over-course", "export-over-mine"):
        assert results[name].returncode == 2, name
        assert b"not written" in results[name].stderr
    assert results["export-file"].returncode == 0
    notes = results["export-notes"].stdout.decode()
    assert SECRET not in notes
    assert "secret-host" not in notes
    assert "render_with_liquid: false" in notes
    assert results["search"].returncode == 0
    assert b"skipped" in results["search"].stderr
    assert b"findme" in results["search-library"].stdout
    assert results["import"].returncode == 0, results["import"].stderr.decode()
    stored = next((tmp_path / "imp" / "lessons").glob("*.md")).read_text()
    assert "\x1b" not in stored
    assert "\x07" not in stored
    assert (hostile.course / "lessons" / "01-ok.md").read_bytes() == lesson_before
    assert snapshot(hostile.sibling) == before


# -- the app -----------------------------------------------------------------------------


async def test_the_app_opens_the_hostile_course_and_writes_nothing_outside(
    hostile: Hostile,
) -> None:
    from lessontui.config import Settings
    from lessontui.tui.app import LessonApp
    from lessontui.tui.screens.export_screen import ExportScreen
    from tests.screen import press_and_settle, rendered_text

    before = snapshot(hostile.sibling)
    app = LessonApp(course=Course.load(hostile.course), settings=Settings(autosave_delay=0.1))
    async with app.run_test(size=(150, 45)) as pilot:
        assert app.main_screen.course is not None
        count = len(app.main_screen.course.lessons)
        for index in range(count):
            app.main_screen.lesson_list.highlighted = index + 1  # row 0: the course intro
            await pilot.pause()
            lesson = app.main_screen.current_lesson
            assert lesson is app.main_screen.course.lessons[index]
            if lesson.error is not None:
                assert app.main_screen.editor.read_only, lesson.path.name
                await pilot.press("ctrl+t", "x", "y", "ctrl+delete", "ctrl+s")
                await pilot.pause()
            assert app.is_running
        link = by_name(app.main_screen.course, "03-link.md")
        app.main_screen.lesson_list.highlight(link)
        await pilot.pause()
        assert SECRET not in app.main_screen.editor.text
        assert "outside the course folder" in rendered_text(app)  # the list's mark
        # A FIFO appearing while the app is open must not freeze it.
        os.mkfifo(hostile.course / "lessons" / "11-late.md")
        app.main_screen.disk_watch.check()
        deadline = time.monotonic() + 60  # the disk watch also polls every second
        while len(app.main_screen.course.lessons) <= count and time.monotonic() < deadline:
            await pilot.pause(0.1)
        late = by_name(app.main_screen.course, "11-late.md")
        assert late.error is not None
        assert "FIFO" in late.error
        await press_and_settle(app, pilot, "f9")  # export dialog: export.output is ignored
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.output.parent == hostile.course.resolve()
        assert any("outside the course folder: ignored" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert snapshot(hostile.sibling) == before


def _tmux(socket_name: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["tmux", "-L", socket_name, *args], capture_output=True, text=True, timeout=30
    )


def _wait_for(condition, seconds: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_installed_app_in_a_real_terminal(hostile: Hostile, tmp_path: Path) -> None:
    """The installed `lessontui` in tmux: opens, shows the titles as text, sets no
    clipboard (tmux keeps an OSC 52 as a paste buffer), quits, touches nothing outside."""
    import secrets
    import shlex

    program = Path(sys.executable).parent / "lessontui"
    before = snapshot(hostile.sibling)
    socket_name = f"lessontui13-{os.getpid()}-{secrets.token_hex(4)}"
    env = _env(tmp_path, hostile.library) | {"TERM": "xterm-256color"}
    command = shlex.join(
        ["env", *[f"{k}={v}" for k, v in env.items()], str(program), str(hostile.course)]
    )
    try:
        assert (
            _tmux(
                socket_name,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "150",
                "-y",
                "45",
                command,
            ).returncode
            == 0
        )
        _tmux(socket_name, "set-option", "-g", "set-clipboard", "on")

        def screen() -> str:
            return _tmux(socket_name, "capture-pane", "-p").stdout

        assert _wait_for(lambda: "Course intro" in screen()), screen()  # the list is drawn
        for _ in range(11):  # walk the list: every bad entry opens read-only
            _tmux(socket_name, "send-keys", "Down")
        _tmux(socket_name, "send-keys", "C-t", "x", "C-s")
        assert _wait_for(lambda: "Django" in screen()), screen()
        _tmux(socket_name, "send-keys", "C-q")
        assert _wait_for(lambda: _tmux(socket_name, "has-session").returncode != 0, 30), screen()
        assert _tmux(socket_name, "list-buffers").stdout == ""  # no OSC 52 got through
    finally:
        _tmux(socket_name, "kill-server")
    assert snapshot(hostile.sibling) == before


def test_a_course_template_from_outside_the_course_is_refused(hostile: Hostile) -> None:
    course = Course.load(hostile.course)
    course.update(export={"template": "../../sibling/secret.md"})
    with pytest.raises(exporter.ExportError, match="outside the course"):
        exporter.jekyll_page(Course.load(hostile.course))


def test_import_into_a_course_whose_record_folder_leads_out(
    hostile: Hostile, tmp_path: Path
) -> None:
    _ytdlp_json(tmp_path / "evil.json")
    target = Course.create(tmp_path / "imp", "Mine").root
    shutil.rmtree(target / ".lessontui", ignore_errors=True)
    (target / ".lessontui").symlink_to(hostile.sibling / "cache")
    before = snapshot(hostile.sibling)
    result = _run(
        ["import", str(tmp_path / "evil.json"), "--into", str(target), "--no-details", "--force"],
        tmp_path,
        hostile.library,
    )
    assert result.returncode == 1
    assert b"outside the course folder" in result.stderr
    assert snapshot(hostile.sibling) == before


async def test_export_screen_refuses_course_files_and_asks_before_replacing(
    demo_course: Course, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from lessontui.config import Settings
    from lessontui.tui.app import LessonApp
    from lessontui.tui.screens.export_screen import ExportScreen
    from tests.screen import press_and_settle

    theirs = tmp_path / "theirs.md"
    theirs.write_text("someone else's page\n")
    lesson = demo_course.lessons[0].path
    lesson_bytes = lesson.read_bytes()
    app = LessonApp(course=Course.load(demo_course.root), settings=Settings())
    async with app.run_test(size=(150, 50)) as pilot:
        await press_and_settle(app, pilot, "f9")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(lesson)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # refused: a lesson is never replaced by the page
        path_input.value = str(theirs)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen  # asked first
        assert theirs.read_text() == "someone else's page\n"
        assert any("Replace it?" in (n.title or "") for n in app._notifications)
        await pilot.press("ctrl+s")  # asked twice: replaced
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    assert lesson.read_bytes() == lesson_bytes
    assert exporter.EXPORT_MARK in theirs.read_text()


async def test_the_open_lesson_turning_into_a_fifo_keeps_the_app_and_the_text(
    demo_course: Course,
) -> None:
    from lessontui.config import Settings
    from lessontui.tui.app import LessonApp

    app = LessonApp(course=Course.load(demo_course.root), settings=Settings(autosave_delay=30))
    async with app.run_test(size=(150, 45)) as pilot:
        lesson = app.main_screen.current_lesson
        assert lesson is not None
        app.main_screen.editor.focus()
        app.main_screen.editor.move_cursor((0, 0))
        await pilot.press(*"unsaved words ")
        lesson.path.unlink()
        os.mkfifo(lesson.path)  # another program put a FIFO where the lesson was
        app.main_screen.disk_watch.check()
        await pilot.pause()
        app.main_screen.disk_watch.check()
        await pilot.pause()
        assert app.is_running
        assert "unsaved words" in app.main_screen.editor.text
        await pilot.press("x")  # the event loop is not blocked on the FIFO
        await pilot.pause()
        assert app.is_running
        assert "unsaved words" in app.main_screen.editor.text
        app.exit()
    assert not stat_is_regular(lesson.path)


def stat_is_regular(path: Path) -> bool:
    import stat

    return stat.S_ISREG(path.lstat().st_mode)


@pytest.mark.parametrize("value", ["1" * 5000, "2024-13-45"])
def test_a_value_yaml_cannot_build_makes_the_lesson_unreadable(tmp_path: Path, value: str) -> None:
    course = Course.create(tmp_path / "c", "C")
    (course.lessons_dir / "01-x.md").write_text(f"---\ntitle: x\nv: {value}\n---\nbody\n")
    lesson = Course.load(course.root).lessons[0]  # was a ValueError out of Course.load
    assert lesson.error is not None
    assert "cannot be read" in lesson.error
