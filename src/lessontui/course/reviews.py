"""Spaced review of learned items: the append-only review log in a course and its FSRS schedule.

`.lessontui/reviews.jsonl` holds one JSON record a line, one per grade given:
when, which card, the lesson, the item's text then, the grade. Lines are only
ever appended, so two machines' copies merge by union (git `merge=union`, or
Syncthing's conflict copies, read beside it). A card is an item's history: it
follows the item through small edits of its text and moves within its lesson;
an item that is gone keeps its lines in the file but leaves the schedule.
The schedule is replayed from the records through the `fsrs` package.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from lessontui.course import checklist, safe_paths, timestamps

LOG_DIR = ".lessontui"
LOG_NAME = "reviews.jsonl"
# Syncthing keeps both sides of a conflict as `reviews.sync-conflict-<date>-<id>.jsonl`.
_SIBLING = re.compile(r"^reviews\.sync-conflict-[^/]*\.jsonl$")
VERSION = 1
GRADES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
# An edited item keeps its card when its text is this alike to the card's last text.
SAME_ITEM_RATIO = 0.75
MAX_LINE = 64 * 1024  # a longer line is not a record of ours
# A log is read whole: a bigger one (a sparse file, not grades: 256 MB is about
# 1.7 million of them) is named, not read into memory.
MAX_LOG = 256 * 1024 * 1024
# Replayed, not stored: fuzz would give each machine, and each start, other due dates.
SCHEDULER = Scheduler(enable_fuzzing=False)

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ReviewLogError(OSError):
    """The review log cannot be written (outside the course, not a regular file...)."""


@dataclass(frozen=True)
class Record:
    """One grade given to one card."""

    at: dt.datetime  # UTC
    card: str
    lesson: str  # the lesson file's name without `.md`: the app never renames it
    text: str  # the item's text when it was graded
    grade: int  # 1 again, 2 hard, 3 good, 4 easy

    def line(self) -> str:
        data = {
            "v": VERSION,
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
            "card": self.card,
            "lesson": self.lesson,
            "text": self.text,
            "grade": self.grade,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Problem:
    """A line of the log that is not a record: reported, never rewritten."""

    file: Path
    line: int  # 1-based; 0 for the whole file
    reason: str

    def format(self, full_path: bool = False) -> str:
        """`full_path`: the file's whole path (among many courses' logs), else its name."""
        name = str(self.file) if full_path else self.file.name
        if not self.line:
            return f"{name}: {self.reason} (not read)"
        return f"{name}:{self.line}: {self.reason} (line kept, not used)"


@dataclass
class ReviewLog:
    """Every record of a course's log and its Syncthing siblings, and the lines that are not."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def log_path(root: Path) -> Path:
    return root / LOG_DIR / LOG_NAME


# The latest grade the schedule can replay: FSRS adds up to its maximum interval to
# a grade's time, and a datetime ends with the year 9999 (a later one crashed it).
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC) - dt.timedelta(days=SCHEDULER.maximum_interval + 1)


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            return None
        return moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):  # in UTC past the year 9999
        return None


def parse_line(text: str) -> Record | str:
    """A record, or why the line is not one."""
    if len(text) > MAX_LINE:
        return "line too long"
    try:
        data = json.loads(text)
    except ValueError:
        return "not JSON"
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("v") != VERSION:
        return f"unknown version {data.get('v')!r} (a newer lessontui wrote it?)"
    at = _parse_time(data.get("at"))
    card, lesson, text_, grade = (data.get(k) for k in ("card", "lesson", "text", "grade"))
    if at is None:
        return "no valid time (`at`, ISO 8601 with a zone)"
    if at > LATEST:
        return f"time too late to schedule (after {LATEST.year})"
    if not (isinstance(card, str) and card and isinstance(lesson, str) and lesson):
        return "no card or lesson"
    if not isinstance(text_, str):
        return "no text"
    if type(grade) is not int or grade not in GRADES:
        return "grade is not 1-4"
    return Record(at, card, lesson, text_, grade)


def parse_log(data: bytes, file: Path) -> ReviewLog:
    log = ReviewLog()
    text = data.decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parsed = parse_line(line)
        if isinstance(parsed, Record):
            log.records.append(parsed)
        else:
            log.problems.append(Problem(file, number, parsed))
    return log


