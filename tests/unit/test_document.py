"""The byte-faithful front matter round trip, field surgery and atomic saves."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from lessontui.course.atomic import TEMP_SUFFIX, atomic_write, clean_stray_temps, temp_name
from lessontui.course.document import (
    Document,
    DocumentError,
    KnownHeader,
    read_header,
    stat_key,
)

CORPUS = {
    "plain": "---\ntitle: Hello\norder: 1\n---\nBody text\n",
    "comments_and_order": (
        "---\n# made by hand\nzeta: 1\ntitle: 'single'   # why\nalpha: \"double\"\n"
        "status: watching          # todo | watching | done\n---\n\nNotes\n"
    ),
    "crlf": "---\r\ntitle: Windows\r\norder: 2\r\n---\r\nline one\r\nline two\r\n",
    "bom": "\ufeff---\ntitle: BOM\n---\nbody\n",
    "emoji": '---\ntitle: "🎉 Party: 🦜"\n---\nEmoji 🐍 body\n',
    "no_trailing_newline": "---\ntitle: x\n---\nno newline at end",
    "no_front_matter": "# Just Markdown\n\nNo header here.\n",
    "rule_then_rule": "---\n\nSome prose between rules.\n\n---\nafter\n",
    "empty_header": "---\n---\nbody\n",
    "nested": (
        "---\ntitle: N\nchapters:\n  - {time: 0, title: Intro}\n  - time: 754\n    title: Bird\n"
        "export:\n  layout: project\n---\nx\n"
    ),
    "unknown_keys": "---\ntitle: T\nmy_key: [1, 2, 3]\nanother: {a: b}\n---\n",
    "only_front_matter": "---\ntitle: only\n---\n",
    "empty": "",
    "dots_close": "---\ntitle: dots\n...\nbody\n",
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_unchanged_file_is_not_written(tmp_path: Path, name: str) -> None:
    path = tmp_path / "lesson.md"
    data = CORPUS[name].encode()
    path.write_bytes(data)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    document = Document.load(path)
    assert document.to_bytes() == data
    assert document.save() is False
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == 1_000_000_000


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_known_header_splits_and_edits_like_parsing(tmp_path: Path, name: str) -> None:
    """The header cache's shortcut (no YAML on open) gives the same document."""
    path = tmp_path / "lesson.md"
    path.write_bytes(CORPUS[name].encode())
    parsed = Document.load(path)
    known = KnownHeader(stat_key(path.stat()), read_header(path))
    shortcut = Document.load(path, known)
    assert (shortcut.meta, shortcut.body, shortcut.text()) == (
        parsed.meta,
        parsed.body,
        parsed.text(),
    )
    for document in (parsed, shortcut):
        document.set_field("status", "done")
        document.set_body(document.body + "more\n")
    assert shortcut.text() == parsed.text()


def test_a_known_header_is_not_used_once_the_file_changed(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_text("---\ntitle: Old\n---\nbody\n", encoding="utf-8")
    known = KnownHeader(stat_key(path.stat()), read_header(path))
    path.write_text("---\ntitle: New\n---\nbody\n", encoding="utf-8")
    assert Document.load(path, known).meta == {"title": "New"}


def test_changing_one_field_changes_only_its_line() -> None:
    text = CORPUS["comments_and_order"]
    document = Document(Path("x.md"), text)
    document.set_field("title", "new title")
    expected = text.replace("title: 'single'   # why", "title: new title   # why")
    assert document.text() == expected
    assert document.meta["title"] == "new title"


def test_inline_comment_survives_a_value_change() -> None:
    document = Document(Path("x.md"), CORPUS["comments_and_order"])
    document.set_field("status", "done")
    assert "status: done          # todo | watching | done\n" in document.text()


def test_crlf_and_bom_survive_field_and_body_edits() -> None:
    document = Document(Path("x.md"), "\ufeff" + CORPUS["crlf"])
    document.set_field("position", 12)
    document.set_body("new\r\nbody\r\n")
    assert document.text() == (
        "\ufeff---\r\ntitle: Windows\r\norder: 2\r\nposition: 12\r\n---\r\nnew\r\nbody\r\n"
    )


def test_body_change_keeps_header_bytes() -> None:
    text = CORPUS["comments_and_order"]
    document = Document(Path("x.md"), text)
    document.set_body("changed\n")
    header = text[: text.index("---\n", 4) + 4]
    assert document.text() == header + "changed\n"


def test_nested_field_is_replaced_whole_and_others_kept() -> None:
    document = Document(Path("x.md"), CORPUS["nested"])
    document.set_field("chapters", [{"time": 0, "title": "Start: here"}])
    assert document.text() == (
        "---\ntitle: N\nchapters:\n  - {time: 0, title: 'Start: here'}\n"
        "export:\n  layout: project\n---\nx\n"
    )
    assert document.meta["export"] == {"layout": "project"}


def test_file_without_front_matter_gets_one_only_when_a_field_is_set() -> None:
    document = Document(Path("x.md"), CORPUS["no_front_matter"])
    assert not document.has_front_matter
    document.set_body(document.body + "more\n")
    assert document.text().startswith("# Just Markdown")
    document.set_field("title", "Now titled")
    assert (
        document.text() == "---\ntitle: Now titled\n---\n# Just Markdown\n\nNo header here.\nmore\n"
    )


def test_rule_prose_rule_is_body_not_yaml() -> None:
    document = Document(Path("x.md"), CORPUS["rule_then_rule"])
    assert not document.has_front_matter
    assert document.body == CORPUS["rule_then_rule"]


def test_delete_field_removes_its_lines_only() -> None:
    document = Document(Path("x.md"), CORPUS["nested"])
    document.delete_field("chapters")
    assert document.text() == "---\ntitle: N\nexport:\n  layout: project\n---\nx\n"


def test_values_are_dumped_not_formatted() -> None:
    document = Document(Path("x.md"), "---\ntitle: x\n---\n")
    hostile = "a: b\n---\nevil: [yes]"
    document.set_field("title", hostile)
    document.set_field("date", dt.date(2024, 3, 18))
    reparsed = Document(Path("x.md"), document.text())
    assert reparsed.meta == {"title": hostile, "date": dt.date(2024, 3, 18)}
    assert reparsed.body == ""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\nbody\n", "not valid YAML"),
        (b"---\ntitle: x\n---\n\xff\xfe bad bytes\n", "not UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
    ],
)
def test_unparseable_files_raise_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=reason):
        Document.load(path)


