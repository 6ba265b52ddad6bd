"""The "things I learned" task list inside a lesson body: parse and edit it as text.

The checklist pane is a view of these lines; every change here is an edit of
the body string, so the editor and the checklist always show the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lessontui.course import markdown_blocks

DEFAULT_HEADING = "Things I learned"
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_TASK = re.compile(r"^([ \t]*)([-*+])[ \t]+\[([ xX])\](?:[ \t]+(.*))?$")


@dataclass(frozen=True)
class Item:
    index: int  # position in the checklist
    line: int  # 0-based line in the body
    checked: bool
    text: str
    indent: int  # nesting depth by leading spaces / 2


# Each line keeps its own ending, so an edit gives back every other byte as it was.
_lines = markdown_blocks.lines_with_ends


def _strip_end(line: str) -> tuple[str, str]:
    content = line.rstrip("\r\n")
    return content, line[len(content) :]


def section(body: str, heading: str = DEFAULT_HEADING) -> tuple[int, int] | None:
    """[start, end) lines of the section under `heading`, the heading excluded."""
    lines = _lines(body)
    fence = markdown_blocks.OUTSIDE
    start = level = None
    for number, line in enumerate(lines):
        content, _ = _strip_end(line)
        inside, fence = fence, markdown_blocks.next_state(content, fence)
        if inside or fence:
            continue  # a heading in code is no heading
        match = _HEADING.match(content)
        if not match:
            continue
        if start is None:
            if match.group(2).strip().lower() == heading.strip().lower():
                start, level = number + 1, len(match.group(1))
        elif len(match.group(1)) <= (level or 0):
            return start, number
    return (start, len(lines)) if start is not None else None


_LIST_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _task_lines(body: str, heading: str) -> tuple[list[tuple[int, re.Match[str]]], int, int]:
    """(task lines of the learned list, where the list ends, where the section ends).

    The list starts at the section's first task item and ends at the first line
    of prose that neither is a list item nor is indented under one (blank lines
    and code blocks between items included, trailing blank lines not). Text
    after it is notes, never part of it.
    """
    span = section(body, heading)
    if span is None:
        return [], 0, 0
    lines = _lines(body)
    start, end = span
    found: list[tuple[int, re.Match[str]]] = []
    list_end = start
    fence = markdown_blocks.OUTSIDE  # the section starts after a heading, outside code
    for number in range(start, end):
        content, _ = _strip_end(lines[number])
        inside, fence = fence, markdown_blocks.next_state(content, fence)
        in_code = bool(inside or fence)
        if not in_code and (match := _TASK.match(content)):
            found.append((number, match))
            list_end = number + 1
            continue
        if not found or not content.strip():
            continue
        if in_code or content[:1] in (" ", "\t") or _LIST_LINE.match(content):
            # Still the list: a nested line, another bullet, or a code block between
            # items (a snippet that goes with one); only prose ends it.
            list_end = number + 1
            continue
        break
    return found, list_end, end


def items(body: str, heading: str = DEFAULT_HEADING) -> list[Item]:
    """The learned list's task items (`- [x] text`), in order; none in code."""
    found, _, _ = _task_lines(body, heading)
    return [
        Item(
            index,
            number,
            match.group(3) != " ",
            match.group(4) or "",
            len(match.group(1).expandtabs(4)) // 2,
        )
        for index, (number, match) in enumerate(found)
    ]


def other_lines(body: str, heading: str = DEFAULT_HEADING) -> list[int]:
    """0-based lines under the learned heading, up to the list's end, that are not items
    (a plain bullet, a line above the list). A page without notes leaves them out."""
    span = section(body, heading)
    if span is None:
        return []
    found, list_end, _ = _task_lines(body, heading)
    lines = _lines(body)
    task_lines = {number for number, _ in found}
    last = list_end if found else span[1]
    return [n for n in range(span[0], last) if n not in task_lines and lines[n].strip()]


def after_list(body: str, heading: str = DEFAULT_HEADING) -> list[int]:
    """0-based lines of text after the learned list (a note typed below it): notes."""
    found, list_end, end = _task_lines(body, heading)
    if not found:
        return []
    lines = _lines(body)
    return [n for n in range(list_end, end) if lines[n].strip()]


def _replace_line(body: str, number: int, new_content: str | None) -> str:
    lines = _lines(body)
    _, ending = _strip_end(lines[number])
    if new_content is None:
        del lines[number]
        if number == len(lines) and lines:
            # Removing the last line must not leave the one before without its newline.
            last, last_end = _strip_end(lines[-1])
            lines[-1] = last + (last_end or ending)
    else:
        lines[number] = new_content + ending
    return "".join(lines)


def toggle(body: str, index: int, heading: str = DEFAULT_HEADING) -> str:
    item = items(body, heading)[index]
    content, _ = _strip_end(_lines(body)[item.line])
    match = _TASK.match(content)
    assert match is not None
    mark = " " if item.checked else "x"
    new = content[: match.start(3)] + mark + content[match.end(3) :]
    return _replace_line(body, item.line, new)


def find(body: str, index: int, text: str, heading: str = DEFAULT_HEADING) -> int | None:
    """Where the item that was at `index` with `text` is now, or None if it is gone.

    The text may have changed under a prompt that was open (a reload from disk):
    an edit must land on the item the user picked, never on its neighbour.
    """
    found = items(body, heading)
    if index < len(found) and found[index].text == text:
        return index
    return next((item.index for item in found if item.text == text), None)


def set_text(body: str, index: int, text: str, heading: str = DEFAULT_HEADING) -> str:
    item = items(body, heading)[index]
    content, _ = _strip_end(_lines(body)[item.line])
    match = _TASK.match(content)
    assert match is not None
    prefix = content[: match.end(3) + 1]
    return _replace_line(body, item.line, f"{prefix} {_one_line(text)}")


def remove(body: str, index: int, heading: str = DEFAULT_HEADING) -> str:
    return _replace_line(body, items(body, heading)[index].line, None)


def add(body: str, text: str, checked: bool = True, heading: str = DEFAULT_HEADING) -> str:
    """Append an item after the last one (making the section if there is none)."""
    newline = "\r\n" if "\r\n" in body else "\n"
    new_line = f"- [{'x' if checked else ' '}] {_one_line(text)}"
    existing = items(body, heading)
    lines = _lines(body)
    if existing:
        at = existing[-1].line + 1
    else:
        span = section(body, heading)
        if span is None:
            prefix = body
            if prefix and not prefix.endswith(("\n", "\r")):
                prefix += newline
            if prefix.strip():
                prefix += newline if not prefix.endswith(newline * 2) else ""
            return f"{prefix}## {heading}{newline}{new_line}{newline}"
        at = span[0]
    if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    lines.insert(at, new_line + newline)
    return "".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def counts(body: str, heading: str = DEFAULT_HEADING) -> tuple[int, int]:
    """(learned, total) items."""
    found = items(body, heading)
    return sum(item.checked for item in found), len(found)
