"""The finished page of a course: Jekyll Markdown from a Jinja2 template, or one HTML page."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from markupsafe import Markup

from lessontui.course import checklist, export_options, markdown_blocks, safe_paths, timestamps
from lessontui.course.atomic import atomic_write
from lessontui.course.course import COURSE_FILE, LESSONS_DIR, TRASH_DIR, Course, Lesson
from lessontui.course.document import DocumentError, dump_field
from lessontui.course.export_options import SWITCHES
from lessontui.course.header_cache import CACHE_DIR
from lessontui.course.slug import slugify
from lessontui.services import export_images, mdscan
from lessontui.services.line_breaks import hard_breaks
from lessontui.terminal_text import clean_for_terminal

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

FORMATS = ("jekyll", "html")
EXCERPT_SEPARATOR = "<!--more-->"
DEFAULT_LAYOUT = "page"
# Front matter fields the page always carries, in this order; `export: fields:`
# in course.md renames them (or drops one with an empty name).
CORE_FIELDS = ("layout", "title", "date", "last_modified", "excerpt_separator")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
# kramdown's escapable characters, which CommonMark also honours: enough to keep
# a title from the internet from turning into links, emphasis or raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$!])")


class ExportError(Exception):
    """The page cannot be made: a bad template, an unknown format."""


@dataclass(frozen=True)
class ExportOptions:
    format: str = "jekyll"
    notes: bool = False  # each lesson's notes under its part
    unchecked: bool = False  # learned items not ticked yet, as `- [ ]`
    video_links: bool = True  # a lesson's heading links to its video (URL or file name)
    duration: bool = False  # a line with the lesson video's length
    chapters: bool = False  # the video's chapters, each a deep link
    thumbnails: bool = False  # a YouTube video's thumbnail image, linking to it
    # The user's `[export]` config table: used for any key course.md's `export:`
    # block does not set (layout, fields, front_matter, learned_label...).
    defaults: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def for_course(
        cls, course: Course, defaults: Mapping[str, Any] | None = None, **overrides: Any
    ) -> ExportOptions:
        """Options for a course: `overrides` that are not None (CLI flags, the export
        screen) over course.md's `export:` block, over `defaults` (the user's config)."""
        defaults = dict(defaults or {})
        layers = (course.export_settings, defaults)
        options = cls(
            format=str(next((x["format"] for x in layers if x.get("format")), "jekyll")),
            defaults=defaults,
            **{name: _flag(layers, name, default) for name, default, _ in SWITCHES},
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(options, **given)


_TRUE = ("true", "yes")
_FALSE = ("false", "no")


def parse_flag(value: Any) -> bool | None:
    """A yes/no setting: a real boolean, or "true"/"false"/"yes"/"no" in any case;
    None for anything else (a typo must not switch an option on)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _flag(layers: tuple[Mapping[str, Any], ...], key: str, default: bool = False) -> bool:
    """The first layer with a valid value for `key` wins; none: `default`."""
    for layer in layers:
        value = parse_flag(layer.get(key))
        if value is not None:
            return value
    return default


def lessons_shown(options: ExportOptions) -> bool:
    """True when the page has a heading per lesson: for its notes or its video."""
    return options.notes or options.duration or options.chapters or options.thumbnails


def export_settings(course: Course, options: ExportOptions) -> dict[str, Any]:
    """course.md's `export:` block over the user's `[export]` defaults."""
    return {**options.defaults, **course.export_settings}


@dataclass(frozen=True)
class PageItem:
    text: str  # Markdown, timestamps already deep links
    checked: bool
    indent: int  # nesting depth, never deeper than the item before plus one
    lesson: str


@dataclass(frozen=True)
class PageChapter:
    time: str  # `12:34`
    link: str | None  # deep link to that moment, None without a video URL
    title: str  # plain text (from the internet): the template escapes it


@dataclass(frozen=True)
class PageLesson:
    title: str
    url: str | None
    notes: str  # Markdown without the learned section; headings below the lesson's
    link: str | None = None  # the heading's link: the video's URL or its file's name
    duration: str = ""  # `1:23:20`, empty when not asked for or not known
    chapters: list[PageChapter] = field(default_factory=list)
    thumbnail: str | None = None  # a YouTube thumbnail's URL
    thumbnail_link: str | None = None  # the video it shows