def test_atomic_write_keeps_mode_and_writes_through_symlinks(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert not list(tmp_path.glob(".*tmp"))


def test_a_file_made_read_only_is_not_replaced_even_by_root(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_bytes(b"---\ntitle: T\n---\nmine\n")
    path.chmod(0o444)
    with pytest.raises(OSError, match="read-only"):
        atomic_write(path, b"other")
    assert path.read_bytes() == b"---\ntitle: T\n---\nmine\n"
    assert not list(tmp_path.glob(f".*{TEMP_SUFFIX}"))


def test_stray_temp_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "a.md"
    stray = temp_name(target).with_name(".a.md.999999999.abcd.lessontui-tmp")
    stray.write_text("half")
    removed = clean_stray_temps(tmp_path)
    assert removed == [stray]
    assert not stray.exists()


def test_read_header_reads_only_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: T\norder: 3\n---\n" + b"body\n" * 1000 + b"\xff")
    assert read_header(path) == {"title": "T", "order": 3}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_read_header_agrees_with_the_full_parse(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "x.md"
    text = newline.join(["---", "title: A", "order: 2", "---", "body", ""])
    path.write_bytes(("\ufeff" + text).encode())
    assert read_header(path) == Document.load(path).meta == {"title": "A", "order": 2}


def test_a_bad_byte_is_named_by_its_offset_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\nbody\n")
    with pytest.raises(DocumentError) as listed:
        read_header(path)
    with pytest.raises(DocumentError) as opened:
        Document.load(path)
    assert str(listed.value) == str(opened.value) == "not UTF-8 text (byte 14: b'\\xe9')"


def test_header_line_count_counts_every_kind_of_line_break() -> None:
    for newline in ("\n", "\r\n", "\r"):
        text = newline.join(["---", "title: x", "order: 1", "---", "body"])
        assert Document(Path("x.md"), text).header_line_count == 4


def test_a_lesson_with_a_255_byte_name_saves(tmp_path: Path) -> None:
    path = tmp_path / f"01-{'L' * 249}.md"  # 255 bytes: the longest name a file system takes
    path.write_text("old")
    assert len(temp_name(path).name.encode()) <= 255
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_title_going_on_at_column_0_is_replaced_whole() -> None:
    doc = Document(Path("x.md"), '---\ntitle: "evil\nt"\norder: 1\n---\nbody\n')
    doc.set_field("title", "new (mine)")
    assert doc.text() == "---\ntitle: new (mine)\norder: 1\n---\nbody\n"


def test_a_stray_nul_is_text_and_a_file_of_control_bytes_is_binary(tmp_path: Path) -> None:
    """A NUL early in a note made it a "binary file, not Markdown" while the search
    found its lines: a stray one is text now (kept byte for byte); UTF-16 text (half
    NULs) is still no note, and the search skips it too."""
    from lessontui.services.search import read_note

    note = tmp_path / "note.md"
    data = b"---\ntitle: x\n---\nrate\x00finder and some more words\n"
    note.write_bytes(data)
    document = Document.load(note)
    assert document.body == "rate\x00finder and some more words\n"
    assert document.text().encode() == data
    assert read_note(note) == data
    utf16 = tmp_path / "utf16.md"
    utf16.write_bytes("---\ntitle: x\n---\nrate finder\n".encode("utf-16-le"))
    with pytest.raises(DocumentError, match="binary"):
        Document.load(utf16)
    assert read_note(utf16) is None
