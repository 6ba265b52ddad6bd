"""An Anki deck (.apkg) of a course's learned items, built with genanki.

One note per ticked item: the item, its lesson and course, a link to the moment
it was taught, and the note lines around it. Ids are stable: the deck's from
the course, each note's guid from the item's review card (course.reviews), so
importing a new export into Anki updates the notes instead of adding copies.
"""

from __future__ import annotations

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
from lessontui.services.exporter import EXPORT_MARK
from lessontui.services.review_queue import course_schedule

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


def build_deck(course: Course) -> tuple[genanki.Package, int]:
    """The package of the course's ticked items, and how many notes it holds."""
    items = course_schedule(course, reviews.utc_now()).items
    deck = genanki.Deck(deck_id(course), course.title)
    seen: set[str] = set()
    for item in items:
        guid = note_guid(course, item)
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
        tag = "lessontui::" + "".join(c if c.isalnum() else "_" for c in item.lesson_key)[:60]
        deck.add_note(genanki.Note(model=_MODEL, fields=fields, guid=guid, tags=[tag]))
    return genanki.Package(deck), len(seen)


def apkg_bytes(course: Course) -> tuple[bytes, int]:
    """The .apkg file's bytes (its zip comment marks it as lessontui's), and the note count."""
    package, count = build_deck(course)
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
    data, count = apkg_bytes(course)
    atomic_write(Path(path), data)
    return count


def default_filename(course: Course) -> str:
    return f"{slugify(course.title, 'course-notes')}.apkg"
