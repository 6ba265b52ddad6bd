"""Video frames kept in a course: where a capture goes, its name, the lines it adds to a note.

A frame lives in the course's `media/frames/` as `<lesson>-<h>h<mm>m<ss>s.png`,
so a folder listing sorts by lesson then time. The name is reserved by creating
the file exclusively before mpv writes into it: a capture never overwrites a
file, not even one made between choosing the name and writing it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from lessontui.course import safe_paths
from lessontui.course.timestamps import stamp

FRAMES_FOLDER = Path("media") / "frames"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_STEM_BYTES = 200  # and at most 33 bytes of time, suffix and `.png` after it
MAX_SUFFIX = 999  # captures of one second of one lesson; beyond it something is wrong


class FrameError(Exception):
    """A frame could not be kept; the message says why, for the user."""


@dataclass(frozen=True)
class Frame:
    path: Path  # where the PNG is
    seconds: float  # the video time it shows


def frame_name(lesson_stem: str, seconds: float, suffix: int = 1) -> str:
    """`02-deploy`, 42.7 -> `02-deploy-0h00m42s.png`; a second capture of that second gets `-2`.

    A long stem is cut (at a character) so the name fits a file system's 255 bytes.
    """
    lesson_stem = lesson_stem.encode()[:MAX_STEM_BYTES].decode(errors="ignore")
    hours, rest = divmod(max(0, int(seconds)), 3600)
    minutes, secs = divmod(rest, 60)
    extra = f"-{suffix}" if suffix > 1 else ""
    return f"{lesson_stem}-{hours}h{minutes:02d}m{secs:02d}s{extra}.png"


def frames_folder(course_root: Path) -> Path:
    """The course's frames folder, made if missing; FrameError if it leads outside the course
    (a symlink) or cannot be made."""
    folder = course_root / FRAMES_FOLDER
    leads_out = FrameError(f"{FRAMES_FOLDER}/ leads outside the course folder: no frame kept.")
    if not safe_paths.is_inside(course_root, folder):  # before mkdir: make nothing out there
        raise leads_out
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FrameError(f"Cannot make {FRAMES_FOLDER}/ in the course: {error.strerror}") from None
    if not safe_paths.is_inside(course_root, folder):  # a symlink made in between
        raise leads_out
    return folder


def reserve(course_root: Path, lesson_stem: str, seconds: float) -> Path:
    """Create an empty file under a free name for the frame at `seconds` and return its path."""
    folder = frames_folder(course_root)
    for suffix in range(1, MAX_SUFFIX + 1):
        path = folder / frame_name(lesson_stem, seconds, suffix)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            continue
        except OSError as error:
            raise FrameError(f"Cannot write in {FRAMES_FOLDER}/: {error.strerror}.") from None
        os.close(fd)
        return path
    raise FrameError(f"{MAX_SUFFIX} frames of this second already: none kept.")


def check_written(path: Path) -> None:
    """FrameError (and the reserved file removed) unless `path` now holds a PNG."""
    try:
        with open(path, "rb") as file:
            head = file.read(len(PNG_MAGIC))
    except OSError as error:
        head = b""
        reason = error.strerror
    else:
        reason = "it wrote no image"
    if head != PNG_MAGIC:
        discard(path)
        raise FrameError(f"mpv could not save the frame ({reason}).")


def discard(path: Path) -> None:
    """Remove a reserved frame that was never written (it is ours: `reserve` made it)."""
    with contextlib.suppress(OSError):
        path.unlink()


def note_link(note_path: Path, frame: Path) -> str:
    """The frame's path as the note links it: relative to the note's folder, with `/`,
    percent-encoded (a space or a bracket in a lesson's file name would end the link)."""
    return quote(os.path.relpath(frame, note_path.parent).replace(os.sep, "/"), safe="/-._~")


def image_line(link: str, seconds: float) -> str:
    """`![0:42](../media/frames/x.png)`: the stamp is the image's text."""
    return f"![{stamp(seconds)[1:-1]}]({link})\n"


def capture_lines(link: str, seconds: float, said: str | None) -> str:
    """The block a capture puts in the note: the image, then the stamp with what was said
    as a quote (`> [0:42] words`), or the stamp alone without a transcript."""
    time = stamp(seconds)
    if said is None or not said.strip():
        return image_line(link, seconds) + f"{time}\n"
    return image_line(link, seconds) + f"> {time} {' '.join(said.split())}\n"


# -- frames travel with a trashed lesson ------------------------------------------------------

TRASHED_FRAMES = Path(".trash") / "frames"


def linked_frames(note: str, note_folder: Path, course_root: Path) -> set[Path]:
    """The files in the course's frames folder that a note's images show (real paths)."""
    from lessontui.services.export_images import IMAGE, local_image

    folder = os.path.realpath(course_root / FRAMES_FOLDER)
    found = set()
    for match in IMAGE.finditer(note) if "![" in note else ():
        path = local_image(match.group(2), note_folder, course_root)
        if path is not None and os.path.dirname(path) == folder:
            found.add(path)
    return found


def _move_new(source: Path, target: Path) -> bool:
    """Move `source` to `target` unless something is there (never over a file)."""
    try:
        os.link(source, target)
    except OSError:
        return False
    source.unlink()
    return True


def trash_frames(
    course_root: Path, note: str, note_folder: Path, other_notes: list[tuple[str, Path]]
) -> list[Path]:
    """Move the frames only this note shows into `.trash/frames/`; returns those moved.
    A frame another lesson also shows stays where it is."""
    mine = linked_frames(note, note_folder, course_root)
    for text, folder in other_notes:
        mine -= linked_frames(text, folder, course_root)
    if not mine:
        return []
    bin_folder = course_root / TRASHED_FRAMES
    if not safe_paths.is_inside(course_root, bin_folder):  # before mkdir: nothing made out there
        return []
    bin_folder.mkdir(parents=True, exist_ok=True)
    if not safe_paths.is_inside(course_root, bin_folder):
        return []
    return [path for path in sorted(mine) if _move_new(path, bin_folder / path.name)]


def restore_frames(course_root: Path, note: str, note_folder: Path) -> list[Path]:
    """Put back from `.trash/frames/` the frames a restored note shows; returns those put back."""
    if "![" not in note:
        return []
    from lessontui.services.export_images import IMAGE

    bin_folder = course_root / TRASHED_FRAMES
    folder = course_root / FRAMES_FOLDER
    restored = []
    for match in IMAGE.finditer(note):
        link = match.group(2).removeprefix("<").removesuffix(">")
        name = Path(unquote(link)).name
        wanted = note_folder / unquote(link)
        trashed = bin_folder / name
        if (
            os.path.lexists(wanted)
            or not trashed.is_file()
            or os.path.realpath(wanted.parent) != os.path.realpath(folder)
        ):
            continue
        if safe_paths.is_inside(course_root, bin_folder) and _move_new(trashed, folder / name):
            restored.append(folder / name)
    return restored
