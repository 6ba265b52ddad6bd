"""The search index: built from the files, kept up to date from their stat, never trusted."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.services.search_index import STARTED, SearchIndex, scan

VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000
Welcome to the course.

00:12:34.000 --> 00:12:37.000
Here the learning rate finder shows its curve.
"""


def _old(path: Path) -> None:
    """Give a file a stat from the past, so the index keeps it (not a racy one)."""
    then = time.time() - 100
    os.utime(path, (then, then))


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    _old(path)
    return path


def _course(root: Path, lessons: dict[str, str], subs: dict[str, str] | None = None) -> Path:
    _write(
        root / "course.md",
        '---\ntitle: "C"\nparts:\n- title: Basics\n  goal: train a bird classifier\n---\n'
        "An intro about convolutions.\n",
    )
    for name, body in lessons.items():
        _write(root / "lessons" / name, f"---\ntitle: {name}\n---\n{body}")
    for name, text in (subs or {}).items():
        _write(root / "media" / name, text)
    return root


@pytest.fixture
def index(tmp_path: Path):  # type: ignore[no-untyped-def]
    with SearchIndex(tmp_path / "cache" / "index.sqlite") as opened:
        yield opened


def _found(index: SearchIndex, term: str, root: Path) -> list[tuple[str, int, str]]:
    return [(Path(h.path).name, h.line, h.text) for h in index.search(term, [root])]


def test_notes_intros_goals_and_transcripts_are_found(tmp_path: Path, index: SearchIndex) -> None:
    root = _course(
        tmp_path / "c",
        {"01-a.md": "first line\n\n- [x] learned about timm\n", "02-b.md": "nothing here\n"},
        {"01-a.en.vtt": VTT, "01-a.de.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nrate\n"},
    )
    report = index.sync([root], langs=["en"])
    assert report.read == 4
    assert not report.skipped
    assert _found(index, "TIMM", root) == [("01-a.md", 6, "- [x] learned about timm")]
    assert _found(index, "convolution", root) == [("course.md", 7, "An intro about convolutions.")]
    (goal,) = index.search("bird", [root])
    assert goal.kind == "course"
    assert "Basics — train a bird classifier" in goal.text
    (said,) = index.search("rate finder", [root])
    assert (said.kind, Path(said.path).name, said.time) == ("transcript", "01-a.md", 754.0)
    assert Path(said.source).name == "01-a.en.vtt"
    assert said.text[slice(*said.spans[0])] == "rate finder"


def test_short_and_non_ascii_terms_and_case(tmp_path: Path, index: SearchIndex) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "une École\nab cd\nTimm\n"})
    index.sync([root])
    assert [h.text for h in index.search("cd", [root])] == ["ab cd"]
    assert [h.text for h in index.search("éc", [root])] == ["une École"]
    assert [h.text for h in index.search("école", [root])] == ["une École"]
    assert index.search("timm", [root], ignore_case=False) == []
    assert [h.text for h in index.search("Timm", [root], ignore_case=False)] == ["Timm"]
    assert [h.text for h in index.search('"', [root])] == []  # FTS syntax is quoted away
    (root / "lessons" / "02-b.md").write_bytes(b"Timm\x00binary")
    index.sync([root])
    assert len(index.search("Timm", [root])) == 2  # a NUL byte is text, as in the editor


def test_first_page_stops_at_the_limit(tmp_path: Path, index: SearchIndex) -> None:
    root = _course(tmp_path / "c", {f"{n:03d}.md": "common word\n" * 3 for n in range(30)})
    index.sync([root])
    page = index.search("common", [root], limit=10)
    assert len(page) == 10
    assert Path(page[0].path).name == "000.md"
    assert len(index.search("common", [root])) == 90


def test_external_edits_deletes_and_renames_are_picked_up(
    tmp_path: Path, index: SearchIndex
) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "alpha\n", "02-b.md": "beta\n", "03-c.md": "gam\n"})
    index.sync([root])
    assert index.sync([root]).read == 0  # nothing changed: nothing read
    _write(root / "lessons" / "01-a.md", "---\ntitle: a\n---\nomega\n")
    (root / "lessons" / "02-b.md").unlink()
    (root / "lessons" / "03-c.md").rename(root / "lessons" / "04-d.md")
    report = index.sync([root])
    assert (report.read, report.dropped) == (2, 2)  # 01 again, 04 new; 02 and 03 gone
    assert _found(index, "alpha", root) == []
    assert _found(index, "omega", root) == [("01-a.md", 4, "omega")]
    assert _found(index, "beta", root) == []
    assert _found(index, "gam", root) == [("04-d.md", 4, "gam")]


