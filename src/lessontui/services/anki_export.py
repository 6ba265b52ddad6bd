"""An Anki deck (.apkg) of a course's learned items, built with genanki.

One note per ticked item: the item, its lesson and course, a link to the moment
it was taught, and the note lines around it. Ids are stable: the deck's from
the course, each note's guid from the item's review card (course.reviews), so
importing a new export into Anki updates the notes instead of adding copies;
an item reworded before its first review keeps the note the last deck gave it.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import io
import itertools
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from lessontui.course import reviews
from lessontui.course.atomic import atomic_write
from lessontui.course.course import Course
from lessontui.course.slug import slugify
from lessontui.course.timestamps import deep_link, format_time
from lessontui.services.exporter import EXPORT_MARK, is_own_export
from lessontui.services.review_queue import course_schedule

# A last export's collection bigger than this is not read for its notes' guids.
MAX_PREVIOUS = 64 * 1024 * 1024
FIELDS = ["Item", "Lesson", "Course", "Link", "Context"]
# Fixed for ever: Anki knows the note type by this id (changing it makes a new type).
MODEL_ID = 1_607_392_319_027
_MODEL = genanki.Model(
    MODEL_ID,
    "lessontui learned item",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Recall",
            "qfmt": "<div class=item>{{Item}}</div><div class=where>{{Course}} · {{Lesson}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer><pre class=context>{{Context}}</pre>"
            "<div class=link>{{Link}}</div>",
        }
    ],
    css=".card{font-family:sans-serif;font-size:20px}.where,.link{font-size:14px;color:#777}"
    ".context{white-space:pre-wrap;font-size:14px;text-align:left}",
)


def _id(*parts: str) -> int:
    """A positive 62-bit id from text: the same course gives the same deck everywhere."""
    digest = hashlib.sha1("\n".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 2


def deck_id(course: Course) -> int:
    """From the course's source URL when it has one (its title may be edited), else its title."""
    source = str(course.meta.get("source") or "")
    return _id("lessontui deck", source or course.title)


def note_guid(course: Course, item: reviews.ReviewItem) -> str:
    return str(genanki.guid_for("lessontui", deck_id(course), item.card))


def _link(course: Course, item: reviews.ReviewItem) -> str:
    moment = reviews.moment(item)
    lesson = next((x for x in course.lessons if x.path == item.lesson_path), None)
    if lesson is None:
        return ""
    url = deep_link(lesson.url, moment.seconds or 0, lesson.video_id)
    if url is None:
        return ""
    at = format_time(moment.seconds) if moment.seconds is not None else "the start"
    return f'<a href="{html.escape(url)}">watch from {at}</a>'


def _lesson_tag(item: reviews.ReviewItem) -> str:
    return "lessontui::" + "".join(c if c.isalnum() else "_" for c in item.lesson_key)[:60]


def previous_notes(path: Path) -> list[tuple[str, str, str]]:
    """The notes (guid, item text, lesson tag) of the deck an export last wrote at
    `path`; none when there is no such deck or it cannot be read."""
    if not is_own_export(path):
        return []
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("collection.anki2").file_size > MAX_PREVIOUS:
                return []
            data = archive.read("collection.anki2")
        with tempfile.TemporaryDirectory(prefix="lessontui-anki-") as folder:
            database = Path(folder) / "collection.anki2"
            database.write_bytes(data)
            connection = sqlite3.connect(database)
            try:
                rows = connection.execute("select guid, flds, tags from notes").fetchall()
            finally:
                connection.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return []
    return [
        (str(guid), html.unescape(str(fields).split("\x1f")[0]), str(tags).strip())
        for guid, fields, tags in rows
    ]


def _guids(
    course: Course, items: list[reviews.ReviewItem], previous: list[tuple[str, str, str]]
) -> list[str]:
    """Each item's note guid: its review card's; an item whose card is new since the
    last export (reworded before it was ever reviewed) keeps the note of the most
    alike item of its lesson that has left that deck, so Anki updates, not copies."""
    guids = [note_guid(course, item) for item in items]
    mine, before = set(guids), {guid for guid, _, _ in previous}
    left = {guid: (text, tag) for guid, text, tag in previous if guid not in mine}
    pairs = []
    for n, item in enumerate(items):
        if guids[n] in before:
            continue
        words = reviews.normalise(item.item.text)
        for guid, (text, tag) in left.items():
            if tag != _lesson_tag(item):
                continue
            ratio = difflib.SequenceMatcher(None, words, reviews.normalise(text)).ratio()
            if ratio >= reviews.SAME_ITEM_RATIO:
                pairs.append((ratio, n, guid))
    taken: set[int] = set()
    for _, n, guid in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if n not in taken and guid in left:
            guids[n] = guid
            taken.add(n)
            del left[guid]
    return guids


def build_deck(
    course: Course, previous: list[tuple[str, str, str]] | None = None
) -> tuple[genanki.Package, int]:
    """The package of the course's ticked items, and how many notes it holds.
    `previous`: the notes of the deck it replaces (previous_notes)."""
    items = course_schedule(course, reviews.utc_now()).items
    deck = genanki.Deck(deck_id(course), course.title)
    seen: set[str] = set()
    for item, guid in zip(items, _guids(course, items, previous or []), strict=True):
        if guid in seen:  # twin items (same words, same lesson) are one note
            continue
        seen.add(guid)
        context = "\n".join(reviews.moment(item).context)
        fields = [
            html.escape(item.item.text),
            html.escape(item.lesson_title),
            html.escape(course.title),
            _link(course, item),
            html.escape(context),
        ]
        deck.add_note(
            genanki.Note(model=_MODEL, fields=fields, guid=guid, tags=[_lesson_tag(item)])
        )
    return genanki.Package(deck), len(seen)


def apkg_bytes(
    course: Course, previous: list[tuple[str, str, str]] | None = None
) -> tuple[bytes, int]:
    """The .apkg file's bytes (its zip comment marks it as lessontui's), and the note count."""
    package, count = build_deck(course, previous)
    # Package.write_to_file leaves its temporary database behind: the same steps here,
    # in a folder that goes away.
    with tempfile.TemporaryDirectory(prefix="lessontui-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            now = time.time()
            package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
            archive.comment = f"{EXPORT_MARK}: the next export replaces this file".encode()
    return buffer.getvalue(), count


def write_apkg(path: Path, course: Course) -> int:
    """Write the deck atomically (callers check exporter.output_problem first); notes written."""
    data, count = apkg_bytes(course, previous_notes(Path(path)))
    atomic_write(Path(path), data)
    return count


def default_filename(course: Course) -> str:
    return f"{slugify(course.title, 'course-notes')}.apkg"
