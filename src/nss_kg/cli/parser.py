"""The command line's argument parser: every command's options, and usage errors as one line."""

from __future__ import annotations

import argparse
import math
import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING

from nss_kg import __version__
from nss_kg.errors import InputError

if TYPE_CHECKING:
    from typing import Any, NoReturn

#: Command modules under nss_kg.cli, in the order ``nss-kg --help`` lists them.
COMMANDS = ("summits", "queries", "query", "export", "validate", "load", "serve", "site")


def help_width() -> int:
    """The width argparse lays help out in, found as shutil.get_terminal_size finds it, less 2."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, or not a terminal
            columns = 0
    return (columns or 80) - 2


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the width passed in, so that argparse skips ``import shutil`` (about 7 ms
    of a cold start, paid even when no help is printed)."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, help_width() if width is None else width)


class UsageError(InputError):
    """The command line itself is wrong: an unknown command or option, a missing or malformed value."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, with our HelpFormatter unless told another, whose errors are one line (argparse
    prints the whole usage block); subcommands' parsers are ones too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("nss-kg").strip()
        raise UsageError(f"{message} (see 'nss-kg {command + ' ' if command else ''}--help')")


def seconds(text: str) -> float:
    """An argparse type: a positive, finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive, finite number of seconds, not {text!r}")
    return value


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``only`` that one (each command module costs start-up time)."""
    parser = ArgumentParser(
        prog="nss-kg",
        description="The Nuclear Security Summit knowledge graph: query, validate, load and export it.",
    )
    parser.add_argument("--version", action="version", version=f"nss-kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in (only,) if only in COMMANDS else COMMANDS:
        module = import_module(f"nss_kg.cli.{name}")
        command = module.add_parser(commands)
        command.set_defaults(run=module.run)
    return parser


def parse(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; a UsageError, with a "did you mean" for a mistyped command."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        import difflib  # here: only a mistyped command needs it

        close = difflib.get_close_matches(argv[0], COMMANDS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (commands: {', '.join(COMMANDS)})"
        raise UsageError(f"unknown command '{argv[0]}'{hint}")
    parser = build_parser(only=argv[0] if argv else None)
    args, extra = parser.parse_known_args(argv)
    # name=value parameters may come after options too (query summit --format csv year=2012).
    if hasattr(args, "params"):
        args.params += [a for a in extra if "=" in a and not a.startswith("-")]
        extra = [a for a in extra if a not in args.params]
    if extra:
        raise UsageError(f"unrecognized arguments: {' '.join(extra)} (see 'nss-kg {args.command} --help')")
    return args
