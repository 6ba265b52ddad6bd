"""Preview and editor benchmarks, each figure beside its baseline: `python -m benchmarks`.

Every measurement runs in a fresh subprocess (`--job ...` prints JSON), so imports,
caches and memory of one do not leak into another. Times are wall-clock medians of
"make the change, let the screen process its messages, paint": the same harness for
our widgets and for the baselines. Nothing is asserted: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE = (160, 50)


# -- helpers used inside the job processes ------------------------------------------------


async def settle(pilot: Any) -> None:
    """Process pending messages, then paint once (no idle sleeps, unlike pilot.pause)."""
    await pilot._wait_for_screen()
    pilot.app.screen._on_timer_update()
    await pilot._wait_for_screen()


async def timed(pilot: Any, change: Callable[[], Any]) -> float:
    start = time.perf_counter()
    result = change()
    if asyncio.iscoroutine(result) or hasattr(result, "__await__"):
        await result
    await settle(pilot)
    return (time.perf_counter() - start) * 1000


def edit_line(text: str, near: int) -> int:
    """A paragraph line near `near`, where typing a character changes one block."""
    lines = text.split("\n")
    for index in range(near, len(lines)):
        if lines[index][:1].isalpha():
            return index
    return near


# -- jobs ------------------------------------------------------------------------------


def job_refresh(engine: str, lines: int, repeat: int) -> dict[str, Any]:
    """One-character edits in the middle of a note; the preview shows that part."""
    from textual.app import App, ComposeResult
    from textual.widgets import Markdown

    from benchmarks.inputs import note
    from lessontui.tui.widgets.preview import NotePreview

    text = note(lines)
    row = edit_line(text, lines // 2)

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield NotePreview() if engine == "ours" else Markdown()

    samples: list[float] = []
    first: list[float] = []

    async def main() -> None:
        app = Bench()
        async with app.run_test(size=SIZE) as pilot:
            if engine == "ours":
                preview = app.query_one(NotePreview)
                preview.update_text("# warm up\n\nimports and the parser")
                await settle(pilot)
                first.append(await timed(pilot, lambda: preview.update_text(text)))
                preview.scroll_to_source_line(row)
                await pilot.pause()
            else:
                markdown = app.query_one(Markdown)
                first.append(await timed(pilot, lambda: markdown.update(text)))
            current = text
            for n in range(repeat):
                source = current.split("\n")
                source[row] = source[row][:5] + "xy"[n % 2] + source[row][5:]
                current = "\n".join(source)
                if engine == "ours":
                    samples.append(await timed(pilot, lambda t=current: preview.update_text(t)))
                else:
                    samples.append(await timed(pilot, lambda t=current: markdown.update(t)))

    asyncio.run(main())
    return {"edit": samples, "first": first}


def job_keys(kind: str, lines: int, repeat: int) -> dict[str, Any]:
    """Typed characters in the middle of a note, with or without the preview beside."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Static, TextArea

    from benchmarks.inputs import note
    from lessontui.tui.widgets.note_editor import NoteEditor
    from lessontui.tui.widgets.preview import NotePreview

    text = note(lines)
    row = edit_line(text, lines // 2)

    class Bench(App[None]):
        CSS = "Horizontal > * { width: 1fr; }"

        def compose(self) -> ComposeResult:
            with Horizontal():
                if kind == "stock":
                    yield TextArea(language="markdown", soft_wrap=True, id="editor")
                else:
                    yield NoteEditor(id="editor")
                yield NotePreview(id="preview") if kind == "preview" else Static(id="preview")

        def on_text_area_changed(self) -> None:
            # Worst case: the preview re-renders on every keystroke (the app debounces).
            if kind == "preview":
                self.query_one(NotePreview).update_text(self.query_one("#editor", TextArea).text)

    samples: list[float] = []

    async def main() -> None:
        app = Bench()
        async with app.run_test(size=SIZE) as pilot:
            editor = app.query_one("#editor", TextArea)
            editor.load_text(text)
            editor.focus()
            editor.move_cursor((row, 5))
            if kind == "preview":
                preview = app.query_one(NotePreview)
                preview.update_text(text)
                preview.scroll_to_source_line(row)
            await pilot.pause(0.5)
            for _ in range(repeat):

                def press() -> None:
                    key = events.Key("x", "x")
                    key.set_sender(app)
                    app._driver.send_message(key)  # as Pilot.press does, minus its idle sleeps

                samples.append(await timed(pilot, press))
            assert editor.document.get_line(row).count("x") >= repeat

    asyncio.run(main())
    return {"key": samples}


def job_app_keys(kind: str, lines: int, repeat: int) -> dict[str, Any]:
    """Typed characters in the real LessonApp, preview shown ("on") or hidden ("off").

    This is the path a user types through: the app re-renders the preview after
    a short pause in typing, so a burst of keys costs the editor's work only.
    """
    import tempfile

    from textual import events

    from benchmarks.inputs import note
    from lessontui.config import Settings
    from lessontui.course.course import Course
    from lessontui.tui.app import LessonApp

    text = note(lines)
    row = edit_line(text, lines // 2)
    samples: list[float] = []

    async def main() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            course = Course.create(Path(tmp) / "c", "Bench")
            course.add_lesson("Long note", body=text)
            settings = Settings(autosave_delay=3600, show_preview=kind == "on")
            app = LessonApp(Course.load(course.root), settings)
            async with app.run_test(size=SIZE) as pilot:
                editor = app.main_screen.editor
                editor.focus()
                editor.move_cursor((row, 5))
                await pilot.pause(0.5)
                for _ in range(repeat):

                    def press() -> None:
                        key = events.Key("x", "x")
                        key.set_sender(app)
                        app._driver.send_message(key)  # as Pilot.press does, minus its sleeps

                    samples.append(await timed(pilot, press))
                assert editor.document.get_line(row).count("x") >= repeat

    asyncio.run(main())
    return {"key": samples}


def job_memory(kind: str, lines: int) -> dict[str, Any]:
    """RSS with a 10,000-line lesson open, preview on or off, in the real app."""
    from benchmarks.inputs import note
    from lessontui.config import Settings
    from lessontui.course.course import Course
    from lessontui.tui.app import LessonApp

    root = Path(tempfile.mkdtemp()) / "course"
    course = Course.create(root, "Memory")
    course.add_lesson("Long lesson", body=note(lines))

    rss: list[float] = []

    async def main() -> None:
        app = LessonApp(Course.load(root), Settings(show_preview=kind == "preview"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            if kind == "preview":  # the user scrolls the preview top to bottom once
                preview = app.query_one("#preview")
                for y in range(0, preview.virtual_size.height, 40):
                    preview.scroll_to(y=y, animate=False, immediate=True)
                    await settle(pilot)
            await pilot.pause(0.3)
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        rss.append(int(line.split()[1]) / 1024)

    asyncio.run(main())
    return {"rss_mb": rss}


def big_note(kind: str, size: int) -> str:
    """A note around one block that is slow to render: a table of `size` rows, or a
    paragraph that is a single line of `size` characters."""
    if kind == "table":
        rows = [
            f"| {n} | cell with **bold** and `code` {n} | [{n % 60}:{n % 60:02d}] |"
            for n in range(size)
        ]
        block = "| n | what | when |\n| ---: | --- | --- |\n" + "\n".join(rows)
    else:
        words = "a pasted transcript line with [12:34] stamps and *emphasis* "
        block = (words * (size // len(words) + 1))[:size]
    return f"# A big block\n\nSome text before it.\n\n{block}\n\nSome text after it.\n"


def job_stall(kind: str, size: int, detach: str, edits: int) -> dict[str, Any]:
    """The longest the UI thread is blocked while a big block is shown and edited.

    A 1 ms heartbeat task runs on the app's event loop; its longest gap is the
    longest time any frame or key had to wait. `detach` "on" is the app as shipped
    (big blocks rendered in a thread), "off" renders them on the UI thread.
    """
    from textual.app import App, ComposeResult

    from lessontui.tui.widgets.preview import NotePreview

    text = big_note(kind, size)
    gaps: list[float] = []
    shown: list[float] = []

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield NotePreview()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            gaps.append((now - last) * 1000)
            last = now

    async def main() -> None:
        app = Bench()
        async with app.run_test(size=SIZE) as pilot:
            preview = app.query_one(NotePreview)
            preview.update_text("# warm up\n\n| a |\n| - |\n| b |\n")
            await settle(pilot)
            preview.engine.detach_big = detach == "on"
            beat = asyncio.create_task(heartbeat())
            await asyncio.sleep(0.05)
            gaps.clear()

            async def show(new: str) -> None:
                start = time.perf_counter()
                preview.update_text(new)
                for _ in range(60_000):  # until the block's real lines are on screen
                    await settle(pilot)
                    engine = preview.engine
                    index = engine.block_at(int(preview.scroll_y) + 3)
                    if not preview._detached_busy and not engine._rendered[index][1].pending:
                        break
                    await asyncio.sleep(0.005)
                shown.append((time.perf_counter() - start) * 1000)

            if kind == "control":  # the floor: any busy Python thread, none of ours
                done = time.perf_counter() + 3

                def busy() -> None:
                    while time.perf_counter() < done:
                        [[n] for n in range(1000)]

                await asyncio.to_thread(busy)
                beat.cancel()
                return
            await show(text)
            preview.scroll_to(y=3, animate=False, immediate=True)  # the big block on show
            current = text
            for n in range(edits):
                marker = "Some text after it."
                current = current.replace(marker, f"X{n}" + marker) if kind == "line" else current
                if kind == "table":
                    current = current.replace("| 1 | ", "| 1 | x", 1)
                else:
                    current = current.replace("a pasted", f"{n}pasted", 1)
                await show(current)
            beat.cancel()

    asyncio.run(main())
    return {"stall": [max(gaps)], "shown": shown}


JOBS = {
    "refresh": job_refresh,
    "keys": job_keys,
    "app_keys": job_app_keys,
    "memory": job_memory,
    "stall": job_stall,
}


# -- the parent: run jobs, print the table --------------------------------------------------


def run_job(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    env.setdefault("LESSONTUI_CONFIG", str(HERE / ".inputs" / "config.toml"))
    env.setdefault("LESSONTUI_LIBRARY", str(HERE / ".inputs" / "library"))
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.preview", "--job", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(f"job {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], p: int) -> float:
    """The tail a user feels as hitches (garbage collections, repaints)."""
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else float("nan")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--job", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, no stock 2,000")
    args = parser.parse_args()
    if args.job:
        name, *rest = args.job
        converted = [int(value) if value.isdigit() else value for value in rest]
        print(json.dumps(JOBS[name](*converted)))
        return 0

    from benchmarks.inputs import course, note_file

    for lines in (200, 2000, 10000):
        note_file(lines)
    course_root = course(1000)
    repeat = 5 if args.quick else 15
    rows: list[tuple[str, str, str, str, str]] = []

    def row(figure: str, ours: float, base: float | None, base_name: str, target: str) -> None:
        ratio = f"{ours / base:.2f}x" if base else "-"
        base_text = f"{base:.1f} ({base_name})" if base is not None else base_name
        rows.append((figure, f"{ours:.1f}", base_text, ratio, target))
        print(f"  {figure}: {ours:.1f} vs {base_text}", file=sys.stderr)

    print("measuring preview refresh...", file=sys.stderr)
    refresh = {n: run_job("refresh", "ours", str(n), str(repeat)) for n in (200, 2000, 10000)}
    stock_sizes = (200,) if args.quick else (200, 2000)
    stock = {n: run_job("refresh", "stock", str(n), "3" if n <= 200 else "1") for n in stock_sizes}
    for n in (200, 2000, 10000):
        peer = median(stock[n]["edit"]) if n in stock else None
        row(
            f"preview refresh after a 1-char edit, {n:,} lines (ms)",
            median(refresh[n]["edit"]),
            peer,
            "stock Markdown" if peer is not None else "stock Markdown: not run (minutes)",
            "<= 16 ms, flat",
        )
    peer = median(stock[2000]["first"]) if 2000 in stock else median(stock[200]["first"])
    row(
        "first preview of a 10,000-line note, visible part (ms)",
        median(refresh[10000]["first"]),
        peer,
        f"stock Markdown at {2000 if 2000 in stock else 200:,} lines",
        "<= 100 ms",
    )

    print("measuring keystrokes...", file=sys.stderr)
    keys = {
        (kind, n): run_job("keys", kind, str(n), str(repeat * 2))
        for kind in ("preview", "editor", "stock")
        for n in (200, 10000)
    }
    # Interleaved runs of 60 keys: the two figures are close, so load on the
    # machine must hit both alike.
    app_keys: dict[str, list[float]] = {"on": [], "off": []}
    # Five sets: this VM's speed drifts by up to 2x from one process to the next.
    for _ in range(2 if args.quick else 5):
        for kind in ("on", "off"):
            app_keys[kind] += run_job("app_keys", kind, "10000", "60")["key"]
    row(
        "keystroke in the app, preview on (re-rendered after a typing pause), 10,000 lines (ms)",
        median(app_keys["on"]),
        median(app_keys["off"]),
        "same app, preview hidden",
        "<= 1.1x",
    )
    row(
        "the same keystrokes, 95th percentile (ms)",
        percentile(app_keys["on"], 95),
        percentile(app_keys["off"], 95),
        "same app, preview hidden",
        "-",
    )
    for n in (200, 10000):
        row(
            f"keystroke, editor + preview re-rendered on every key, {n:,} lines (ms)",
            median(keys[("preview", n)]["key"]),
            median(keys[("editor", n)]["key"]),
            "same editor, no preview",
            "- (worst case)",
        )
    row(
        "keystroke, our editor alone, 10,000 lines (ms)",
        median(keys[("editor", 10000)]["key"]),
        median(keys[("stock", 10000)]["key"]),
        "stock TextArea, markdown",
        "-",
    )

    print("measuring UI stalls on big blocks...", file=sys.stderr)
    floor = run_job("stall", "control", "0", "on", "0")
    row(
        "longest UI stall while any Python thread is busy (ms)",
        max(floor["stall"]),
        None,
        "the floor for the rows below: GIL hand-offs and machine load",
        "-",
    )
    cases = [("table", 500), ("table", 2000), ("table", 20000), ("line", 2_000_000)]
    for kind, size in cases:
        edits = "2" if args.quick else "4"
        ours_stall = run_job("stall", kind, str(size), "on", edits)
        # The UI-thread baseline at 20,000 rows takes 7-16 s a render: full runs only.
        base_stall = (
            run_job("stall", kind, str(size), "off", "1")
            if not (args.quick and size == 20000)
            else None
        )
        what = f"table of {size:,} rows" if kind == "table" else f"{size:,}-character line"
        row(
            f"longest UI stall, {what} shown then edited (ms)",
            max(ours_stall["stall"]),
            max(base_stall["stall"]) if base_stall else None,
            "same, rendered on the UI thread" if base_stall else "UI-thread render: not run",
            "<= 50 ms",
        )
        row(
            f"  ... until the edited {what} is drawn (ms)",
            median(ours_stall["shown"][1:]),
            median(base_stall["shown"][1:]) if base_stall else None,
            "same, rendered on the UI thread" if base_stall else "-",
            "- (drawn in a thread)",
        )

    print("measuring start-up...", file=sys.stderr)
    from benchmarks.startup import measure

    ours_start, bare_start, preview_drawn = measure(course_root, 3 if args.quick else 9)
    row(
        "start-up to first frame in a terminal, 1,000 lessons (ms)",
        median(ours_start),
        median(bare_start),
        "bare app, same empty widgets",
        "<= 1.3x",
    )
    row(
        "start-up until the preview is drawn too (ms)",
        median(preview_drawn),
        median(bare_start),
        "bare app's first frame",
        "-",
    )

    print("measuring memory...", file=sys.stderr)
    with_preview = [run_job("memory", "preview", "10000")["rss_mb"][0] for _ in range(3)]
    without = [run_job("memory", "none", "10000")["rss_mb"][0] for _ in range(3)]
    row(
        "memory (RSS) with a 10,000-line note open (MB)",
        median(with_preview),
        median(without),
        "same app, preview off",
        "<= 1.5x",
    )

    print(f"\nMachine: {machine()}\n")
    print("| figure | lessontui | baseline | ratio | target |")
    print("| --- | ---: | --- | ---: | --- |")
    for figure, ours, base, ratio, target in rows:
        print(f"| {figure} | {ours} | {base} | {ratio} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
