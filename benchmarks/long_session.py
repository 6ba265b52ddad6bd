"""A long session under several garbage-collector set-ups: RSS over time and the longest stalls.

`python -m benchmarks.long_session [--lessons 100] [--keys 60] [--big]`

The real app (`LessonApp`, preview on) is driven with Textual's Pilot
(`run_test`), in a fresh process per garbage-collector policy, on the same
course: `--lessons` lessons, each a 200-line note ending in a 300-row table (a
block over 4,000 characters, so the preview renders it in a thread with
`render_detached`, the path that freezes). For each lesson in turn: the lesson
list gets focus, `down` and `enter` open the next lesson, `--keys` keys are
typed at the end of the note in bursts of 10, 10 ms apart (each a Key event
handed to the app's driver, as the terminal driver hands over a key it read;
Pilot's `press` waits for the process to look idle after each key, which
took 165 ms a key here),
then the session waits for the preview to re-render and the note to be saved
(autosave after 0.2 s), then no input comes for `--idle` seconds (1.5: a
user reading, longer than `idle_gc.IDLE_S`). 100 lessons of 60 keys is the
work of a 30-minute session (18 s a lesson) with most idle time left out. The
policies:

- `idle`: as the app ships (`tui/idle_gc.py`): a `gc.collect()` and a
  `gc.freeze()` after the first note is drawn, and again (after a
  `gc.unfreeze()`) once the input has paused for a second; Python's own full
  collections come after 100 younger ones instead of 10 (`FULL_AFTER`);
- `pauses`: `idle` with Python's threshold left at 10;
- `start`: only the first of those, as the app did before `idle`;
- `renders`: `start`, and a freeze after every big block rendered in a thread
  (`render_detached`), as the app did before these figures;
- `none`: `gc.freeze` does nothing;
- `collected`: like `renders`, with a `gc.collect()` before each freeze.

Printed per policy: RSS (VmRSS) after every tenth lesson; the longest
event-loop gap (a 1 ms heartbeat task: the longest any key or frame waited);
the longest and the total time in full (generation 2) collections, timed with
`gc.callbacks`; gaps and collections while typing (and waiting for the preview
and the save) and in the pauses apart; how many objects are frozen at the end,
how many a full collection walks then (and of which types); and, after
`gc.unfreeze()` and `gc.collect()` at the end, how many unreachable objects the
collector found: garbage the freeze had kept from being collected; and, for the
first policy, how many blocks and lines the preview's render cache holds.

`--big` instead runs `benchmarks/preview.py`'s stall job (a 20,000-row table and
a 2,000,000-character line, each shown then edited twice) under each policy:
the longest UI stall, which the freeze after big renders was there to cut.
`LONG_SESSION_CACHE_LINES=N` sets the render cache's bound on lines to N.
Nothing is asserted; the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.preview import ROOT, machine

POLICIES = ("idle", "pauses", "start", "renders", "none", "collected")
SIZE = (160, 50)
BURST = 10
KEY_GAP = 0.01  # seconds between keys in a burst
# `--big`: the blocks benchmarks/preview.py's stall table uses (rows, or characters).
BIG = (("table", 20_000), ("line", 2_000_000))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def lesson_body(number: int) -> str:
    from benchmarks.inputs import note

    rows = "\n".join(
        f"| {n} | lesson {number} cell with **bold** and `code` {n} | [{n % 60}:{n % 60:02d}] |"
        for n in range(300)
    )
    table = "| n | what | when |\n| ---: | --- | --- |\n" + rows
    return f"{note(200, seed=number)}\n{table}\n\nMy notes:\n"


def no_freeze() -> None:
    """Stands in for gc.freeze where a policy leaves it out."""


def apply(policy: str) -> None:
    """Set the garbage collector up as `policy` says, before the app is imported."""
    from lessontui.tui import idle_gc

    if policy != "idle":  # Python's own threshold for full collections
        idle_gc.FULL_AFTER = gc.get_threshold()[2]
    if policy not in ("idle", "pauses"):  # no collection when the input pauses
        idle_gc.IdleCollector.input = lambda self: None  # type: ignore[method-assign]
    if policy == "none":
        gc.freeze = no_freeze  # type: ignore[assignment]
    elif policy in ("renders", "collected"):
        from lessontui.render import engine

        render = engine.render_detached

        def render_and_freeze(*args: Any) -> Any:
            entry = render(*args)
            if policy == "collected":
                gc.collect()  # the garbage of the moment is not frozen with the rest
            gc.freeze()  # what render_detached did until the long-session figures
            return entry

        engine.render_detached = render_and_freeze


def job(policy: str, lessons: int, keys: int, idle: float) -> dict[str, Any]:
    apply(policy)
    if "LONG_SESSION_CACHE_LINES" in os.environ:  # try another bound on the render cache
        from lessontui.render import engine

        engine.CACHE_LINES = int(os.environ["LONG_SESSION_CACHE_LINES"])
    from textual import events

    from lessontui.config import Settings
    from lessontui.course.course import Course
    from lessontui.tui.app import LessonApp

    root = Path(tempfile.mkdtemp(prefix="lessontui-long-")) / "course"
    made = Course.create(root, "Long session")
    for number in range(lessons):
        made.add_lesson(f"Lesson {number + 1}", body=lesson_body(number))

    # Event-loop gaps while typing (and waiting for preview and save) and in the pause
    # after each lesson, apart; full collections by who asked: Python's automatic ones
    # and IdleCollector's own (after the first note, and when the input pauses).
    gaps: dict[str, list[float]] = {"typing": [], "idle": []}
    full: dict[str, list[tuple[float, float, int]]] = {"automatic": [], "own": []}
    started: list[tuple[float, float, int]] = []
    phase = ["typing"]
    own = [False]  # IdleCollector is collecting
    from lessontui.tui.idle_gc import IdleCollector

    collect = IdleCollector.collect

    def collect_marked(self: IdleCollector) -> None:
        own[0] = True
        try:
            collect(self)
        finally:
            own[0] = False

    IdleCollector.collect = collect_marked  # type: ignore[method-assign]

    def on_gc(when: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if when == "start":
            walked = len(gc.get_objects())  # what this collection walks (not timed)
            started.append((time.perf_counter(), time.thread_time(), walked))
        elif started:
            began, cpu_began, walked = started.pop()
            took = (time.perf_counter() - began) * 1000
            cpu = (time.thread_time() - cpu_began) * 1000  # what another process cannot lengthen
            full["own" if own[0] else "automatic"].append((took, cpu, walked))

    async def heartbeat() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps[phase[0]].append((now - last) * 1000)
            last = now

    rss: list[float] = []
    blocks: list[int] = [0]
    lines: list[int] = [0]
    out: dict[str, Any] = {}

    async def main() -> None:
        settings = Settings(show_preview=True, autosave_delay=0.2)
        app = LessonApp(Course.load(root), settings)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            await app.workers.wait_for_complete()
            rss.append(rss_mb())
            gc.callbacks.append(on_gc)
            beat = asyncio.create_task(heartbeat())
            start = time.perf_counter()
            main_screen = app.main_screen
            for number in range(lessons):
                if number:  # the first lesson is open at start
                    main_screen.lesson_list.focus()
                    await pilot.press("down", "enter")
                editor = main_screen.editor
                assert main_screen.current_lesson is not None
                assert main_screen.current_lesson.title == f"Lesson {number + 1}", number
                editor.focus()
                editor.move_cursor(editor.document.end)
                typed = f"lesson {number + 1} typed " * (keys // 10 + 1)
                for at, char in enumerate(typed[:keys]):
                    key = events.Key("space" if char == " " else char, char)
                    app._driver.send_message(key)  # as the terminal driver delivers a key
                    await asyncio.sleep(KEY_GAP)
                    if at % BURST == BURST - 1:
                        await pilot.pause(0.05)
                await pilot._wait_for_screen()
                assert editor.text.endswith(typed[:keys]), number  # every key arrived
                await pilot.pause(0.4)  # preview (0.15 s) and autosave (0.2 s)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert main_screen.editor.border_subtitle == "✓ saved", number
                if idle:  # the user stops typing for a while
                    phase[0] = "idle"
                    await pilot.pause(idle)
                    phase[0] = "typing"
                if (number + 1) % 10 == 0:
                    rss.append(rss_mb())
                    cache = main_screen.preview.engine._cache  # what the preview keeps
                    blocks.append(len(cache))
                    lines.append(sum(len(entry[0]) for entry in cache.values()))
            out["seconds"] = time.perf_counter() - start
            beat.cancel()
            gc.callbacks.remove(on_gc)
            out["frozen"] = gc.get_freeze_count()
            tracked = gc.get_objects()  # what a full collection walks now
            out["tracked"] = len(tracked)
            kinds = Counter(type(o).__name__ for o in tracked).most_common(6)
            out["tracked_kinds"] = ", ".join(f"{name} {count:,}" for name, count in kinds)
            del tracked
            gc.unfreeze()
            out["unreachable_after_unfreeze"] = gc.collect()
            out["rss_after_unfreeze"] = rss_mb()
            await pilot.press("ctrl+q")

    asyncio.run(main())
    typing = sorted(gaps["typing"])
    return {
        **out,
        "rss": rss,
        "cache_blocks": blocks,
        "cache_lines": lines,
        "gap_max": typing[-1],
        "gap_p999": typing[int(len(typing) * 0.999)],
        "idle_gap_max": max(gaps["idle"], default=0.0),
        **{
            f"{who}_{figure}": value
            for who, timed in full.items()
            for figure, value in (
                ("count", len(timed)),
                ("max", max((ms for ms, _, _ in timed), default=0.0)),
                ("cpu_max", max((cpu for _, cpu, _ in timed), default=0.0)),
                ("total", sum(ms for ms, _, _ in timed)),
                ("walked", max((walked for _, _, walked in timed), default=0)),
            )
        },
    }


def big_job(policy: str, kind: str, size: int) -> dict[str, Any]:
    """benchmarks.preview's stall job (a huge block shown, then edited twice) under `policy`."""
    apply(policy)
    from benchmarks.preview import job_stall

    return job_stall(kind, size, "on", 2)


