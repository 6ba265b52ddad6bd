"""The editor's line scanner: spans per line, and the fence state kept up to date by edits."""

from __future__ import annotations

import random

import pytest

from lessontui.course.markdown_blocks import OUTSIDE, next_state
from lessontui.render.markdown_lines import BlockStates, scan_line


def kinds(line: str, state: str = OUTSIDE) -> list[tuple[str, str]]:
    return [(line[start:end], kind) for start, end, kind in scan_line(line, state)]


def states(lines: list[str]) -> list[str]:
    result = [OUTSIDE]
    for line in lines:
        result.append(next_state(line, result[-1]))
    return result


def test_heading_list_task_quote_rule() -> None:
    assert ("## A heading", "heading") in kinds("## A heading")
    assert ("##", "heading-marker") in kinds("## A heading")
    assert kinds("#hashtag") == []  # no space: not a heading
    assert kinds("- [x] done") == [("-", "list-marker"), ("[x]", "task-done")]
    assert kinds("  * [ ] todo") == [("*", "list-marker"), ("[ ]", "task")]
    assert kinds("12. twelfth")[0] == ("12.", "list-marker")
    assert kinds("> > nested")[0] == ("> > ", "quote-marker")
    assert kinds("> # quoted heading")[1] == ("# quoted heading", "heading")
    assert kinds("* * *") == [("* * *", "rule")]
    assert kinds("---") == [("---", "rule")]


def test_inline_spans() -> None:
    found = kinds("[12:34] see **bold**, *em*, _em_, ~~old~~ and `x * y`")
    assert ("[12:34]", "timestamp") in found
    assert ("**bold**", "strong") in found
    assert ("*em*", "emphasis") in found
    assert ("_em_", "emphasis") in found
    assert ("~~old~~", "strike") in found
    assert ("`x * y`", "code") in found
    assert not any(kind == "emphasis" and "y" in text for text, kind in found)
    assert ("[1:02:03]", "timestamp") in kinds("at [1:02:03] it works")
    assert kinds("snake_case_name") == []
    link = kinds("a [site](https://x.org/a_(b)) and https://y.org/z.")
    assert ("site", "link-text") in link
    assert ("https://x.org/a_(b)", "link-url") in link
    assert ("https://y.org/z", "link-url") in link  # the full stop is not part of it
    assert [kind for _, kind in link].count("link-url") == 2  # no bare URL inside a link
    # A timestamp already written as a link is a link, not a timestamp.
    assert ("[1:00]", "timestamp") not in kinds("[1:00](https://youtu.be/x?t=60)")


def test_code_spans_match_runs_of_equal_length() -> None:
    assert kinds("``a ` b`` c") == [("``a ` b``", "code")]
    assert kinds("`open only") == []
    assert kinds("`[1:00]` **`x`**")[-2:] == [("`[1:00]`", "code"), ("`x`", "code")]
    assert ("[1:00]", "timestamp") not in kinds("`[1:00]`")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A longer fence is closed only by one at least as long, of the same char.
        (["````md", "```", "~~~", "````"], ["````", "````", "````", ""]),
        (["~~~", "```", "~~~~ "], ["~~~", "~~~", ""]),
        # A closing fence takes no info string; up to three spaces of indent.
        (["```", "```python", "   ```"], ["```", "```", ""]),
        (["```", "    ```"], ["```", "```"]),  # four spaces: code, not a fence
        # A backtick fence whose info string holds a backtick is inline code.
        (["``` a`b", "text"], ["", ""]),
        (["~~~ a`b", "text"], ["~~~", "~~~"]),
        (["``", "text"], ["", ""]),  # two are not a fence
    ],
)
def test_fences(lines: list[str], expected: list[str]) -> None:
    assert states(lines)[1:] == expected


def test_fence_lines_are_drawn_as_code() -> None:
    assert kinds("```python") == [("```", "fence"), ("python", "fence-language")]
    assert kinds("# not a heading", "```") == [("# not a heading", "code-block")]
    assert kinds("```", "```") == [("```", "fence")]
    assert kinds("", "```") == []


def test_edits_keep_states_equal_to_a_full_scan() -> None:
    """Random edits, fence lines included: the kept states always equal a fresh scan."""
    rng = random.Random(18)
    pieces = ["```", "````", "~~~", "```py", "text", "# h", "", "- [ ] x", "    ```"]
    lines = [rng.choice(pieces) for _ in range(60)]
    kept = BlockStates(lines)
    for _ in range(2000):
        top = rng.randrange(len(lines))
        old_bottom = rng.randrange(top, min(top + 3, len(lines)))
        new = [rng.choice(pieces) for _ in range(rng.randrange(1, 4))]
        lines[top : old_bottom + 1] = new
        kept.replace(lines, top, old_bottom, top + len(new) - 1)
        assert kept._states == states(lines)


def test_typing_in_a_paragraph_stops_at_once() -> None:
    lines = ["```", "code", "```"] * 1000 + ["text"]
    kept = BlockStates(lines)
    lines[-1] = "texts"
    assert kept.replace(lines, len(lines) - 1, len(lines) - 1, len(lines) - 1) == len(lines)
    lines[1] = "code!"
    assert kept.replace(lines, 1, 1, 1) == 2  # the next state was unchanged
