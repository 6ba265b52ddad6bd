"""Search benchmark: `lessontui search` against `grep -rn` on a 1,000-lesson library.

Run: /work/venv/bin/python benchmarks/bench_search.py [--lessons 1000] [--repeat 7]

It writes its own library under benchmarks/.inputs/search/ (10 courses, about
10 MB of notes), then times, side by side and interleaved, the same search done
by grep and by lessontui: the whole CLI process (Python start-up included; from
200 files on it forks a worker for half of them), the same process kept to one
process, and the search function alone. Target: lessontui at most 1.5x grep. Figures are
printed, never asserted (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = HERE / ".inputs" / "search"
sys.path.insert(0, str(HERE.parent / "src"))

from lessontui.services.search import (  # noqa: E402
    compile_query,
    grep_lines,
    note_files,
    read_note,
)

WORDS = str.split(
    "the a model data training learning rate gradient descent layer network loss "
    "batch epoch python notebook fastai pytorch image dataset validation error metric "
    "fine tune pretrained weights tensor matrix we see how this that is of to and in "
    "function random forest decision tree embedding language token transformer deploy"
)


def make_library(root: Path, lessons: int, lesson_bytes: int) -> Path:
    """A library of courses of 100 lessons each; reused when already the right size."""
    stamp = root / f".made-{lessons}-{lesson_bytes}"
    if stamp.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(42)
    per_course = 100
    for number in range(lessons):
        course = root / f"course-{number // per_course:02d}"
        if number % per_course == 0:
            (course / "lessons").mkdir(parents=True)
            (course / "course.md").write_text(f'---\ntitle: "Course {number // per_course}"\n---\n')
        lines = [
            "---",
            f'title: "Lesson {number}: {" ".join(rng.choices(WORDS, k=4))}"',
            f"order: {number % per_course + 1}",
            f"url: https://www.youtube.com/watch?v=vid{number:08d}",
            "status: todo",
            "duration: 4800",
            "---",
        ]
        size = sum(len(x) + 1 for x in lines)
        while size < lesson_bytes:
            minute, second = divmod(rng.randrange(4800), 60)
            kind = rng.random()
            words = " ".join(rng.choices(WORDS, k=rng.randrange(6, 18)))
            if kind < 0.1:
                line = f"- [ ] {words}"
            elif kind < 0.4:
                line = f"[{minute}:{second:02d}] {words}"
            elif kind < 0.45:
                line = ""
            else:
                line = words.capitalize() + "."
            if rng.random() < 0.002:
                line += " Backpropagation explained"  # the rare term
            lines.append(line)
            size += len(line) + 1
        name = f"{number % per_course + 1:03d}-lesson.md"
        (course / "lessons" / name).write_text("\n".join(lines) + "\n")
    stamp.touch()
    return root


def scan(library: Path, query) -> int:  # type: ignore[no-untyped-def]
    """What the CLI does between start-up and printing: list, read, match, make the output."""
    pieces: list[bytes] = []
    for path in note_files(library):
        data = read_note(path)
        if data is not None:
            grep_lines(data, query, os.fsencode(path) + b":", pieces)
    return b"".join(pieces).count(b"\n")


def cli_environment() -> dict[str, str]:
    """The environment for the CLI runs: this checkout's code, with its bytecode cached.

    A user's installed lessontui runs from cached .pyc files. Our shells set
    PYTHONDONTWRITEBYTECODE, which made every run compile lessontui's modules
    from source (about 5 ms); the CLI runs here write and reuse bytecode in a
    cache folder of their own instead (PYTHONPYCACHEPREFIX), never in src/.
    """
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(INPUTS.parent / "pycache")
    return env


ONE_PROCESS = (
    "import sys; import lessontui.commands.search as s; s._SPLIT_AT = 1 << 60; "
    "from lessontui.cli import main; sys.exit(main())"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--lesson-bytes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("grep") is None:
        print("grep is not installed")
        return 1
    library = make_library(INPUTS, args.lessons, args.lesson_bytes)
    files = note_files(library)
    total = sum(os.path.getsize(f) for f in files)
    print(f"library: {len(files)} lessons, {total / 1e6:.1f} MB in {library}")
    lessontui = [sys.executable, "-m", "lessontui.cli", "search"]
    script = Path(sys.executable).parent / "lessontui"
    if script.exists():  # the installed entry point, as a user runs it
        lessontui = [str(script), "search"]
    env = cli_environment()
    subprocess.run([*lessontui, "warm-up", str(library)], capture_output=True, env=env)
    # The same CLI with the worker switched off, to show what the second process buys.
    one_process = [sys.executable, "-c", ONE_PROCESS, "search"]
    cases = [
        # (what, grep command, lessontui args, in-process query)
        ("common word, ignore case", ["grep", "-rni", "gradient"], ["gradient"], {}),
        ("common word, exact case", ["grep", "-rn", "gradient"], ["-s", "gradient"],
         {"ignore_case": False}),
        ("rare word, ignore case", ["grep", "-rni", "backpropagation"], ["backpropagation"], {}),
        ("no match, ignore case", ["grep", "-rni", "zzyzx"], ["zzyzx"], {}),
    ]  # fmt: skip
    header = (
        f"{'search':<27}{'grep -rn':>10}{'CLI':>10}{'ratio':>7}"
        f"{'1-proc':>10}{'ratio':>7}{'in-proc':>10}{'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    for what, grep, ours, options in cases:
        # Interleave the runs so that load from other processes hits both alike.
        grep_times, cli_times, one_times, fn_times = [], [], [], []
        term = ours[-1]
        query = compile_query(term, **options)
        grep_hits = cli_hits = fn_hits = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            out = subprocess.run([*grep, str(library)], capture_output=True, env=env)
            grep_times.append(time.perf_counter() - started)
            grep_hits = out.stdout.count(b"\n")
            started = time.perf_counter()
            out = subprocess.run([*lessontui, *ours, str(library)], capture_output=True, env=env)
            cli_times.append(time.perf_counter() - started)
            cli_hits = out.stdout.count(b"\n")
            started = time.perf_counter()
            out = subprocess.run([*one_process, *ours, str(library)], capture_output=True, env=env)
            one_times.append(time.perf_counter() - started)
            if out.stdout.count(b"\n") != cli_hits:
                print(f"{what}: one process gave other output than two")
            started = time.perf_counter()
            fn_hits = scan(library, query)
            fn_times.append(time.perf_counter() - started)
        g, c, o, f = (
            statistics.median(times) for times in (grep_times, cli_times, one_times, fn_times)
        )
        print(
            f"{what:<27}{g * 1000:>8.1f}ms{c * 1000:>8.1f}ms{c / g:>6.2f}x"
            f"{o * 1000:>8.1f}ms{o / g:>6.2f}x{f * 1000:>8.1f}ms{f / g:>6.2f}x"
        )
        if not (grep_hits == cli_hits == fn_hits):
            # grep also sees the front matter and course.md; lessontui skips them.
            print(f"{'':<27}lines: grep {grep_hits}, CLI {cli_hits}, in-proc {fn_hits}")
    print(f"medians of {args.repeat} interleaved runs; target: ratio <= 1.50")
    print(f"CLI = `{' '.join(lessontui)}` as a process, Python start-up included;")
    print("(bytecode cached, as installed; PYTHONDONTWRITEBYTECODE is dropped for those runs);")
    print("1-proc = the same CLI with its forked worker switched off (python -c);")
    print("in-proc = the CLI's search inside this process: list, read, match, make the output.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
