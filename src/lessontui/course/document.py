"""A Markdown file with YAML front matter, parsed and saved byte for byte.

The file is split into header and body by our own code; python-frontmatter's
YAML handler reads the header and dumps new values, and a changed field is
written back by replacing only its own lines. An unchanged document is never
rewritten, so it keeps every byte and its mtime.

PyYAML is imported on first use (about 12 ms): a course opened through the
header cache shows its first screen without parsing any YAML.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessontui.course import safe_paths, safe_yaml
from lessontui.course.atomic import SaveError, atomic_write
from lessontui.course.binary import looks_binary

if TYPE_CHECKING:
    from frontmatter.default_handlers import YAMLHandler

BOM = "\ufeff"
_FENCE = re.compile(r"---[ \t]*(\r\n|\n|\r)?")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_YAML_KEY_LINE = re.compile(r"""^(?:[\w.-]+|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)""")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class DocumentError(Exception):
    """The file cannot be read as a lesson: it is shown read-only and never written."""


class DiskChangedError(SaveError):
    """A save refused to write: the file changed (or vanished) since it was read.

    `missing` is True when the file is gone (deleted or renamed by someone else).
    """

    def __init__(self, path: Path, missing: bool) -> None:
        what = "was deleted or renamed" if missing else "was changed by another program"
        super().__init__(f"{Path(path).name} {what} since it was opened")
        self.path = Path(path)
        self.missing = missing


@dataclass(frozen=True)
class DiskStamp:
    """What a file looked like when we last read or wrote it."""

    mtime_ns: int
    size: int
    sha256: str
    inode: int = 0  # another editor's "write new file, rename" changes it


@cache
def _yaml_handler() -> YAMLHandler:
    from frontmatter.default_handlers import YAMLHandler

    return YAMLHandler()


def load_yaml(text: str) -> Any:
    """YAML within lessontui's bounds (size, alias expansion): see safe_yaml.

    Raises DocumentError past the bounds, yaml.YAMLError for bad YAML.
    """
    try:
        return safe_yaml.load(text)
    except safe_yaml.YamlBoundError as error:
        raise DocumentError(str(error)) from None


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What must stay the same for a header parsed earlier to still be the file's.

    ctime moves on any write, even one that puts mtime and size back.
    """
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


@dataclass(frozen=True)
class KnownHeader:
    """A file's front matter, parsed earlier while the file's `stat_key` was `key`."""

    key: tuple[int, int, int, int]
    meta: dict[str, Any]


def dump_field(key: str, value: Any, newline: str) -> str:
    """The YAML lines for one top-level field, ending with a newline."""
    import yaml

    handler = _yaml_handler()
    if _is_list_of_flat_mappings(value):
        # `- {time: 0, title: Intro}` keeps chapter lists one line an entry.
        head = handler.export({key: None}).rsplit(":", 1)[0] + ":"
        items = [
            "  - "
            + yaml.dump(
                item,
                Dumper=yaml.SafeDumper,
                default_flow_style=True,
                sort_keys=False,
                allow_unicode=True,
                width=10**9,
            ).strip()
            for item in value
        ]
        text = "\n".join([head, *items])
        # The flow style writes some line breaks (U+0085) raw, which then read
        # back as spaces: fall back to the block style, which escapes them.
        if load_yaml(text) != {key: value}:
            text = handler.export({key: value}, sort_keys=False, width=10**9)
    else:
        text = handler.export({key: value}, sort_keys=False, width=10**9)
    return text.replace("\n", newline) + newline


def _flow(value: Any) -> str:
    """A value as one line of flow-style YAML."""
    import yaml

    text: str = yaml.dump(
        value,
        Dumper=yaml.SafeDumper,
        default_flow_style=True,
        sort_keys=False,
        allow_unicode=True,
        width=10**9,
    )
    return text.strip()


def _is_list_of_flat_mappings(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(item, dict) and all(not isinstance(v, (dict, list)) for v in item.values())
            for item in value
        )
    )


@dataclass
class _Split:
    bom: str
    open_fence: str  # "---\n", or "" when the file has no front matter
    header: str  # the YAML text between the fences, with its line endings
    close_fence: str  # "---\n" as written, or ""
    body: str


