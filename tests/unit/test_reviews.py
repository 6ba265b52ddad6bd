"""The review log and its FSRS schedule: real fsrs, a fixed clock, real files."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler

from lessontui.course import reviews
from lessontui.course.reviews import LessonText

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
BODY = """[3:05] timm collects many pretrained image models
Then [12:34] fine tuning a resnet with fastai

## Things I learned
- [x] timm is a pytorch library of image models
- [ ] python decorators
- [x] fine tuning needs few epochs
"""


def lesson(body: str = BODY, name: str = "01-start") -> LessonText:
    return LessonText(Path(f"lessons/{name}.md"), "Lesson 1", body)


def course(tmp_path: Path) -> Path:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "course.md").write_text("---\ntitle: C\n---\n")
    return tmp_path


def test_unticked_items_are_not_reviewed_and_new_ones_are_due() -> None:
    items = reviews.schedule([lesson()], reviews.ReviewLog(), T0)
    assert [i.item.text for i in items] == [
        "timm is a pytorch library of image models",
        "fine tuning needs few epochs",
    ]
    assert all(i.new and i.is_due(T0) for i in items)


def test_grades_follow_the_real_fsrs_schedule(tmp_path: Path) -> None:
    root = course(tmp_path)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    record = reviews.grade(item, 3, T0)
    reviews.append(root, [record])
    # The same grades through fsrs itself, without fuzz, at the same times.
    expected, _ = Scheduler(enable_fuzzing=False).review_card(
        Card(card_id=1, due=T0), Rating.Good, T0
    )
    again = reviews.schedule([lesson()], reviews.read_log(root), T0)[0]
    assert again.card == item.card
    assert again.due == expected.due == item.due
    assert not again.is_due(T0)
    assert again.is_due(expected.due)
    # A month of good grades spaces the card out.
    now = T0
    for _ in range(4):
        now = again.due
        reviews.append(root, [reviews.grade(again, 3, now)])
    later = reviews.schedule([lesson()], reviews.read_log(root), now)[0]
    assert later.due - now > dt.timedelta(days=7)
    assert len(reviews.read_log(root).records) == 5


def test_two_machines_logs_merge_by_union(tmp_path: Path) -> None:
    a, b = course(tmp_path / "a"), course(tmp_path / "b")
    first, second = reviews.schedule([lesson()], reviews.ReviewLog(), T0)
    base = reviews.grade(first, 3, T0)
    for root in (a, b):
        reviews.append(root, [base])
    reviews.append(a, [reviews.grade(first, 1, T0 + dt.timedelta(days=3))])
    reviews.append(b, [reviews.grade(second, 4, T0 + dt.timedelta(days=2))])
    # `git merge` with merge=union keeps both sides' lines, the common one twice at worst.
    lines_a = reviews.log_path(a).read_text().splitlines()
    lines_b = reviews.log_path(b).read_text().splitlines()
    reviews.log_path(a).write_text("\n".join(lines_a + lines_b) + "\n")
    merged = reviews.read_log(a)
    assert len(merged.records) == 3
    assert not merged.problems
    # Syncthing keeps the other side beside it: read too.
    reviews.log_path(b).rename(b / ".lessontui" / "reviews.sync-conflict-20261110-1-ABC.jsonl")
    reviews.log_path(b).write_text("\n".join(lines_a) + "\n")
    assert reviews.read_log(b).records == merged.records
    items = reviews.schedule([lesson()], merged, T0 + dt.timedelta(days=3))
    assert [len(i.records) for i in items] == [2, 1]


def test_an_item_keeps_its_history_across_small_edits_and_moves(tmp_path: Path) -> None:
    root = course(tmp_path)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    reviews.append(root, [reviews.grade(item, 3, T0)])
    edited = BODY.replace("- [x] timm is a pytorch library of image models\n", "").replace(
        "- [x] fine tuning",
        "- [x] **timm** is a PyTorch library of image-models.\n- [x] fine tuning",
    )
    log = reviews.read_log(root)
    moved = reviews.schedule([lesson(edited)], log, T0)
    timm = next(i for i in moved if "timm" in i.item.text)
    assert timm.card == item.card
    assert len(timm.records) == 1
    reworded = BODY.replace("library of image models", "library of many image models")
    assert reviews.schedule([lesson(reworded)], log, T0)[0].card == item.card
    # Another lesson is another item.
    assert reviews.schedule([lesson(name="02-other")], log, T0)[0].records == []


def test_a_deleted_item_leaves_the_schedule_but_not_the_file(tmp_path: Path) -> None:
    root = course(tmp_path)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    reviews.append(root, [reviews.grade(item, 3, T0)])
    before = reviews.log_path(root).read_bytes()
    gone = BODY.replace("- [x] timm is a pytorch library of image models\n", "")
    items = reviews.schedule([lesson(gone)], reviews.read_log(root), T0)
    assert [i.item.text for i in items] == ["fine tuning needs few epochs"]
    assert items[0].records == []
    assert items[0].card != item.card
    assert reviews.log_path(root).read_bytes() == before
    # Unticked keeps its card: ticked again, its history is back.
    unticked = BODY.replace("- [x] timm", "- [ ] timm")
    assert len(reviews.schedule([lesson(unticked)], reviews.read_log(root), T0)) == 1
    assert reviews.schedule([lesson()], reviews.read_log(root), T0)[0].card == item.card


def test_a_corrupt_line_is_reported_and_kept(tmp_path: Path) -> None:
    root = course(tmp_path)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    good = reviews.grade(item, 3, T0).line()
    bad = [
        "{not json",
        "[1, 2]",
        json.dumps({"v": 9, "at": "2026-01-01T00:00:00Z"}),
        json.dumps({"v": 1, "at": "yesterday", "card": "a", "lesson": "l", "text": "", "grade": 3}),
        json.dumps(
            {
                "v": 1,
                "at": "2026-01-01T00:00:00",
                "card": "a",
                "lesson": "l",
                "text": "",
                "grade": 3,
            }
        ),
        json.dumps(
            {
                "v": 1,
                "at": "2026-01-01T00:00:00Z",
                "card": "a",
                "lesson": "l",
                "text": "",
                "grade": 7,
            }
        ),
        json.dumps(
            {
                "v": 1,
                "at": "2026-01-01T00:00:00Z",
                "card": "a",
                "lesson": "l",
                "text": "",
                "grade": True,
            }
        ),
        "\x00\x01 \u202e",
    ]
    path = reviews.log_path(root)
    path.parent.mkdir()
    path.write_bytes(("\n".join([good, *bad]) + "\n").encode() + b"\xff\xfe" + b"cut short")
    log = reviews.read_log(root)
    assert len(log.records) == 1
    assert [p.line for p in log.problems] == list(range(2, 11))
    assert "line kept" in log.problems[0].format()
    before = path.read_bytes()
    reviews.append(root, [reviews.grade(item, 4, T0 + dt.timedelta(days=1))])
    after = path.read_bytes()
    assert after.startswith(before + b"\n")  # the cut-short line keeps its bytes
    assert len(reviews.read_log(root).records) == 2


def test_the_log_is_never_written_through_a_symlink_or_into_a_fifo(tmp_path: Path) -> None:
    root = course(tmp_path / "c")
    outside = tmp_path / "elsewhere.jsonl"
    outside.write_text("")
    (root / ".lessontui").mkdir()
    reviews.log_path(root).symlink_to(outside)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    with pytest.raises(reviews.ReviewLogError):
        reviews.append(root, [reviews.grade(item, 3, T0)])
    assert outside.read_text() == ""
    reviews.log_path(root).unlink()
    os.mkfifo(reviews.log_path(root))
    with pytest.raises(reviews.ReviewLogError, match="not a regular file"):
        reviews.append(root, [reviews.grade(item, 3, T0)])
    assert reviews.read_log(root).problems  # a FIFO is named, not read (no hang)


def test_the_moment_is_the_items_stamp_or_the_note_line_it_shares_words_with() -> None:
    items = reviews.schedule([lesson()], reviews.ReviewLog(), T0)
    assert reviews.moment(items[0]).seconds == 3 * 60 + 5
    assert reviews.moment(items[1]).seconds == 12 * 60 + 34
    own = BODY.replace("few epochs", "few epochs [1:00:00]")
    assert (
        reviews.moment(reviews.schedule([lesson(own)], reviews.ReviewLog(), T0)[1]).seconds == 3600
    )
    plain = reviews.schedule(
        [lesson("## Things I learned\n- [x] zebra\n")], reviews.ReviewLog(), T0
    )
    assert reviews.moment(plain[0]).seconds is None


def test_stats_count_reviews_new_cards_and_retention(tmp_path: Path) -> None:
    root = course(tmp_path)
    first, second = reviews.schedule([lesson()], reviews.ReviewLog(), T0)
    reviews.append(root, [reviews.grade(first, 3, T0), reviews.grade(second, 3, T0)])
    reviews.append(root, [reviews.grade(first, 1, T0 + dt.timedelta(days=8))])
    reviews.append(root, [reviews.grade(second, 3, T0 + dt.timedelta(days=8))])
    figures = reviews.stats(reviews.read_log(root), dt.UTC)
    assert figures.reviews == 4
    assert figures.cards == 2
    assert figures.retention == 0.5
    assert figures.reviews_per_day == {T0.date(): 2, (T0 + dt.timedelta(days=8)).date(): 2}
    assert figures.learned_per_week == {"2026-W45": 2}


def test_twin_items_and_empty_items_get_cards_of_their_own() -> None:
    body = "## Things I learned\n- [x] same\n- [x] same\n- [x] \n- [x] [@click=app.quit]q\x1b[2J\n"
    items = reviews.schedule([lesson(body)], reviews.ReviewLog(), T0)
    assert len({item.card for item in items}) == 4
    assert items[1].card == items[0].card + "-2"


def test_a_file_where_the_folder_should_be_is_an_error_not_a_crash(tmp_path: Path) -> None:
    root = course(tmp_path / "c")
    (root / ".lessontui").write_text("not a folder")
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    with pytest.raises(reviews.ReviewLogError):
        reviews.append(root, [reviews.grade(item, 3, T0)])
    assert (root / ".lessontui").read_text() == "not a folder"
    assert reviews.read_log(root).records == []


def test_an_empty_or_huge_log_reads(tmp_path: Path) -> None:
    root = course(tmp_path / "c")
    path = reviews.log_path(root)
    path.parent.mkdir()
    path.write_bytes(b"")
    assert reviews.read_log(root) == reviews.ReviewLog()
    path.write_text("x" * (reviews.MAX_LINE + 1) + "\n\n\n")
    assert [p.reason for p in reviews.read_log(root).problems] == ["line too long"]


@pytest.mark.parametrize(
    "at",
    [
        "9999-12-31T23:59:00.000Z",  # FSRS adds a step (or up to 100 years) to it
        "9999-12-31T23:59:00-05:00",  # in UTC, past the last year a datetime holds
        "9950-06-01T00:00:00Z",
    ],
)
def test_a_time_too_late_to_schedule_is_reported_not_a_crash(tmp_path: Path, at: str) -> None:
    # A hand edit or a machine's broken clock: the whole course's schedule (the due
    # count, the review, the Anki export) crashed with OverflowError on one such line.
    root = course(tmp_path)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    path = reviews.log_path(root)
    path.parent.mkdir()
    for grade in (1, 4):
        late = json.loads(reviews.grade(item, grade, T0).line()) | {"at": at}
        path.write_text(json.dumps(late) + "\n")
        log = reviews.read_log(root)
        assert not log.records
        assert [p.line for p in log.problems] == [1]
        assert "time" in log.problems[0].reason
        items = reviews.schedule([lesson()], log, T0)
        assert [i.is_due(T0) for i in items] == [True, True]


def test_the_log_is_never_written_when_it_is_a_hard_link_to_a_note(tmp_path: Path) -> None:
    # A course unpacked from a tarball may hold `.lessontui/reviews.jsonl` as a hard
    # link to a lesson: O_NOFOLLOW does not see it, and the grades went into the note.
    root = course(tmp_path / "c")
    note = root / "lessons" / "01-start.md"
    note.parent.mkdir()
    note.write_text(BODY)
    (root / ".lessontui").mkdir()
    os.link(note, reviews.log_path(root))
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    with pytest.raises(reviews.ReviewLogError, match="hard link"):
        reviews.append(root, [reviews.grade(item, 3, T0)])
    assert note.read_text() == BODY


def test_find_again_follows_an_item_edited_or_moved_and_knows_when_it_is_gone() -> None:
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    assert item.item.text == "timm is a pytorch library of image models"
    moved = (
        BODY.replace("- [x] timm is a pytorch library of image models\n", "")
        + "- [x] timm is a PyTorch library of image models!\n"
    )
    found = reviews.find_again(item, "new line\n" + moved)
    assert found is not None
    assert found.item.line == 7
    assert found.card == item.card
    assert reviews.moment(found).line == 1  # the [3:05] line, one lower now
    gone = BODY.replace("- [x] timm is a pytorch library of image models\n", "")
    assert reviews.find_again(item, gone) is None


def test_a_ticked_item_keeps_its_history_when_an_unticked_twin_is_added_above() -> None:
    # The unticked twin came first in the list, so it took the card's history; the
    # ticked item, reviewed yesterday, was new again and due at once.
    body = "## Things I learned\n- [x] timm is a library\n"
    item = reviews.schedule([lesson(body)], reviews.ReviewLog(), T0)[0]
    log = reviews.ReviewLog([reviews.grade(item, 4, T0)])
    later = T0 + dt.timedelta(hours=1)
    twins = "## Things I learned\n- [ ] timm is a library\n- [x] timm is a library\n"
    [ticked] = reviews.schedule([lesson(twins)], log, later)
    assert ticked.card == item.card
    assert len(ticked.records) == 1
    assert not ticked.is_due(later)
    # Reworded as well: the ticked one still wins the history.
    alike = (
        "## Things I learned\n- [ ] timm is a pytorch library\n- [x] timm is a pytorch library\n"
    )
    [ticked] = reviews.schedule([lesson(alike)], log, later)
    assert ticked.card == item.card
    assert not ticked.is_due(later)


def test_a_log_too_big_to_read_is_named_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sparse file from a tarball (`truncate -s 50G`) was read whole into memory.
    root = course(tmp_path)
    path = reviews.log_path(root)
    path.parent.mkdir()
    with path.open("wb") as handle:
        handle.truncate(reviews.MAX_LOG + 1)  # sparse: no disk used, never read
    assert reviews.read_log(root).problems[0].reason.startswith("too big to read (256 MB")
    # The same at a smaller bound, with records: none is read.
    monkeypatch.setattr(reviews, "MAX_LOG", 3 * 2**20)
    item = reviews.schedule([lesson()], reviews.ReviewLog(), T0)[0]
    line = reviews.grade(item, 3, T0).line() + "\n"
    path.write_text(line * (3 * 2**20 // len(line) + 1))
    log = reviews.read_log(root)
    assert not log.records
    assert [p.format() for p in log.problems] == [
        "reviews.jsonl: too big to read (3 MB, at most 3 MB) (not read)"
    ]
