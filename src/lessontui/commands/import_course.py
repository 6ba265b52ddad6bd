"""`lessontui import URL`: make or refresh a course from a playlist, a video or yt-dlp JSON."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lessontui.commands import UsageError
from lessontui.terminal_text import clean_for_terminal

if TYPE_CHECKING:
    from lessontui.services.importer import (
        ImportProgress,
        ImportResult,
        YdlFactory,
    )

EXIT_FAILED = 1
EXIT_INTERRUPTED = 130

# Tests swap this for a factory of offline YoutubeDL objects; None means yt-dlp's own.
YDL_FACTORY: YdlFactory | None = None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        help="playlist or video URL, or a file saved with `yt-dlp -J --flat-playlist URL`",
    )
    parser.add_argument(
        "--into",
        type=Path,
        metavar="DIR",
        help="course folder to make or refresh (default: a folder in the library named after "
        "the playlist)",
    )
    parser.add_argument(
        "--download", action="store_true", help="download the videos into the course's media/"
    )
    parser.add_argument(
        "--subs",
        metavar="LANGS",
        help="download subtitles too, e.g. en,de (manual ones first, automatic as fallback)",
    )
    parser.add_argument(
        "--format", dest="video_format", metavar="F", help="yt-dlp format (default from settings)"
    )
    details = parser.add_mutually_exclusive_group()
    details.add_argument(
        "--details",
        dest="details",
        action="store_true",
        default=None,
        help="fetch each video's page (chapters, dates) even for a saved JSON file",
    )
    details.add_argument(
        "--no-details",
        dest="details",
        action="store_false",
        help="use only the playlist listing: faster, no chapters or upload dates",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="import into a folder even if it holds a course from another source",
    )


def _langs(text: str | None) -> list[str]:
    if text is None:
        return []
    langs = [lang.strip() for lang in text.split(",") if lang.strip()]
    if not langs:
        raise UsageError("--subs needs languages, e.g. --subs en or --subs en,de")
    return langs


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    from lessontui.config import load_settings
    from lessontui.services.importer import Importer, ImporterError, default_ydl

    langs = _langs(args.subs)
    if args.into is not None and args.into.exists() and not args.into.is_dir():
        raise UsageError(f"{args.into}: not a folder")
    console = Console(stderr=True, highlight=False)
    settings = load_settings()
    for problem in settings.problems:
        console.print(clean_for_terminal(f"lessontui: {problem}"), markup=False)
    bar = ProgressBar(console)
    importer = Importer(
        ydl_factory=YDL_FACTORY or default_ydl, settings=settings, progress=bar.update
    )
    try:
        with bar:
            result = importer.import_course(
                args.source,
                into=args.into,
                parent=settings.library,
                details=args.details,
                force=args.force,
            )
            if (args.download or langs) and not result.cancelled:
                result.downloads = importer.download(
                    result.course,
                    result.listed,
                    subs=langs,
                    video_format=args.video_format,
                    skip_video=not args.download,
                )
    except ImporterError as error:
        console.print(clean_for_terminal(f"lessontui: {error}"), markup=False, soft_wrap=True)
        return EXIT_FAILED
    except KeyboardInterrupt:
        console.print("lessontui: interrupted; run the same command again to resume", markup=False)
        return EXIT_INTERRUPTED
    _summary(result, Console(highlight=False))
    from lessontui.library import remember

    not_listed = remember(result.course.root, settings.library)  # made elsewhere: listed too
    if not_listed:
        console.print(f"lessontui: {clean_for_terminal(not_listed)}", markup=False)
    return 0 if result.ok else EXIT_FAILED


class ProgressBar:
    """A Rich progress bar fed by the importer's progress callback."""

    def __init__(self, console: Any) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
        )

        self.progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}", markup=False),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("Listing", total=None, detail="")

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, event: ImportProgress) -> None:
        stage = {"listing": "Listing", "entry": "Importing", "download": "Downloading"}
        if event.stage == "done":
            self.progress.update(self.task, completed=event.total, total=event.total or None)
            return
        detail = clean_for_terminal(event.title[:40])
        if event.stage == "download" and event.downloaded:
            size = f"/{event.size // 1024} KiB" if event.size else ""
            detail = f"{detail} {event.downloaded // 1024}{size} KiB".strip()
            if event.fraction is not None:
                detail += f" {event.fraction:.0%}"
        self.progress.update(
            self.task,
            description=stage.get(event.stage, event.stage),
            completed=max(0, event.index - 1),
            total=event.total or None,
            detail=detail,
        )


def _summary(result: ImportResult, console: Any) -> None:
    from lessontui.services.import_summary import summary_lines

    for line in summary_lines(result):
        console.print(clean_for_terminal(line), markup=False, soft_wrap=True)
    if result.ok:
        root = clean_for_terminal(result.course.root)
        console.print(f"Open it with: lessontui {root}", markup=False, soft_wrap=True)