def split_text(
    text: str, known_meta: dict[str, Any] | None = None
) -> tuple[_Split, dict[str, Any]]:
    """Split a decoded file into its parts and parse the header.

    A file whose first `---` block is not a YAML mapping (a Markdown rule
    followed by prose and another rule) has no front matter: it is all body.
    Raises DocumentError for a header that looks like YAML but does not parse.
    `known_meta`, a non-empty mapping this very header parsed to before, is
    taken instead of parsing it again.
    """
    bom = BOM if text.startswith(BOM) else ""
    rest = text[len(bom) :]
    no_header: tuple[_Split, dict[str, Any]] = _Split(bom, "", "", "", rest), {}
    fence = _FENCE.match(rest)
    if not fence or not fence.group(1):
        return no_header
    lines = rest[fence.end() :].splitlines(keepends=True)
    offset = fence.end()
    for line in lines:
        if _CLOSE.match(line.rstrip("\r\n")):
            header = rest[fence.end() : offset]
            close = line
            body = rest[offset + len(line) :]
            break
        offset += len(line)
    else:
        return no_header
    if known_meta:
        return _Split(bom, rest[: fence.end()], header, close, body), known_meta
    import yaml

    try:
        meta = load_yaml(header) if header.strip() else {}
    except yaml.YAMLError as error:
        if _looks_like_yaml(header):
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise DocumentError(f"front matter is not valid YAML{where}: {problem}") from None
        return no_header
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return no_header
    return _Split(bom, rest[: fence.end()], header, close, body), meta


def _looks_like_yaml(header: str) -> bool:
    for line in header.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return bool(_YAML_KEY_LINE.match(line.rstrip("\r\n")))
    return False


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"not UTF-8 text (byte {error.start}: {data[error.start : error.start + 1]!r})"
        ) from None


def _newline_of(text: str) -> str:
    match = re.search(r"\r\n|\n|\r", text)
    return match.group(0) if match else "\n"


