"""Showing results to people: aligned terminal tables (CJK characters are two columns wide) and Markdown
tables. Machine formats (JSON, CSV, TSV, XML, Turtle …) come from QueryResult.serialize."""

from __future__ import annotations

import unicodedata

from pyoxigraph import BlankNode, Literal, NamedNode

from nss_kg.errors import InputError
from nss_kg.namespaces import shorten
from nss_kg.results import GRAPH_FORMATS, SOLUTION_FORMATS, QueryResult, Term

TEXT_FORMATS = ("table", "markdown")


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: wide and full-width characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def cell(term: Term | None) -> str:
    """A term as a person reads it: a literal's text, an IRI as ``prefix:local``, nothing for unbound."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return term.value
    if isinstance(term, NamedNode):
        return shorten(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def table(result: QueryResult) -> str:
    """An aligned plain-text table, or ``true``/``false`` for an ASK."""
    if result.form == "ASK":
        return "true" if result else "false"
    header = result.variables
    rows = [[cell(term).replace("\n", " ") for term in row] for row in result.rows()]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def markdown(result: QueryResult) -> str:
    """A GitHub-flavoured Markdown table."""
    if result.form == "ASK":
        return "true" if result else "false"

    def escape(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    lines += ["| " + " | ".join(escape(cell(t)) for t in row) + " |" for row in result.rows()]
    return "\n".join(lines)


def formats_for(result: QueryResult) -> tuple[str, ...]:
    """The output formats that suit the result's form."""
    return tuple(GRAPH_FORMATS) if result.is_graph else TEXT_FORMATS + tuple(SOLUTION_FORMATS)


def render(result: QueryResult, format: str) -> bytes:
    """The result in the named format, as bytes ready for stdout or a file."""
    if format not in formats_for(result):
        suitable = ", ".join(formats_for(result))
        raise InputError(f"format '{format}' does not suit a {result.form} result (use one of: {suitable})")
    if format == "table":
        return (table(result) + "\n").encode("utf-8")
    if format == "markdown":
        return (markdown(result) + "\n").encode("utf-8")
    return result.serialize(format)
