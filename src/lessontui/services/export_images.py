"""A note's images on the exported page: links rewritten into an assets folder, files copied there.

A note links a frame relative to itself (`../media/frames/01-x-0h00m42s.png`);
the page lives elsewhere, so each image in the course is given a name in the
page's assets folder (`assets/01-x-0h00m42s.png`, the export option `assets`)
and copied there beside the page. Remote images and images outside the course
are left as they are (`check` reports the latter); nothing is fetched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from lessontui.course import markdown_blocks, safe_paths
from lessontui.course.atomic import SaveError, atomic_write

# `![alt](link)` or `![alt](link "title")`: the link is group 2. The alt may hold
# balanced brackets (`![see [1]](x.png)` is an image to CommonMark and the preview).
IMAGE = re.compile(
    r"(!\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\()(<[^>\n]+>|[^)\s]+)((?:\s+\"[^\"\n]*\")?\))"
)
# A link reference definition, `[label]: link "title"`, laid out as IMAGE's groups.
DEFINITION = re.compile(r"( {0,3}\[[^\]\n]+\]:[ \t]*)(<[^>\n]+>|[^\s<][^\s]*)(.*)")
# What a page may carry as an image: any other file linked as one (a lesson's notes,
# course.md, a `.png` symlink to either) is not published by being copied.
IMAGE_SUFFIXES = frozenset(
    {".png", ".apng", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".ico"}
)


def is_image_file(path: Path) -> bool:
    """True when `path`, symlinks resolved, is a regular file named as an image."""
    real = os.path.realpath(path)
    return os.path.isfile(real) and Path(real).suffix.lower() in IMAGE_SUFFIXES


def local_image(link: str, base: Path, course_root: Path) -> Path | None:
    """The course image an image link names (relative to `base`), or None: remote,
    absolute, outside the course, or not a regular file named as an image."""
    link = link.removeprefix("<").removesuffix(">")
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = base / unquote(parts.path)
    if not safe_paths.is_inside(course_root, path) or not is_image_file(path):
        return None
    return Path(os.path.realpath(path))


def rewriter(course_root: Path, assets: str, images: dict[str, Path]) -> Callable[[str, Path], str]:
    """A function that rewrites the image links of a note in folder `base` to the
    assets folder, noting in `images` each page name and the file it copies."""
    taken = {os.path.realpath(path): name for name, path in images.items()}

    def rewrite(text: str, base: Path) -> str:
        def one(match: re.Match[str]) -> str:
            path = local_image(match.group(2), base, course_root)
            if path is None:
                return match.group(0)
            real = os.path.realpath(path)
            name = taken.get(real)
            if name is None:
                name = _free_name(path.name, images)
                images[name] = path
                taken[real] = name
            return f"{match.group(1)}{assets}/{quote(name)}{match.group(3)}"

        if "![" not in text:
            return text
        out = []
        state = markdown_blocks.OUTSIDE
        for line in markdown_blocks.lines_with_ends(text):
            after = markdown_blocks.next_state(line, state)
            definition = None if state or after else DEFINITION.match(line)
            if definition is not None:  # `[s]: ../media/frames/x.png` for `![slide][s]`
                out.append(one(definition) + line[definition.end() :])
            elif state or after or "![" not in line:  # code (a fence line too) is as written
                out.append(line)
            else:  # matched where code spans are blanked out: an image in one stays
                masked = markdown_blocks.mask_code_spans(line)
                pieces, at = [], 0
                for match in IMAGE.finditer(masked):
                    pieces += [line[at : match.start()], one(match)]
                    at = match.end()
                out.append("".join([*pieces, line[at:]]))
            state = after
        return "".join(out)

    return rewrite


def _free_name(name: str, images: dict[str, Path]) -> str:
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    candidate, number = name, 1
    while candidate in images:
        number += 1
        candidate = f"{stem}-{number}{dot}{suffix}"
    return candidate


def copy_images(images: dict[str, Path], page: Path, assets: str) -> list[str]:
    """Copy the page's images into `assets` beside `page`; what could not be, as messages.

    A file already there is replaced only when it is the same image (the last
    export's): a different file of that name is the user's, and is kept.
    """
    if not images:
        return []
    folder = page.parent / assets
    problems = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return [f"{folder}: cannot make the images folder ({error.strerror})"]
    for name, source in sorted(images.items()):
        target = folder / name
        try:
            data = safe_paths.read_regular(source)[1]
        except (OSError, safe_paths.NotRegularFile) as error:
            problems.append(f"{source}: not copied ({getattr(error, 'strerror', None) or error})")
            continue
        if os.path.lexists(target):
            try:
                same = safe_paths.read_regular(target)[1] == data
            except (OSError, safe_paths.NotRegularFile):
                same = False
            if not same:
                problems.append(f"{target}: a different file is there; not replaced")
            continue
        try:
            atomic_write(target, data)
        except SaveError as error:
            problems.append(f"{target}: not written ({error.strerror or error})")
    return problems
