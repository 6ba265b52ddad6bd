"""Start-up to the first frame, timed the way a user sees it: in a real terminal.

Each run starts a process on a pseudo-terminal of 160x50 and reads what it
writes until the first complete frame has arrived: for lessontui, the footer
with the course title and the first lesson's title; for the bare app (the same
panes, empty stock widgets, `python -m benchmarks.bare_app`), its footer. The
time is from the process start (Python start-up and imports included) to that
output. lessontui runs as installed, from its `lessontui` entry point, with
its bytecode cached: PYTHONDONTWRITEBYTECODE, which our shells set, would make
every run compile lessontui from source while Textual's bytecode stays cached.

Run on its own: `python -m benchmarks.startup [--repeat N] [--lessons N]`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (160, 50)
TIMEOUT = 20.0


def environment() -> dict[str, str]:
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env["PYTHONPATH"] = f"{ROOT}{os.pathsep}{ROOT / 'src'}"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(HERE / ".inputs" / "pycache")
    env["LESSONTUI_CONFIG"] = str(HERE / ".inputs" / "no-config.toml")  # defaults
    env["LESSONTUI_STATE"] = str(HERE / ".inputs" / "no-state.json")
    env["LESSONTUI_LIBRARY"] = str(HERE / ".inputs" / "library")
    return env


def first_frame(command: list[str], stages: list[list[bytes]], env: dict[str, str]) -> list[float]:
    """Milliseconds from starting `command` in a terminal until each stage's markers are all out.

    A stage is a list of strings that must all have been written; the stages are
    waited for in order, so a later one is a later frame (or the same one).
    """
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal, then become the program
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        try:
            os.execve(command[0], command, env)
        finally:
            os._exit(127)  # only reached when the program could not be started
    seen = b""
    times: list[float] = []
    try:
        while time.perf_counter() - started < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError:  # the program ended
                break
            if not chunk:
                break
            seen += chunk
            while len(times) < len(stages) and all(m in seen for m in stages[len(times)]):
                times.append((time.perf_counter() - started) * 1000)
            if len(times) == len(stages):
                return times
        missing = [m for m in stages[len(times)] if m not in seen]
        raise RuntimeError(f"{command[0]}: no frame with {missing}; last output {seen[-500:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def commands(course: Path) -> tuple[list[str], list[str]]:
    """(lessontui, bare app) as a user would start them."""
    script = Path(sys.executable).parent / "lessontui"
    ours = [str(script)] if script.exists() else [sys.executable, "-m", "lessontui.cli"]
    return [*ours, str(course)], [sys.executable, "-m", "benchmarks.bare_app"]


def measure(
    course: Path, repeat: int, cold: bool = False
) -> tuple[list[float], list[float], list[float]]:
    """Interleaved runs of lessontui and the bare app, so load hits both alike.

    `cold`: the course's header cache is deleted before each lessontui run, so
    every lesson file is read and parsed (a course opened for the first time).

    Returns lessontui's first frames, the bare app's, and when lessontui's
    preview was drawn too (it renders after the first frame: its bullets,
    which the editor shows as "- ", mark it).
    """
    from lessontui.course.course import Course
    from lessontui.course.header_cache import CACHE_DIR, CACHE_FILE

    loaded = Course.load(course)
    frame = [b"palette", loaded.title.encode(), loaded.lessons[0].title.encode()]
    stages = [frame, ["• ".encode()]]
    env = environment()
    ours_command, bare_command = commands(course)
    first_frame(ours_command, stages, env)  # writes the bytecode cache and header cache
    first_frame(bare_command, [[b"palette"]], env)
    ours, bare, preview = [], [], []
    for _ in range(repeat):
        if cold:
            (course / CACHE_DIR / CACHE_FILE).unlink(missing_ok=True)
        first, drawn = first_frame(ours_command, stages, env)
        ours.append(first)
        preview.append(drawn)
        bare += first_frame(bare_command, [[b"palette"]], env)
    return ours, bare, preview


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--lessons", type=int, default=1000)
    parser.add_argument("--cold", action="store_true", help="delete the header cache each run")
    args = parser.parse_args()
    from benchmarks.inputs import course

    ours, bare, preview = measure(course(args.lessons), args.repeat, args.cold)
    mine, base = statistics.median(ours), statistics.median(bare)
    cache = "cold" if args.cold else "warm"
    print(f"start-up to first frame, {args.lessons:,} lessons, {cache} header cache,")
    print(f"median of {args.repeat}:")
    print(f"  lessontui {mine:.0f} ms, bare app {base:.0f} ms, ratio {mine / base:.2f}x")
    print(f"  (fastest: {min(ours):.0f} ms and {min(bare):.0f} ms)")
    print(f"  lessontui's preview drawn as well: {statistics.median(preview):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
