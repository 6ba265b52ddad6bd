"""Search benchmark: what ctrl+f asks of the index, against `grep -rn -i -F` over the same files.

Run: python -m benchmarks search [--quick] (or python benchmarks/bench_search.py)

It writes its own library under benchmarks/.inputs/index/ (no downloads): at
full size 100 courses of 100 lessons (10,000 lessons, 10 KB of notes each) and
2,000 one-hour transcripts (.en.vtt, a cue every 3 s; every fifth lesson has
one); `--quick` makes 500 lessons and 100 transcripts. Then, side by side in one run:

- the index built from nothing, and its size against the text;
- each term's first page as the search screen asks it (the same page size, for
  a 34-row result list, and the same 100 ms budget), in one course (the last:
  its rows come last) and in the whole library, median of 5;
- every keystroke of typed words, each its first page, p95 per scope;
- every term's full result set checked against a scan of the files (one pass
  over every row, all terms at once), compared as a count and a digest;
- `grep -rn -i -F` over the same .md and .vtt files, its output read from a
  pipe, per term and scope, the same work on both sides: the first page
  against grep's first page (the time to its first as many lines; ours in
  process, grep a process, so grep's start-up alone is printed too), and
  every hit against every line, both as processes (`lessontui search`, on
  the warm index, against grep) with ours in process beside them;
- a note saved to its rows searchable, on the path the app uses
  (`tui/features/search.py: _refresh_index`, then the first page finds it).

Figures are printed, never asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = HERE / ".inputs" / "index"
sys.path.insert(0, str(HERE.parent / "src"))

from lessontui.services import search_index  # noqa: E402
from lessontui.services.casefold import spans  # noqa: E402
from lessontui.services.search_index import SearchIndex  # noqa: E402
from lessontui.tui.features.search import _refresh_index  # noqa: E402
from lessontui.tui.screens.search_screen import BUDGET_MS, page_for  # noqa: E402

WORDS = str.split(
    "the a model data training learning rate gradient descent layer network loss "
    "batch epoch python notebook fastai pytorch image dataset validation error metric "
    "fine tune pretrained weights tensor matrix we see how this that is of to and in "
    "function random forest decision tree embedding language token transformer deploy "
    "accuracy"
)
LIST_HEIGHT = 34  # the result list in a 50-row terminal
PAGE = page_for(LIST_HEIGHT)
TERMS = {
    "rare": "backpropagation",
    "common": "model",
    "phrase": "learning rate",
    "no match": "zyxwvuq",
    "no match, common trigrams": "tensoraccuracy",
    "short rare": "zy",
}
TYPED = ["transformer", "tensoraccuracy", "zyxwvut"]
MADE = 3  # bump when the generator changes: the inputs are made again


def make_library(root: Path, lessons: int, transcripts: int) -> Path:
    """Courses of 100 lessons (10 KB each); `transcripts` of them, spread evenly, with an
    hour's captions."""
    stamp = root / f".made-{MADE}-{lessons}-{transcripts}"
    if stamp.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(42)
    for number in range(lessons):
        course = root / f"course-{number // 100:03d}"
        if number % 100 == 0:
            (course / "lessons").mkdir(parents=True)
            (course / "media").mkdir()
            (course / "course.md").write_text(
                f'---\ntitle: "Course {number // 100}"\n---\nAn intro to course {number}.\n'
            )
        stem = f"{number % 100:02d}-lesson-{number}"
        lines = ["---", f'title: "Lesson {number}"', "status: todo", "---"]
        size = 0
        while size < 10_000:
            minute, second = divmod(rng.randrange(4800), 60)
            words = " ".join(rng.choices(WORDS, k=rng.randrange(6, 18)))
            line = f"[{minute}:{second:02d}] {words}"
            if rng.random() < 0.002:
                line += " Backpropagation explained"  # a rarer term
            lines.append(line)
            size += len(line) + 1
        if number == lessons // 2:
            lines.append("the zyxwvut is said once in the whole library")
        (course / "lessons" / f"{stem}.md").write_text("\n".join(lines) + "\n")
        if number % (lessons // transcripts) == 0:  # spread: every course has some
            cues = ["WEBVTT", ""]
            for cue in range(1200):
                start = cue * 3
                words = " ".join(rng.choices(WORDS, k=10))
                cues += [f"{_ts(start)} --> {_ts(start + 3)}", words + ".", ""]
            (course / "media" / f"{stem}.en.vtt").write_text("\n".join(cues))
    old = time.time() - 3600  # not "just changed": the index trusts these stats
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (old, old))
    stamp.write_text("")
    return root


