"""Search service and `lessontui search`: hits, lines, spans, case, exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.course.course import Course
from lessontui.services.search import (
    body_start,
    compile_query,
    files_to_search,
    normal_path,
    note_files,
    read_note,
    search_bytes,
    search_paths,
)


def _lesson(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "l.md"
    path.write_bytes(text.encode())
    return path


def test_hits_have_file_line_body_line_and_spans(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "---\ntitle: Timm here\n---\nintro\nuse timm, TIMM and Timm\nend\n")
    hits = list(search_paths([path], compile_query("timm")))
    assert len(hits) == 1  # the title in the front matter is not searched
    hit = hits[0]
    assert (hit.line, hit.body_line, hit.text) == (5, 1, "use timm, TIMM and Timm")
    assert hit.spans == ((4, 8), (10, 14), (19, 23))


def test_case_sensitive_and_regex(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "Alpha\nalpha\nalphabet 42\n")
    assert [h.line for h in search_paths([path], compile_query("Alpha", ignore_case=False))] == [1]
    assert [h.line for h in search_paths([path], compile_query(r"\d+", regex=True))] == [3]
    assert [h.line for h in search_paths([path], compile_query(r"^alpha$", regex=True))] == [1, 2]


def test_non_ascii_folds_case_and_spans_are_characters(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "---\na: 1\n---\nune école — École\n")
    (hit,) = search_paths([path], compile_query("ÉCOLE"))
    assert hit.spans == ((4, 9), (12, 17))
    assert [hit.text[a:b] for a, b in hit.spans] == ["école", "École"]
    (hit,) = search_paths([path], compile_query("une"))  # ASCII term, non-ASCII line
    assert hit.text[slice(*hit.spans[0])] == "une"


def test_crlf_lines_and_a_last_line_without_newline(tmp_path: Path) -> None:
    path = _lesson(tmp_path, "---\r\ntitle: x\r\n---\r\nfirst\r\nsecond match\r\nlast match")
    hits = list(search_paths([path], compile_query("match")))
    assert [(h.line, h.body_line, h.text) for h in hits] == [
        (5, 1, "second match"),
        (6, 2, "last match"),
    ]


def test_body_lines_agree_with_the_model(demo_course: Course) -> None:
    query = compile_query("the")
    checked = 0
    for lesson in demo_course.lessons:
        data = lesson.path.read_bytes()
        body_lines = lesson.body.split("\n")
        assert data[: body_start(data)].count(b"\n") == lesson.document().header_line_count
        for hit in search_bytes(lesson.path, data, query):
            assert body_lines[hit.body_line] == hit.text
            checked += 1
    assert checked >= 5


def test_no_front_matter_and_unclosed_front_matter(tmp_path: Path) -> None:
    assert body_start(b"# just notes\n") == 0
    assert body_start(b"---\ntitle: never closed\n") == 0
    assert body_start(b"---\na: 1\n---\nbody") == len(b"---\na: 1\n---\n")


def test_snippet_cuts_around_the_match() -> None:
    path = Path("x.md")
    from lessontui.services.search import Hit

    text = "x" * 100 + " needle " + "y" * 100
    hit = Hit(path, 1, 0, text, ((101, 107),))
    snippet, spans = hit.snippet(40)
    assert len(snippet) == 40
    assert snippet[spans[0][0] : spans[0][1]] == "needle"


def test_library_and_course_file_lists(tmp_path: Path, demo_course: Course) -> None:
    lessons = files_to_search(demo_course.root)
    assert lessons == [lesson.path for lesson in demo_course.lessons]
    assert files_to_search(tmp_path) == lessons  # tmp_path is a library holding the demo


def test_limit_stops_early(demo_course: Course) -> None:
    hits = list(search_paths(files_to_search(demo_course.root), compile_query("e"), limit=3))
    assert len(hits) == 3


# -- the CLI ------------------------------------------------------------------------------


def test_cli_prints_path_line_text_and_exit_codes(
    demo_course: Course, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "TIMM", str(demo_course.root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out
    for line in out:
        path, number, text = line.split(":", 2)
        assert "timm" in text.lower()
        lines = Path(path).read_text().split("\n")
        assert lines[int(number) - 1] == text
    assert main(["search", "zzyzx-not-there", str(demo_course.root)]) == 1
    assert capsys.readouterr().out == ""


def test_cli_searches_the_library_without_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lessontui.course.demo import write_demo

    write_demo(tmp_path / "library" / "demo")  # LESSONTUI_LIBRARY (conftest)
    assert main(["search", "timm"]) == 0
    assert "library/demo/lessons/" in capsys.readouterr().out


def test_cli_colour_and_usage_errors(demo_course: Course, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "--color", "always", "timm", str(demo_course.root)]) == 0
    assert "\x1b[1;31m" in capsys.readouterr().out
    assert main(["search", "--regex", "(", str(demo_course.root)]) == 2
    assert "bad regex" in capsys.readouterr().err
    assert main(["search", "x", str(demo_course.root / "missing")]) == 2


def test_cli_as_a_process_pipes_raw_lines(demo_course: Course) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lessontui", "search", "timm", str(demo_course.root)],
        capture_output=True,
    )
    assert done.returncode == 0
    assert b"\x1b" not in done.stdout
    assert done.stdout.count(b"\n") >= 1
    missing = subprocess.run(
        [sys.executable, "-m", "lessontui.cli", "search", "zzyzx", str(demo_course.root)],
        capture_output=True,
    )
    assert missing.returncode == 1


@pytest.mark.parametrize(("no_color", "coloured"), [("", True), ("1", False)])
def test_cli_in_a_terminal_colours_unless_no_color(
    demo_course: Course, no_color: str, coloured: bool
) -> None:
    import os
    import pty

    main_end, child_end = pty.openpty()
    env = {**os.environ, "NO_COLOR": no_color}
    with subprocess.Popen(
        [sys.executable, "-m", "lessontui", "search", "timm", str(demo_course.root)],
        stdout=child_end,
        env=env,
    ) as process:
        os.close(child_end)
        output = b""
        while True:
            try:
                chunk = os.read(main_end, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=30) == 0
    os.close(main_end)
    assert b"timm" in output
    assert (b"\x1b[" in output) is coloured


# -- the fast paths agree with the plain ones -----------------------------------------------

_OPEN = re.compile(rb"(?:\xef\xbb\xbf)?---[ \t]*\r?\n")
_CLOSE = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def _body_start_by_regex(data: bytes) -> int:
    """The regex reading of the front matter that body_start replaced (no regex now)."""
    opening = _OPEN.match(data)
    if opening is None:
        return 0
    closing = _CLOSE.search(data, opening.end())
    if closing is None:
        return 0
    end = closing.end()
    return end + 1 if data[end : end + 1] == b"\n" else end


def test_body_start_reads_front_matter_like_the_regex() -> None:
    openings = [b"---\n", b"--- \t\r\n", b"\xef\xbb\xbf---\n", b"---x\n", b"----\n", b"---\r\r\n"]
    openings += [b"", b" ---\n", b"---"]
    closings = [b"---\n", b"...\n", b"--- \t\n", b"---\r\n", b"----\n", b"-- -\n", b".. .\n"]
    closings += [b"---", b"...", b"---\r", b" ---\n", b"---\r \n", b""]
    bodies = [b"", b"body\n", b"a: 1\n", b"...\nx\n", b"---\nmore\n"]
    checked = 0
    for opening in openings:
        for header in (b"", b"title: x\n", b"a: ---\n"):
            for closing in closings:
                for body in bodies:
                    for second in (b"", b"...\n", b"---\n"):
                        data = opening + header + closing + body + second
                        assert body_start(data) == _body_start_by_regex(data), data
                        checked += 1
    assert checked > 2000


def test_read_note_reads_big_files_and_a_nul_byte(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"line\n" * 100_000)  # several reads
    assert read_note(big) == b"line\n" * 100_000
    binary = tmp_path / "b.md"
    stray = b"abc\x00def and the rest of a line of notes\n"
    binary.write_bytes(stray)
    assert read_note(binary) == stray  # the app opens it: its lines are searched
    binary.write_bytes(b"abc\x00\x01\x02def")  # more control bytes than text allows
    assert read_note(binary) is None  # the app does not open it: not searched
    assert read_note(tmp_path / "missing.md") is None


def test_note_files_spell_paths_as_pathlib_does(
    tmp_path: Path, demo_course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    root = demo_course.root.relative_to(tmp_path)
    lesson = demo_course.lessons[0].path.relative_to(tmp_path)
    for spelling in (".", "./", str(root), f"./{root}/", f"{root}//.", f"{lesson}", f"./{lesson}"):
        assert note_files(spelling) == [str(p) for p in files_to_search(Path(spelling))]
        assert note_files(spelling) == [str(Path(p)) for p in note_files(spelling)]
    assert note_files(".")
    assert note_files(str(root)) == [
        str(each.path.relative_to(tmp_path)) for each in demo_course.lessons
    ]
    assert normal_path("//a//b/") == "//a/b"
    assert normal_path("///a") == "/a"
    assert note_files("missing") == []


# -- a big course through the process ---------------------------------------------------


def _many_lessons(root: Path, count: int) -> list[str]:
    """A course of `count` short lessons; every third one mentions timm, the last twice."""
    (root / "lessons").mkdir(parents=True)
    (root / "course.md").write_text('---\ntitle: "Big"\n---\n')
    for number in range(count):
        body = f"intro {number}\n" + ("use timm here\nTIMM again\n" if number % 3 == 0 else "")
        if number == count - 1:
            body += "last timm\n"
        (root / "lessons" / f"{number:04d}-l.md").write_text(f"---\ntitle: L{number}\n---\n{body}")
    return note_files(root)


def test_cli_process_on_a_big_course_gives_every_line_in_order_and_survives_head(
    tmp_path: Path,
) -> None:
    files = _many_lessons(tmp_path / "big", 201)
    command = [sys.executable, "-m", "lessontui", "search", "timm", str(tmp_path / "big")]
    expected = b"".join(
        b"%s:%d:%s\n" % (path.encode(), hit.line, hit.text.encode())
        for path in files
        for hit in search_bytes(Path(path), Path(path).read_bytes(), compile_query("timm"))
    )
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, b"")
    # The reader leaves after one line (`| head -1`): exit quietly, no worker left hanging.
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as reader:
        assert reader.stdout is not None
        assert reader.stdout.readline().endswith(b"timm here\n")
        reader.stdout.close()
        assert reader.wait(timeout=60) == 0
        assert reader.stderr is not None
        assert reader.stderr.read() == b""