@dataclass
class PageSection:
    number: int
    title: str
    goal: str
    items: list[PageItem] = field(default_factory=list)
    lessons: list[PageLesson] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    """Everything a template needs; built once, rendered as Markdown or HTML."""

    title: str
    date: Any
    last_modified: dt.date | None
    intro: str  # Markdown with the excerpt separator after its first paragraph
    sections: list[PageSection]
    learned_label: str
    front_matter: str  # YAML lines, each ending in a newline, no fences
    excerpt_separator: str
    options: ExportOptions
    assets: str = export_options.DEFAULT_ASSETS  # the images' folder beside the page
    images: dict[str, Path] = field(default_factory=dict)  # name there -> the course's file


# -- building the page ---------------------------------------------------------------


def build_page(course: Course, options: ExportOptions | None = None) -> Page:
    options = options or ExportOptions.for_course(course)
    settings = export_settings(course, options)
    separator = str(settings.get("excerpt_separator") or EXCERPT_SEPARATOR)
    sections = _sections(course, options)
    assets = export_options.assets_folder(settings.get("assets"))
    images: dict[str, Path] = {}
    rewrite = export_images.rewriter(course.root, assets, images)
    lessons_folder = course.root / LESSONS_DIR
    for section in sections:
        section.lessons = [
            replace(lesson, notes=rewrite(lesson.notes, lessons_folder))
            for lesson in section.lessons
        ]
    intro = rewrite(course.intro, course.root)
    learned_label = str(settings.get("learned_label") or f"{course.learned_heading}:")
    # Every text that reaches the page: Liquid in any of them turns Liquid off.
    body_text = "\n".join(
        [f"{s.title} {s.goal}" for s in sections]
        + [item.text for s in sections for item in s.items]
        + [f"{lesson.title}\n{lesson.notes}" for s in sections for lesson in s.lessons]
        + [c.title for s in sections for lesson in s.lessons for c in lesson.chapters]
        + [lesson.link or "" for s in sections for lesson in s.lessons]
        + [course.intro, course.title, learned_label]
    )
    page = Page(
        title=course.title,
        date=course.meta.get("date"),
        last_modified=course.last_modified(),
        intro=with_excerpt_marker(hard_breaks(_normalise(intro).strip()), separator),
        sections=sections,
        learned_label=learned_label,
        front_matter="",
        excerpt_separator=separator,
        options=options,
        assets=assets,
        images=images,
    )
    return replace(page, front_matter=front_matter(course, page, _has_liquid(body_text)))


def outline(page: Page) -> list[str]:
    """The page's sections and lessons, one line each, with what each shows: for the
    export dialog, so a choice's effect is seen without reading the whole page."""
    lines = ["Intro"] if page.intro else []
    for section in page.sections:
        learned = sum(item.checked for item in section.items)
        parts = [f"{learned} learned"]
        if len(section.items) > learned:
            parts.append(f"{len(section.items) - learned} to learn")
        lines.append(f"{section.title}: {', '.join(parts)}")
        for lesson in section.lessons:
            shown = [f"→ {urlsplit(lesson.link).netloc or lesson.link}"] if lesson.link else []
            shown += [lesson.duration] if lesson.duration else []
            shown += [f"{len(lesson.chapters)} chapters"] if lesson.chapters else []
            shown += ["thumbnail"] if lesson.thumbnail else []
            shown += [f"notes, {lesson.notes.count(chr(10)) + 1} lines"] if lesson.notes else []
            lines.append(f"  {' '.join(lesson.title.split())}  ({' · '.join(shown)})")
    return lines


def front_matter(course: Course, page: Page, disable_liquid: bool = False) -> str:
    """The page's YAML header lines, written by the YAML dumper, never by formatting."""
    settings = export_settings(course, page.options)
    names = settings.get("fields")
    names = names if isinstance(names, dict) else {}
    values: dict[str, Any] = {
        "layout": str(settings.get("layout") or DEFAULT_LAYOUT),
        "title": page.title,
        "date": page.date,
        "last_modified": page.last_modified,
        "excerpt_separator": page.excerpt_separator,
    }
    fields: dict[str, Any] = {}
    for key in CORE_FIELDS:
        name = names.get(key, key)
        if name and values[key] not in (None, ""):
            fields[str(name)] = values[key]
    extra = settings.get("front_matter")
    if isinstance(extra, dict):
        for key, value in extra.items():
            fields.setdefault(str(key), value)
    if disable_liquid:
        # Notes and titles about templates (`{{ x }}`, `{% block %}`) would otherwise
        # be run by Liquid and can break the site build; Jekyll 4 honours this flag.
        # It wins over the course's own front_matter: the texts come from anyone.
        fields["render_with_liquid"] = False
    return "".join(dump_field(key, value, "\n") for key, value in fields.items())


