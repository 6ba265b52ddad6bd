"""Courses for the export and check tests, built to match the example page."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

from lessontui.course.course import Course

EXAMPLE = Path(__file__).parent / "data" / "course-notes-fastai.md"
LAST_EDIT = dt.datetime(2024, 3, 19, 12, 0)


def example_text() -> str:
    return EXAMPLE.read_text("utf-8")


def example_sections(text: str) -> dict[str, str]:
    """`### Heading` -> the text under it; the front matter under the key `---`."""
    _, header, body = text.split("---\n", 2)
    sections = {"---": header}
    for chunk in re.split(r"^### ", body, flags=re.M)[1:]:
        title, _, rest = chunk.partition("\n")
        sections[title.strip()] = rest.strip("\n")
    return sections


def example_parts() -> tuple[str, str, list[str]]:
    """(intro, goal, learned items) of the example page, as written there."""
    sections = example_sections(example_text())
    goal_line, rest = sections["Part 1"].split("\n\n", 1)
    items = [line[2:] for line in rest.splitlines() if line.startswith("- ")]
    return sections["Intro"], goal_line.strip("*"), items


def make_example_course(root: Path, *, clean: bool = False) -> Course:
    """A course whose export is the example page.

    Its learned items are spread over three lessons with notes, unchecked items
    and an empty item around them. `clean=True` mends the example's defects (the
    malformed URL, the placeholder link, the empty bullet) and leaves out what
    the check warns about, for a course that should pass the check.
    """
    intro, goal, items = example_parts()
    items = [item for item in items if item.strip()]  # the example's empty bullet
    if clean:
        items = [
            item.replace("https://i]pywidgets", "https://ipywidgets").replace(
                "(LINK HERE)", "(https://realpython.com/primer-on-python-decorators/)"
            )
            for item in items
        ]
    course = Course.create(
        root,
        "Course Notes -- Fast.ai",
        source="https://www.youtube.com/playlist?list=PLfYUBJiXbdtSvpQjSnJJ_PmDQB_VyT5iU",
        date=dt.date(2024, 3, 18),
        parts=[{"title": "Part 1", "goal": goal}],
        export={"layout": "project"},
    )
    course.document.set_body(intro + "\n")
    course.document.save()
    groups = [items[:3], items[3:6], items[6:]]
    bodies = [
        "[12:34] timm collects many pretrained image models\n\n## Things I learned\n"
        + "".join(f"- [x] {item}\n" for item in groups[0])
        + ("" if clean else "- [ ] how fine_tune picks its learning rate\n"),
        "[4:10] clean the data after training\n\n## Things I learned\n"
        + "".join(f"- [x] {item}\n" for item in groups[1])
        + ("" if clean else "- [x] \n"),
        "## Things I learned\n" + "".join(f"- [x] {item}\n" for item in groups[2]),
    ]
    for number, body in enumerate(bodies, start=1):
        course.add_lesson(
            f"Lesson {number}",
            body=body,
            part=1,
            url=f"https://www.youtube.com/watch?v=Xy{number}lesson0{number}",
            video_id=f"Xy{number}lesson0{number}",
            duration=5000,
            status="done",
        )
    stamp = LAST_EDIT.timestamp()
    for lesson in course.lessons:
        os.utime(lesson.path, (stamp, stamp))
    return Course.load(root)


# Written as in the app: a stamp a line (alt+t, enter), then a quote of three cues (alt+q).
STAMPED_NOTE = (
    "[0:09] Clean the data\n"
    "[0:13] Deploy the model\n"
    "[0:20] Share it\n"
    "\n"
    "> [1:02] first cue\n"
    "> [1:05] second cue\n"
    "> [1:09] third cue\n"
)
CHAPTERS = [{"time": 0, "title": "Welcome"}, {"time": 754, "title": "Training a model"}]


def make_full_course(root: Path) -> Course:
    """The clean example course with what a page of notes holds besides the list: a
    note written line by line, text typed after the learned list, chapters."""
    course = make_example_course(root, clean=True)
    lesson = course.lessons[2]
    # ctrl+end, alt+t: a line typed after the learned list, right below its last item.
    lesson.save_body(STAMPED_NOTE + "\n" + lesson.body + "[2:00] typed after the list\n")
    course.lessons[0].update(chapters=CHAPTERS)
    return Course.load(root)


def jekyll_build(site: Path, home: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """A real `jekyll build` of `site` into `site/_site`, offline and reproducible."""
    return subprocess.run(
        [
            shutil.which("jekyll") or "jekyll",
            "build",
            "--source",
            str(site),
            "--destination",
            str(site / "_site"),
            "--disable-disk-cache",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=site,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TZ": "UTC"},
    )
