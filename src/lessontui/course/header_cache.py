"""A cache of lesson headers so a large course lists itself without parsing YAML.

`.lessontui/headers.json` in the course folder keeps, per file (`course.md`,
`lessons/01-intro.md`), the file's stat (mtime_ns, size, inode, ctime_ns) and
its front matter. An entry is used only while the file's stat is the same;
anything else (no cache, a corrupt or foreign cache, a value JSON cannot hold
exactly) means the file is read again. The values are for showing: opening a
file takes its header from here while the stat still matches (`KnownHeader`),
but a field is only ever edited after the header is parsed again. JSON only,
never pickle: the folder may come from someone else.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import secrets
import time
from pathlib import Path
from typing import Any

from lessontui.course import safe_paths
from lessontui.course.document import KnownHeader, read_header, stat_key

CACHE_DIR = ".lessontui"
CACHE_FILE = "headers.json"
VERSION = 2  # 2: keys are paths from the course folder, course.md included
# A file changed within this many seconds of its stat may change again within
# the same timestamp tick (coarse clocks, FAT's 2 s): such entries are not kept.
RACY_SECONDS = 3


class _Unsafe(Exception):
    """A header value JSON cannot carry exactly."""


def encode(value: Any, seen: set[int] | None = None) -> Any:
    """`value` as JSON data; dates are tagged, dicts whose keys could clash are refused.

    A list or dict met twice (a YAML alias) is refused too: the cache never
    expands aliases, so a header using them is simply parsed each time.
    """
    if seen is None:
        seen = set()
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Unsafe
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, dict)):
        if id(value) in seen:
            raise _Unsafe
        seen.add(id(value))
    if isinstance(value, list):
        return [encode(item, seen) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) and not key.startswith("$") for key in value):
            raise _Unsafe
        return {key: encode(item, seen) for key, item in value.items()}
    raise _Unsafe  # sets, bytes, anything else YAML can make


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, item),) = value.items()
            if key == "$date":
                return dt.date.fromisoformat(item)
            if key == "$datetime":
                return dt.datetime.fromisoformat(item)
        return {key: decode(item) for key, item in value.items()}
    return value


class HeaderCache:
    """Reads lesson headers through the cache; `save()` writes it back if it changed."""

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self._root = root
        self._prefix = os.path.join(root, "")
        self._old: dict[str, Any] | None = None  # loaded on the first read()
        self._new: dict[str, Any] = {}
        self._known: dict[str, KnownHeader] = {}
        self._kept: list[str] = []
        self._changed = False

    def _key(self, path: Path) -> str:
        """`lessons/01-intro.md`: cheaper than Path.relative_to for 1,000 files."""
        text = str(path)
        if text.startswith(self._prefix):
            return text[len(self._prefix) :].replace(os.sep, "/")
        return text

    def _load(self) -> dict[str, Any]:
        if self._old is None:
            self._old = {}
            try:
                data = json.loads(safe_paths.read_regular(self.path)[1])
            except (OSError, ValueError, RecursionError):
                data = None  # no cache yet, or unreadable: every header is read
            if isinstance(data, dict) and data.get("version") == VERSION:
                files = data.get("files")
                if isinstance(files, dict):
                    self._old = files
        return self._old

    def read(self, path: Path) -> dict[str, Any]:
        """The front matter of `path`, as `read_header` returns it (and raises)."""
        st = path.stat()
        key = stat_key(st)
        name = self._key(path)
        entry = self._load().get(name)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == list(key):
            try:
                meta = decode(entry[1])
            except (TypeError, ValueError, AttributeError, RecursionError):
                meta = None  # a damaged entry: read the file
            if isinstance(meta, dict):
                self._new[name] = entry
                self._known[name] = KnownHeader(key, meta)
                return meta
        meta = read_header(path)
        racy = time.time_ns() - RACY_SECONDS * 10**9
        if st.st_mtime_ns < racy and st.st_ctime_ns < racy:
            try:
                self._new[name] = [list(key), encode(meta)]
                self._changed = True
            except _Unsafe:
                pass
            else:
                self._known[name] = KnownHeader(key, meta)
        return meta

    def known(self, path: Path) -> KnownHeader | None:
        """The header `read(path)` gave with the stat it was taken under, when cacheable.

        `Document.load` takes it instead of parsing YAML if the stat still matches.
        """
        return self._known.get(self._key(path))

    def keep(self, path: Path) -> None:
        """A file already known (not read again) keeps its entry."""
        self._kept.append(self._key(path))

    def save(self) -> None:
        """Write the cache if an entry was added or dropped; failures are ignored.

        Without a read() (a rescan that found nothing new) the file is not touched.
        """
        if self._old is None:
            return
        for name in self._kept:
            if name in self._old and name not in self._new:
                self._new[name] = self._old[name]
        self._kept = []
        if not self._changed and self._new.keys() == self._old.keys():
            return
        # ASCII: a lone surrogate (which PyYAML's pure-Python loader lets through)
        # cannot be written as UTF-8.
        data = json.dumps({"version": VERSION, "files": self._new})
        tmp = self.path.with_name(f"{CACHE_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            # `.lessontui` may be a symlink out of a shared course: never write there.
            safe_paths.require_inside(self._root, self.path.parent)
            self.path.parent.mkdir(exist_ok=True)
            safe_paths.require_inside(self._root, self.path.parent)
            _ignore_in_git(self.path.parent)
            tmp.write_text(data, encoding="ascii")
            os.replace(tmp, self.path)
        except OSError:
            # A read-only course still opens; it just reads every header each time.
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._old = dict(self._new)
        self._changed = False


def _ignore_in_git(folder: Path) -> None:
    """A course is often a git repository: the cache is derived data, keep it out.

    Only the cache is ignored; the importer's record beside it belongs to the course.
    """
    ignore = folder / ".gitignore"
    if not os.path.lexists(ignore):  # a dangling symlink would be written through
        ignore.write_text(
            f"# made by lessontui: derived data, rebuilt when missing\n{CACHE_FILE}\n"
        )
