"""Every span the preview draws (and the lesson title on the editor's border) is readable:
WCAG AA contrast against its own background, in every built-in theme, at every colour
depth a terminal may have; and headings stand out from body text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.theme import BUILTIN_THEMES

from lessontui.config import Settings
from lessontui.course.course import Course
from lessontui.tui.app import LessonApp
from tests.contrast import Span, screen_spans, too_faint

SAMPLE = """\
# Heading one

## Heading two

### Heading three

#### Heading four

Body text with *emphasis*, **strong**, ~~struck~~, `inline code`,
a [link](https://example.org) and a stamp [12:34].

- a bullet
  - nested bullet
- [x] done task
- [ ] open task

1. first
2. second

> A quote with `code`, **bold** and a [link](https://example.org).

```python
@decorator
def f(x: int = 3) -> str:
    return f"x {x!r}" * 2  # a comment
```

| tool | what for |
| --- | --- |
| mpv | watch [1:02] |

---

##### Heading five

###### Heading six
"""

HEADINGS = [f"Heading {word}" for word in ("one", "two", "three", "four", "five", "six")]

# COLORTERM / TERM as a terminal sets them, and the colour system Rich picks from them.
DEPTHS = {
    "truecolor": {"COLORTERM": "truecolor", "TERM": "xterm-256color"},
    "256": {"TERM": "xterm-256color"},
    "standard": {"TERM": "xterm"},
}


def _first(spans: list[Span], text: str) -> Span:
    return next(span for span in spans if text in span.text)


def _check(app: LessonApp, system: str) -> list[str]:
    """What is wrong with the drawn preview, editor and editor title in the current theme."""
    preview = screen_spans(app, app.main_screen.preview.content_region, system)
    editor = app.main_screen.editor.region
    title = [
        span
        for span in screen_spans(app, Region(editor.x, editor.y, editor.width, 1), system)
        if not span.drawing
    ]
    # The editor's Markdown colours (headings, code, links, stamps, markers) too:
    # the spans drawn in another colour than the body text (which is Textual's).
    editor_spans = screen_spans(app, app.main_screen.editor.content_region, system)
    body_fg = {span.fg for span in editor_spans if "Body text" in span.text}
    styled = [span for span in editor_spans if span.fg not in body_fg]
    problems = too_faint(preview) + [f"editor title: {line}" for line in too_faint(title)]
    problems += [f"editor: {line}" for line in too_faint(styled)]
    if not body_fg or (not styled and system != "standard"):  # 16 colours may merge them
        problems.append("the editor's body text or its Markdown colours are not drawn")
    if not title or "Sample lesson" not in "".join(span.text for span in title):
        problems.append("the lesson title is not on the editor's border")
    texts = "".join(span.text for span in preview)
    for needle in [*HEADINGS, "inline code", "return", "mpv", "12:34", "done task"]:
        if needle not in texts:
            problems.append(f"{needle!r} not drawn")
    if problems:
        return problems
    body = _first(preview, "Body text")
    for heading in HEADINGS:
        span = _first(preview, heading)
        if not span.style.bold and span.fg == body.fg:
            problems.append(f"{heading} looks like body text")
    code = _first(preview, "inline code")
    if code.fg == body.fg and code.bg == body.bg:
        problems.append("inline code looks like body text")
    return problems


@pytest.mark.parametrize("depth", list(DEPTHS))
async def test_every_theme_is_readable(
    depth: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in DEPTHS[depth].items():
        monkeypatch.setenv(name, value)
    course = Course.create(tmp_path / "c", "Contrast")
    course.add_lesson("Sample lesson", body=SAMPLE)
    app = LessonApp(Course.load(course.root), Settings(show_preview=True))
    assert app.console.color_system == depth
    failures: dict[str, list[str]] = {}
    async with app.run_test(size=(200, 60)) as pilot:
        for theme in BUILTIN_THEMES:
            app.theme = theme
            problems: list[str] = []
            for _ in range(50):  # the theme change reaches the preview within a few frames
                await pilot.pause(0.02)
                problems = _check(app, depth)
                if not problems:
                    break
            if problems:
                failures[theme] = problems
    assert not failures, "\n".join(
        f"{theme}: {line}" for theme, lines in failures.items() for line in lines[:8]
    )
