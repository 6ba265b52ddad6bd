"""Transcripts: WebVTT and SubRip parsed, YouTube's rolling captions merged, files chosen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lessontui.services.transcripts import (
    Cue,
    TranscriptError,
    candidates,
    choose,
    cue_at,
    for_lesson,
    lesson_stems,
    parse,
    quote,
    read_transcript,
)
from tests.sample_text import ROLLING

MANUAL = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Jeremy>Welcome to <i>lesson one</i>.</v>

00:01:02.500 --> 00:01:05.000
We train a model
on two lines.
"""

SRT = """1
00:00:01,500 --> 00:00:03,000
<i>Hello</i> there

2
00:12:34,000 --> 00:12:36,000
the learning rate finder
"""


def test_rolling_captions_merge_into_sentences_with_their_start_times() -> None:
    cues = parse(ROLLING, ".vtt")
    assert [c.text for c in cues] == [
        "so today we look at gradient descent.",
        "It is how models learn & improve?",  # starts inside a line: the line's time
    ]
    assert cues[0].start == pytest.approx(0.32)
    assert cues[1].start == pytest.approx(2.8)
    # No word twice: the rolled-up lines are gone.
    words = " ".join(c.text for c in cues).split()
    assert words.count("gradient") == 1
    assert words.count("today") == 1


def test_manual_captions_stay_one_cue_each_without_tags() -> None:
    assert parse(MANUAL, ".vtt") == [
        Cue(1.0, 4.0, "Welcome to lesson one."),
        Cue(62.5, 65.0, "We train a model on two lines."),
    ]


def test_srt_is_parsed_with_milliseconds() -> None:
    cues = parse(SRT, ".srt")
    assert cues[0] == Cue(1.5, 3.0, "Hello there")
    assert cues[1].start == 754.0


@pytest.mark.parametrize(("text", "suffix"), [("not subtitles", ".vtt"), ("1\nxx\n", ".srt")])
def test_a_broken_file_raises_a_transcript_error(text: str, suffix: str) -> None:
    with pytest.raises(TranscriptError):
        parse(text, suffix)


def test_a_long_rolling_transcript_has_no_line_twice() -> None:
    blocks = ["WEBVTT\n"]
    previous = ""
    for n in range(400):
        line = f"word{n} said here"
        start, end = n * 2.0, n * 2.0 + 2
        blocks.append(f"\n{_ts(start)} --> {_ts(end)}\n{previous}\n{line}\n")
        blocks.append(f"\n{_ts(end)} --> {_ts(end + 0.01)}\n{line}\n \n")
        previous = line
    cues = parse("".join(blocks), ".vtt")
    text = " ".join(c.text for c in cues)
    assert all(text.count(f"word{n} ") == 1 for n in range(400))
    assert all(len(c.text) <= 200 for c in cues)
    starts = [c.start for c in cues]
    assert starts == sorted(starts)


def _ts(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"00:{int(minutes):02d}:{rest:06.3f}"


def test_cue_at_finds_the_cue_being_said() -> None:
    cues = [Cue(1, 2, "a"), Cue(5, 6, "b"), Cue(9, 10, "c")]
    assert [cue_at(cues, t) for t in (0, 1, 4.9, 5, 100)] == [None, 0, 0, 1, 2]


def test_candidates_and_choice_follow_the_languages(tmp_path: Path) -> None:
    course = tmp_path / "course"
    media = course / "media"
    media.mkdir(parents=True)
    for name in ("01-a.de.vtt", "01-a.en-US.vtt", "01-a.en.srt", "lecture.vtt", "02-b.en.vtt"):
        (media / name).write_text("WEBVTT\n")
    (media / "01-a.fr.vtt").mkdir()  # a folder named like subtitles
    os.mkfifo(media / "01-a.it.vtt")
    (tmp_path / "outside.vtt").write_text("WEBVTT\n")
    (media / "01-a.xx.vtt").symlink_to(tmp_path / "outside.vtt")
    stems = lesson_stems(course / "lessons" / "01-a.md", "../media/lecture.mp4")
    files = candidates(media, stems)
    assert [f.name for f in files] == [
        "01-a.de.vtt",
        "01-a.en-US.vtt",
        "01-a.en.srt",
        "lecture.vtt",
    ]
    assert (
        getattr(choose(files, stems, ["en"]), "name", None) == "01-a.en.srt"
    )  # exact language first
    assert getattr(choose(files, stems, ["de", "en"]), "name", None) == "01-a.de.vtt"
    assert (
        getattr(choose(files, stems, ["fr"]), "name", None) == "lecture.vtt"
    )  # no language part next
    assert choose([], stems, ["en"]) is None


def test_read_transcript_refuses_a_fifo_and_reads_a_bom(tmp_path: Path) -> None:
    good = tmp_path / "a.vtt"
    good.write_bytes(b"\xef\xbb\xbf" + MANUAL.encode())
    assert read_transcript(good).cues[0].text == "Welcome to lesson one."
    fifo = tmp_path / "b.vtt"
    os.mkfifo(fifo)
    with pytest.raises(TranscriptError, match="not a regular file"):
        read_transcript(fifo)


def test_for_lesson_finds_the_chosen_file_and_quote_stamps_each_cue(tmp_path: Path) -> None:
    lesson = tmp_path / "course" / "lessons" / "01-a.md"
    lesson.parent.mkdir(parents=True)
    assert for_lesson(lesson, None, ["en"]) is None  # no media folder: no transcript
    media = tmp_path / "course" / "media"
    media.mkdir()
    (media / "talk.en.vtt").write_text(MANUAL)
    transcript = for_lesson(lesson, "../media/talk.mp4", ["en"])
    assert transcript is not None
    assert transcript.path.name == "talk.en.vtt"
    assert quote(transcript.cues) == (
        "> [0:01] Welcome to lesson one.\n> [1:02] We train a model on two lines.\n"
    )
