"""Transcript pane benchmark: a 3-hour lecture's transcript opened and followed.

Run: python -m benchmarks transcript [--runs 5]

Generates (no downloads) a 3-hour transcript as YouTube serves automatic
captions (rolling: each cue repeats the line before) and as a manual `.vtt`
of about 200 KB, then, each run in a fresh process, in the real app under
`run_test` (a unit figure: Textual's headless driver, no terminal):

- parse: `read_transcript` of each file (done in a thread by the app: it
  never holds a frame, but it says how long the pane says "loading");
- open: from handing the parsed cues to the pane to the end of the frame
  that draws them;
- follow: the pane told the video's time (as mpv's time event does, once a
  second) for every second of a 10-minute stretch of playing; counted are the
  calls that moved the highlight to a new cue, from the call to the end of the
  frame that draws it (this includes waiting for Textual's next frame, up to
  1/60 s); then 60 seeks to random places (each scrolls the pane);
- keys: `down` in the pane (the cursor moves, the pane scrolls with it).

Then, as a user feels it, the installed `lessontui` on a 160x50 pseudo-terminal
(benchmarks/keystrokes.py's Terminal), the same files, fresh process a run:

- alt+s: from writing the key to the cues on screen (the file is read and
  parsed in a thread meanwhile; the first frame shows the empty pane at once);
- `down` in the pane and typing a 3-letter filter then deleting it (each
  letter filters and re-wraps the whole transcript): key written -> first
  bytes of the redraw, as in the typing table.

Following mpv is timed only in the unit rows (it needs a 3-hour video playing).

Target: no frame over 50 ms. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.inputs import INPUTS

HOURS = 3
SIZE = (160, 50)


def _clock(seconds: float) -> str:
    whole, millis = int(seconds), int(seconds * 1000) % 1000
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{millis:03d}"


def _words(rng: random.Random, count: int) -> str:
    words = "so the model learns a rate and we look at the loss of each batch here".split()  # noqa: SIM905
    return " ".join(rng.choice(words) for _ in range(count))


def manual_vtt(seconds: int = HOURS * 3600) -> Path:
    """A manual transcript: a sentence every 3 s, about 200 KB for 3 hours."""
    path = INPUTS / f"manual-{seconds}.en.vtt"
    if not path.exists():
        rng = random.Random(3)
        parts = ["WEBVTT\n"]
        for start in range(0, seconds, 3):
            parts.append(f"\n{_clock(start)} --> {_clock(start + 3)}\n")
            parts.append(_words(rng, 6).capitalize() + ".\n")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(parts), encoding="utf-8")
    return path


def rolling_vtt(seconds: int = HOURS * 3600) -> Path:
    """YouTube's automatic captions: two-line cues, each repeating the line before."""
    path = INPUTS / f"rolling-{seconds}.en.vtt"
    if not path.exists():
        rng = random.Random(4)
        parts = ["WEBVTT\nKind: captions\nLanguage: en\n"]
        previous = _words(rng, 7)
        for start in range(0, seconds, 3):
            line = _words(rng, 7)
            parts.append(f"\n{_clock(start)} --> {_clock(start + 2.99)}\n{previous}\n{line}\n")
            parts.append(f"\n{_clock(start + 2.99)} --> {_clock(start + 3)}\n{line}\n")
            previous = line
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(parts), encoding="utf-8")
    return path


def job(vtt: str) -> dict[str, Any]:
    """One run in this process: parse, open, follow, keys; milliseconds."""
    from lessontui.config import Settings
    from lessontui.course.course import Course
    from lessontui.services.transcripts import read_transcript
    from lessontui.tui.app import LessonApp
    from lessontui.tui.widgets.transcript_view import TranscriptView

    started = time.perf_counter()
    transcript = read_transcript(Path(vtt))
    parse = (time.perf_counter() - started) * 1000

    root = Path(tempfile.mkdtemp()) / "course"
    course = Course.create(root, "Transcript benchmark")
    course.add_lesson("Lecture", body="# Lecture\n\nNotes.\n")
    result: dict[str, Any] = {"parse": parse, "cues": len(transcript.cues)}

    async def main() -> None:
        app = LessonApp(course=Course.load(root), settings=Settings())
        async with app.run_test(size=SIZE) as pilot:
            screen = app.main_screen
            screen.show_transcript_pane(True)
            pane = screen.query_one("#transcript", TranscriptView)
            await pilot.pause()

            async def frame(change: Any) -> float:
                """From `change()` to the end of the frame that shows it."""
                drawn = asyncio.Event()
                begin = time.perf_counter()
                change()
                pane.call_after_refresh(drawn.set)
                await drawn.wait()
                return (time.perf_counter() - begin) * 1000

            result["open"] = await frame(
                lambda: pane.show_transcript(transcript.cues, "Transcript")
            )
            rng = random.Random(5)
            base = rng.uniform(0, HOURS * 3600 - 700)
            result["follow"] = []
            for second in range(600):
                before = pane.current
                took = await frame(lambda t=base + second: pane.show_time(t))
                if pane.current != before:  # a second without a new cue draws nothing
                    result["follow"].append(took)
            places = [rng.uniform(0, HOURS * 3600) for _ in range(60)]
            result["seek"] = [await frame(lambda t=t: pane.show_time(t)) for t in places]
            pane.focus()
            await pilot.pause()
            result["down"] = [await frame(lambda: pane.action_move(1)) for _ in range(100)]

    asyncio.run(main())
    return result