def test_refresh_reads_only_the_files_named(tmp_path: Path, index: SearchIndex) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "alpha\n", "02-b.md": "beta\n"})
    index.sync([root])
    _write(root / "lessons" / "01-a.md", "---\ntitle: a\n---\nomega\n")
    _write(root / "lessons" / "02-b.md", "---\ntitle: b\n---\ndelta\n")
    assert index.refresh([root / "lessons" / "01-a.md", tmp_path / "unknown.md"]) == 1
    assert _found(index, "omega", root)
    assert _found(index, "beta", root)
    (root / "lessons" / "01-a.md").unlink()
    index.refresh([root / "lessons" / "01-a.md"])
    assert _found(index, "omega", root) == []


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    tmp_path: Path, index: SearchIndex
) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "alpha\n"})
    index.sync([root])
    path = root / "lessons" / "01-a.md"
    st = os.stat(path)
    path.write_text(path.read_text().replace("alpha", "omega"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # ctime still moves
    index.sync([root])
    assert _found(index, "omega", root) == [("01-a.md", 4, "omega")]


def test_a_file_changed_just_now_is_read_again_next_time(
    tmp_path: Path, index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessontui.services import search_index

    # "Just now" is within RACY_NS; a long one keeps a busy machine from aging the file.
    monkeypatch.setattr(search_index, "RACY_NS", 50 * 10**9)  # _old files: 100 s
    root = _course(tmp_path / "c", {"01-a.md": "alpha\n"})
    (root / "lessons" / "01-a.md").write_text("---\ntitle: a\n---\nfresh\n")  # mtime: now
    index.sync([root])
    assert index.sync([root]).read == 1  # its tick may not be over: not trusted yet
    assert _found(index, "fresh", root)
    monkeypatch.setattr(search_index, "RACY_NS", 0)
    index.sync([root])
    assert index.sync([root]).read == 0  # once trusted, not read again


def test_a_transcript_named_after_the_video_belongs_to_its_lesson(
    tmp_path: Path, index: SearchIndex
) -> None:
    root = _course(
        tmp_path / "c", {}, {"lecture-7.srt": "1\n00:00:05,000 --> 00:00:06,000\nbackprop\n"}
    )
    _write(root / "lessons" / "01-a.md", "---\ntitle: a\nvideo: ../media/lecture-7.mp4\n---\nx\n")
    index.sync([root])
    (hit,) = index.search("backprop", [root])
    assert (Path(hit.path).name, hit.time) == ("01-a.md", 5.0)
    assert [h.path for h in scan([root], __import__("re").compile("backprop"))] == [hit.path]


@pytest.mark.parametrize("damage", ["truncated", "old layout"])
def test_a_corrupt_index_file_is_rebuilt_from_the_files(tmp_path: Path, damage: str) -> None:
    import sqlite3

    root = _course(tmp_path / "c", {f"{n:02d}.md": f"line {n} zebra\n" * 50 for n in range(40)})
    path = tmp_path / "index.sqlite"
    with SearchIndex(path) as index:
        index.sync([root])
        index._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:4096] + b"\x00\xff" * 3000 + data[10000:])
    else:  # an index of ours from before the application_id mark (version 2)
        path.unlink()
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT)")
        db.execute("CREATE INDEX files_course ON files(path)")
        db.execute("CREATE VIRTUAL TABLE lines USING fts5(text, tokenize='trigram')")
        db.execute("PRAGMA user_version = 2")
        db.commit()
        db.close()
    with SearchIndex(path) as index:
        try:
            index.sync([root])
        except Exception as error:
            pytest.fail(f"sync on a {damage} index raised {error!r}")
        hits = index.search("zebra", [root])
    assert len(hits) == 40 * 50