class Document:
    """One file: its front matter (`meta`) and its Markdown `body`.

    Change it with `set_field`, `delete_field` and `set_body`; `save()` writes
    only when the bytes differ from what is on disk.
    """

    def __init__(
        self,
        path: Path,
        text: str = "",
        *,
        stamp: DiskStamp | None = None,
        known_meta: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        parts, meta = split_text(text, known_meta)
        self._parts = parts
        self.meta: dict[str, Any] = meta
        # Values from the header cache are for showing; a field edit parses first.
        self._meta_parsed = meta is not known_meta
        self.newline = _newline_of(text)
        self.stamp = stamp
        self.root: Path | None = None  # the course folder: saves never land outside it

    # -- loading -----------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, known: KnownHeader | None = None) -> Document:
        """Read and parse a file; DocumentError when it is not a readable lesson.

        `known` is the header as parsed earlier; it is used only when the file's
        stat is still the one it was parsed under, before and after this read.
        """
        try:
            # Stat before reading: a write landing in between then shows up as
            # a change on the next check instead of being taken for our own.
            st, data = safe_paths.read_regular(path)
            unchanged = known is not None and known.key == stat_key(st) == stat_key(os.stat(path))
        except OSError as error:
            raise DocumentError(error.strerror or str(error)) from None
        meta = known.meta if unchanged and known is not None else None
        return cls.from_bytes(path, data, _stamp(st, data), known_meta=meta)

    @classmethod
    def from_bytes(
        cls,
        path: Path,
        data: bytes,
        stamp: DiskStamp | None = None,
        known_meta: dict[str, Any] | None = None,
    ) -> Document:
        if looks_binary(data):
            raise DocumentError("binary file, not Markdown")
        return cls(path, decode(data), stamp=stamp, known_meta=known_meta)

    # -- reading -----------------------------------------------------------------

    @property
    def body(self) -> str:
        return self._parts.body

    @property
    def has_front_matter(self) -> bool:
        return bool(self._parts.open_fence)

    @property
    def header_line_count(self) -> int:
        """Lines before the body, so a body line number maps to a file line number."""
        p = self._parts
        if not p.open_fence:
            return 0
        return len(_LINE_BREAK.findall(p.open_fence + p.header + p.close_fence))

    def text(self) -> str:
        p = self._parts
        return p.bom + p.open_fence + p.header + p.close_fence + p.body

    def to_bytes(self) -> bytes:
        return self.text().encode("utf-8")

    # -- editing -----------------------------------------------------------------

    def set_body(self, body: str) -> None:
        p = self._parts
        if body and p.close_fence and not p.close_fence.endswith(("\n", "\r")):
            # "---" ended the file: the body must start on the next line, or the
            # fence becomes "---text" and the header would swallow the note.
            p.close_fence += self.newline
        p.body = body

    def set_field(self, key: str, value: Any) -> None:
        """Set one top-level field, rewriting only that field's lines."""
        self._parse_meta()
        if key in self.meta and self.meta[key] == value and type(self.meta[key]) is type(value):
            return
        old_value = self.meta.get(key)
        if isinstance(old_value, dict) and isinstance(value, dict) and value:
            # A settings block (`export:`): only its changed keys' lines, comments kept.
            with contextlib.suppress(DocumentError):  # too unusual: the whole field
                self.set_subfields(key, value, remove=[k for k in old_value if k not in value])
                return
        nl = self.newline
        p = self._parts
        if not p.open_fence:
            p.open_fence, p.close_fence = "---" + nl, "---" + nl
            p.header = ""
        lines = p.header.splitlines(keepends=True)
        span = _field_span(lines, key)
        new_lines = dump_field(key, value, nl)
        if span is None:
            if lines and not lines[-1].endswith(("\n", "\r")):
                lines[-1] += nl
            lines.append(new_lines)
        else:
            start, end = span
            old = "".join(lines[start:end])
            new_lines = _keep_inline_comment(old, new_lines, key, self.meta.get(key))
            lines[start:end] = [new_lines]
        self._replace_header("".join(lines), {**self.meta, key: value})

    def set_subfields(
        self, key: str, values: Mapping[str, Any], remove: Iterable[str] = ()
    ) -> None:
        """Set (and `remove`) keys inside a top-level mapping (`export:`), rewriting only
        those keys' lines: the mapping's other lines, their comments and unknown keys
        stay as typed. A one-line flow mapping (`export: {layout: page}`) stays one line."""
        self._parse_meta()
        current = self.meta.get(key)
        if current is None:
            self.set_field(key, dict(values))
            return
        if not isinstance(current, dict):
            raise DocumentError(f"field {key!r} is not a mapping of settings")
        removed = [sub for sub in remove if sub in current]
        merged = {k: v for k, v in {**current, **values}.items() if k not in removed}
        changed = {
            sub: value
            for sub, value in values.items()
            if sub not in current or current[sub] != value or type(current[sub]) is not type(value)
        }
        if not changed and not removed:
            return
        if not merged:
            raise DocumentError(f"field {key!r} would be empty")
        lines = self._parts.header.splitlines(keepends=True)
        span = _field_span(lines, key)
        if span is None:
            raise DocumentError(f"cannot find the line of field {key!r} to edit it")
        start, end = span
        nl = self.newline
        head = lines[start].rstrip("\r\n")
        inside = lines[start + 1 : end]
        if not any(line.strip() and not line.lstrip().startswith("#") for line in inside):
            # All on the head line: a flow mapping, rewritten as one, its comment kept.
            new = f"{head.split(':', 1)[0]}: {_flow(merged)}{nl}"
            lines[start:end] = [_keep_inline_comment(lines[start], new, key, current), *inside]
        else:
            if not re.fullmatch(r"[^#]*:[ \t]*(#.*)?", head):
                raise DocumentError(f"field {key!r} is too unusual to edit one setting safely")
            indent = next(
                line[: len(line) - len(line.lstrip(" "))]
                for line in inside
                if line.strip() and not line.lstrip().startswith("#")
            )
            # The block's lines seen at their own indent: each setting is a field there.
            flat = [
                line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in inside
            ]
            for sub, value in changed.items():
                new = "".join(indent + part for part in dump_field(sub, value, nl).splitlines(True))
                sub_span = _field_span(flat, sub)
                if sub_span is None:
                    last = max(
                        (
                            i
                            for i, line in enumerate(inside)
                            if line.strip() and not line.lstrip().startswith("#")
                        ),
                        default=-1,
                    )
                    if inside[last] and not inside[last].endswith(("\n", "\r")):
                        inside[last] += nl
                    inside[last + 1 : last + 1] = [new]
                    flat[last + 1 : last + 1] = [new[len(indent) :]]
                    continue
                first, stop = sub_span
                old = "".join(inside[first:stop])
                new = _keep_inline_comment(old, new, sub, current.get(sub))
                inside[first:stop] = [new]
                flat[first:stop] = [new[len(indent) :]]
            for sub in removed:
                sub_span = _field_span(flat, sub)
                if sub_span is None:
                    raise DocumentError(f"cannot find the line of {key}.{sub} to remove it")
                del inside[sub_span[0] : sub_span[1]]
                del flat[sub_span[0] : sub_span[1]]
            lines[start + 1 : end] = inside
        self._replace_header("".join(lines), {**self.meta, key: merged})

    def delete_field(self, key: str) -> None:
        self._parse_meta()
        if key not in self.meta:
            return
        lines = self._parts.header.splitlines(keepends=True)
        span = _field_span(lines, key)
        if span is None:
            raise DocumentError(f"cannot find the line of field {key!r} to remove it")
        del lines[span[0] : span[1]]
        meta = dict(self.meta)
        del meta[key]
        self._replace_header("".join(lines), meta)

    def _parse_meta(self) -> None:
        """Fields are edited against the header as parsed now, never cached values."""
        if self._meta_parsed:
            return
        p = self._parts
        parts, meta = split_text(p.open_fence + p.header + p.close_fence)  # same rules
        if not parts.open_fence:
            raise DocumentError("front matter is not a mapping of fields")
        self.meta = meta
        self._meta_parsed = True

    def _replace_header(self, header: str, expected: dict[str, Any]) -> None:
        # Line surgery on exotic YAML (anchors, flow mappings over several keys)
        # could change other fields: check, and refuse rather than corrupt.
        import yaml

        try:
            parsed = load_yaml(header) if header.strip() else {}
        except yaml.YAMLError as error:  # e.g. an alias whose anchor the edit rewrote away
            raise DocumentError(
                f"this front matter is too unusual to edit one field safely: {error}"
            ) from None
        if (parsed or {}) != expected:
            raise DocumentError("this front matter is too unusual to edit one field safely")
        self._parts.header = header
        self.meta = dict(parsed or {})
        self._meta_parsed = True

    @contextlib.contextmanager
    def unchanged_on_error(self) -> Iterator[None]:
        """Edits made inside are undone if anything in it raises (a save that failed):
        what is in memory stays what is on disk."""
        parts, meta, parsed = replace(self._parts), dict(self.meta), self._meta_parsed
        try:
            yield
        except BaseException:
            self._parts, self.meta, self._meta_parsed = parts, meta, parsed
            raise

    # -- disk --------------------------------------------------------------------

    def disk_state(self) -> str:
        """ "same", "changed" (other bytes on disk) or "missing" (deleted or renamed).

        Cheap when nothing happened: a stat; the content is hashed only when
        mtime, size or inode moved, so a `touch` or an identical rewrite is "same".
        """
        if self.stamp is None:
            return "changed" if self.path.exists() else "same"
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "changed"
        stamp = self.stamp
        if (
            st.st_mtime_ns == stamp.mtime_ns
            and st.st_size == stamp.size
            and (not stamp.inode or st.st_ino == stamp.inode)
        ):
            return "same"
        try:
            _, data = safe_paths.read_regular(self.path)  # a FIFO put there must not block
        except FileNotFoundError:
            return "missing"
        except OSError:
            return "changed"
        if hashlib.sha256(data).hexdigest() != stamp.sha256:
            return "changed"
        # Same bytes (a touch, or a rewrite with equal content): remember the new
        # stat so the next check is a stat again.
        self.stamp = _stamp(st, data)
        return "same"

    def is_dirty(self) -> bool:
        """True when saving would write something."""
        data = self.to_bytes()
        return self.stamp is None or hashlib.sha256(data).hexdigest() != self.stamp.sha256

    def save(self, *, check_disk: bool = False, force: bool = False) -> bool:
        """Write the file atomically if its content changed; True when written.

        With `check_disk`, refuse (DiskChangedError, nothing written) when the
        file changed or vanished since it was read, instead of overwriting it.
        With `force`, write even when unchanged (re-create a deleted file, or
        put our version back over someone else's).
        """
        if check_disk and self.stamp is not None:
            state = self.disk_state()
            if state != "same":
                raise DiskChangedError(self.path, missing=state == "missing")
        if not force and not self.is_dirty():
            return False
        data = self.to_bytes()
        st = atomic_write(self.path, data, within=self.root)
        self.stamp = _stamp(st, data) if st is not None else stamp_of(self.path, data)
        return True


def _field_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """The [start, end) lines of a top-level key, its nested lines included."""
    import yaml

    start = None
    for index, line in enumerate(lines):
        if line[:1] in (" ", "\t", "#", "-", "\r", "\n", ""):
            continue
        if not _YAML_KEY_LINE.match(line.rstrip("\r\n")):
            continue
        try:
            parsed = load_yaml(line.split(":", 1)[0].strip() + ": 0")
        except yaml.YAMLError:
            continue
        if isinstance(parsed, dict) and str(key) in map(str, parsed):
            start = index
            break
    if start is None:
        return None
    end = start + 1
    last_content = start + 1
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        if line[:1] in (" ", "\t") or line.startswith("- ") or line.rstrip("\r\n") == "-":
            end += 1
            if stripped and not stripped.startswith("#"):
                last_content = end
        elif not stripped or stripped.startswith("#"):
            end += 1
        else:
            break
    # Blank lines and comments after the value belong to what follows. A quoted
    # or plain scalar may go on at column 0 (`title: "two\nlines"`): the
    # parser knows where the value ends.
    return start, max(last_content, _value_end_line(lines, key))


def _value_end_line(lines: list[str], key: str) -> int:
    """The line after the last of top-level `key`'s value, as the parser sees it (0: unknown)."""
    import yaml

    try:
        node = yaml.compose("".join(lines), Loader=safe_yaml.loader())
    except yaml.YAMLError:
        return 0
    if not isinstance(node, yaml.MappingNode):
        return 0
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
            end = value_node.end_mark
            return int(end.line) + (1 if end.column > 0 else 0)
    return 0


def _keep_inline_comment(old: str, new: str, key: str, old_value: Any) -> str:
    """Carry `status: watching   # todo | watching | done` over to the new value."""
    import yaml

    if old.count("\n") > 1 or new.count("\n") > 1:
        return new
    line = old.rstrip("\r\n")
    ending = old[len(line) :]
    for match in re.finditer(r"[ \t]+#", line):
        try:
            if load_yaml(line[: match.start()]) == {key: old_value}:
                comment = line[match.start() :]
                return new.rstrip("\r\n") + comment + (ending or new[len(new.rstrip("\r\n")) :])
        except yaml.YAMLError:
            continue
    return new


# -- atomic files -------------------------------------------------------------------


def stamp_of(path: Path, data: bytes) -> DiskStamp | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return _stamp(st, data)


def _stamp(st: os.stat_result, data: bytes) -> DiskStamp:
    return DiskStamp(st.st_mtime_ns, st.st_size, hashlib.sha256(data).hexdigest(), st.st_ino)


def read_header(path: Path) -> dict[str, Any]:
    """Only the front matter of a file, read up to its closing fence.

    Lets a course of a thousand lessons list itself without reading every body.
    Only a regular file is opened, and no more than the header size limit is read.
    """
    limit = safe_yaml.MAX_HEADER_BYTES
    with safe_paths.open_regular(path) as handle:
        first = handle.readline(4096)
        probe = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
        if probe.startswith(b"---") and b"\r" in probe.rstrip(b"\r\n"):
            # Old Mac line ends (CR only): no "\n" to read lines by; split it all.
            data = first + handle.read()
            if looks_binary(data):
                raise DocumentError("binary file, not Markdown")
            return split_text(decode(data))[1]
        if probe.rstrip(b" \t\r\n") != b"---":
            if looks_binary(first):
                raise DocumentError("binary file, not Markdown")
            decode(first)
            return {}
        chunks = [first]
        size = len(first)
        while line := handle.readline(limit + 1 - size):
            chunks.append(line)
            size += len(line)
            if size > limit:
                raise DocumentError(_too_big())
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                decode(b"".join(chunks))  # raises, naming the byte's offset in the file
                raise
            if _CLOSE.match(text.rstrip("\r\n")):
                break
        else:
            return {}
    data = b"".join(chunks)
    if looks_binary(data):
        raise DocumentError("binary file, not Markdown")
    _, meta = split_text(decode(data))
    return meta


def _too_big() -> str:
    return f"front matter larger than the limit of {safe_yaml.MAX_HEADER_BYTES >> 20} MiB"