def terminal_run(vtt: Path, work: Path) -> dict[str, list[float]]:
    """One fresh `lessontui` on a pty: alt+s to the cues drawn, then down and filter keys."""
    import shutil

    from benchmarks.keystrokes import STARTED_QUIET, Terminal
    from benchmarks.startup import environment
    from lessontui.course.course import Course

    root = work / "course"
    if root.exists():
        shutil.rmtree(root)
    course = Course.create(root, "Transcript benchmark")
    lesson = course.add_lesson("Lecture", body="# Lecture\n\nNotes.\n")
    (root / "media").mkdir()
    shutil.copy(vtt, root / "media" / f"{lesson.path.stem}.en.vtt")
    script = Path(sys.executable).parent / "lessontui"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "lessontui.cli"]
    terminal = Terminal([*command, str(root)], environment())
    try:
        terminal.wait_for(b"Lecture")
        terminal.settle(STARTED_QUIET, 20)
        terminal.key(b"\r")  # into the editor
        terminal.settle(STARTED_QUIET, 20)
        terminal.seen = b""
        begin = time.perf_counter()
        os.write(terminal.fd, b"\x1bs")  # alt+s
        terminal.wait_for(b".en.vtt")  # the pane's title, set once the cues are in
        opened = (time.perf_counter() - begin) * 1000
        terminal.settle(STARTED_QUIET, 20)
        down = [terminal.key(b"\x1b[B") for _ in range(30)]
        typed = [terminal.key(letter) for letter in (b"t", b"h", b"e")]
        typed += [terminal.key(b"\x7f") for _ in range(3)]
    finally:
        terminal.close()
    return {"open": [opened], "down": down, "filter": typed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per file")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        print(json.dumps(job(args.job)))
        return 0
    files = {"manual": manual_vtt(), "rolling (YouTube automatic)": rolling_vtt()}
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in files}
    for _ in range(args.runs):  # interleaved
        for name, path in files.items():
            output = subprocess.run(
                [sys.executable, "-m", "benchmarks.transcript", "--job", str(path)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results[name].append(json.loads(output.strip().splitlines()[-1]))
    pty: dict[str, dict[str, list[float]]] = {name: {} for name in files}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(args.runs):  # interleaved
            for name, path in files.items():
                for key, values in terminal_run(path, Path(work)).items():
                    pty[name].setdefault(key, []).extend(values)
    print(f"3-hour transcripts, {args.runs} fresh processes each, run_test (unit figures), ms:\n")
    print("| file | size | cues | parse (thread), median | open: frame | new cue: median / p95 / "
          "max frame (count) | seek: max frame | down key: max frame |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, path in files.items():
        runs = results[name]
        follow = [x for run in runs for x in run["follow"]]
        seek = [x for run in runs for x in run["seek"]]
        down = [x for run in runs for x in run["down"]]
        p95 = statistics.quantiles(follow, n=20)[-1]
        print(
            f"| {name} | {path.stat().st_size // 1024} KB | {runs[0]['cues']:,} "
            f"| {statistics.median(r['parse'] for r in runs):.0f} "
            f"| {max(r['open'] for r in runs):.1f} (max of {len(runs)}) "
            f"| {statistics.median(follow):.1f} / {p95:.1f} / {max(follow):.1f} ({len(follow)}) "
            f"| {max(seek):.1f} ({len(seek)}) | {max(down):.1f} ({len(down)}) |"
        )
    print(f"\nThe installed app on a 160x50 pty, {args.runs} fresh processes each, ms:\n")
    print("| file | alt+s to cues drawn: median (max) | down key: median / max | "
          "filter letter or backspace: median / max |")  # fmt: skip
    print("| --- | ---: | ---: | ---: |")
    for name in files:
        got = pty[name]
        print(
            f"| {name} | {statistics.median(got['open']):.0f} ({max(got['open']):.0f}) "
            f"| {statistics.median(got['down']):.1f} / {max(got['down']):.1f} ({len(got['down'])}) "
            f"| {statistics.median(got['filter']):.1f} / {max(got['filter']):.1f} "
            f"({len(got['filter'])}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
