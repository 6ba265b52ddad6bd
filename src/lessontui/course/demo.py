"""A small demo course that shows every feature, written to a folder on request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from lessontui.course.atomic import atomic_write
from lessontui.course.course import Course, CourseError

DEMO_TITLE = "Course Notes -- Practical Deep Learning (demo)"
# A paragraph a line: a line of a note is a line on the page (line_breaks.py).
DEMO_INTRO = (
    "I've been meaning to run through the [Fast.ai](https://course.fast.ai/) course for a "
    'while, and it\'s finally time. This is a demo course: open "Try it here", press '
    "f5 to play its clip, stamp the time into your notes with alt+t, and tick what "
    "you learned.\n"
    "\n"
    "I'll be using this space to track anything particularly interesting along the way.\n"
)

_LESSONS: list[dict[str, Any]] = [
    {
        "title": "Lesson 1: Getting started",
        "video_id": "8SF_h3xF3cE",
        "duration": 4876,
        "status": "done",
        "position": 4876,
        "chapters": [
            {"time": 0, "title": "Introduction"},
            {"time": 754, "title": "Is it a bird?"},
            {"time": 2105, "title": "Jupyter notebooks"},
            {"time": 3890, "title": "Questions"},
        ],
        "body": """\
[0:45] the course is top-down: build a working model first, theory later.

[12:34] **Is it a bird?** in a handful of lines:

```python
from fastai.vision.all import *
learn = vision_learner(dls, resnet18, metrics=error_rate)
learn.fine_tune(3)
```

[35:05] Jupyter tips: `shift+enter` runs a cell, `?func` shows its help.

| tool | what for |
| --- | --- |
| yt-dlp | download the lessons |
| mpv | watch them at 1.5x |

## Things I learned
- [x] [yt-dlp](https://github.com/yt-dlp/yt-dlp) is a *great* command line tool for \
downloading videos; [mpv](https://mpv.io/) changes speed with `[` and `]`.
- [x] [timm](https://timm.fast.ai/) is a pytorch library collecting pre-trained image models.
- [ ] how `fine_tune` picks its learning rate
""",
    },
    {
        "title": "Lesson 2: Deployment",
        "video_id": "F4tvM4Vb3A0",
        "duration": 5531,
        "status": "watching",
        "position": 1834,
        "chapters": [
            {"time": 0, "title": "Cleaning data"},
            {"time": 1500, "title": "Gradio and Hugging Face Spaces"},
        ],
        "body": """\
[4:10] clean the data *after* training: the model shows you the worst images.

> Deploy early: a model nobody can use teaches you nothing.

## Things I learned
- [x] I cannot believe I hadn't met \
[functools.partial()](https://docs.python.org/3/library/functools.html#functools.partial) before.
- [x] [ipywidgets.interact](https://ipywidgets.readthedocs.io/en/latest/examples/Using%20Interact.html) \
is a quality of life improvement (not enabled by default in jupyterlab).
""",
    },
    {
        "title": "Lesson 3: Neural net foundations",
        "video_id": "hBBOjCiFcuo",
        "duration": 4732,
        "status": "todo",
        "position": 0,
        "body": "",
    },
]


# The demo clip lesson 1 plays (made by services/demo_clip.py): short, with chapters.
TUTORIAL_TITLE = "Try it here: a 90-second clip"
TUTORIAL_BODY = """\
Press f5 to play this clip in mpv, then keep typing here.
The keys below work while you write; ctrl+p and f1 list them all.

[0:05] alt+t stamps the time into the note, like the stamp at the start of this line.
[0:30] alt+g on a line with a stamp seeks the video there; so does a click on it in the preview.
[1:00] alt+p pauses, alt+left / alt+right seek, alt+j / alt+l change the speed, alt+c lists chapters.
[1:15] alt+s shows the clip's transcript beside the note; alt+q quotes what is being said.

## Things I learned
- [x] f5 plays the lesson in mpv, and the bar at the bottom follows it
- [ ] alt+t stamps the current time into my notes
- [ ] lessontui remembers where I stopped and resumes there
"""
CLIP_SECONDS = 90
CLIP_CHAPTERS = [(0, "Introduction"), (30, "Is it a bird?"), (60, "Jupyter notebooks")]
# The clip's subtitles, beside it as media/demo-clip.en.vtt: the transcript pane's demo.
CLIP_TRANSCRIPT = """\
WEBVTT

00:00:01.000 --> 00:00:06.000
Welcome to the demo clip: this is its transcript, shown beside your notes.

00:00:06.000 --> 00:00:12.000
While the video plays, the line being said is highlighted and kept in view.

00:00:12.000 --> 00:00:19.000
Press alt+q in the note to quote it, with its time, as a block quote.

00:00:19.000 --> 00:00:26.000
In the transcript pane, type to filter, and press enter to play from a line.

00:00:30.000 --> 00:00:38.000
Is it a bird? The first lesson trains a model to tell birds from forests.

00:00:38.000 --> 00:00:47.000
It downloads pictures, fine-tunes a pretrained network and checks its answer.

00:00:47.000 --> 00:00:56.000
All of it takes a few minutes on a free notebook.

00:01:00.000 --> 00:01:08.000
Jupyter notebooks mix prose, code and results in one document.

00:01:08.000 --> 00:01:18.000
Run a cell with shift+enter, and keep notes of what you learn as you go.

00:01:18.000 --> 00:01:28.000
That is the end of the demo clip: ctrl+f searches every note and transcript.
"""


def write_demo(root: Path, clip: Path | None = None) -> Course:
    """Write the demo course into `root` (which must not hold a course yet).

    `clip`, a video already in `root/media`, gets a "Try it here" lesson of its own, first.
    """
    root = Path(root).expanduser()
    if (root / "course.md").exists():
        raise CourseError(f"{root} already holds a course")
    course = Course.create(
        root,
        DEMO_TITLE,
        source="https://www.youtube.com/playlist?list=PLfYUBJiXbdtSvpQjSnJJ_PmDQB_VyT5iU",
        date=dt.date(2024, 3, 18),
        parts=[{"title": "Part 1", "goal": "go through the Part 1 sequence and deploy a model"}],
        export={"layout": "project"},
    )
    course.document.set_body(DEMO_INTRO)
    course.document.save()
    if clip is not None:  # first, so its file is 01-... like its order
        course.add_lesson(
            TUTORIAL_TITLE,
            body=TUTORIAL_BODY,
            status="watching",
            duration=CLIP_SECONDS,
            position=0,
            export=False,  # a tour of the app, not part of the published page
            video=f"../media/{clip.name}",
            chapters=[{"time": t, "title": title} for t, title in CLIP_CHAPTERS],
        )
        transcript = clip.with_suffix(".en.vtt")
        atomic_write(transcript, CLIP_TRANSCRIPT.encode(), within=root)
    for spec in _LESSONS:
        fields = {k: v for k, v in spec.items() if k not in ("title", "body")}
        fields["url"] = f"https://www.youtube.com/watch?v={spec['video_id']}"
        fields["part"] = 1
        course.add_lesson(spec["title"], body=spec["body"], **fields)
    return course
