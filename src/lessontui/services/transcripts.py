"""Transcripts: find a lesson's subtitle files, parse them, merge rolling captions.

A lesson's subtitles live in the course's `media/` folder, named after the
lesson file (`01-intro.en.vtt`, as `import --subs` and `lessontui subs` write
them) or after its video (`lecture1.srt` beside `lecture1.mp4`). WebVTT is
parsed with webvtt-py and SubRip with srt; nothing here parses cue syntax by
hand. YouTube's automatic captions roll: each cue repeats the line before it
(and a 10 ms cue repeats it once more), so they are merged into sentences that
each start when their first words were said.
"""

from __future__ import annotations

import html
import io
import itertools
import os
import re
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lessontui.course import safe_paths

SUFFIXES = (".vtt", ".srt")
# A merged sentence ends at . ? ! (or a closing quote after one), or at this length.
_SENTENCE_END = re.compile(r"[.?!…][\"')\]]*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.?!…])\s+(?=\S)")
MAX_SENTENCE = 160
_TAG = re.compile(r"<[^>]*>")  # <c>, <i>, <00:00:01.500> inline timing, <v Speaker>


class TranscriptError(Exception):
    """A subtitle file that cannot be read or parsed; the message says why."""


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # one line, tags and entities removed


@dataclass(frozen=True)
class Transcript:
    path: Path
    cues: list[Cue]


def language_of(path: Path | str, stem: str) -> str:
    """`01-intro.en.vtt` with stem `01-intro` -> `en`; no language part -> ``."""
    name = os.path.basename(path)
    middle = name[len(stem) : -len(os.path.splitext(name)[1])]
    return middle.lstrip(".")


def candidates(media: Path | str, stems: Iterable[str]) -> list[Path]:
    """Subtitle files in `media` named `STEM.vtt`, `STEM.LANG.vtt` (or .srt) for any stem.

    Only regular files inside `media`'s course: a symlink leading out of the
    course folder, a FIFO or a folder named like a subtitle is left out.
    """
    wanted = {stem for stem in stems if stem}
    root = os.path.dirname(os.path.abspath(media))
    linked = os.path.islink(media)  # then every file needs its real path checked
    found: list[Path] = []
    try:
        with os.scandir(media) as entries:
            for entry in entries:
                name = entry.name
                base, suffix = os.path.splitext(name)
                if suffix.lower() not in SUFFIXES or name.startswith("."):
                    continue
                if stem_of(base, wanted) is None:
                    continue
                try:
                    if not entry.is_file():
                        continue
                    if (linked or entry.is_symlink()) and not safe_paths.is_inside(
                        root, entry.path
                    ):
                        continue
                except OSError:
                    continue
                found.append(Path(media, name))
    except OSError:
        return []
    found.sort()
    return found


def stem_of(base: str, stems: Container[str]) -> str | None:
    """The longest of `stems` that `01-intro.en-US` (a name less its suffix) is named after."""
    while True:
        if base in stems:
            return base
        base, dot, _ = base.rpartition(".")
        if not dot:
            return None


def choose(files: Sequence[Path], stems: Sequence[str], langs: Sequence[str]) -> Path | None:
    """The file to show: the first of `langs` found, else one without a language, else any.

    For one language `.vtt` comes before `.srt`; a language `en` also takes
    `en-US` or `en-orig` when plain `en` is missing.
    """
    if not files:
        return None

    def rank(path: Path) -> tuple[int, bool, bool, str]:
        lang = min(
            (language_of(path, stem) for stem in stems if path.name.startswith(stem)),
            key=len,
            default="",
        )
        order = len(langs) + 1 if lang else len(langs)  # no language part: after the listed
        for position, wanted in enumerate(langs):
            if lang == wanted:
                order = position
                break
            if lang.split("-")[0] == wanted and order > len(langs):
                order = position  # en-US for en: after an exact en (see the tie-breaker)
        return (order, lang not in langs, path.suffix.lower() != ".vtt", path.name)

    return min(files, key=rank)


def lesson_stems(lesson_path: Path | str, video: str | None) -> list[str]:
    """The names a lesson's subtitles may have: its file's and its video's."""
    stems = [os.path.splitext(os.path.basename(lesson_path))[0]]
    if video:
        video_stem = os.path.splitext(os.path.basename(str(video)))[0]
        if video_stem and video_stem not in stems:
            stems.append(video_stem)
    return stems


class Cancelled(Exception):
    """The caller asked to stop (the app is quitting): the work is dropped, not kept half done."""


Cancel = Callable[[], bool]
_CHUNK = 1 << 18  # characters parsed between looks at `cancel`: a few tens of ms


def never() -> bool:
    return False


def read_transcript(path: Path, cancel: Cancel = never) -> Transcript:
    """The cues of a `.vtt` or `.srt` file, rolling captions merged; TranscriptError if bad.

    `cancel()` is asked between slices of a big file; True raises Cancelled.
    """
    try:
        _, data = safe_paths.read_regular(path)
    except OSError as error:
        raise TranscriptError(f"{path}: {error.strerror or error}") from None
    text = data.decode("utf-8-sig", errors="replace")
    return Transcript(path, parse(text, path.suffix.lower(), cancel))


def parse(text: str, suffix: str, cancel: Cancel = never) -> list[Cue]:
    """Cues from subtitle text (`suffix` is `.vtt` or `.srt`); TranscriptError if bad."""
    raw = _parse_srt(text, cancel) if suffix == ".srt" else _parse_vtt(text, cancel)
    if _rolls(raw):
        return merge_rolling(raw)
    return [Cue(start, end, " ".join(lines)) for start, end, lines in raw if lines]


