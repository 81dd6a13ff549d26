"""``nss-kg site --output DIR [--base-url URL] [--data FILE …]``: the linked-data site as static files.

Writes what ``nss-kg serve`` publishes — each entity's page (in English, 繁體 and 简体) and its Turtle,
JSON-LD, N-Triples and RDF/XML documents at its IRI's path, the home page, the ontology, the dataset, the API
docs page, the stylesheet — for GitHub Pages or any web server, with an ``.htaccess`` for Apache (media types
and 303 content negotiation). With --base-url (where the site will be served), also
DIR/w3id.org/nss-kg/.htaccess: the rules to register https://w3id.org/nss-kg/ with w3id.org. Exit codes: 2 a
bad --data file or option, 4 a file cannot be written.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "site",
        help="write the linked-data site as static files, with rewrite rules for w3id.org",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", required=True, metavar="DIR", help="folder to write the site into")
    parser.add_argument(
        "--base-url", metavar="URL", help="where the site will be served, for the w3id.org rules"
    )
    parser.add_argument(
        "--data", nargs="+", action="extend", default=[], metavar="FILE", help="RDF files to publish as well"
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from nss_kg import arguments
    from nss_kg.web import static_site

    data = arguments.paths(args.data, "data")
    summary = static_site.build(args.output, args.base_url, data)
    print(
        f"nss-kg: wrote {summary.files} files ({summary.entities} entities) to {args.output}", file=sys.stderr
    )
    if summary.left_out:
        shown = ", ".join(summary.left_out[:5]) + (" …" if len(summary.left_out) > 5 else "")
        print(f"nss-kg: left out {len(summary.left_out)} IRIs no file can be: {shown}", file=sys.stderr)
    if summary.w3id_rules is not None:
        print(f"nss-kg: the rules for w3id.org (its nss-kg/.htaccess): {summary.w3id_rules}", file=sys.stderr)
    else:
        print("nss-kg: give --base-url for the w3id.org rules", file=sys.stderr)
    return 0
