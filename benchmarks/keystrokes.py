"""Typing as a user feels it: key written to a terminal -> first bytes of the redraw.

Each program runs as a user starts it, on a pseudo-terminal of 160x50, on the
same note (200, 2,000 and 10,000 lines of `benchmarks.inputs.note`), with the
cursor at the top (row 0), the middle (a paragraph line, column 5) or the end
(the end of the last line):

- lessontui: the installed `lessontui` entry point, the note as the only
  lesson of a course, the cursor placed through its state file, the editor
  focused with enter; preview and checklist shown (the defaults);
- stock TextArea: `benchmarks.stock_editor`, Textual's TextArea with
  `language="markdown"` and soft wrap, full screen;
- vim: `vim -u NONE -N` with `syntax on` and `filetype=markdown`, in insert mode.

One run is a burst then a pause. The burst types `BURST` characters, one every
`SPACING` seconds; each is timed from `os.write` of the key to the first
bytes the program writes after it. The pause lasts `PAUSE` seconds (longer
than lessontui's 0.15 s wait before it re-renders the preview and checklist),
during which a probe key is written every `PROBE` seconds and timed the same
way: the slowest of those is the run's "stall after a pause", the longest a key
waits while the re-render runs. The probes go round left, left, end: two
probes handled in one frame (the first one's timing ended by another redraw's
bytes, the preview's) still move the cursor, where a left and a right arrow
would cancel out, and an editor that redraws only what changed would then
write nothing until its cursor blinks. After the first pause, typing goes on
near the end of the same line. Every program gets one run of warm-up, then
the programs take turns run by run (interleaved), `RUNS` runs each, so load on
the machine hits all alike. Figures are medians and 95th
percentiles over all typed keys of all runs; nothing is asserted.

Run on its own: `python -m benchmarks.keystrokes [--runs N] [--sizes 200 2000]`.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.inputs import INPUTS, note_file
from benchmarks.startup import environment

SIZE = (160, 50)
SIZES = (200, 2000, 10000)
PLACES = ("top", "middle", "end")
BURST = 6
SPACING = 0.06
PAUSE = 0.6
PROBE = 0.015
RUNS = 10
START_TIMEOUT = 60.0
KEY_TIMEOUT = 10.0
QUIET = 0.02  # a redraw has ended when nothing more arrives for this long
# Waiting for start-up to end: shorter than Textual's 0.5 s cursor blink.
STARTED_QUIET = 0.3

LEFT, RIGHT, END = b"\x1b[D", b"\x1b[C", b"\x1b[F"
PROBES = (LEFT, LEFT, END)
_OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


class Terminal:
    """A program on a pseudo-terminal; the parent holds the master side."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.command = command
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
            try:
                os.execve(command[0], command, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.seen = b""

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 1 << 20)
        except OSError:  # the program ended
            chunk = b""
        if not chunk:
            raise RuntimeError(f"{self.command[0]} ended; last output {self.seen[-300:]!r}")
        self.seen = (self.seen + chunk)[-200_000:]
        return chunk

    def wait_for(self, marker: bytes, timeout: float = START_TIMEOUT) -> None:
        deadline = time.perf_counter() + timeout
        while marker not in self.seen:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{self.command[0]}: no {marker!r}; got {self.seen[-300:]!r}")
            self._read(deadline - time.perf_counter())

    def settle(self, quiet: float = QUIET, limit: float = 5.0) -> None:
        """Read until nothing arrives for `quiet` seconds (or `limit` passes)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self._read(quiet):
            pass

    def key(self, data: bytes) -> float:
        """Milliseconds from writing `data` to the first bytes written back; then settle."""
        while self._read(0):  # whatever came before is not this key's
            pass
        start = time.perf_counter()
        os.write(self.fd, data)
        # Textual may first set the mouse pointer's shape (OSC 22), which draws nothing.
        while not _OSC.sub(b"", self._read(start + KEY_TIMEOUT - time.perf_counter())):
            if time.perf_counter() - start > KEY_TIMEOUT:
                raise RuntimeError(f"{self.command[0]}: no redraw for {data!r}")
        elapsed = (time.perf_counter() - start) * 1000
        self.settle()
        return elapsed

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def place(text: str, where: str) -> tuple[int, int]:
    """(row, column) to type at: the top, a paragraph line in the middle, the end."""
    lines = text.rstrip("\n").split("\n")
    if where == "top":
        return 0, 0
    if where == "end":
        return len(lines) - 1, len(lines[-1])
    for row in range(len(lines) // 2, len(lines)):
        if lines[row][:1].isalpha():
            return row, 5
    raise ValueError("no paragraph line below the middle")


def start_lessontui(lines: int, row: int, column: int, work: Path) -> Terminal:
    from lessontui.course.course import Course

    root = work / f"course-{lines}"
    if root.exists():
        shutil.rmtree(root)
    course = Course.create(root, f"Typing {lines}")
    lesson = course.add_lesson("The note", body=note_file(lines).read_text(encoding="utf-8"))
    state = work / f"state-{lines}.json"
    key = str(root.resolve())
    place_entry = {"lesson": lesson.path.name, "cursor": [row, column]}
    state.write_text(json.dumps({"last_course": key, "courses": {key: place_entry}}))
    env = environment()
    env["LESSONTUI_STATE"] = str(state)
    script = Path(sys.executable).parent / "lessontui"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "lessontui.cli"]
    terminal = Terminal([*command, str(root)], env)
    terminal.wait_for(b"The note")
    terminal.settle(STARTED_QUIET, 20)
    terminal.key(b"\r")  # from the lesson list into the editor
    terminal.settle(STARTED_QUIET, 20)
    return terminal


def start_stock(lines: int, row: int, column: int) -> Terminal:
    command = [sys.executable, "-m", "benchmarks.stock_editor", str(note_file(lines))]
    terminal = Terminal([*command, str(row), str(column)], environment())
    terminal.wait_for(b"\x1b[?1049h")  # the alternate screen: the app is up
    terminal.settle(STARTED_QUIET, 30)
    return terminal


def start_vim(lines: int, row: int, column: int) -> Terminal:
    vim = shutil.which("vim")
    if vim is None:
        raise RuntimeError("vim is not installed (apt-get install vim)")
    command = [vim, "-u", "NONE", "-i", "NONE", "-N", "-n", "-c", "syntax on"]
    command += ["-c", "set ft=markdown", "-c", f"call cursor({row + 1}, {column + 1})"]
    terminal = Terminal([*command, str(note_file(lines))], environment())
    terminal.wait_for(b"\x1b[?1049h")
    terminal.settle(STARTED_QUIET, 20)
    terminal.key(b"a" if column else b"i")  # insert mode, after the cursor at the end
    return terminal


@dataclass
class Figures:
    keys: list[float] = field(default_factory=list)
    stalls: list[float] = field(default_factory=list)  # the slowest probe of each run


def one_run(terminal: Terminal, figures: Figures | None) -> None:
    # Restart Textual's 0.5 s cursor blink, so no blink redraw lands in the burst.
    terminal.key(LEFT)
    terminal.key(RIGHT)
    keys: list[float] = []
    for _ in range(BURST):
        started = time.perf_counter()
        keys.append(terminal.key(b"x"))
        time.sleep(max(0.0, SPACING - (time.perf_counter() - started)))
    probes: list[float] = []
    pause_end = time.perf_counter() + PAUSE
    probe = 0
    while time.perf_counter() < pause_end:
        started = time.perf_counter()
        probes.append(terminal.key(PROBES[probe % len(PROBES)]))
        probe += 1
        time.sleep(max(0.0, PROBE - (time.perf_counter() - started)))
    if figures is not None:
        figures.keys += keys
        figures.stalls.append(max(probes))


PROGRAMS = ("lessontui", "stock TextArea, markdown", "vim")


@contextmanager
def programs(lines: int, where: str, work: Path) -> Iterator[dict[str, Terminal]]:
    row, column = place(note_file(lines).read_text(encoding="utf-8"), where)
    started: dict[str, Terminal] = {}
    try:
        started["lessontui"] = start_lessontui(lines, row, column, work)
        started["stock TextArea, markdown"] = start_stock(lines, row, column)
        started["vim"] = start_vim(lines, row, column)
        yield started
    finally:
        for terminal in started.values():
            terminal.close()


def measure(sizes: tuple[int, ...], runs: int) -> dict[tuple[str, int, str], Figures]:
    work = INPUTS / "keystrokes"
    work.mkdir(parents=True, exist_ok=True)
    results: dict[tuple[str, int, str], Figures] = {}
    for lines in sizes:
        for where in PLACES:
            print(f"  {lines:,} lines, typing at the {where}...", file=sys.stderr)
            with programs(lines, where, work) as started:
                for terminal in started.values():
                    one_run(terminal, None)  # warm-up, the same for every program
                for _ in range(runs):
                    for name, terminal in started.items():
                        figures = results.setdefault((name, lines, where), Figures())
                        one_run(terminal, figures)
    return results


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def table(results: dict[tuple[str, int, str], Figures], runs: int) -> str:
    out = [
        f"Key written -> first redraw bytes, 160x50 pty, {BURST}-key bursts "
        f"({SPACING * 1000:.0f} ms apart), {runs} interleaved runs per row; "
        f"stall = slowest probe key (left, left, end) in the {PAUSE:.1f} s pause after a burst, "
        "median (max) over runs. Milliseconds.",
        "",
        "| note | typing at | program | key median | key p95 | stall after pause |",
        "| ---: | --- | --- | ---: | ---: | ---: |",
    ]
    for (name, lines, where), figures in results.items():
        stall = f"{statistics.median(figures.stalls):.1f} ({max(figures.stalls):.1f})"
        out.append(
            f"| {lines:,} | {where} | {name} | {statistics.median(figures.keys):.1f} "
            f"| {p95(figures.keys):.1f} | {stall} |"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    print(table(measure(tuple(args.sizes), args.runs), args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