def _has_liquid(text: str) -> bool:
    return "{{" in text or "{%" in text


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sections(course: Course, options: ExportOptions) -> list[PageSection]:
    by_number: dict[int, PageSection] = {}
    for index, part in enumerate(course.parts, start=1):
        by_number[index] = PageSection(
            index,
            " ".join(str(part.get("title") or f"Part {index}").split()),
            " ".join(str(part.get("goal") or "").split()),
        )
    heading = course.learned_heading
    for lesson in course.counted_lessons:
        if lesson.meta.get("export") is False:
            continue  # `export: false` in a lesson keeps it off the page
        try:
            body = _normalise(lesson.body)
        except DocumentError:
            continue  # unreadable: `check` reports it, the page goes on without it
        section = by_number.get(lesson.part)
        items = _items(lesson, body, heading, options.unchecked)
        notes = _notes(lesson, body, heading) if options.notes else ""
        page_lesson = _page_lesson(lesson, notes, options) if lessons_shown(options) else None
        if page_lesson is not None and not (
            notes or page_lesson.duration or page_lesson.chapters or page_lesson.thumbnail
        ):
            page_lesson = None  # nothing of its own to show
        if section is None:
            if not items and page_lesson is None:
                continue
            section = by_number[lesson.part] = PageSection(lesson.part, f"Part {lesson.part}", "")
        section.items.extend(items)
        if page_lesson is not None:
            section.lessons.append(page_lesson)
    return [by_number[number] for number in sorted(by_number)]


def _page_lesson(lesson: Lesson, notes: str, options: ExportOptions) -> PageLesson:
    """A lesson's entry on the page: its notes and, as the options ask, its video."""
    url = web_link(lesson.url)
    video = lesson.meta.get("video")
    link = url or (_file_link(Path(str(video)).name) if video else None)
    thumbnail = _thumbnail(lesson) if options.thumbnails and url else None
    chapters = []
    if options.chapters:
        for chapter in lesson.chapters:
            seconds = _seconds(chapter.get("time"))
            if seconds is None:
                continue
            title = " ".join(str(chapter.get("title") or "").split())
            chapters.append(
                PageChapter(
                    timestamps.format_time(seconds),
                    _deep_link(lesson, seconds),
                    title,
                )
            )
    return PageLesson(
        lesson.title,
        url,
        notes,
        link=link if options.video_links else None,
        duration=timestamps.format_time(lesson.duration)
        if options.duration and lesson.duration > 0
        else "",
        chapters=chapters,
        thumbnail=thumbnail,
        thumbnail_link=url if thumbnail else None,
    )


def _deep_link(lesson: Lesson, seconds: int) -> str | None:
    return web_link(timestamps.deep_link(lesson.url, seconds, lesson.video_id))


def web_link(url: str | None) -> str | None:
    """An http(s) URL made safe inside Markdown's `(...)`, else None: a video's
    address from front matter never becomes a `javascript:`, `data:` or relative link."""
    if not url:
        return None
    cleaned = "".join(ch for ch in unquote(url) if ch > " " and ch != "\x7f")
    match = _SCHEME.match(cleaned)
    if match is None or match.group(1).lower() not in ("http", "https"):
        return None
    if not urlsplit(url.strip()).netloc:
        return None
    return _link_target(url.strip())


def _file_link(name: str) -> str | None:
    """A local video's file name as a relative link; a `:` in it is encoded so the
    name can never read as a scheme (`javascript:x.mp4`)."""
    target = _link_target(name).replace(":", "%3A")
    return target or None


