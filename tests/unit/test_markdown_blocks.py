"""One set of fence rules: the checklist, `check`, the export, the preview's blocks
and the editor's highlighter agree, line for line, on what is code.

Each case's lines hold probes: `- [x] inN` lines that CommonMark reads as code
and `- [x] outN` lines it reads as prose. markdown-it (the preview's parser)
confirms the corpus itself; every part is then asked about the same lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from lessontui.course import checklist, markdown_blocks
from lessontui.course.course import Course
from lessontui.render import blocks
from lessontui.render.markdown_lines import CODE_BLOCK, FENCE, BlockStates, scan_line
from lessontui.services import checks, exporter

CORPUS: dict[str, list[str]] = {
    "tilde fence holding a line of backticks": [
        "~~~~",
        "```",
        "- [x] in1",
        "```",
        "~~~~",
        "- [x] out1",
    ],
    "a shorter run does not close": ["````", "- [x] in1", "```", "- [x] in2", "````", "- [x] out1"],
    "the other character does not close": [
        "```",
        "- [x] in1",
        "~~~",
        "- [x] in2",
        "```",
        "- [x] out1",
    ],
    "text after a run does not close": [
        "```",
        "- [x] in1",
        "``` not closed",
        "- [x] in2",
        "```",
        "- [x] out1",
    ],
    "a longer run closes": ["~~~", "- [x] in1", "~~~~~~", "- [x] out1"],
    "an indented closer with blanks after it": ["```", "- [x] in1", "   ```  \t", "- [x] out1"],
    "a closer indented four spaces is code": [
        "```",
        "- [x] in1",
        "    ```",
        "- [x] in2",
        "```",
        "- [x] out1",
    ],
    "a backtick in a backtick fence's info string": ["``` a`b", "- [x] out1"],
    "a backtick in a tilde fence's info string": ["~~~ a`b", "- [x] in1", "~~~", "- [x] out1"],
    "a fence with a language": ["```python", "- [x] in1", "```", "- [x] out1"],
    "three spaces of indent": ["para", "   ```", "- [x] in1", "   ```", "- [x] out1"],
    "four spaces is no fence": ["para", "    ```", "- [x] out1"],
    "a tab is no fence indent": ["para", "\t```", "- [x] out1"],
    "two backticks are no fence": ["``", "- [x] out1"],
    "a run inside inline code": ["text ```` not a fence ````", "- [x] out1"],
    "an empty fence": ["```", "```", "- [x] out1"],
    "a fence between items": ["- [x] out1", "```", "- [x] in1", "```", "- [x] out2"],
    "a fence never closed runs to the end": ["- [x] out1", "", "```", "- [x] in1", "", "- [x] in2"],
    "a tilde fence holding a longer backtick run": [
        "~~~",
        "`````",
        "- [x] in1",
        "~~~",
        "- [x] out1",
    ],
    "characters str.splitlines would split at": [
        "a\u2028b\u2029c\x85d\x0ce\x0bf\x1cg",
        "```",
        "- [x] in1",
        "```",
        "- [x] out1",
    ],
}
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
HEADING = f"## {checklist.DEFAULT_HEADING}"
_PROBE = re.compile(r"\b((?:in|out)\d)\b")
# `check` reports a placeholder link on a line of prose, never in code.
_FLAG = " [a](TODO)"


def _probes(lines: list[str]) -> dict[int, str]:
    """Line number -> probe name."""
    return {n: m.group(1) for n, line in enumerate(lines) if (m := _PROBE.search(line))}


def _body(case: str, newline: str) -> tuple[str, list[str]]:
    """The learned section holding the case, and its lines."""
    lines = [HEADING] + [line + _FLAG if _PROBE.search(line) else line for line in CORPUS[case]]
    return newline.join(lines) + newline, lines


def _prose(probes: dict[int, str], lines: set[int]) -> set[str]:
    return {name for number, name in probes.items() if number in lines}


def _fence_lines(text: str) -> set[int]:
    found: set[int] = set()
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "fence" and token.map:
            found.update(range(*token.map))
    return found


@pytest.fixture(params=list(NEWLINES), ids=list(NEWLINES))
def newline(request: pytest.FixtureRequest) -> str:
    return NEWLINES[request.param]


@pytest.fixture(params=list(CORPUS), ids=list(CORPUS))
def case(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_the_corpus_is_commonmark(case: str, newline: str) -> None:
    body, lines = _body(case, newline)
    probes = _probes(lines)
    code = _fence_lines(body)
    assert {name for number, name in probes.items() if number in code} == {
        name for name in probes.values() if name.startswith("in")
    }


def _expected_prose(lines: list[str]) -> set[str]:
    return {name for name in _probes(lines).values() if name.startswith("out")}


def test_the_scanner(case: str, newline: str) -> None:
    body, lines = _body(case, newline)
    assert markdown_blocks.lines(body) == lines
    assert markdown_blocks.split_lines(body) == [*lines, ""]
    assert "".join(markdown_blocks.lines_with_ends(body)) == body
    prose = {n for n, _, code in markdown_blocks.prose_lines(body) if not code}
    assert _prose(_probes(lines), prose) == _expected_prose(lines)


def test_learned_items(case: str, newline: str) -> None:
    body, lines = _body(case, newline)
    found = {_PROBE.search(item.text).group(1) for item in checklist.items(body)}  # type: ignore[union-attr]
    assert found == _expected_prose(lines)


def test_check(case: str, newline: str) -> None:
    body, lines = _body(case, newline)
    findings = checks.check_text(body, Path("lesson.md"))
    flagged = {f.line - 1 for f in findings if "placeholder link" in f.message}
    # Line numbers count only Markdown's line ends.
    assert _prose(_probes(lines), flagged) == _expected_prose(lines)
    assert all(_PROBE.search(lines[n]) for n in flagged)


def test_export(case: str, newline: str, tmp_path: Path) -> None:
    body, lines = _body(case, newline)
    course = Course.create(tmp_path / "course", "Course")
    course.add_lesson("Lesson", body=body)
    course = Course.load(course.root)
    options = exporter.ExportOptions(notes=True, unchecked=True)
    (section,) = exporter.build_page(course, options).sections
    items = {_PROBE.search(item.text).group(1) for item in section.items}  # type: ignore[union-attr]
    assert items == _expected_prose(lines)
    notes = " ".join(lesson.notes for lesson in section.lessons)
    assert set(_PROBE.findall(notes)) == set(_probes(lines).values()) - items


def test_preview_blocks_parse_as_the_whole_note(case: str, newline: str) -> None:
    body, _ = _body(case, newline)
    rows = markdown_blocks.split_lines(body)
    whole = _fence_lines("\n".join(rows))
    parts: set[int] = set()
    start = 0
    for block in blocks.split(rows):
        parts.update(start + n for n in _fence_lines(block.source))
        start += block.lines
    assert parts == whole
    document = blocks.BlockDocument()
    document.set_text(body)
    assert [b.source for b in document.blocks] == [b.source for b in blocks.split(rows)]


def test_highlighter(case: str, newline: str) -> None:
    body, lines = _body(case, newline)
    rows = markdown_blocks.split_lines(body)
    states = BlockStates(rows)
    prose = {
        row
        for row, line in enumerate(rows)
        if not any(kind in (CODE_BLOCK, FENCE) for *_, kind in scan_line(line, states.before(row)))
    }
    assert _prose(_probes(lines), prose) == _expected_prose(lines)


# -- lines and code spans ----------------------------------------------------------------


def test_lines_end_only_at_markdown_line_ends() -> None:
    text = "a\u2028b\x85c\r\nd\re\nf"
    assert markdown_blocks.lines(text) == ["a\u2028b\x85c", "d", "e", "f"]
    assert markdown_blocks.split_lines(text + "\n") == ["a\u2028b\x85c", "d", "e", "f", ""]
    assert markdown_blocks.lines("") == []
    assert markdown_blocks.split_lines("") == [""]
    assert markdown_blocks.lines_with_ends(text) == ["a\u2028b\x85c\r\n", "d\r", "e\n", "f"]


@pytest.mark.parametrize(
    ("line", "spans"),
    [
        ("a `b` c", [(2, 5)]),
        ("``a ` b``", [(0, 9)]),
        ("``a`", []),  # a run with no partner of its length is text
        ("`a` and ``b``", [(0, 3), (8, 13)]),
        ("no code", []),
    ],
)
def test_code_spans(line: str, spans: list[tuple[int, int]]) -> None:
    assert markdown_blocks.code_span_ranges(line) == spans
    masked = markdown_blocks.mask_code_spans(line)
    assert len(masked) == len(line)
    assert all(masked[start:end].strip() == "" for start, end in spans)