def read_log(root: Path) -> ReviewLog:
    """The course's review records (its log and any Syncthing conflict copies of it),
    duplicates dropped (a union merge may repeat a line), oldest first."""
    folder = root / LOG_DIR
    files = [folder / LOG_NAME]
    with contextlib.suppress(OSError):  # no folder yet: no siblings
        files += sorted(folder / name for name in os.listdir(folder) if _SIBLING.match(name))
    merged = ReviewLog()
    for file in files:
        if safe_paths.leads_out(root, file):
            merged.problems.append(Problem(file, 0, "leads out of the course folder"))
            continue
        try:
            with safe_paths.open_regular(file) as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > MAX_LOG:
                    reason = f"too big to read ({size // 2**20} MB, at most {MAX_LOG // 2**20} MB)"
                    merged.problems.append(Problem(file, 0, reason))
                    continue
                data = handle.read(MAX_LOG + 1)
        except FileNotFoundError:
            continue
        except OSError as error:
            merged.problems.append(Problem(file, 0, error.strerror or str(error)))
            continue
        log = parse_log(data, file)
        merged.records += log.records
        merged.problems += log.problems
    # Time order; grades given in the same millisecond (keys in one burst) keep the
    # file's order, which is the order they were given in.
    merged.records = sorted(dict.fromkeys(merged.records), key=lambda r: r.at)
    return merged


