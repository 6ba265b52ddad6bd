"""Pre-publish check of a course or a Markdown page: links, placeholders, loose ends.

It only looks at the text. It never fetches a URL: a link's form is checked
(scheme, host, no spaces), not whether the page behind it exists.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lessontui.course import checklist, markdown_blocks, safe_paths, timestamps
from lessontui.course.course import Course, Lesson
from lessontui.course.document import Document, DocumentError
from lessontui.services import mdscan
from lessontui.services.export_images import is_image_file

ERROR = "error"
WARNING = "warning"

# What people type where the link should go when they mean to fill it in later.
PLACEHOLDERS = {
    "link here",
    "link",
    "url",
    "url here",
    "todo",
    "tbd",
    "fixme",
    "xxx",
    "...",
    "#",
    "insert link",
    "link todo",
}
# As link text these say the link is unfinished (`[link](...)` alone may be real).
TEXT_PLACEHOLDERS = {"link here", "url here", "todo", "tbd", "fixme", "xxx", "insert link"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_WEB_SCHEMES = {"http", "https", "ftp"}
_UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file"}
_HOST_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_\u00a1-\uffff-]{1,63}(?<!-)$")
_EMPTY_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]*$")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*(\S*)")
_LOOKS_LIKE_HOST = re.compile(r"^(?:www\.|[\w-]+\.(?:com|org|net|io|ai|dev|edu|gov)(?:/|$))")
# Raw HTML that kramdown passes to the Jekyll page as it is (the HTML export escapes it).
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>?")
_ACTIVE_TAGS = {"script", "iframe", "object", "embed", "style", "form", "base", "meta", "link"}
_EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
_URL_ATTR = re.compile(
    r"\b(?:href|src|action|formaction|data)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I
)
# A run this long of indentation and list or quote markers may reach the HTML
# renderer's nesting limit: only then is the text parsed to find out.
_DEEP_PREFIX = re.compile(r"^[ \t>*+\-\d.)]{18,}", re.MULTILINE)


@dataclass(frozen=True, order=True)
class Finding:
    file: Path
    line: int  # 1-based line in the file
    severity: str  # "error" | "warning"
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        path = self.file
        if relative_to is not None:
            with contextlib.suppress(ValueError):
                path = self.file.relative_to(relative_to)
        return f"{path}:{self.line}: {self.severity}: {self.message}"


def counts(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    found = list(findings)
    errors = sum(f.severity == ERROR for f in found)
    return errors, len(found) - errors


def summary(findings: Iterable[Finding]) -> str:
    errors, warnings = counts(findings)
    if not errors and not warnings:
        return "no problems found"
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# -- URLs ------------------------------------------------------------------------------


def url_problem(destination: str) -> tuple[str, str] | None:
    """(severity, message) for a link destination that is wrong in form, else None."""
    target = _strip_title(destination.strip())
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if not target:
        return ERROR, "empty link target ()"
    if target.lower().strip(" .:") in PLACEHOLDERS or target.lower() in PLACEHOLDERS:
        return ERROR, f"placeholder link ({target})"
    if re.search(r"\s", target):
        return ERROR, f"malformed URL (contains a space): {target}"
    decoded = _scheme_of(target)
    if decoded in _UNSAFE_SCHEMES:
        return ERROR, (
            f"unsafe link ({decoded}:; the Jekyll page keeps it as it is, "
            f"the HTML page drops it): {target}"
        )
    match = _SCHEME.match(target)
    if match is None:
        if decoded is not None:  # `javascript&colon;` and the like
            return WARNING, f"link scheme {decoded}: hidden by escapes: {target}"
        if _LOOKS_LIKE_HOST.match(target):
            return WARNING, f"URL without http(s):// is a relative link: {target}"
        return None  # a relative link or a #fragment
    scheme = match.group(1).lower()
    if scheme not in mdscan.SAFE_SCHEMES:
        return WARNING, f"unusual link scheme {scheme}: (left out of the HTML page): {target}"
    if scheme not in _WEB_SCHEMES:
        return None
    rest = target[len(scheme) + 1 :]
    if not rest.startswith("//"):
        return ERROR, f"malformed URL (no // after {scheme}:): {target}"
    authority = re.split(r"[/?#]", rest[2:], maxsplit=1)[0]
    host_port = authority.rsplit("@", 1)[-1]
    if host_port.startswith("["):
        try:
            urlsplit(target).port  # noqa: B018 - checks the brackets and the port
        except ValueError as error:
            return ERROR, f"malformed URL ({error}): {target}"
        return None
    host, _, port = host_port.partition(":")
    if not host:
        return ERROR, f"malformed URL (no host): {target}"
    if port and not port.isdigit():
        return ERROR, f"malformed URL (bad port {port!r}): {target}"
    labels = host.rstrip(".").split(".")
    bad_label = next((label for label in labels if not _HOST_LABEL.match(label)), None)
    if bad_label is not None:
        odd = sorted({ch for ch in bad_label if not (ch.isalnum() or ch in "-_")})
        why = f"{''.join(odd)!r} in the host name" if odd else "bad host name"
        return ERROR, f"malformed URL ({why} {host}): {target}"
    return None


def _scheme_of(target: str) -> str | None:
    """The scheme a browser sees once entities (`&#106;`, `&colon;`) and percent escapes
    are decoded and blanks and controls dropped (`jav&#x09;ascript:`), lower case."""
    cleaned = target
    for _ in range(3):  # `&amp;#106;` decodes twice on the way through Markdown
        decoded = unquote(html.unescape(cleaned))
        if decoded == cleaned:
            break
        cleaned = decoded
    cleaned = "".join(ch for ch in cleaned if ch > " " and ch != "\x7f")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _strip_title(destination: str) -> str:
    # `url "title"` or `url 'title'`: the title is not part of the address.
    match = re.match(r"^(\S+)[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\))$", destination)
    return match.group(1) if match else destination


# -- text ------------------------------------------------------------------------------


def check_text(
    text: str, file: Path, line_offset: int = 0, root: Path | None = None
) -> list[Finding]:
    """Links, placeholders, empty bullets and raw HTML in Markdown text.

    `line_offset` is the number of file lines before `text` (a front matter block).
    With the course folder `root`, a relative link must name a file in it.
    """
    found: list[Finding] = []

    def add(number: int, severity: str, message: str) -> None:
        found.append(Finding(file, number + line_offset + 1, severity, message))

    def check_target(number: int, destination: str, image: bool = False) -> None:
        problem = url_problem(destination)
        if problem is None and root is not None:
            problem = _missing_target(destination, file.parent, root, image)
        if problem:
            add(number, *problem)

    for number, line, code in markdown_blocks.prose_lines(text):
        if code:
            continue
        if _EMPTY_BULLET.match(line):
            add(number, WARNING, "empty bullet")
        prose = markdown_blocks.mask_code_spans(line)
        for link in mdscan.inline_links(prose):
            if not link.text.strip() and not link.image:
                add(number, ERROR, f"link with no text: []({link.destination.strip()})")
            if link.text.strip().lower() in TEXT_PLACEHOLDERS:
                add(number, ERROR, f"placeholder link text [{link.text.strip()}]")
            check_target(number, link.destination, link.image)
        for match in _AUTOLINK.finditer(prose):
            check_target(number, match.group(1))
        reference = _REFERENCE.match(prose)
        # `[^1]: text` is a footnote's definition (kramdown's footnotes), not a link.
        if reference and not reference.group(1).startswith("^"):
            check_target(number, reference.group(2))
        for problem in _raw_html(prose):
            add(number, *problem)
    if _DEEP_PREFIX.search(text):
        from lessontui.services.exporter import nesting_dropped

        if nesting_dropped(text):
            number = next(
                n for n, line, _ in markdown_blocks.prose_lines(text) if _DEEP_PREFIX.match(line)
            )
            add(
                number,
                WARNING,
                "nested deeper than 20 levels: the HTML page leaves out the rest of the text",
            )
    return found


# In a note, Jekyll publishes raw HTML as it is (only the HTML export escapes it).
PUBLISHED_AS_IS = "the Jekyll page publishes it as it is"
# A front matter field is plain text: both exports escape it (exporter.md_escape).
SHOWN_AS_TEXT = "the page shows it escaped, as text; was it meant to run?"


def _raw_html(prose: str, outcome: str = PUBLISHED_AS_IS) -> list[tuple[str, str]]:
    """Raw HTML on a line, each tag with what the page does with it (`outcome`)."""
    problems = []
    for match in _HTML_TAG.finditer(prose):
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            continue
        schemes = {_scheme_of(value.strip("\"'")) for value in _URL_ATTR.findall(attributes)}
        unsafe = sorted(s for s in schemes if s in _UNSAFE_SCHEMES)
        if name in _ACTIVE_TAGS or _EVENT_ATTR.search(attributes) or unsafe:
            what = f"{unsafe[0]}: link" if unsafe else "script"
            problems.append((ERROR, f"raw HTML <{name}> with a {what}: {outcome}"))
        else:
            problems.append((WARNING, f"raw HTML <{name}>: {outcome}"))
    return problems


def _missing_target(
    destination: str, folder: Path, root: Path, image: bool = False
) -> tuple[str, str] | None:
    """A link that is neither a URL with a known scheme nor a file in the course."""
    target = _strip_title(destination.strip())
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if _scheme_of(target) is not None or target.startswith("#"):
        return None
    name = unquote(re.split(r"[?#]", target, maxsplit=1)[0])
    if not name:
        return None
    path = root / name.lstrip("/") if name.startswith("/") else folder / name
    if not os.path.lexists(path):
        if image:
            return ERROR, f"image not found in the course: {target}"
        return (
            WARNING,
            f"link target not found (no such file in the course, no URL scheme): {target}",
        )
    if not safe_paths.is_inside(root, path):
        if image:
            return ERROR, f"image outside the course folder (not copied to the page): {target}"
        return WARNING, f"link target is outside the course folder: {target}"
    if image and name.startswith("/"):  # export copies (and the preview draws) relative links only
        return (
            ERROR,
            "image linked by an absolute path (not copied to the page; link it from the note, "
            f"../media/...): {target}",
        )
    if image and not is_image_file(path):
        return ERROR, f"not an image file (not copied to the page): {target}"
    return None


def check_page(path: Path) -> list[Finding]:
    """A single Markdown page (an exported one, or one written by hand)."""
    path = Path(path)
    try:
        document = Document.load(path)
    except DocumentError as error:
        return [Finding(path, 1, ERROR, f"cannot read: {error}")]
    return sorted(check_text(document.body, path, document.header_line_count))


# -- courses ---------------------------------------------------------------------------


def check_lesson(
    lesson: Lesson, heading: str, *, unchecked_ok: bool = False, notes: bool = True
) -> list[Finding]:
    """What is wrong in a lesson, and what an export (with or without notes) leaves out."""
    path = lesson.path
    if lesson.is_conflict_copy:
        return [
            Finding(
                path,
                1,
                WARNING,
                "a conflict copy (your version, saved when the file changed on disk): "
                "merge what you need into the lesson, then delete it; it is not exported",
            )
        ]
    try:
        document = lesson.document()
    except DocumentError as error:
        return [Finding(path, 1, ERROR, f"cannot read: {error}")]
    offset = document.header_line_count
    body = document.body
    found = check_text(body, path, offset, lesson.root)
    found += check_fields(document, lesson_fields(lesson))
    # `export: false` keeps the lesson off the page: what the page would lack is
    # no concern there, though broken links and bad timestamps still are.
    exported = lesson.meta.get("export") is not False
    items = checklist.items(body, heading) if exported else []
    for item in items:
        if not item.text.strip():
            continue  # already an empty bullet
        if not item.checked and not unchecked_ok:
            found.append(
                Finding(
                    path,
                    item.line + offset + 1,
                    WARNING,
                    f"learned item not checked (left out of the export): {_short(item.text)}",
                )
            )
    loose = checklist.other_lines(body, heading) if exported and not notes else []
    if loose:
        found.append(
            Finding(
                path,
                loose[0] + offset + 1,
                WARNING,
                f"{len(loose)} line(s) under '## {heading}' are not learned items: "
                "left out of a page without notes (export with notes to keep them)",
            )
        )
    after = checklist.after_list(body, heading) if exported and not notes else []
    if after:
        found.append(
            Finding(
                path,
                after[0] + offset + 1,
                WARNING,
                f"{len(after)} line(s) of notes after the learned list: "
                "left out of a page without notes (export with notes to keep them)",
            )
        )
    if (
        exported
        and lesson.status == "done"
        and not any(item.checked and item.text.strip() for item in items)
    ):
        found.append(
            Finding(
                path,
                _field_line(document, "status"),
                WARNING,
                f"lesson is done but has no learned items under '## {heading}'",
            )
        )
    if lesson.duration > 0:
        for number, line, code in markdown_blocks.prose_lines(body):
            if code:
                continue
            for stamp in timestamps.find_all(markdown_blocks.mask_code_spans(line)):
                if stamp.seconds > lesson.duration:
                    found.append(
                        Finding(
                            path,
                            number + offset + 1,
                            ERROR,
                            f"timestamp {stamp.text} is past the end of the video "
                            f"({timestamps.format_time(lesson.duration)})",
                        )
                    )
    return found


def check_course(
    course: Course, *, unchecked_ok: bool = False, notes: bool = True
) -> list[Finding]:
    """Every lesson and the intro of course.md, in file then line order.

    `unchecked_ok` and `notes` say what the export will include, so the check can
    name what it would leave out.
    """
    document = course.document
    found = check_text(document.body, document.path, document.header_line_count, course.root)
    found += check_fields(document, course_fields(course))
    found += _check_assets(course)
    for lesson in course.lessons:
        found += check_lesson(
            lesson, course.learned_heading, unchecked_ok=unchecked_ok, notes=notes
        )
    return sorted(found, key=lambda f: (f.file != document.path, str(f.file), f.line, f.message))


def check_as_exported(
    course: Course, export_defaults: Mapping[str, Any] | None = None
) -> list[Finding]:
    """`check_course` for the export the course is set up for (course.md's `export:`
    block over the user's `[export]` settings): what that page would leave out."""
    from lessontui.services.exporter import ExportOptions

    options = ExportOptions.for_course(course, export_defaults)
    return check_course(course, unchecked_ok=options.unchecked, notes=options.notes)


def check_path(
    path: Path, *, export_defaults: Mapping[str, Any] | None = None
) -> tuple[list[Finding], Path]:
    """A course folder or a Markdown file; also returns the folder to show paths from."""
    path = Path(path).expanduser()
    if path.is_dir():
        course = Course.load(path)
        return check_as_exported(course, export_defaults), course.root
    return check_page(path), path.parent


# -- front matter fields ---------------------------------------------------------------


def course_fields(course: Course) -> list[tuple[str, str, str]]:
    """(key, label, text) of course.md's plain-text fields that reach the page."""
    fields = [
        ("title", "title", course.title),
        ("learned_heading", "learned_heading", course.learned_heading),
    ]
    for number, part in enumerate(course.parts, start=1):
        for key in ("title", "goal"):
            if part.get(key):
                fields.append(("parts", f"part {number} {key}", str(part[key])))
    return fields


def lesson_fields(lesson: Lesson) -> list[tuple[str, str, str]]:
    """(key, label, text) of a lesson's plain-text fields that reach the page."""
    fields = [("title", "title", lesson.title)]
    for chapter in lesson.chapters:
        if chapter.get("title"):
            fields.append(("chapters", "chapter title", str(chapter["title"])))
    return fields


def check_fields(document: Document, fields: list[tuple[str, str, str]]) -> list[Finding]:
    """Front matter text is plain text on the page: raw HTML or a link with an unsafe
    target there is an error (someone meant it to run or to link); a lesson's `url`
    must be an http(s) URL to become the page's link to the video."""
    found = []
    for key, label, text in fields:
        line = _field_line(document, key)
        for link in mdscan.inline_links(text):
            problem = url_problem(link.destination)
            if problem and problem[0] == ERROR:
                found.append(Finding(document.path, line, ERROR, f"{label}: {problem[1]}"))
        for severity, message in _raw_html(text, SHOWN_AS_TEXT):
            if severity == ERROR:
                found.append(Finding(document.path, line, ERROR, f"{label}: {message}"))
    url = document.meta.get("url")
    if url not in (None, ""):
        scheme = _scheme_of(str(url).strip())
        if scheme not in ("http", "https") or _SCHEME.match(str(url).strip()) is None:
            found.append(
                Finding(
                    document.path,
                    _field_line(document, "url"),
                    ERROR,
                    f"url is not an http(s) URL (the page does not link it): {url}",
                )
            )
    return found


def _check_assets(course: Course) -> list[Finding]:
    """course.md's `export: assets:` must name a folder beside the page; another value
    is not used (the images go to `assets/`), and the check says so."""
    from lessontui.course.export_options import DEFAULT_ASSETS, assets_folder

    value = course.export_settings.get("assets")
    if value is None or assets_folder(value) == str(value).strip().rstrip("/"):
        return []
    message = (
        f"export assets: {_short(str(value))!r} is not a folder name relative to the page; "
        f"the images go to {DEFAULT_ASSETS}/"
    )
    document = course.document
    return [Finding(document.path, _field_line(document, "export"), WARNING, message)]


def _field_line(document: Document, key: str) -> int:
    for number, line in enumerate(
        markdown_blocks.lines(document.text())[: document.header_line_count]
    ):
        if re.match(rf"^{re.escape(key)}[ \t]*:", line):
            return number + 1
    return 1


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
