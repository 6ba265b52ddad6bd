"""The `lessontui` command: parse arguments, run a sub-command or start the app."""

from __future__ import annotations

import importlib
import sys

import lessontui
from lessontui.commands import EXIT_USAGE, UsageError

# Nothing heavy before dispatch, so `--help` and the app start fast.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import ModuleType
    from typing import NoReturn

# name -> (module in lessontui.commands, one-line help). Modules import their
# heavy dependencies (yt-dlp, Textual) inside run(), so `--help` stays fast.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "new": ("new_course", "make an empty course in PATH"),
    "demo": ("demo", "write the demo course to a folder and open it"),
    "import": ("import_course", "make or refresh a course from a playlist, video or yt-dlp JSON"),
    "export": ("export", "write the finished page (Jekyll Markdown or HTML)"),
    "check": ("check", "list broken links and placeholders before publishing"),
    "search": ("search", "search notes and transcripts of a course or of the whole library"),
    "review": ("review", "review the learned items that are due (a course, or the library)"),
    "subs": ("subs", "download subtitles (transcripts) for a course or one lesson"),
    "config": ("config", "show where the settings file is and what is in effect"),
}


def _parser(**options: object) -> argparse.ArgumentParser:
    """An ArgumentParser whose errors are one line (argparse is imported here, on demand)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            # One line, no usage dump: the user reads the error, then --help if needed.
            self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    return _Parser(**options)  # type: ignore[arg-type]


def _open_parser() -> argparse.ArgumentParser:
    import argparse
    from pathlib import Path

    commands = "\n".join(f"  {name:<8} {text}" for name, (_, text) in SUBCOMMANDS.items())
    parser = _parser(
        prog="lessontui",
        description="Watch a video course in mpv, take Markdown notes, publish what you learned.",
        epilog=f"sub-commands (lessontui COMMAND --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a course folder (holding course.md); without it, the library of courses",
    )

    class _Version(argparse.Action):
        """`--version`, looked up only when asked for."""

        def __call__(
            self,
            parser: argparse.ArgumentParser,
            namespace: argparse.Namespace,
            values: object,
            option_string: str | None = None,
        ) -> NoReturn:
            print(f"lessontui {lessontui.__version__}")  # on stdout, as argparse's own
            parser.exit()

    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    return parser


def _subcommand_parser(name: str) -> tuple[argparse.ArgumentParser, ModuleType]:
    module_name, text = SUBCOMMANDS[name]
    module = importlib.import_module(f"lessontui.commands.{module_name}")
    parser = _parser(prog=f"lessontui {name}", description=text)
    module.add_arguments(parser)
    return parser, module


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in SUBCOMMANDS:
            parser, module = _subcommand_parser(argv[0])
            # `search TERM -s PATH`: options between the positionals, as grep takes them.
            # Python 3.11's parse_intermixed_args takes a TERM like `-foo` after `--` for an
            # unknown option: with `--`, the plain parse, which honours it.
            intermixed = getattr(module, "INTERMIXED", False) and "--" not in argv[1:]
            args = (parser.parse_intermixed_args if intermixed else parser.parse_args)(argv[1:])
            return int(module.run(args) or 0)
        args = _open_parser().parse_args(argv)
        from lessontui.commands.open_course import run

        return run(args.path)
    except UsageError as error:
        from lessontui.terminal_text import clean_for_terminal

        print(f"lessontui: error: {clean_for_terminal(error)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("lessontui: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
