"""What nss-kg needs to know of a SPARQL query's text, read by a small lexer that respects strings, IRIs and
comments: its form, where its WHERE group opens (parameters are bound there), its variables, and whether it
asks for a remote SERVICE."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from nss_kg.errors import QueryError

# Strings, IRIs and comments may hold braces and keywords, so they are matched whole before anything else.
_TOKEN = re.compile(
    r"(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<variable>[?$]\w+)"
    r"|(?P<word>[^\W\d][\w\-.]*(?::[^\s{}()<>,;\"']*)?|:[^\s{}()<>,;\"']*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<space>\s+)|(?P<other>.)",
    re.DOTALL,
)

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Deepest nesting of brackets, parentheses and braces accepted. Parsers recurse per level: 10,000 levels
#: crashed pyoxigraph (and an Oxigraph server) with a stack overflow, and rdflib's parser reaches Python's
#: recursion limit far sooner. Real queries nest a dozen levels.
MAX_NESTING = 100
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())


class Token(NamedTuple):
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query, comments and white space left out."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind not in ("comment", "space"):
            yield Token(kind, match.group(), match.start())


# The functions below are pure functions of the query text, and a library user runs the same few queries
# again and again: each answer is cached, so that lexing (half of a warm packaged query) happens once.


@lru_cache(maxsize=512)
def check_nesting(text: str, origin: str) -> None:
    """Raise a QueryError (``origin:line:col: …``) if brackets nest deeper than MAX_NESTING."""
    depth = 0
    for token in tokens(text):
        if token.text in _OPENING:
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, token.start) + 1
                column = token.start - text.rfind("\n", 0, token.start)
                where = f"{origin}:{line}:{column}"
                raise QueryError(f"{where}: brackets nested more than {MAX_NESTING} deep; refused")
        elif token.text in _CLOSING:
            depth -= 1


@lru_cache(maxsize=512)
def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() in FORMS:
            return token.text.upper()
        if token.kind == "word" and token.text.upper() in (
            "INSERT",
            "DELETE",
            "LOAD",
            "CLEAR",
            "DROP",
            "CREATE",
        ):
            raise QueryError("this is a SPARQL update, not a query; nss-kg only runs queries")
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")


@lru_cache(maxsize=512)
def where_group_start(text: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    depth = 0
    top_level_groups = 0
    after_where = False
    construct = query_form(text) == "CONSTRUCT"
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == "WHERE" and depth == 0:
            after_where = True
        elif token.kind == "open":
            if depth == 0:
                top_level_groups += 1
                # Without the WHERE keyword, a CONSTRUCT's first group is its template.
                if after_where or not construct or top_level_groups == 2:
                    return token.start + 1
            depth += 1
        elif token.kind == "close":
            depth -= 1
    raise QueryError("the query has no WHERE group")


def variables(text: str) -> list[str]:
    """The names of the variables the query mentions, without ``?``/``$``, in order of first mention."""
    return list(_variables(text))


@lru_cache(maxsize=512)
def _variables(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(token.text[1:] for token in tokens(text) if token.kind == "variable"))


@lru_cache(maxsize=512)
def uses_service(text: str) -> bool:
    """Whether the query federates to a remote endpoint with SERVICE."""
    return any(token.kind == "word" and token.text.upper() == "SERVICE" for token in tokens(text))