def _ts(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def _timed(index: SearchIndex, term: str, roots: list[str]) -> tuple[float, int, bool, str]:
    """One keystroke as the screen asks it: (ms, hits, complete, plan)."""
    began = time.perf_counter()
    found = index.search(term, roots, limit=PAGE + 1, budget_ms=BUDGET_MS)
    return (time.perf_counter() - began) * 1000, len(found), index.complete, index.plan


class Digest:
    """A count and an order-free digest of (file, line, spans) rows."""

    def __init__(self) -> None:
        self.count = 0
        self.sum = 0

    def add(self, path: str, line: int, found: Iterable[tuple[int, int]]) -> None:
        key = f"{path}\0{line}\0{tuple(found)}".encode()
        self.count += 1
        self.sum = (self.sum + int.from_bytes(hashlib.blake2b(key, digest_size=8).digest())) % (
            1 << 64
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Digest) and (self.count, self.sum) == (other.count, other.sum)

    __hash__ = None  # type: ignore[assignment]


def index_digest(index: SearchIndex, term: str, roots: list[str] | None) -> Digest:
    digest, after = Digest(), 0
    while True:
        page = index.search(term, roots, limit=20_000, after=after)
        for hit in page:
            digest.add(hit.source, hit.line, hit.spans)
        if len(page) < 20_000:
            return digest
        after = page[-1].rowid


def scan_digests(roots: list[str], terms: list[str], course: str) -> dict[tuple[str, str], Digest]:
    """One pass over every row of the library's files: each term's rows, per scope."""
    digests = {(t, scope): Digest() for t in terms for scope in ("course", "library")}
    for root in roots:
        videos = {}
        for source in search_index.course_sources(root, ["en"], {}, []):
            if source.kind == search_index.NOTE:
                data = Path(source.path).read_bytes()
                video = search_index.note_rows(data)[1]
                if video:
                    videos[source.path] = video
        for source in search_index.course_sources(root, ["en"], videos, []):
            rows, _, _, _ = search_index.rows_of(source)
            for line, text, _ in rows:
                for term in terms:
                    found = spans(term, text)
                    if found:
                        digests[(term, "library")].add(source.path, line, found)
                        if root == course:
                            digests[(term, "course")].add(source.path, line, found)
    return digests


def grep_ms(term: str, folder: str, first: int | None = None) -> tuple[float, int]:
    """grep over the folder's .md and .vtt files, every line of its output read (or
    its `first` lines, then it is stopped)."""
    command = ["grep", "-rn", "-i", "-F", "--include=*.md", "--include=*.vtt", term, folder]
    return process_ms(command, first)


def process_ms(command: list[str], first: int | None = None) -> tuple[float, int]:
    """A process started and its output read from a pipe: all of it, or `first` lines."""
    began = time.perf_counter()
    lines = 0
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as run:
        assert run.stdout is not None
        for _ in run.stdout:
            lines += 1
            if lines == first:
                break
        took = (time.perf_counter() - began) * 1000
        run.kill()
    return took, lines


def all_ms(index: SearchIndex, term: str, roots: list[str]) -> tuple[float, int]:
    """Every hit of a term, in process: pages of 20,000 rows."""
    began, count, after = time.perf_counter(), 0, 0
    while True:
        page = index.search(term, roots, limit=20_000, after=after)
        count += len(page)
        if len(page) < 20_000:
            return (time.perf_counter() - began) * 1000, count
        after = page[-1].rowid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 lessons, 100 transcripts")
    parser.add_argument("--no-scan", action="store_true", help="skip checking against a scan")
    args = parser.parse_args(argv)
    lessons, transcripts = (500, 100) if args.quick else (10_000, 2_000)
    name = "quick" if args.quick else "full"
    print(f"making the library ({lessons} lessons, {transcripts} transcripts)...", flush=True)
    library = make_library(INPUTS / name, lessons, transcripts)
    roots = sorted(str(p) for p in library.iterdir() if p.is_dir())
    course = roots[-1]
    scopes = {"course": [course], "library": roots}
    text_bytes = sum(f.stat().st_size for f in library.rglob("*") if f.suffix in (".md", ".vtt"))
    index_file = INPUTS / f"index-{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{index_file}{suffix}").unlink(missing_ok=True)
    os.environ[search_index.INDEX_ENV] = str(index_file)  # the app's path finds this index
    load = os.getloadavg()

    print("building the index...", flush=True)
    started = time.perf_counter()
    with SearchIndex(index_file) as index:
        report = index.sync(roots, prune_others=True)
        build = time.perf_counter() - started
        index._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = index.size()

        for term in TERMS.values():  # warm the page cache once
            _timed(index, term, roots)
        first: dict[tuple[str, str], list[float]] = {}
        answers: dict[tuple[str, str], tuple[int, bool, str]] = {}
        for _ in range(5):
            for scope, chosen in scopes.items():
                for term in TERMS.values():
                    ms, hits, complete, plan = _timed(index, term, chosen)
                    first.setdefault((term, scope), []).append(ms)
                    answers[(term, scope)] = (hits, complete, plan)
        keys: dict[str, list[tuple[str, float, bool]]] = {}
        for scope, chosen in scopes.items():
            for word in TYPED:
                for n in range(1, len(word) + 1):
                    ms, _, complete, _ = _timed(index, word[:n], chosen)
                    keys.setdefault(scope, []).append((word[:n], ms, complete))

        every: dict[tuple[str, str], tuple[float, int]] = {}
        for term in TERMS.values():
            for scope, chosen in scopes.items():
                runs = [all_ms(index, term, chosen) for _ in range(2)]
                every[(term, scope)] = (min(ms for ms, _ in runs), runs[0][1])

        digests_index = {}
        if not args.no_scan:
            print("checking every term against a scan of the files...", flush=True)
            for term in TERMS.values():
                for scope, chosen in scopes.items():
                    digests_index[(term, scope)] = index_digest(index, term, chosen)

    scan_digest = {} if args.no_scan else scan_digests(roots, list(TERMS.values()), course)

    # A note saved, as the app does it: its rows refreshed in a worker, then searched.
    note = sorted((Path(course) / "lessons").iterdir())[0]
    original = note.read_bytes()  # put back afterwards: the inputs stay as made
    updates = []
    for run in range(7):
        word = f"saved{os.getpid()}word{run}x"  # in no earlier run's leftovers either
        with note.open("a") as handle:
            handle.write(f"a line with {word}\n")
        began = time.perf_counter()
        _refresh_index(note)
        with SearchIndex(index_file) as index:
            found = index.search(word, [course], limit=PAGE + 1, budget_ms=BUDGET_MS)
        updates.append((time.perf_counter() - began) * 1000)
        assert len(found) == 1, (word, found)
    note.write_bytes(original)

    print("timing grep and lessontui search...", flush=True)
    grep: dict[tuple[str, str], tuple[float, int]] = {}
    grep_page: dict[tuple[str, str], tuple[float, int]] = {}
    cli: dict[tuple[str, str], tuple[float, int]] = {}
    command = [str(Path(sys.executable).with_name("lessontui")), "search"]
    for term in TERMS.values():
        for scope, folder in (("course", course), ("library", str(library))):
            tries = 2 if scope == "library" else 3
            runs = [grep_ms(term, folder) for _ in range(tries)]
            grep[(term, scope)] = (min(ms for ms, _ in runs), runs[0][1])
            runs = [grep_ms(term, folder, PAGE + 1) for _ in range(tries)]
            grep_page[(term, scope)] = (min(ms for ms, _ in runs), runs[0][1])
            runs = [process_ms([*command, "--", term, folder]) for _ in range(2)]
            cli[(term, scope)] = (min(ms for ms, _ in runs), runs[0][1])
    empty = INPUTS / "empty"
    empty.mkdir(exist_ok=True)
    grep_start = min(grep_ms("x", str(empty))[0] for _ in range(5))
    cli_start = min(process_ms([*command, "--help"])[0] for _ in range(3))
    load_after = os.getloadavg()

    print(f"\nlibrary: {lessons} lessons, {transcripts} transcripts, {text_bytes / 1e6:.1f} MB")
    print(
        f"machine: {os.cpu_count()} cores; load average {load[0]:.1f} before, "
        f"{load_after[0]:.1f} after (other jobs share it)"
    )
    print(f"page: {PAGE + 1} rows asked (a {LIST_HEIGHT}-row list), budget {BUDGET_MS} ms")
    print(
        f"index: built from nothing in {build:.1f} s ({report.bytes / 1e6 / build:.1f} MB/s), "
        f"{size / 1e6:.0f} MB on disk, {size / text_bytes:.2f}x the text"
    )
    print()
    print(
        f"processes started alone: grep over an empty folder {grep_start:.1f} ms, "
        f"`lessontui search --help` {cli_start:.0f} ms"
    )
    print()
    print(
        f"first page against first page: ours in process, {PAGE + 1} rows asked; "
        f"grep a process, timed to its first {PAGE + 1} lines (start-up included)"
    )
    print()
    print(
        "| term | scope | first page, median of 5 | hits on it | how | grep, first page | vs grep |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, term in TERMS.items():
        for scope in scopes:
            ms = statistics.median(first[(term, scope)])
            hits, complete, plan = answers[(term, scope)]
            shown = f"{hits - 1}+" if hits > PAGE else str(hits)
            if not complete:
                shown += " (cut short)"
            grep_time, grep_lines = grep_page[(term, scope)]
            print(
                f"| {label} `{term}` | {scope} | {ms:.1f} ms | {shown} | {plan} | "
                f"{grep_time:.1f} ms, {grep_lines} lines | {grep_time / max(ms, 0.01):.0f}x |"
            )
    print()
    print(
        "every hit against every line: `lessontui search` and grep as processes (output "
        "read from a pipe, best of 2-3), ours in process beside them"
    )
    print()
    print(
        "| term | scope | ours, in process | `lessontui search`, a process | grep, a process "
        "| `lessontui search` / grep | checked against a scan |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, term in TERMS.items():
        for scope in scopes:
            ours_ms, ours_rows = every[(term, scope)]
            cli_ms, cli_lines = cli[(term, scope)]
            grep_time, grep_lines = grep[(term, scope)]
            if args.no_scan:
                checked = "not checked"
            else:
                ours, theirs = digests_index[(term, scope)], scan_digest[(term, scope)]
                checked = (
                    f"same {ours.count} rows"
                    if ours == theirs
                    else (f"DIFFERENT: {ours.count} against {theirs.count}")
                )
            ratio = cli_ms / max(grep_time, 0.01)
            print(
                f"| {label} `{term}` | {scope} | {ours_ms:.0f} ms, {ours_rows} rows | "
                f"{cli_ms:.0f} ms, {cli_lines} lines | {grep_time:.0f} ms, {grep_lines} lines | "
                f"{ratio:.1f}x | {checked} |"
            )
    print()
    print("| typed, keystroke by keystroke | scope | p50 | p95 | max | cut short |")
    print("| --- | --- | --- | --- | --- | --- |")
    for scope, timed in keys.items():
        values = [ms for _, ms, _ in timed]
        worst = max(timed, key=lambda item: item[1])
        cut = [t for t, _, complete in timed if not complete]
        print(
            f"| {', '.join(TYPED)} ({len(timed)} keystrokes) | {scope} | "
            f"{statistics.median(values):.1f} ms | {percentile(values, 95):.1f} ms | "
            f"{worst[1]:.1f} ms (`{worst[0]}`) | {', '.join(cut) or 'none'} |"
        )
    print()
    print(
        f"a note saved to its rows searchable (the app's refresh, then a first page): "
        f"median {statistics.median(updates):.1f} ms, max {max(updates):.1f} ms of 7"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
