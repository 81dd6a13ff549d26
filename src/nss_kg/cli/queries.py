"""``nss-kg queries``: the packaged queries with their summaries and parameters."""

from __future__ import annotations

import argparse
import json
import sys

from nss_kg.catalogue import Parameter


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser("queries", help="list the packaged queries", description=__doc__)
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    return parser


def describe(parameter: Parameter) -> str:
    kind = {"iri": "IRI or CURIE", "literal": "string"}.get(parameter.kind, parameter.kind)
    if parameter.datatype:
        kind = parameter.datatype.rsplit("#", 1)[-1]
    elif parameter.language:
        kind = f"text in {parameter.language}"
    extras = []
    if parameter.default is not None:
        extras.append(f"default {parameter.default}")
    if parameter.allowed:
        extras.append("one of " + "|".join(parameter.allowed))
    optional = "" if parameter.required else "optional "
    return f"{parameter.name} ({optional}{kind}{', ' if extras else ''}{', '.join(extras)})"


def run(args: argparse.Namespace) -> int:
    from nss_kg.catalogue import catalogue

    queries = catalogue()
    if args.format == "json":
        entries = [
            {
                **{k: v for k, v in info._asdict().items() if k not in ("text", "origin")},
                "parameters": [p._asdict() for p in info.parameters],
            }
            for info in queries.values()
        ]
        json.dump(entries, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max(map(len, queries))
    for name, info in queries.items():
        print(f"{name:<{width}}  {info.summary}" + ("" if info.form == "SELECT" else f" [{info.form}]"))
        for parameter in info.parameters:
            print(f"    {describe(parameter)}")
    return 0
