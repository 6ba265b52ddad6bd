"""Generate the benchmark inputs: realistic notes of any length and a 1,000-lesson course."""

from __future__ import annotations

import random
from pathlib import Path

INPUTS = Path(__file__).parent / ".inputs"  # git-ignored

_WORDS = (  # noqa: SIM905 (one readable string)
    "model training data loss learning rate batch epoch gradient layer tensor "
    "dataset notebook python fastai pytorch image resnet accuracy validation "
    "metric tokenizer embedding weights inference deploy gradio kaggle cell "
    "function decorator class random forest tree split feature column"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(_WORDS) for _ in range(words)]
    for index in range(len(picked)):
        roll = rng.random()
        if roll < 0.04:
            picked[index] = f"*{picked[index]}*"
        elif roll < 0.07:
            picked[index] = f"**{picked[index]}**"
        elif roll < 0.11:
            picked[index] = f"`{picked[index]}()`"
        elif roll < 0.13:
            picked[index] = f"[{picked[index]}](https://docs.fast.ai/{picked[index]})"
    return " ".join(picked).capitalize() + "."


def _stamp(rng: random.Random) -> str:
    seconds = rng.randrange(0, 5400)
    return f"[{seconds // 60}:{seconds % 60:02d}]"


def _section(rng: random.Random, number: int) -> list[str]:
    """One chunk of a lesson note, about 40 lines."""
    lines = [f"## Part {number}: {rng.choice(_WORDS)} and {rng.choice(_WORDS)}", ""]
    for _ in range(2):
        lines += [
            f"{_stamp(rng)} {_sentence(rng, 12)}",
            _sentence(rng, 14),
            _sentence(rng, 9),
            "",
        ]
    lines += [f"- {_sentence(rng, 6)}", f"- {_sentence(rng, 8)}"]
    lines += [f"  - {_sentence(rng, 5)}", f"  - {_sentence(rng, 4)}", f"- {_sentence(rng, 7)}", ""]
    lines += [
        "```python",
        "from fastai.vision.all import *",
        f"dls = ImageDataLoaders.from_folder(path, valid_pct={rng.random():.2f})",
        "learn = vision_learner(dls, resnet18, metrics=error_rate)",
        f"learn.fine_tune({rng.randrange(1, 9)})",
        "```",
        "",
        "| tool | what for |",
        "| --- | --- |",
        f"| {rng.choice(_WORDS)} | {_sentence(rng, 4)} |",
        f"| {rng.choice(_WORDS)} | {_sentence(rng, 5)} |",
        "",
        f"> {_sentence(rng, 10)}",
        f"> {_sentence(rng, 6)}",
        "",
        f"1. {_sentence(rng, 5)}",
        f"2. {_sentence(rng, 6)}",
        "",
        "### Things I learned",
        f"- [x] {_sentence(rng, 7)}",
        f"- [ ] {_sentence(rng, 5)}",
        "",
        "---",
        "",
    ]
    return lines


def note(lines: int, seed: int = 7) -> str:
    """A note of exactly `lines` lines of realistic Markdown."""
    rng = random.Random(seed)
    out = ["# Lesson notes", ""]
    number = 1
    while len(out) < lines:
        out += _section(rng, number)
        number += 1
    out = out[:lines]
    # Never end inside a fence: that would turn the rest into code.
    if sum(1 for line in out if line.startswith("```")) % 2:
        out[-1] = "```"
    return "\n".join(out) + "\n"


def note_file(lines: int) -> Path:
    path = INPUTS / f"note-{lines}.md"
    if not path.exists():
        INPUTS.mkdir(parents=True, exist_ok=True)
        path.write_text(note(lines), encoding="utf-8")
    return path


def course(lessons: int = 1000) -> Path:
    """A course folder with `lessons` lessons (made once, reused)."""
    from lessontui.course.course import Course

    root = INPUTS / f"course-{lessons}"
    if (root / "course.md").exists() and len(list((root / "lessons").glob("*.md"))) == lessons:
        return root
    if root.exists():
        import shutil

        shutil.rmtree(root)
    made = Course.create(root, f"Benchmark course of {lessons} lessons")
    rng = random.Random(lessons)
    for number in range(1, lessons + 1):
        made.add_lesson(
            f"Lesson {number}: {rng.choice(_WORDS)} {rng.choice(_WORDS)}",
            body="\n".join(_section(rng, 1)),
            duration=rng.randrange(600, 6000),
        )
    return root
