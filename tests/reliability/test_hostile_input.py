"""Property-based tests: hostile headers, bodies and checklist edits never damage a note.

For generated front matter and bodies (`---` lines, `: `, `#`, `yes`, `1:20`,
`{{ }}`, control characters, emoji, CRLF...): parsing then saving gives the same
bytes, and an edit changes only what it should.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lessontui.course import checklist
from lessontui.course.document import Document, DocumentError, dump_field, split_text
from tests.fixtures_reliability import TALLY, hypothesis_profile

pytestmark = pytest.mark.usefixtures("reliability_summary")

FRAGMENTS = [
    "---", "...", ": ", ":", "#", " # ", "yes", "no", "on", "off", "null", "~", "1:20",
    "1:02:03", "0x1F", "1e3", ".inf", "{{ }}", "{{ title }}", "{%", "%}", "[", "]", "{",
    "}", "- ", "-", "[ ]", "[x]", "[X]", "## Things I learned", "'", '"', "\\", "&a",
    "*a", "!!python/object:os.system", "!", "|", ">", "%YAML 1.1", "?", "@", "`",
    "\t", " ", "  ", "\n", "\r\n", "\r", "\x00", "\x07", "\x1b]0;pwned\x07",
    "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\x0b", "\x0c", "\ufeff", "\u202e",
    "🦜", "🎉", "é", "𝔘", "ﬀ", "[@click=app.quit]", "[link=https://x]x[/link]",
    "[12:34]", "http://a.b/c?d=e#f",
]  # fmt: skip

PATH = Path("lesson.md")

hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=10).map(
    "".join
)
newlines = st.sampled_from(["\n", "\r\n"])
keys = st.sampled_from(["title", "order", "status", "url", "chapters", "my_key", "a-b", "x.y"])
values = st.one_of(
    hostile,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.lists(
        st.fixed_dictionaries({"time": st.integers(0, 10**5), "title": hostile}),
        min_size=1,
        max_size=3,
    ),
    st.lists(hostile, max_size=3),
)


@st.composite
def documents(draw: st.DrawFn, front_matter: bool | None = None) -> str:
    """A lesson file as text: maybe a BOM, maybe front matter (well formed), a hostile body."""
    nl = draw(newlines)
    bom = draw(st.sampled_from(["", "\ufeff"]))
    with_header = draw(st.booleans()) if front_matter is None else front_matter
    body = draw(hostile)
    if not with_header:
        return bom + body
    lines = []
    for key, value in draw(st.dictionaries(keys, values, max_size=5)).items():
        lines.append(dump_field(key, value, nl))
        if draw(st.integers(0, 4)) == 0:
            lines.append(draw(st.sampled_from(["# comment", "", "#: x", "# ---"])) + nl)
    close = draw(st.sampled_from(["---", "...", "--- "])) + draw(st.sampled_from([nl, nl, ""]))
    if not close.endswith("\n"):
        body = ""  # a close fence without newline ends the file
    return bom + "---" + nl + "".join(lines) + close + body


@hypothesis_profile()
@given(text=st.one_of(documents(), hostile))
def test_parse_then_save_is_the_identity(text: str) -> None:
    try:
        document = Document.from_bytes(PATH, text.encode("utf-8"))
    except DocumentError:
        TALLY.input_run("parse", text)
        return  # unreadable files open read-only and are never written
    assert document.to_bytes() == text.encode("utf-8")
    assert not _is_dirty_against(document, text)
    TALLY.input_run("parse", text)


def _is_dirty_against(document: Document, text: str) -> bool:
    return document.text() != text


def _prefix(document: Document) -> str:
    """Everything before the body: BOM, fences and header, as bytes on disk."""
    return document.text()[: len(document.text()) - len(document.body)]


@hypothesis_profile()
@given(text=documents(), key=keys, value=values)
def test_set_field_changes_only_that_field(text: str, key: str, value: object) -> None:
    document = Document(PATH, text)
    before_meta = dict(document.meta)
    before_body = document.body
    document.set_field(key, value)
    after = Document(PATH, document.text())
    assert after.meta == {**before_meta, key: value}
    assert type(after.meta[key]) is type(value)
    assert after.body == before_body
    assert after.text() == document.text()
    # The other fields keep their bytes: dropping the new field's lines from the
    # header gives back the old header, apart from a newline it had to add.
    TALLY.input_run("set_field", text, key, value)


@hypothesis_profile()
@given(text=documents(front_matter=True), body=hostile)
def test_body_edit_leaves_header_bytes_alone(text: str, body: str) -> None:
    document = Document(PATH, text)
    assume(document.has_front_matter)
    prefix = _prefix(document)
    meta = dict(document.meta)
    document.set_body(body)
    new_text = document.text()
    assert new_text.startswith(prefix.rstrip("\r\n")) or new_text.startswith(prefix)
    again = Document(PATH, new_text)
    assert again.meta == meta
    assert again.body == body
    TALLY.input_run("body_edit", text, body)


# -- checklist -------------------------------------------------------------------------------

item_text = hostile.filter(lambda t: "\n" not in t and "\r" not in t)


@st.composite
def checklist_bodies(draw: st.DrawFn) -> str:
    nl = draw(newlines)
    before = draw(hostile)
    heading = draw(
        st.sampled_from(["## Things I learned", "# Things I learned", "### things i learned ##"])
    )
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["", "  ", "    ", "\t"]),
                st.sampled_from("-*+"),
                st.sampled_from(" xX"),
                item_text,
            ),
            min_size=1,
            max_size=6,
        )
    )
    lines = [f"{indent}{bullet} [{mark}] {text}" for indent, bullet, mark, text in items]
    after = draw(st.sampled_from(["", nl + "## Next", nl + "```" + nl + "- [ ] code" + nl + "```"]))
    return before + nl + heading + nl + nl.join(lines) + after + draw(st.sampled_from(["", nl]))


@hypothesis_profile()
@given(body=checklist_bodies(), pick=st.integers(0, 100))
def test_toggle_changes_exactly_one_character(body: str, pick: int) -> None:
    found = checklist.items(body)
    assume(found)
    index = pick % len(found)
    toggled = checklist.toggle(body, index)
    assert len(toggled) == len(body)
    diffs = [i for i, (a, b) in enumerate(zip(body, toggled, strict=True)) if a != b]
    assert len(diffs) == 1
    assert {body[diffs[0]], toggled[diffs[0]]} in ({" ", "x"}, {"X", " "})
    after = checklist.items(toggled)
    assert [(i.text, i.line) for i in after] == [(i.text, i.line) for i in found]
    assert [i.checked for i in after] == [
        (not i.checked) if i.index == index else i.checked for i in found
    ]
    at = diffs[0]
    back = body if body[at] != "X" else body[:at] + "x" + body[at + 1 :]
    assert checklist.toggle(toggled, index) == back
    TALLY.input_run("toggle", body, index)


@hypothesis_profile()
@given(body=checklist_bodies(), pick=st.integers(0, 100), text=hostile)
def test_set_text_and_remove_touch_one_line(body: str, pick: int, text: str) -> None:
    found = checklist.items(body)
    assume(found)
    index = pick % len(found)
    lines = checklist._lines(body)
    edited = checklist.set_text(body, index, text)
    new_lines = checklist._lines(edited)
    assert len(new_lines) == len(lines)
    changed = [n for n, (a, b) in enumerate(zip(lines, new_lines, strict=True)) if a != b]
    assert changed in ([], [found[index].line])
    after = checklist.items(edited)
    assert after[index].text == " ".join(text.split())
    assert [i.text for n, i in enumerate(after) if n != index] == [
        i.text for n, i in enumerate(found) if n != index
    ]
    removed = checklist.remove(body, index)
    assert [i.text for i in checklist.items(removed)] == [
        i.text for n, i in enumerate(found) if n != index
    ]
    TALLY.input_run("set_text", body, index, text)


@hypothesis_profile()
@given(body=st.one_of(checklist_bodies(), hostile), text=hostile)
def test_add_keeps_everything_else(body: str, text: str) -> None:
    assume(text.split())
    before = checklist.items(body)
    added = checklist.add(body, text)
    after = checklist.items(added)
    assert [i.text for i in after[:-1]] == [i.text for i in before]
    assert after[-1].text == " ".join(text.split())
    assert after[-1].checked
    # Only one line is new; every old line is still there, in order.
    old = checklist._lines(body)
    new = checklist._lines(added)
    assert len(new) - len(old) in (1, 2, 3)
    TALLY.input_run("add", body, text)


def test_split_text_is_used_by_the_strategies() -> None:
    parts, meta = split_text("---\ntitle: x\n---\nbody")
    assert meta == {"title": "x"}
    assert parts.body == "body"
