"""``nss-kg summits``: the summits table of the article (the packaged query 'summits')."""

from __future__ import annotations

import argparse

from nss_kg.cli.query import add_output_options, execute


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser("summits", help="print the summits table", description=__doc__)
    add_output_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    return execute("summits", {}, args)