def _slices(text: str) -> Iterator[str]:
    """`text` cut at blank lines into slices of about _CHUNK characters (a cue has no
    blank line, so no cue is cut)."""
    start = 0
    while start < len(text):
        end = text.find("\n\n", start + _CHUNK)
        end = len(text) if end < 0 else end + 2
        yield text[start:end]
        start = end


def _parse_vtt(text: str, cancel: Cancel) -> list[tuple[float, float, list[str]]]:
    import webvtt
    from webvtt.errors import MalformedFileError

    raw: list[tuple[float, float, list[str]]] = []
    # Slice by slice, so a big file can be given up between slices; every slice
    # after the first is made a file of its own with a header line.
    for number, piece in enumerate(_slices(text.replace("\r\n", "\n"))):
        if cancel():
            raise Cancelled
        try:
            buffer = io.StringIO(piece if number == 0 else "WEBVTT\n\n" + piece)
            captions = webvtt.WebVTT.from_buffer(buffer).captions
        except (MalformedFileError, ValueError) as error:
            raise TranscriptError(f"not a WebVTT file: {error}") from None
        raw.extend(
            (
                caption.start_time.in_milliseconds() / 1000,
                caption.end_time.in_milliseconds() / 1000,
                _clean_lines(caption.raw_text),
            )
            for caption in captions
        )
    return raw


def _parse_srt(text: str, cancel: Cancel) -> list[tuple[float, float, list[str]]]:
    import srt  # type: ignore[import-untyped]  # no stubs

    raw = []
    try:
        for number, sub in enumerate(srt.parse(text)):
            if number % 1000 == 0 and cancel():
                raise Cancelled
            raw.append(
                (sub.start.total_seconds(), sub.end.total_seconds(), _clean_lines(sub.content))
            )
    except srt.SRTParseError as error:
        raise TranscriptError(f"not a SubRip file: {error}") from None
    return raw


def _clean_lines(raw: str) -> list[str]:
    """A cue's lines without tags, entities, control characters or blank lines."""
    lines = []
    for line in raw.splitlines():
        line = html.unescape(_TAG.sub("", line))
        line = " ".join("".join(ch if ch.isprintable() else " " for ch in line).split())
        if line:
            lines.append(line)
    return lines


def _rolls(raw: list[tuple[float, float, list[str]]]) -> bool:
    """True for rolling captions: a cue often starts with the line that ended the one before."""
    repeats = sum(
        1
        for (_, _, before), (_, _, after) in itertools.pairwise(raw)
        if before and after and after[0] == before[-1]
    )
    return repeats * 3 >= max(1, len(raw))


def merge_rolling(raw: list[tuple[float, float, list[str]]]) -> list[Cue]:
    """Each new line once, with the time it first appeared, joined into sentences."""
    lines: list[tuple[float, float, str]] = []  # (start, end, text) of each new line
    last = ""
    for start, end, cue_lines in raw:
        for line in cue_lines:
            if line == last:  # the line before, rolled up (or held by a 10 ms cue)
                continue
            lines.append((start, end, line))
            last = line
    cues: list[Cue] = []
    words: list[str] = []
    first = finish = 0.0
    pieces = [(s, e, piece) for s, e, line in lines for piece in _SENTENCE_SPLIT.split(line)]
    for start, end, piece in pieces:
        if not words:
            first = start  # a sentence starting inside a line gets the line's time
        words.append(piece)
        finish = end
        sentence = " ".join(words)
        if _SENTENCE_END.search(piece) or len(sentence) >= MAX_SENTENCE:
            cues.append(Cue(first, finish, sentence))
            words = []
    if words:
        cues.append(Cue(first, finish, " ".join(words)))
    return cues


def cue_at(cues: Sequence[Cue], seconds: float) -> int | None:
    """Index of the cue being said at `seconds` (the last one started), or None before the first."""
    low, high = 0, len(cues)
    while low < high:
        middle = (low + high) // 2
        if cues[middle].start <= seconds:
            low = middle + 1
        else:
            high = middle
    return low - 1 if low else None


def for_lesson(lesson_path: Path, video: str | None, langs: Sequence[str]) -> Transcript | None:
    """The transcript to show beside a lesson (see `choose`), or None when it has none.

    Raises TranscriptError when the chosen file cannot be read or parsed.
    """
    stems = lesson_stems(lesson_path, video)
    media = lesson_path.parent.parent / "media"
    chosen = choose(candidates(media, stems), stems, langs)
    return None if chosen is None else read_transcript(chosen)


def quote(cues: Sequence[Cue]) -> str:
    """Cues as a Markdown block quote with their times, for the note: `> [12:34] text`."""
    from lessontui.course.timestamps import stamp

    return "".join(f"> {stamp(cue.start)} {cue.text}\n" for cue in cues)


# `(.*)` to the line's end, spaces trimmed after: a lazy group before `[ \t]*$` made a
# long run of spaces inside a line quadratic (read on every key while the pane shows).
_QUOTED = re.compile(r"^[ \t]*>[ \t]*\[\d+:\d\d(?::\d\d)?\][ \t]+(.*)$", re.MULTILINE)


def quoted_texts(note: str) -> set[str]:
    """What a note quotes of a transcript: the text of each `> [m:ss] text` line, spaced once."""
    if "> [" not in note and ">[" not in note:
        return set()
    quoted = {" ".join(match.group(1).split()) for match in _QUOTED.finditer(note)}
    quoted.discard("")  # a stamp with nothing after it quotes nothing
    return quoted


def kept_cues(cues: Sequence[Cue], note: str) -> frozenset[int]:
    """Indices of the cues the note quotes (`quote` and a capture write them so)."""
    quoted = quoted_texts(note)
    if not quoted:
        return frozenset()
    return frozenset(i for i, cue in enumerate(cues) if " ".join(cue.text.split()) in quoted)
