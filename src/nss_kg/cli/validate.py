"""``nss-kg validate [FILE …]``: check the packaged graph, or your RDF files, against nss-kg's SHACL shapes.

Without files, the packaged data is validated. With files (Turtle, N-Triples, N-Quads, TriG, RDF/XML,
JSON-LD, told by extension), they are validated together with the packaged ontology's class hierarchy;
add --with-data when they extend our graph (refer to our summits, states or sources).
Exit status: 0 conforms (warnings allowed), 1 violations (or warnings with --strict), 2 unusable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

    from nss_kg.validation import ValidationReport, ValidationResult

FORMATS = ("text", "json", "turtle")
_SEVERITY_ZH = {"Violation": "違規", "Warning": "警告", "Info": "資訊"}
#: The languages of the shapes' messages; zh-Hant and zh-Hans as ``query`` takes them (the messages are in
#: Traditional Chinese, the article's script).
LANGUAGES = ("en", "zh", "zh-Hant", "zh-Hans")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        "validate",
        help="check the graph or your RDF files against the SHACL shapes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="RDF files to validate (default: the packaged data)"
    )
    parser.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="report format (default: text)"
    )
    parser.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the text report (default: from LANG, else en)",
    )
    parser.add_argument(
        "--with-data", action="store_true", help="validate the files merged with the packaged data"
    )
    parser.add_argument(
        "--inference",
        choices=("auto", "rdfs", "none"),
        default="auto",
        help="RDFS inference before validating (default: auto, when your files declare sub-properties, "
        "domains or ranges)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "compiled", "pyshacl"),
        default="auto",
        help="what runs the shapes (default: auto, the compiled shapes unless RDFS inference runs; pyshacl: "
        "pySHACL, the reference)",
    )
    parser.add_argument(
        "--no-ontology",
        action="store_true",
        help="validate the files alone, without the packaged ontology's class hierarchy",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    import logging

    from nss_kg.validation import validate

    # rdflib logs a traceback for each ill-typed literal it reads; the report says what is wrong instead.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    report = validate(
        args.files,
        with_data=args.with_data,
        with_ontology=not args.no_ontology,
        inference=args.inference,
        engine=args.engine,
    )
    lang = "zh" if (args.lang or _environment_language()).startswith("zh") else "en"
    writers: dict[str, Callable[[ValidationReport, str], str]] = {
        "text": _text,
        "json": _json,
        "turtle": _turtle,
    }
    sys.stdout.write(writers[args.format](report, lang))
    failed = report.violations or (args.strict and report.results)
    return 1 if failed else 0


def _environment_language() -> str:
    """zh when the user's locale is Chinese, else en: the languages our shape messages are in."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _text(report: ValidationReport, lang: str) -> str:
    """A report grouped by focus node, each node with its label in ``lang``."""
    zh = lang == "zh"
    graph = _prefixed(report.data_graph)
    counts = (len(report.violations), len(report.warnings))
    if zh:
        summary = "符合" if report.conforms else "不符合"
        head = f"{summary}：{counts[0]} 項違規，{counts[1]} 項警告"  # noqa: RUF001 -- Chinese punctuation
    else:
        summary = "Conforms" if report.conforms else "Does not conform"
        head = f"{summary}: {_plural(counts[0], 'violation')}, {_plural(counts[1], 'warning')}"
    lines = [head]
    by_focus: dict[Node, list[ValidationResult]] = {}
    for result in report.results:
        by_focus.setdefault(result.focus_node, []).append(result)
    for focus, results in by_focus.items():
        label = _label(report.data_graph, focus, lang)
        lines.append("")
        lines.append(f"{_short(graph, focus)}" + (f"  {label}" if label else ""))
        for result in results:
            severity = _SEVERITY_ZH[result.severity.value] if zh else result.severity.value.lower()
            where = " ".join(_short(graph, term) for term in (result.path, result.value) if term is not None)
            lines.append(f"  {severity}{'：' if zh else ': '}{result.message(lang)}")  # noqa: RUF001
            lines.append(f"      {where + '  ' if where else ''}[{_short(graph, result.source_shape)}]")
    return "\n".join(lines) + "\n"


def _json(report: ValidationReport, lang: str) -> str:
    def term(node: Node | None) -> str | None:
        # IRIs as themselves; literals and blank nodes in N-Triples syntax, so their kind stays visible.
        from rdflib import URIRef

        return None if node is None else str(node) if isinstance(node, URIRef) else node.n3()

    document = {
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "results": [
            {
                "focusNode": term(r.focus_node),
                "path": term(r.path),
                "value": term(r.value),
                "severity": r.severity.value,
                "message": r.message(lang),
                "messages": {tag or "": text for tag, text in r.messages.items()},
                "sourceShape": term(r.source_shape),
                "sourceConstraintComponent": term(r.constraint_component),
            }
            for r in report.results
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _turtle(report: ValidationReport, lang: str) -> str:
    return _prefixed(report.report_graph).serialize(format="turtle")


def _prefixed(graph: Graph) -> Graph:
    from nss_kg.namespaces import PREFIXES
    from nss_kg.validation import SHAPES_NAMESPACE

    for name, iri in (*PREFIXES.items(), ("shape", SHAPES_NAMESPACE), ("sh", "http://www.w3.org/ns/shacl#")):
        graph.bind(name, iri, replace=True)
    return graph


def _short(graph: Graph, node: Node) -> str:
    from rdflib import URIRef

    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except ValueError:
            return f"<{node}>"
    return str(node.n3(graph.namespace_manager))


def _label(graph: Graph, node: Node, lang: str) -> str:
    from rdflib import RDFS, Literal

    labels = {
        (o.language or "").lower(): str(o) for o in graph.objects(node, RDFS.label) if isinstance(o, Literal)
    }
    for tag in ("zh-hant", "zh-hans", "en") if lang == "zh" else ("en",):
        if tag in labels:
            return labels[tag]
    return ""


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
