"""`lessontui config`: where the settings file is, and the settings in effect."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--path", action="store_true", help="print the config file's path")
    group.add_argument(
        "--show",
        action="store_true",
        help="print the settings in effect, as TOML (the default)",
    )


def run(args: argparse.Namespace) -> int:
    from lessontui.config import config_path, effective_toml, load_settings
    from lessontui.terminal_text import clean_for_terminal

    path = config_path()
    if args.path:
        print(path)
        return 0
    settings = load_settings(path)
    for problem in settings.problems:
        print(clean_for_terminal(f"lessontui: {problem}"), file=sys.stderr)
    where = path if path.exists() else f"{path} (not there yet: these are the defaults)"
    print(f"# lessontui settings in effect, from {where}")
    print(effective_toml(settings), end="")
    return 0