def _seconds(value: Any) -> int | None:
    try:
        seconds = int(float(value))
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def _link_target(url: str) -> str:
    """A URL or file name safe inside Markdown's `(...)`: spaces and brackets encoded."""
    table = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}
    return "".join(table.get(ch, ch) for ch in url if ch >= " ")


def _thumbnail(lesson: Lesson) -> str | None:
    """The YouTube thumbnail's address (an image only: no player, no script)."""
    video_id = timestamps.youtube_id(lesson.url, lesson.video_id)
    return f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg" if video_id else None


def _items(lesson: Lesson, body: str, heading: str, unchecked: bool) -> list[PageItem]:
    found: list[PageItem] = []
    depth = -1
    for item in checklist.items(body, heading):
        if not item.checked and not unchecked:
            continue
        text = item.text.strip()
        if not text:
            continue  # an empty item is a slip; `check` reports it
        depth = min(item.indent, depth + 1)
        found.append(PageItem(link_timestamps(text, lesson), item.checked, depth, lesson.title))
    return found


def _notes(lesson: Lesson, body: str, heading: str) -> str:
    """The body without the learned heading and items; text typed below the list stays."""
    lines = markdown_blocks.split_lines(body)  # numbered as the checklist numbers them
    span = checklist.section(body, heading)
    if span is not None:
        start, _ = span
        dropped = {start - 1} | {item.line for item in checklist.items(body, heading)}
        lines = [line for number, line in enumerate(lines) if number not in dropped]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        return ""
    # One line of a note is one line on the page (a stamp a line, a quote a cue a line).
    return hard_breaks(link_timestamps(demote_headings(text, 5), lesson))


def demote_headings(text: str, top: int) -> str:
    """Shift ATX headings so the biggest one is level `top` (capped at 6)."""
    levels = [
        len(m.group(2))
        for _, line, code in markdown_blocks.prose_lines(text)
        if not code and (m := _HEADING.match(line))
    ]
    if not levels:
        return text
    shift = max(0, top - min(levels))
    out = []
    for _, line, code in markdown_blocks.prose_lines(text):
        match = None if code else _HEADING.match(line)
        if match:
            level = min(6, len(match.group(2)) + shift)
            line = match.group(1) + "#" * level + line[match.end() :]
        out.append(line)
    return "\n".join(out)


def link_timestamps(text: str, lesson: Lesson) -> str:
    """`[12:34]` -> `[12:34](deep link)`; unchanged in code and without a video URL."""
    if web_link(timestamps.deep_link(lesson.url, 0, lesson.video_id)) is None:
        return text
    out = []
    for _, line, code in markdown_blocks.prose_lines(text):
        if not code:
            line = _link_line(line, lesson)
        out.append(line)
    return "\n".join(out)


def _link_line(line: str, lesson: Lesson) -> str:
    skip = markdown_blocks.code_span_ranges(line) + [
        (link.start, link.end)
        for link in mdscan.inline_links(markdown_blocks.mask_code_spans(line))
    ]
    pieces, last = [], 0
    for stamp in timestamps.find_all(line):
        if any(start <= stamp.start < end for start, end in skip):
            continue
        link = web_link(timestamps.deep_link(lesson.url, stamp.seconds, lesson.video_id))
        if link is None:
            continue
        pieces += [line[last : stamp.end], f"({link})"]
        last = stamp.end
    pieces.append(line[last:])
    return "".join(pieces)


def with_excerpt_marker(intro: str, separator: str = EXCERPT_SEPARATOR) -> str:
    """The intro with `separator` at the end of its first paragraph, unless it has one."""
    if not intro or separator in intro:
        return intro
    lines = markdown_blocks.split_lines(intro)
    end = len(lines) - 1
    seen_text = False
    for number, line, code in markdown_blocks.prose_lines(intro):
        if code or (line.strip() and not _HEADING.match(line)):
            seen_text = True  # a heading alone is not the paragraph to end the excerpt
        elif seen_text and not line.strip():
            end = number - 1
            break
    if markdown_blocks.fence_run(lines[end]):
        # Glued to a closing fence the marker would reopen it: give it its own line.
        lines.insert(end + 1, f"\n{separator}")
    else:
        lines[end] += separator
    return "\n".join(lines)


# -- templates -----------------------------------------------------------------------


