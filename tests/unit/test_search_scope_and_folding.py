"""Search semantics: one case folding everywhere, a course's rows only, every word answered."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessontui.services import casefold, search, search_index
from lessontui.services.search_index import SearchIndex, literal, scan

TRICKY = "İiIıßẞssSσςΣſKkKµμÅåÉéE stra"  # K here: the Kelvin sign; Å: the Angstrom sign


def _old(path: Path) -> None:
    then = time.time() - 100
    os.utime(path, (then, then))


def _note(root: Path, name: str, body: str) -> Path:
    path = root / "lessons" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {name}\n---\n{body}", encoding="utf-8")
    _old(path)
    if not (root / "course.md").exists():
        (root / "course.md").write_text("---\ntitle: C\n---\n")
        _old(root / "course.md")
    return path


def _rows(hits: list) -> list[tuple[str, int, tuple[tuple[int, int], ...]]]:  # type: ignore[type-arg]
    return sorted((Path(h.path).name, h.line, tuple(h.spans)) for h in hits)


def test_the_fold_table_is_what_the_running_sqlite_does() -> None:
    """casefold.py holds SQLite 3.40's table; another SQLite must fold the same."""
    cased = [
        c
        for c in map(chr, range(0x80, 0x20000))
        if c.lower() != c or c.upper() != c or casefold.fold(c) != c
    ]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    db.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", [(ord(c), c * 3) for c in cased])
    sqlite_fold = {chr(doc): term[0] for term, doc in db.execute("SELECT term, doc FROM v")}
    wrong = {
        c: (sqlite_fold[c], casefold.fold(c)) for c in cased if sqlite_fold[c] != casefold.fold(c)
    }
    assert wrong == {}
    assert all(len(casefold.fold(c)) == 1 for c in cased)  # offsets stay put


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("istanbul", ["istanbul"]),  # İ folds to nothing else in SQLite: İstanbul is not found
        ("İstanbul", ["İstanbul"]),
        ("straße", ["Straße", "STRAẞE"]),  # ẞ folds to ß; ß does not become ss
        ("strasse", ["strasse"]),
        ("σοφός", ["ΣΟΦΌΣ", "σοφός"]),  # final sigma folds to σ
        ("kelvin", ["Kelvin", "kelvin"]),  # the Kelvin sign folds to k
    ],
)
def test_case_folding_is_the_same_in_the_index_and_the_file_scans(
    tmp_path: Path, term: str, expected: list[str]
) -> None:
    words = ["İstanbul", "istanbul", "Straße", "STRAẞE", "strasse", "ΣΟΦΌΣ", "σοφός", "Kelvin"]
    words.append("\u212aelvin")
    root = tmp_path / "c"
    path = _note(root, "01-a.md", "".join(f"{w} here\n" for w in words))
    with SearchIndex(tmp_path / "index.sqlite") as index:
        index.sync([root])
        indexed = [h.text.split()[0] for h in index.search(term, [root])]
    scanned = [h.text.split()[0] for h in scan([root], literal(term))]
    one_file = [h.text.split()[0] for h in search.search_file(path, search.compile_query(term))]
    if term == "kelvin":
        expected = ["Kelvin", "\u212aelvin"]
    assert indexed == scanned == one_file == expected


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(st.text(alphabet=TRICKY, min_size=1, max_size=12), min_size=1, max_size=8),
    term=st.text(alphabet=TRICKY, min_size=1, max_size=4),
)
def test_any_term_gives_the_same_hits_from_the_index_and_the_scans(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], term: str
) -> None:
    if not term.strip():
        return
    base = tmp_path_factory.mktemp("fold")
    root = base / "c"
    path = _note(root, "01-a.md", "".join(line.replace("\n", " ") + "\n" for line in lines))
    with SearchIndex(base / "index.sqlite") as index:
        index.sync([root])
        indexed = _rows(index.search(term, [root]))
        cased = _rows(index.search(term, [root], ignore_case=False))
    assert indexed == _rows(list(scan([root], literal(term))))
    one_file = search.search_file(path, search.compile_query(term))
    assert indexed == sorted((p.path.name, p.line, tuple(p.spans)) for p in one_file)
    assert cased == _rows(list(scan([root], literal(term, ignore_case=False))))


def _library(tmp_path: Path) -> list[Path]:
    roots = []
    for number in range(4):
        root = tmp_path / f"course-{number}"
        for lesson in range(3):
            body = "".join(f"model tensor accuracy line {n}\n" for n in range(40))
            if number == 3 and lesson == 2:
                body += "a backpropagation note\n"
            _note(root, f"{lesson:02d}-l.md", body)
        roots.append(root)
    return roots


