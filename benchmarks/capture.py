"""Capture and images, side by side in one run: `python -m benchmarks capture [--runs N]`.

- capture: alt+i written to the installed app's pseudo-terminal (160x50, real
  headless mpv on a clip made by ffmpeg) -> the new image line's bytes on
  screen; paused and playing, interleaved.
- typing: keys typed in a 200-line note holding 30 frames and in the same note
  with each image line replaced by a text line of the same length, the two
  apps interleaved run by run (benchmarks/keystrokes.py's burst and probes).
- preview: the first draw of the top of each note in the preview engine, and
  with images the frames on show decoded too (as the widget's thread does);
  and the whole note with its 30 frames.

Figures are medians and 95th percentiles; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks.inputs import INPUTS, note
from benchmarks.keystrokes import Figures, Terminal, one_run, p95
from benchmarks.startup import environment

FRAMES = 30
FRAME_SIZE = (640, 360)
RUNS = 10
CAPTURES = 15
ALT_I = b"\x1bi"


def _frames_note(root: Path, with_images: bool) -> str:
    """A 200-line note with FRAMES image lines spread through it (or text lines as long)."""
    from PIL import Image

    lines = note(200).rstrip("\n").split("\n")
    frames = root / "media" / "frames"
    frames.mkdir(parents=True, exist_ok=True)
    step = max(1, len(lines) // FRAMES)
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        if number % step == 0 and number // step < FRAMES:
            index = number // step
            name = f"01-the-note-0h{index:02d}m00s.png"
            if with_images:
                colour = (index * 8 % 256, 90, 255 - index * 8 % 256)
                image = Image.new("RGB", FRAME_SIZE, colour)
                image.paste((250, 250, 250), (40, 40, 600, 80))  # a "slide title" bar
                image.save(frames / name)
                out += ["", f"![{index}:00](../media/frames/{name})", f"[{index}:00]", ""]
            else:
                out += [
                    "",
                    "x" * len(f"![{index}:00](../media/frames/{name})"),
                    f"[{index}:00]",
                    "",
                ]
    return "\n".join(out) + "\n"


def _course(work: Path, with_images: bool) -> tuple[Path, str]:
    from lessontui.course.course import Course

    root = work / ("frames" if with_images else "no-frames")
    if root.exists():
        shutil.rmtree(root)
    course = Course.create(root, "Frames" if with_images else "No frames")
    text = _frames_note(root, with_images)
    course.add_lesson("The note", body=text)
    return root, text


def _start(root: Path, work: Path, config: str = "", row: int = 0) -> Terminal:
    from lessontui.course.course import Course

    lesson = Course.load(root).lessons[0]
    state = work / f"state-{root.name}.json"
    key = str(root.resolve())
    state.write_text(json.dumps({"last_course": key, "courses": {
        key: {"lesson": lesson.path.name, "cursor": [row, 0]}}}))  # fmt: skip
    env = environment()
    env["LESSONTUI_STATE"] = str(state)
    if config:
        path = work / f"config-{root.name}.toml"
        path.write_text(config, encoding="utf-8")
        env["LESSONTUI_CONFIG"] = str(path)
    script = Path(sys.executable).parent / "lessontui"
    terminal = Terminal([str(script), str(root)], env)
    terminal.wait_for(b"The note")
    terminal.settle(0.3, 20)
    terminal.key(b"\r")
    terminal.settle(0.3, 20)
    return terminal


def typing(work: Path, runs: int) -> dict[str, Figures]:
    started = {}
    try:
        for with_images in (True, False):
            root, _ = _course(work, with_images)
            started["30 frames" if with_images else "no images"] = _start(root, work)
        for terminal in started.values():
            one_run(terminal, None)
        results: dict[str, Figures] = {}
        for _ in range(runs):
            for name, terminal in started.items():
                one_run(terminal, results.setdefault(name, Figures()))
        return results
    finally:
        for terminal in started.values():
            terminal.close()


def preview(repeats: int = 20) -> dict[str, list[float]]:
    """ms to the first draw of the top 48 rows, images decoded (as the widget's thread does)."""
    from lessontui.render.engine import PreviewEngine
    from lessontui.render.images import ImageCells, decode

    work = INPUTS / "capture"
    figures: dict[str, list[float]] = {}
    for with_images in (True, False):
        root, text = _course(work, with_images)
        for whole, kitty in ((False, False), (True, False), (False, True)):
            if (whole or kitty) and not with_images:
                continue
            name = ("30 frames" if with_images else "no images") + (", whole note" if whole else "")
            name += ", Kitty graphics" if kitty else ""
            for _ in range(repeats):
                start = time.perf_counter()
                engine = PreviewEngine(width=60)
                engine.renderer.images = ImageCells(root, root / "lessons", kitty=kitty)
                engine.set_text(text)
                if whole:
                    engine.render_all()
                else:
                    engine.ensure(0, 48)
                images = engine.renderer.images
                if images.pending:
                    for key, path in list(images.pending.items()):
                        images.keep(key, decode(path, key[3], kitty))
                    engine.forget_images()
                    engine.render_all() if whole else engine.ensure(0, 48)
                figures.setdefault(name, []).append((time.perf_counter() - start) * 1000)
    return figures


def capture(work: Path, captures: int) -> dict[str, list[float]]:
    from lessontui.services.demo_clip import make_clip

    root, _ = _course(work, False)
    make_clip(root / "media" / "clip.mp4", 600, size="320x180")
    lesson_file = next((root / "lessons").glob("*.md"))
    text = lesson_file.read_text(encoding="utf-8")
    lesson_file.write_text(text.replace("title:", "video: ../media/clip.mp4\ntitle:", 1))
    config = 'mpv_args = ["--vo=null", "--ao=null", "--ytdl=no"]\n'
    terminal = _start(root, work, config)
    figures: dict[str, list[float]] = {"paused": [], "playing": []}
    try:
        terminal.key(b"\x1b[15~")  # f5
        terminal.wait_for(b"playing", 60)
        now = "playing"
        for state in ("playing", "paused") * captures:
            if state != now:
                terminal.key(b"\x1bp")  # alt+p
                terminal.settle(0.5, 2)
                now = state
            terminal.key(b"\x1b[F")  # end of the line: the image goes on lines of its own
            terminal.settle(0.05)
            terminal.seen = b""
            start = time.perf_counter()
            os.write(terminal.fd, ALT_I)
            terminal.wait_for(b"media/frames", 10)
            figures[state].append((time.perf_counter() - start) * 1000)
            terminal.settle(0.1)
    finally:
        terminal.close()
    return figures


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {statistics.median(values):.1f} | {p95(values):.1f} | {len(values)} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks capture")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--captures", type=int, default=CAPTURES)
    args = parser.parse_args(argv)
    work = INPUTS / "capture"
    work.mkdir(parents=True, exist_ok=True)
    print("capturing...", file=sys.stderr)
    captured = capture(work, args.captures)
    print("typing...", file=sys.stderr)
    typed = typing(work, args.runs)
    print("preview...", file=sys.stderr)
    previews = preview()
    print("| figure | median ms | p95 ms | n |\n| --- | --- | --- | --- |")
    for state, values in captured.items():
        print(_row(f"capture, alt+i to the line on screen, {state}", values))
    for name, figures in typed.items():
        print(_row(f"typing, key to redraw, {name}", figures.keys))
        print(_row(f"typing, stall after a pause, {name}", figures.stalls))
    for name, values in previews.items():
        print(_row(f"preview first draw, {name}", values))
    with_frames = statistics.median(typed["30 frames"].keys)
    without = statistics.median(typed["no images"].keys)
    print(f"\ntyping median ratio, 30 frames / no images: {with_frames / without:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