def md_escape(text: Any) -> str:
    """Plain text (a lesson title from the internet) made literal in Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _environment(autoescape: bool) -> SandboxedEnvironment:
    # Imported here: Jinja2 costs 30 ms of the app's start-up, and only export needs it.
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    # Sandboxed: a course folder (and its template) may come from someone else.
    env = SandboxedEnvironment(
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md_escape"] = md_escape
    return env


def builtin_template(name: str) -> str:
    return (resources.files("lessontui.services") / "templates" / name).read_text("utf-8")


def template_source(course: Course, options: ExportOptions | None = None) -> tuple[str, str]:
    """(source, name) of the Jekyll template: the course's own (or the user's, from
    the config: relative to the course, or absolute), else the built-in one."""
    own = export_settings(course, options or ExportOptions()).get("template")
    if not own:
        return builtin_template("jekyll.md.j2"), "jekyll.md.j2"
    path = course.root / Path(str(own)).expanduser()
    if course.export_settings.get("template") and not safe_paths.is_inside(course.root, path):
        # The course's own setting may not pull a file from elsewhere into the page.
        raise ExportError(f"template {own}: outside the course folder")
    try:
        return safe_paths.read_regular(path)[1].decode("utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ExportError(f"template {own}: {reason}") from None


def _render(source: str, name: str, autoescape: bool, **context: Any) -> str:
    import jinja2

    try:
        template = _environment(autoescape).from_string(source)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise ExportError(f"{name}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateError as error:
        raise ExportError(f"{name}: {error}") from None


def _tidy(text: str) -> str:
    """Runs of blank lines outside code squeezed to one, one final newline.

    Other lines keep their trailing spaces: two of them are a Markdown line break.
    """
    out: list[str] = []
    for _, line, code in markdown_blocks.prose_lines(text):
        if not code and not line.strip():
            if out and not out[-1]:
                continue
            line = ""
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


# -- the two formats -----------------------------------------------------------------


def jekyll_page(course: Course, options: ExportOptions | None = None) -> str:
    page = build_page(course, options)
    source, name = template_source(course, page.options)
    return _tidy(_render(source, name, False, **_context(page)))


def markdown_body(page: Page) -> str:
    """The page without front matter, from the built-in template (used for HTML)."""
    text = _render(builtin_template("jekyll.md.j2"), "jekyll.md.j2", False, **_context(page))
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    return _tidy(body)


def _context(page: Page) -> dict[str, Any]:
    return {
        "page": page,
        "front_matter": page.front_matter,
        "title": page.title,
        "intro": page.intro,
        "sections": page.sections,
        "learned_label": page.learned_label,
        "options": page.options,
    }


def markdown_renderer() -> Any:
    """markdown-it with tables and task lists, raw HTML escaped, unsafe links dropped."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(tasklists_plugin)
    md.validateLink = is_safe_link  # type: ignore[method-assign]  # markdown-it's link hook
    return md


def is_safe_link(url: str) -> bool:
    """Web, mail and phone links, and relative ones; never `javascript:`, `data:`, `file:`."""
    # markdown-it hands over the normalised URL (`java&#9;script:` arrives as
    # `java%09script:`): decode and drop blanks and controls before looking at it.
    cleaned = "".join(ch for ch in unquote(url) if ch > " " and ch != "\x7f")
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in mdscan.SAFE_SCHEMES


def nesting_dropped(markdown: str) -> bool:
    """True when the HTML page would leave text out: markdown-it stops a document
    at its nesting limit (20: ten lists deep), dropping the rest."""
    md = markdown_renderer()
    limit = int(md.options.get("maxNesting", 20))
    return any(token.level >= limit - 1 for token in md.parse(markdown))


def html_page(course: Course, options: ExportOptions | None = None) -> str:
    page = build_page(course, options)
    body = markdown_body(page).replace(page.excerpt_separator, "")
    content = markdown_renderer().render(body)
    return _render(
        builtin_template("page.html.j2"),
        "page.html.j2",
        True,
        page=page,
        title=page.title,
        date=_date_text(page.date),
        last_modified=_date_text(page.last_modified),
        content=Markup(content),
        # Our own stylesheet, trusted: escaped, its quotes and `>` would break the rules.
        css=Markup(builtin_template("page.css")),
    )


def _date_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value not in (None, "") else ""


