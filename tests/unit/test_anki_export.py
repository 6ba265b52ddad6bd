"""`lessontui export --anki`: the .apkg opened as Anki reads it (a zip with a SQLite collection)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from lessontui.cli import main
from lessontui.course import reviews
from lessontui.course.course import Course
from lessontui.services.review_queue import course_schedule

BODY = """[3:05] timm collects many <b>pretrained</b> image models

## Things I learned
- [x] timm is a pytorch library of image models
- [ ] python decorators
- [x] fine tuning needs few epochs
"""


def notes(apkg: Path, tmp_path: Path) -> tuple[list[tuple[str, list[str]]], dict[str, object]]:
    with zipfile.ZipFile(apkg) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        database = tmp_path / "collection.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(database) as db:
        rows = db.execute("select guid, flds from notes order by flds").fetchall()
        decks = json.loads(db.execute("select decks from col").fetchone()[0])
    return [(guid, flds.split("\x1f")) for guid, flds in rows], decks


def make_course(root: Path) -> Course:
    course = Course.create(root, "Fast.ai", source="https://www.youtube.com/playlist?list=PLx")
    course.add_lesson("Lesson 1", body=BODY, url="https://www.youtube.com/watch?v=Xy1lesson01")
    return Course.load(root)


def test_one_note_per_ticked_item_with_lesson_course_and_link(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    out = tmp_path / "deck.apkg"
    assert main(["export", "--anki", str(course.root), "-o", str(out)]) == 0
    found, decks = notes(out, tmp_path)
    assert [fields[0] for _, fields in found] == [
        "fine tuning needs few epochs",
        "timm is a pytorch library of image models",
    ]
    timm = found[1][1]
    assert timm[1:3] == ["Lesson 1", "Fast.ai"]
    assert 'href="https://youtu.be/Xy1lesson01?t=185"' in timm[3]
    assert "&lt;b&gt;pretrained" in timm[4]  # note text is text, never HTML
    assert "Fast.ai" in {deck["name"] for deck in decks.values()}  # type: ignore[index]


def test_a_second_export_updates_the_same_notes(tmp_path: Path) -> None:
    course = make_course(tmp_path / "c")
    out = tmp_path / "deck.apkg"
    assert main(["export", "--anki", str(course.root), "-o", str(out)]) == 0
    first, first_decks = notes(out, tmp_path)
    # The item is reviewed, then reworded: its card, so its note, stays the same.
    item = course_schedule(course, reviews.utc_now()).items[0]
    reviews.append(course.root, [reviews.grade(item, 3, reviews.utc_now())])
    lesson = course.lessons[0]
    lesson.save_body(lesson.body.replace("image models\n- [ ]", "image-models!\n- [ ]"))
    assert main(["export", "--anki", str(course.root), "-o", str(out)]) == 0
    second, second_decks = notes(out, tmp_path)
    assert sorted(g for g, _ in second) == sorted(g for g, _ in first)
    assert len({g for g, _ in second}) == 2
    assert "timm is a pytorch library of image-models!" in [f[0] for _, f in second]
    assert first_decks.keys() == second_decks.keys()


def test_an_apkg_never_replaces_a_file_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course(tmp_path / "c")
    mine = tmp_path / "deck.apkg"
    mine.write_text("my own file")
    assert main(["export", "--anki", str(course.root), "-o", str(mine)]) == 2
    assert mine.read_text() == "my own file"
    assert "not written" in capsys.readouterr().err
    inside = course.root / "lessons" / "x.apkg"
    assert main(["export", "--anki", str(course.root), "-o", str(inside), "--force"]) == 2
    assert not inside.exists()


def test_an_item_never_reviewed_keeps_its_note_when_reworded(tmp_path: Path) -> None:
    # Anki users who never review in lessontui have no review log: the reworded item
    # got a new card, so a new guid, and Anki added a copy beside the old note.
    course = make_course(tmp_path / "c")
    out = tmp_path / "deck.apkg"
    assert main(["export", "--anki", str(course.root), "-o", str(out)]) == 0
    first, _ = notes(out, tmp_path)
    lesson = course.lessons[0]
    lesson.save_body(
        lesson.body.replace("is a pytorch library of", "is a PyTorch library with")
        + "- [x] a new item\n"
    )
    assert main(["export", "--anki", str(course.root), "-o", str(out)]) == 0
    second, _ = notes(out, tmp_path)
    assert "timm is a PyTorch library with image models" in [f[0] for _, f in second]
    assert {g for g, _ in first} < {g for g, _ in second}
    assert len({g for g, _ in second}) == 3
    # Written elsewhere (not over the last export), the deck still has a note each.
    other = tmp_path / "other.apkg"
    assert main(["export", "--anki", str(course.root), "-o", str(other)]) == 0
    assert len(notes(other, tmp_path)[0]) == 3