def append(root: Path, records: Iterable[Record]) -> None:
    """Add records at the end of the log, one line each; every byte already there is kept.

    A last line without its newline (a copy cut short, a hand edit) gets one first,
    so the new record never joins it.
    """
    lines = "".join(record.line() + "\n" for record in records)
    if not lines:
        return
    folder, path = root / LOG_DIR, log_path(root)
    try:
        if safe_paths.leads_out(root, folder) or (
            os.path.lexists(path) and safe_paths.leads_out(root, path)
        ):
            raise safe_paths.OutsideCourse(path)
        folder.mkdir(exist_ok=True)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC
        fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as error:
        raise ReviewLogError(error.errno or errno.EIO, _why(error), str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReviewLogError(errno.EINVAL, "not a regular file", str(path))
        if info.st_nlink > 1:  # another name for it may be a note (a course from a tarball)
            raise ReviewLogError(
                errno.EMLINK, "a hard link to another file (not written)", str(path)
            )
        size = info.st_size
        if size and os.pread(fd, 1, size - 1) not in (b"\n", b"\r"):
            lines = "\n" + lines
        os.write(fd, lines.encode())
        os.fsync(fd)
    except ReviewLogError:
        raise
    except OSError as error:
        raise ReviewLogError(error.errno or errno.EIO, _why(error), str(path)) from None
    finally:
        os.close(fd)


def _why(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symlink (not written)"
    return error.strerror or str(error)


# -- item identity ------------------------------------------------------------------

_WORDS = re.compile(r"\w+")


def normalise(text: str) -> str:
    """The words of an item, case-folded: punctuation, Markdown marks and spacing apart."""
    return " ".join(_WORDS.findall(timestamps.TIMESTAMP.sub(" ", text).casefold()))


def lesson_key(path: Path) -> str:
    return path.stem


def card_id(lesson: str, text: str) -> str:
    """A new card's id: its lesson and words, so the same item gets the same id anywhere."""
    return hashlib.sha1(f"{lesson}\n{normalise(text)}".encode()).hexdigest()[:16]


@dataclass
class History:
    """A card's history: its records, oldest first."""

    id: str
    lesson: str
    records: list[Record]

    @property
    def text(self) -> str:
        return self.records[-1].text


def match_items(
    lesson: str, texts: list[str], cards: list[History], ticked: list[bool] | None = None
) -> tuple[list[str], list[History | None]]:
    """The card id of each item text in one lesson, and the history it takes over.

    Same words first, then the most alike unclaimed card (an edited item), then a
    new id. A card no item claims is a deleted item's: left out of the schedule.
    Of twins, a ticked item (`ticked`) comes first: an unticked copy added above a
    reviewed item must not take its history and leave it new.
    """
    found: list[History | None] = [None] * len(texts)
    free = {card.id: card for card in cards}
    by_words: dict[str, list[History]] = {}
    for card in cards:
        by_words.setdefault(normalise(card.text), []).append(card)
    words = [normalise(text) for text in texts]
    unticked = [not t for t in ticked] if ticked is not None else [False] * len(texts)
    for n in sorted(range(len(words)), key=lambda n: unticked[n]):
        key = words[n]
        same = [c for c in by_words.get(key, []) if c.id in free]
        if same:
            found[n] = free.pop(same[0].id)
    pairs = []
    for n, key in enumerate(words):
        if found[n] is not None or not key:
            continue
        for card in free.values():
            ratio = difflib.SequenceMatcher(None, key, normalise(card.text)).ratio()
            if ratio >= SAME_ITEM_RATIO:
                pairs.append((ratio, n, card.id))
    for _, n, cid in sorted(pairs, key=lambda p: (-p[0], unticked[p[1]], p[1])):
        if found[n] is None and cid in free:
            found[n] = free.pop(cid)
    taken = {card.id for card in cards}
    ids: list[str] = []
    for text, history in zip(texts, found, strict=True):
        if history is not None:
            ids.append(history.id)
            continue
        new = base = card_id(lesson, text)
        suffix = 2
        while new in taken:  # a deleted item's card with these words, or a twin item
            new, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(new)
        ids.append(new)
    return ids, found


# -- the schedule -------------------------------------------------------------------


@dataclass
class ReviewItem:
    """A ticked item of a lesson, with its card's history and when it is due."""

    card: str
    root: Path  # the course folder: its log gets the grades
    course_title: str
    lesson_key: str
    lesson_path: Path
    lesson_title: str
    item: checklist.Item
    body: str
    records: list[Record]
    state: Card

    @property
    def due(self) -> dt.datetime:
        return self.state.due

    @property
    def new(self) -> bool:
        return not self.records

    def is_due(self, now: dt.datetime) -> bool:
        return self.state.due <= now


def replay(card: str, records: list[Record], now: dt.datetime) -> Card:
    """The FSRS card after its records, graded in time order; a new card is due `now`."""
    state = Card(card_id=int(card[:12], 16) if _HEX12.match(card) else 1, due=now)
    for record in records:
        state, _ = SCHEDULER.review_card(state, Rating(record.grade), record.at)
    return state


_HEX12 = re.compile(r"^[0-9a-f]{12}")


@dataclass(frozen=True)
class LessonText:
    """What the schedule needs of a lesson: its file, title and body."""

    path: Path
    title: str
    body: str


def schedule(
    lessons: Iterable[LessonText],
    log: ReviewLog,
    now: dt.datetime,
    heading: str = checklist.DEFAULT_HEADING,
    root: Path = Path(),
    course_title: str = "",
) -> list[ReviewItem]:
    """Every ticked learned item of the lessons, with its card; unticked items and
    deleted items' cards are left out (their records stay in the file)."""
    by_lesson: dict[str, dict[str, History]] = {}
    for record in log.records:
        cards = by_lesson.setdefault(record.lesson, {})
        cards.setdefault(record.card, History(record.card, record.lesson, [])).records.append(
            record
        )
    found: list[ReviewItem] = []
    for lesson in lessons:
        key = lesson_key(lesson.path)
        items = checklist.items(lesson.body, heading)
        if not items:
            continue
        ids, history = match_items(
            key,
            [item.text for item in items],
            list(by_lesson.get(key, {}).values()),
            [item.checked for item in items],
        )
        for item, cid, card in zip(items, ids, history, strict=True):
            if not item.checked:
                continue
            records = card.records if card else []
            found.append(
                ReviewItem(
                    cid,
                    root,
                    course_title,
                    key,
                    lesson.path,
                    lesson.title,
                    item,
                    lesson.body,
                    records,
                    replay(cid, records, now),
                )
            )
    return found


def due(items: Iterable[ReviewItem], now: dt.datetime) -> list[ReviewItem]:
    """The items due by `now`: the longest overdue first, new ones after, in lesson order."""
    ready = [item for item in items if item.is_due(now)]
    return sorted(ready, key=lambda item: (item.new, item.due if not item.new else now))


def grade(item: ReviewItem, grade: int, now: dt.datetime) -> Record:
    """The record of grading `item` now; the item's card moves on (not yet written)."""
    if grade not in GRADES:
        raise ValueError(f"grade {grade} is not 1-4")
    # Milliseconds, as the line keeps them: the card replayed from the file is this one.
    now = now.astimezone(dt.UTC)
    at = now.replace(microsecond=now.microsecond // 1000 * 1000)
    record = Record(at, item.card, item.lesson_key, item.item.text, grade)
    item.records = [*item.records, record]
    item.state, _ = SCHEDULER.review_card(item.state, Rating(grade), record.at)
    return record


# -- where an item was taught -------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """Where in the lesson an item was taught: a stamp and the note lines around it."""

    seconds: int | None
    line: int  # 0-based body line the context is centred on
    context: list[str]


def moment(item: ReviewItem, around: int = 2) -> Moment:
    """The item's own stamp; else the note line with a stamp that shares most words
    with it; else the item's line, without a stamp."""
    lines = item.body.splitlines()
    own = timestamps.find_all(item.item.text)
    if own:
        return Moment(own[0].seconds, item.item.line, _around(lines, item.item.line, around))
    words = {w for w in normalise(item.item.text).split() if len(w) > 3}
    best: tuple[int, int, int] | None = None  # (shared words, line, seconds)
    for number, line in enumerate(lines):
        stamps = timestamps.find_all(line)
        if not stamps or number == item.item.line:
            continue
        shared = len(words & set(normalise(line).split()))
        if shared and (best is None or shared > best[0]):
            best = (shared, number, stamps[0].seconds)
    if best is not None:
        return Moment(best[2], best[1], _around(lines, best[1], around))
    return Moment(None, item.item.line, _around(lines, item.item.line, around))


def find_again(
    item: ReviewItem, body: str, heading: str = checklist.DEFAULT_HEADING
) -> ReviewItem | None:
    """`item` in its lesson's text as it is now (changed since its card was read, by
    another instance or an editor): by its words, else the most alike ticked item
    (as a card follows its item); None when it is gone. Of twins, the nearest."""
    words = normalise(item.item.text)
    ticked = [i for i in checklist.items(body, heading) if i.checked]
    same = [i for i in ticked if normalise(i.text) == words]
    if not same:
        alike = [
            (difflib.SequenceMatcher(None, words, normalise(i.text)).ratio(), i) for i in ticked
        ]
        same = [i for ratio, i in sorted(alike, key=lambda p: -p[0]) if ratio >= SAME_ITEM_RATIO]
    if not same:
        return None
    found = min(same, key=lambda i: abs(i.index - item.item.index))
    return dataclasses.replace(item, item=found, body=body)


def _around(lines: list[str], line: int, around: int) -> list[str]:
    return lines[max(0, line - around) : line + around + 1]


# -- progress -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Reviews per day, items first reviewed per ISO week, and retention."""

    reviews_per_day: dict[dt.date, int]
    learned_per_week: dict[str, int]  # "2026-W49": cards first graded that week
    retention: float | None  # share of repeat reviews not graded "again"
    reviews: int
    cards: int


def stats(log: ReviewLog, tz: dt.tzinfo | None = None) -> Stats:
    per_day: dict[dt.date, int] = {}
    per_week: dict[str, int] = {}
    seen: set[str] = set()
    repeats = recalled = 0
    for record in log.records:
        local = record.at.astimezone(tz)
        per_day[local.date()] = per_day.get(local.date(), 0) + 1
        if record.card in seen:
            repeats += 1
            recalled += record.grade > 1
            continue
        seen.add(record.card)
        year, week, _ = local.isocalendar()
        per_week[f"{year}-W{week:02d}"] = per_week.get(f"{year}-W{week:02d}", 0) + 1
    return Stats(
        dict(sorted(per_day.items())),
        dict(sorted(per_week.items())),
        recalled / repeats if repeats else None,
        len(log.records),
        len(seen),
    )