def test_two_processes_sync_at_once(tmp_path: Path) -> None:
    root = _course(tmp_path / "c", {f"{n:03d}.md": f"only{n}x here\n" for n in range(400)})
    path = tmp_path / "index.sqlite"
    # Each process opens the index, says so, and syncs only when both have: a
    # barrier, so the two syncs run at the same time instead of one after the other.
    code = (
        "import sys, time\n"
        "from lessontui.services.search_index import SearchIndex\n"
        "with SearchIndex(__import__('pathlib').Path(sys.argv[1])) as index:\n"
        "    print('ready', flush=True)\n"
        "    sys.stdin.readline()\n"
        "    start = time.monotonic()\n"
        "    for _ in range(3):\n"
        "        index.sync([sys.argv[2]])\n"
        "    end = time.monotonic()\n"
        "    print(len(index.search('here', [sys.argv[2]])), start, end)\n"
    )
    command = [sys.executable, "-c", code, str(path), str(root)]
    pipe = subprocess.PIPE
    processes = [
        subprocess.Popen(command, stdin=pipe, stdout=pipe, stderr=pipe, text=True) for _ in range(2)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline() == "ready\n"
    for process in processes:  # both wait at the barrier: let them go
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    results = [out.split() for out, _ in outputs]
    assert [found for found, _, _ in results] == ["400", "400"]
    # CLOCK_MONOTONIC is the machine's: the two sync windows overlapped.
    (start1, end1), (start2, end2) = ((float(a), float(b)) for _, a, b in results)
    assert max(start1, start2) < min(end1, end2), results
    with SearchIndex(path) as index:
        assert index.sync([root]).read == 0
        for n in (0, 199, 399):
            assert len(index.search(f"only{n}x", [root])) == 1  # no file indexed twice


def test_the_cli_shows_a_transcript_hit_with_its_lesson_and_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "the learning rate matters\n"}, {"01-a.en.vtt": VTT})
    monkeypatch.chdir(tmp_path)
    assert main(["search", "learning rate", "c"]) == 0
    assert capsys.readouterr().out == (
        "c/lessons/01-a.md:4:the learning rate matters\n"
        "c/lessons/01-a.md:[12:34]:Here the learning rate finder shows its curve.\n"
    )
    # A regex reads the files and finds the same lines.
    assert main(["search", "-e", r"learn\w+ rate", "c"]) == 0
    assert capsys.readouterr().out.count("\n") == 2
    # An unusable index (its folder is a file) falls back to reading the files.
    (tmp_path / "blocked").write_text("")
    monkeypatch.setenv("LESSONTUI_INDEX", str(tmp_path / "blocked" / "index.sqlite"))
    assert main(["search", "rate finder", str(root)]) == 0
    captured = capsys.readouterr()
    assert "[12:34]" in captured.out
    assert "reading files" in captured.err


def test_an_index_locked_by_another_process_too_long_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from lessontui.services import search_index

    root = _course(tmp_path / "c", {"01-a.md": "alpha\n"})
    path = tmp_path / "index.sqlite"
    monkeypatch.setattr(search_index, "BUSY_MS", 100)
    with SearchIndex(path) as index:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process writing, and writing...
        try:
            with pytest.raises(search_index.IndexError_, match="locked"):
                index.sync([root])
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert index.sync([root]).read == 2  # the lock gone, it goes on


def test_progress_counts_the_bytes_read_up_to_the_total(tmp_path: Path, index: SearchIndex) -> None:
    root = _course(tmp_path / "c", {f"{n:03d}.md": "x" * 1000 + "\n" for n in range(450)})
    seen: list[tuple[int, int]] = []
    index.sync([root], progress=lambda done, total: seen.append((done, total)))
    assert len(seen) == 4  # the start, then batches of 200 files
    assert seen[0] == (0, seen[-1][1])
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1][0] == seen[-1][1] > 450_000


def test_a_library_search_forgets_courses_gone_from_the_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    library = tmp_path / "library"  # LESSONTUI_LIBRARY (conftest)
    _course(library / "one", {"01-a.md": "shared word\n"})
    _course(library / "two", {"01-a.md": "shared word\n"})
    assert main(["search", "shared"]) == 0
    assert capsys.readouterr().out.count("\n") == 2
    shutil.rmtree(library / "two")
    assert main(["search", "shared"]) == 0
    assert "library/two" not in capsys.readouterr().out
    with SearchIndex() as index:  # the index itself holds nothing of it any more
        assert index.search("shared") == index.search("shared", [library / "one"])


def test_a_time_budget_stops_a_scan_and_says_so(tmp_path: Path, index: SearchIndex) -> None:
    lines = "".join(f"line number {n}\n" for n in range(5000)) + "qj at the very end\n"
    root = _course(tmp_path / "c", {"01-a.md": lines})
    index.sync([root])
    assert index.search("qj", [root], limit=50, budget_ms=0) == []
    assert not index.complete
    (hit,) = index.search("qj", [root], limit=50, budget_ms=60_000)
    assert hit.text == "qj at the very end"
    assert index.complete
    assert len(index.search("qj", [root])) == 1
    assert index.complete


