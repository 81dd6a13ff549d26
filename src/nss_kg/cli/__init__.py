"""The ``nss-kg`` command line: one module per command, each with ``add_parser`` and ``run``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from nss_kg import __version__
from nss_kg.errors import NssKgError

# Only type checkers need typing; its import would cost every cold start (see nss_kg.records).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Command modules under nss_kg.cli, in the order ``nss-kg --help`` lists them.
COMMANDS = ("summits", "queries", "query", "export", "validate", "load")


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


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, with our HelpFormatter unless told another; subcommands' parsers are ones too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code: 0 done, 1 a finding (violations), 2 bad input, 3 endpoint."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(only=argv[0] if argv else None).parse_args(argv)
    try:
        code: int = args.run(args)
    except NssKgError as error:
        print(f"nss-kg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("nss-kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `head`) went away: nothing more to say.
        sys.stderr.close()
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