def export_text(course: Course, options: ExportOptions | None = None) -> str:
    """The page in the chosen format; a control character from a title or a note
    (an escape sequence) is shown as text (`^[`), never published or printed raw."""
    options = options or ExportOptions.for_course(course)
    if options.format == "jekyll":
        return clean_for_terminal(jekyll_page(course, options), keep="\t\n")
    if options.format == "html":
        return clean_for_terminal(html_page(course, options), keep="\t\n")
    raise ExportError(f"unknown format {options.format!r} (use {' or '.join(FORMATS)})")


def default_filename(course: Course, format: str = "jekyll") -> str:
    return f"{slugify(course.title, 'course-notes')}.{'html' if format == 'html' else 'md'}"


# -- where the page may be written ------------------------------------------------------

EXPORT_MARK = "written by lessontui export"
_MARK_WINDOW = 8192  # the mark sits near the start (after `---`, `<!DOCTYPE`) or at the end
# Course files a page never replaces, whatever the flags: the user's notes.
_COURSE_PARTS = (COURSE_FILE, LESSONS_DIR, TRASH_DIR, CACHE_DIR)


def with_mark(text: str) -> str:
    """The page with a comment saying lessontui wrote it, so the next export may replace it."""
    first, newline, rest = text.partition("\n")
    if first.rstrip() == "---" and newline:
        return f"{first}\n# {EXPORT_MARK}: the next export replaces this file\n{rest}"
    if first.lower().startswith("<!doctype") and newline:
        return f"{first}\n<!-- {EXPORT_MARK}: the next export replaces this file -->\n{rest}"
    return f"{text.rstrip(chr(10))}\n\n<!-- {EXPORT_MARK} -->\n"


def is_own_export(path: Path) -> bool:
    """True when `path` is a regular file that carries the mark `with_mark` adds."""
    mark = EXPORT_MARK.encode()
    try:
        with safe_paths.open_regular(path) as handle:
            head = handle.read(_MARK_WINDOW)
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - _MARK_WINDOW))
            tail = handle.read(_MARK_WINDOW)
    except OSError:
        return False
    return mark in head or mark in tail


def output_problem(path: Path, course_root: Path, *, force: bool = False) -> str | None:
    """Why the page must not be written to `path`, or None when it may.

    Never the course's own files (course.md, lessons/, .trash, .lessontui), even
    with `force`. Without `force`, nothing else inside the course folder, and no
    existing file that an export did not write. Never something that is not a
    regular file (a FIFO, a device, a folder).
    """
    path = Path(path)
    if safe_paths.is_inside(course_root, path):
        parts = Path(safe_paths.real(path)).relative_to(safe_paths.real(course_root)).parts
        if not parts or parts[0] in _COURSE_PARTS:
            return "it is a file of the course itself (the page never replaces notes)"
        if not force:
            return "it is inside the course folder (use --force to write there anyway)"
    if not os.path.lexists(path):
        return None
    if os.path.isdir(path) or (os.path.exists(path) and not os.path.isfile(path)):
        return "it exists and is not a regular file"
    if not force and not is_own_export(path):
        return "it exists and was not written by lessontui export (use --force to replace it)"
    return None


def course_output(course: Course, fmt: str) -> tuple[Path, str | None]:
    """Where the app's export dialog writes: `export: output:` from course.md when it
    names a place inside the course, else the default name in the course folder;
    with a warning when the course's setting was ignored."""
    default = course.root / default_filename(course, fmt)
    own = course.export_settings.get("output")
    if not own:
        return default, None
    path = Path(str(own)).expanduser()
    path = path if path.is_absolute() else course.root / path
    if not safe_paths.is_inside(course.root, path):
        return default, f"export.output {own} is outside the course folder: ignored"
    return path, None


def page_images(course: Course, options: ExportOptions) -> tuple[dict[str, Path], str]:
    """The course's images the page shows (name in the assets folder -> file), and
    that folder, for `export_images.copy_images` once the page is written."""
    page = build_page(course, options)
    return page.images, page.assets


def write_export(path: Path, text: str) -> None:
    """Write the page, marked as ours, atomically; SaveError (an OSError) when that fails.

    Callers check `output_problem` first.
    """
    atomic_write(Path(path), with_mark(text).encode("utf-8"))