def test_a_hit_names_the_editor_row_after_edits_renames_and_a_rebuild(
    tmp_path: Path, index: SearchIndex
) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "one\ntwo\nneedle here\n"})
    index.sync([root])

    def rows() -> list[tuple[str, int, int]]:
        return [(Path(h.path).name, h.line, h.body_line) for h in index.search("needle", [root])]

    assert rows() == [("01-a.md", 6, 2)]
    # Re-indexed after an edit (a longer header): the row is still the body's line.
    _write(root / "lessons" / "01-a.md", "---\ntitle: a\nstatus: done\n---\nneedle first\n")
    assert index.sync([root]).read == 1
    assert rows() == [("01-a.md", 5, 0)]
    _write(root / "lessons" / "01-a.md", "---\ntitle: a\n---\nx\ny\nz\nneedle last\n")
    index.refresh([root / "lessons" / "01-a.md"])
    assert rows() == [("01-a.md", 7, 3)]
    (root / "lessons" / "01-a.md").rename(root / "lessons" / "02-b.md")
    index.sync([root])
    assert rows() == [("02-b.md", 7, 3)]
    with SearchIndex(tmp_path / "rebuilt.sqlite") as fresh:
        fresh.sync([root])
        assert [h.body_line for h in fresh.search("needle", [root])] == [3]
    # What the file scan says is what the index says.
    scanned = [(Path(h.path).name, h.line, h.body_line) for h in scan([root], re.compile("needle"))]
    assert scanned == rows()