def test_a_course_search_reads_that_course_only_and_pages_on(tmp_path: Path) -> None:
    roots = _library(tmp_path)
    with SearchIndex(tmp_path / "index.sqlite") as index:
        index.sync(roots)
        last = roots[-1]
        page = index.search("model", [last], limit=25)
        assert len(page) == 25
        assert all(Path(h.path).parent.parent == last for h in page)
        # Each page starts after the last hit of the one before; together: every hit.
        pages = [page]
        while len(pages[-1]) == 25:
            pages.append(index.search("model", [last], limit=25, after=pages[-1][-1].rowid))
        together = [(h.path, h.line) for p in pages for h in p]
        assert together == [(h.path, h.line) for h in index.search("model", [last])]
        assert len(together) == 3 * 40
        assert _rows(index.search("model", [last])) == _rows(list(scan([last], literal("model"))))
        # Whole library, in one range: the same as every course's own.
        everything = index.search("model")
        assert len(everything) == 4 * 3 * 40
        (hit,) = index.search("backprop", [last])
        assert index.plan == "words"
        assert hit.text == "a backpropagation note"
        assert index.search("backprop", [roots[0]]) == []


def test_a_word_in_no_file_is_no_match_at_once_even_with_common_trigrams(tmp_path: Path) -> None:
    roots = _library(tmp_path)
    with SearchIndex(tmp_path / "index.sqlite") as index:
        index.sync(roots)
        for term in ("tensoraccuracy", "tensor accuracyx", "zq", "xmodel"):
            assert index.search(term, roots) == [], term
            assert index.plan == "none", term
            assert list(scan(roots, literal(term))) == []
        # ...but a term that is there is found, whatever it spans.
        for term in ("tensor accuracy", "r accu", "ensor", "e", "s", " 3", "ine 39"):
            assert _rows(index.search(term, roots)) == _rows(list(scan(roots, literal(term))))
            assert index.search(term, roots), term


def test_a_saved_note_is_searchable_at_once_and_its_old_words_are_gone(tmp_path: Path) -> None:
    roots = _library(tmp_path)
    with SearchIndex(tmp_path / "index.sqlite") as index:
        index.sync(roots)
        path = roots[1] / "lessons" / "00-l.md"
        path.write_text("---\ntitle: x\n---\nnothing about zebras\n")
        assert index.refresh([path]) == 1
        (hit,) = index.search("zebras", [roots[1]])
        assert (hit.line, hit.body_line) == (4, 0)
        assert len(index.search("model", [roots[1]])) == 2 * 40  # its old rows are gone
        # ...from the word index too (a contentless table: deleted with the words they had).
        (in_words,) = index._db.execute("SELECT count(*) FROM words WHERE words MATCH 'model'")
        assert in_words[0] == (4 * 3 - 1) * 40
        index._db.execute("INSERT INTO words(words) VALUES ('integrity-check')")
        # A new lesson in an indexed course is added by a refresh too.
        new = _note(roots[1], "09-new.md", "quokka facts\n")
        assert index.refresh([new]) == 1
        assert [Path(h.path).name for h in index.search("quokka", [roots[1]])] == ["09-new.md"]
        path.unlink()
        index.refresh([path])
        assert index.search("zebras", roots) == []


def test_a_library_build_stops_soon_after_it_is_cancelled(tmp_path: Path) -> None:
    root = tmp_path / "c"
    _note(root, "01-big.md", "x\n")
    media = root / "media"
    media.mkdir()
    cues = "".join(
        f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000 --> "
        f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}.500\nsaid word number {n} here\n\n"
        for n in range(200_000)
    )
    (media / "01-big.en.vtt").write_text("WEBVTT\n\n" + cues)  # 13 MB of cues
    _old(media / "01-big.en.vtt")
    stop = threading.Event()
    outcome: list[object] = []

    def build() -> None:
        with SearchIndex(tmp_path / "index.sqlite") as index:
            try:
                index.sync([root], cancel=stop.is_set)
                outcome.append("finished")
            except search_index.Cancelled:
                outcome.append("cancelled")

    worker = threading.Thread(target=build)
    worker.start()
    time.sleep(0.5)  # well into reading the subtitles
    asked = time.monotonic()
    stop.set()
    worker.join(timeout=30)
    took = time.monotonic() - asked
    assert outcome == ["cancelled"]
    assert took < 2.0, f"took {took:.2f} s to stop"  # target 0.5 s; a loaded machine is slower


def test_a_trigram_query_finds_the_term_not_rows_holding_its_trigrams_apart(
    tmp_path: Path,
) -> None:
    # `ing` ends more than WORDS_AT_MOST words, so `ing rat` is asked of the trigrams
    # (an AND of them: the index keeps no positions) and each candidate is checked.
    many = " ".join(f"w{chr(97 + n // 26)}{chr(97 + n % 26)}ing" for n in range(70))
    course = tmp_path / "c"
    _note(course, "01-a.md", f'{many}\nthe waaing rate\ning x g ra rat\nwabing "rat" here\n')
    with SearchIndex(tmp_path / "index.sqlite") as index:
        index.sync([course])
        for term, lines in (("ing rat", ["the waaing rate"]), ('ing "ra', ['wabing "rat" here'])):
            found = index.search(term, [course])
            assert index.plan == "grams", term
            assert [hit.text for hit in found] == lines
            assert _rows(found) == _rows(list(scan([course], literal(term))))