def run_job(*args: object) -> dict[str, Any]:
    """One job in a fresh process: `session POLICY LESSONS KEYS IDLE`, `big POLICY KIND SIZE 0`."""
    inputs = ROOT / "benchmarks" / ".inputs"
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
        "LESSONTUI_CONFIG": str(inputs / "config.toml"),
        "LESSONTUI_LIBRARY": str(inputs / "library"),
    }
    command = [sys.executable, "-m", "benchmarks.long_session", "--job", *map(str, args)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"job {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_session(results: dict[str, dict[str, Any]], lessons: int) -> None:
    names = list(results)
    first = results[names[0]]
    heads = " | ".join(f"RSS MB, {name}" for name in names)
    print(f"\n| lessons done | {heads} | preview cache, {names[0]}: blocks / lines |")
    print("| ---: |" + " ---: |" * (len(names) + 1))
    for row in range(len(first["rss"])):
        cells = " | ".join(f"{results[name]['rss'][row]:.1f}" for name in names)
        cache = f"{first['cache_blocks'][row]:,} / {first['cache_lines'][row]:,}"
        print(f"| {min(row * 10, lessons)} | {cells} | {cache} |")
    print("\n| figure | " + " | ".join(names) + " |")
    print("| --- |" + " ---: |" * len(names))
    rows = [
        ("session time, s", "seconds", "{:.0f}"),
        ("longest event-loop gap while typing, ms", "gap_max", "{:.0f}"),
        ("99.9th percentile gap while typing, ms", "gap_p999", "{:.1f}"),
        ("longest event-loop gap in a pause, ms", "idle_gap_max", "{:.0f}"),
        ("automatic full collections", "automatic_count", "{}"),
        ("longest automatic full collection, ms", "automatic_max", "{:.1f}"),
        ("...the most CPU time one took, ms", "automatic_cpu_max", "{:.1f}"),
        ("time in automatic full collections, ms", "automatic_total", "{:.0f}"),
        ("most objects an automatic one walked", "automatic_walked", "{:,}"),
        ("collections by IdleCollector (in pauses)", "own_count", "{}"),
        ("longest of those, ms", "own_max", "{:.1f}"),
        ("...the most CPU time one took, ms", "own_cpu_max", "{:.1f}"),
        ("most objects one of those walked", "own_walked", "{:,}"),
        ("objects frozen at the end", "frozen", "{:,}"),
        ("objects a full collection walks at the end", "tracked", "{:,}"),
        ("garbage found after unfreeze", "unreachable_after_unfreeze", "{:,}"),
        ("RSS after unfreeze + collect, MB", "rss_after_unfreeze", "{:.1f}"),
    ]
    for label, key, form in rows:
        print(f"| {label} | " + " | ".join(form.format(results[n][key]) for n in names) + " |")
    for name in names:
        print(f"- walked at the end, {name}: {results[name]['tracked_kinds']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--keys", type=int, default=60, help="keys typed in each lesson")
    parser.add_argument(
        "--idle", type=float, default=1.5, help="seconds without input after each lesson"
    )
    parser.add_argument("--policies", nargs="+", default=list(POLICIES), choices=POLICIES)
    parser.add_argument("--big", action="store_true", help="only the huge-block stall table")
    parser.add_argument("--job", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        name, policy, first, second, idle = args.job
        if name == "big":
            print(json.dumps(big_job(policy, first, int(second))))
        else:
            print(json.dumps(job(policy, int(first), int(second), float(idle))))
        return 0
    print(f"{machine()}; load average {os.getloadavg()[0]:.1f} at the start")
    if args.big:
        print("| huge block, shown then edited twice | " + " | ".join(args.policies) + " |")
        print("| --- |" + " ---: |" * len(args.policies))
        for kind, size in BIG:
            stalls = [run_job("big", p, kind, size, 0)["stall"][0] for p in args.policies]
            cells = " | ".join(f"{stall:.0f}" for stall in stalls)
            print(f"| {kind} of {size:,}: longest UI stall, ms | {cells} |")
    else:
        print(
            f"{args.lessons} lessons, {args.keys} keys each, a {args.idle} s pause after "
            "each, preview on, 160x50 (Pilot)"
        )
        results = {
            p: run_job("session", p, args.lessons, args.keys, args.idle) for p in args.policies
        }
        print_session(results, args.lessons)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