@pytest.mark.parametrize("kind", ["sqlite", "text", "garbage header"])
def test_a_file_that_is_not_our_index_is_never_touched(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from lessontui.services import search_index

    root = _course(tmp_path / "c", {"01-a.md": "the rate finder\n"})
    path = tmp_path / "mine.db"
    if kind == "sqlite":  # the user's own database, even one with a version number
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE contacts(name)")
        db.execute("INSERT INTO contacts VALUES ('Ada')")
        db.execute("PRAGMA user_version = 2")
        db.commit()
        db.close()
    elif kind == "text":
        path.write_text("my shopping list\n" * 100)
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = path.read_bytes()
    with pytest.raises(search_index.IndexError_, match="not lessontui's search index"):
        SearchIndex(path)
    assert path.read_bytes() == before
    monkeypatch.setenv("LESSONTUI_INDEX", str(path))
    assert main(["search", "rate finder", str(root)]) == 0  # the files are read instead
    captured = capsys.readouterr()
    assert "01-a.md:4:the rate finder" in captured.out
    assert "not lessontui's search index" in captured.err
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()


def _files_state(path: Path) -> dict[str, bytes | None]:
    """The bytes of a database and whether its -wal and -shm files are there."""
    state: dict[str, bytes | None] = {}
    for suffix in ("", "-wal", "-shm"):
        each = Path(f"{path}{suffix}")
        if each.is_symlink():
            state[suffix] = os.readlink(each).encode()
        elif each.exists():  # every byte: a user's database is never written, -shm included
            state[suffix] = each.read_bytes()
        else:
            state[suffix] = None
    return state


@pytest.mark.parametrize("kind", ["wal sqlite", "empty file", "dangling link"])
def test_a_wal_database_an_empty_file_or_a_dangling_link_is_left_as_it_is(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessontui.services import search_index

    root = _course(tmp_path / "c", {"01-a.md": "the rate finder\n"})
    path = tmp_path / "mine.db"
    target = tmp_path / "elsewhere" / "target.db"
    if kind == "wal sqlite":  # its last writer crashed: the rows are only in the -wal file
        code = (
            "import os, sqlite3, sys\n"
            "db = sqlite3.connect(sys.argv[1])\n"
            "db.execute('PRAGMA journal_mode = WAL')\n"
            "db.execute('PRAGMA wal_autocheckpoint = 0')\n"
            "db.execute('CREATE TABLE t(x)')\n"
            "db.commit()\n"
            "db.executemany('INSERT INTO t VALUES (?)', [(n,) for n in range(100)])\n"
            "db.commit()\n"
            "os._exit(0)\n"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
        assert Path(f"{path}-wal").exists()
    elif kind == "empty file":
        path.write_bytes(b"")
    else:
        target.parent.mkdir()
        path.symlink_to(target)
    before = _files_state(path)
    with pytest.raises(search_index.IndexError_, match="not lessontui's search index"):
        SearchIndex(path)
    assert _files_state(path) == before
    monkeypatch.setenv("LESSONTUI_INDEX", str(path))
    assert main(["search", "rate finder", str(root)]) == 0  # the files are read instead
    assert "not lessontui's search index" in capsys.readouterr().err
    assert _files_state(path) == before
    assert not target.exists()
    if kind == "wal sqlite":
        import sqlite3

        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 100


def test_a_term_starting_with_a_dash_is_searched_after_a_double_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _course(tmp_path / "c", {"01-a.md": "dash - minus -foo\n"})
    monkeypatch.setenv("LESSONTUI_INDEX", str(tmp_path / "index.sqlite"))
    assert main(["search", "--", "-foo", str(root)]) == 0
    assert "01-a.md:4:dash - minus -foo" in capsys.readouterr().out
    assert main(["search", "-s", "--color", "never", "--", "-foo", str(root)]) == 0
    assert "01-a.md:4:dash - minus -foo" in capsys.readouterr().out


def test_a_lone_cr_ends_a_line_as_in_the_editor(tmp_path: Path, index: SearchIndex) -> None:
    from lessontui.course.markdown_blocks import split_lines

    body = "first\na\rb\nthird\ntargetcr here\n"
    root = tmp_path / "c"
    _course(root, {})
    lesson = root / "lessons" / "01-a.md"
    lesson.parent.mkdir(parents=True, exist_ok=True)
    lesson.write_bytes(f"---\ntitle: a\n---\n{body}".encode())
    _old(lesson)
    row = split_lines(body).index("targetcr here")
    index.sync([root])
    assert [h.body_line for h in index.search("targetcr", [root])] == [row]
    assert [h.body_line for h in scan([root], re.compile("targetcr"))] == [row]


def test_a_lesson_holding_a_nul_byte_is_still_searchable(
    tmp_path: Path, index: SearchIndex, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "c"
    _course(root, {})
    lesson = root / "lessons" / "01-a.md"
    lesson.parent.mkdir(parents=True, exist_ok=True)
    lesson.write_bytes(b"---\ntitle: a\n---\nok line\nnul \x00 here\nafter wordnul\n")
    _old(lesson)
    index.sync([root])
    assert [(h.line, h.body_line) for h in index.search("wordnul", [root])] == [(6, 2)]
    assert [(h.line, h.body_line) for h in scan([root], re.compile("wordnul"))] == [(6, 2)]
    assert [h.body_line for h in index.search("here", [root])] == [1]
    assert main(["search", "--color", "never", "wordnul", str(lesson)]) == 0
    assert "after wordnul" in capsys.readouterr().out


def test_a_transcript_two_lessons_share_is_found_once_by_the_index_and_the_scan(
    tmp_path: Path, index: SearchIndex
) -> None:
    root = tmp_path / "c"
    _course(root, {})
    for n in (1, 2):
        _write(
            root / "lessons" / f"0{n}-p{n}.md",
            f"---\ntitle: P{n}\nvideo: ../media/talk.mp4\n---\npart {n} notes\n",
        )
    _write(root / "media" / "talk.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nsharedcue\n")
    _write(root / "media" / "talk.mp4", "")
    index.sync([root])
    found = [(Path(h.path).name, h.time) for h in index.search("sharedcue", [root])]
    assert found == [("01-p1.md", 5.0)]  # the first lesson naming the video owns its transcript
    assert [(Path(h.path).name, h.time) for h in scan([root], re.compile("sharedcue"))] == found


def test_temporaries_left_by_a_crashed_build_are_deleted_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    stale = [folder / f".index.sqlite.ab_c12x9.new{end}" for end in ("", "-journal", "-wal")]
    # Left by a crash: older than this process (pytest's, which may have run for
    # minutes before this test) and than a minute.
    then = min(STARTED, time.time()) - 100
    for path in stale:
        path.write_bytes(b"SQLite format 3\x00" + bytes(84))
        os.utime(path, (then, then))
    fresh = folder / ".index.sqlite.k2j4h5g6.new"  # another process making one right now
    fresh.write_bytes(b"")
    kept = [
        folder / ".index.sqlite.ab_c12x9.new.bak",  # not a name our build gives
        folder / ".other.sqlite.ab_c12x9.new",  # another index's
        folder / "notes.md",
    ]
    for path in kept:
        path.write_text("mine")
        os.utime(path, (then, then))
    a_folder = folder / ".index.sqlite.folder00.new"
    a_folder.mkdir()
    a_link = folder / ".index.sqlite.alink000.new"
    a_link.symlink_to(folder / "notes.md")
    os.utime(a_link, (then, then), follow_symlinks=False)

    with SearchIndex(folder / "index.sqlite") as index:
        assert index.rebuilt
    assert not [path for path in stale if path.exists()]
    assert fresh.exists()
    assert a_folder.is_dir()
    assert a_link.is_symlink()
    assert [path.read_text() for path in kept] == ["mine"] * 3
    assert sorted(p.name for p in folder.iterdir() if p.name.endswith(".new")) == [
        ".index.sqlite.alink000.new",
        ".index.sqlite.folder00.new",
        ".index.sqlite.k2j4h5g6.new",
        ".other.sqlite.ab_c12x9.new",
    ]
