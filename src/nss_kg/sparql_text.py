"""What nss-kg needs to know of a SPARQL query's text: its form, where its WHERE group opens (parameters are
bound there), its variables, how deep it nests and whether it asks for a remote SERVICE.

The server's and the CLI's guards rest on this lexer, so it reads the text as the engines do: the SPARQL 1.1
grammar's terminals exactly (§19.8: comments end at CR or LF, strings of all four kinds with their escapes,
PN_LOCAL with its ``.``/``:``/``%``/``\\`` rules), and ``<`` as the engines choose between an IRI and
"less than": by context, as pyoxigraph's and rdflib's parsers do. Where engines read a text differently
(``\\u`` escapes outside strings: SPARQL §19.2, Jena and rdflib expand them first, pyoxigraph does not;
keywords run together with a word, which pyoxigraph still reads as keywords) the guards take the reading
that finds more. tests/test_sparql_guards.py checks this against pyoxigraph and rdflib on generated queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from nss_kg.errors import QueryError

# SPARQL 1.1 §19.8, terminals [139] to [173].
_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
# pyoxigraph reads \u escapes inside strings and IRIs (the grammar expands them before; same strings).
_STRING_ESCAPE = rf"(?:\\[tbnrf\\\"']|{_UCHAR})"
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = rf"%{_HEX}{_HEX}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"

_TOKEN = re.compile(
    r"(?P<space>[\x20\t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    rf"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_STRING_ESCAPE}))*'''"
    rf"|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|{_STRING_ESCAPE}))*\"\"\""
    rf"|'(?:[^'\\\n\r]|{_STRING_ESCAPE})*'"
    rf"|\"(?:[^\"\\\n\r]|{_STRING_ESCAPE})*\")"
    rf"|(?P<variable>[?$]{_VARNAME})"
    rf"|(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
    rf"|(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)"
    r"|(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
    rf"|(?P<word>[{_PN_CHARS_U}][{_PN_CHARS}]*)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<other>\^\^|<=|>=|!=|&&|\|\||.)",
    re.DOTALL,
)
_IRIREF = re.compile(rf"<(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>")
_CODEPOINT_ESCAPE = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Deepest nesting of brackets, parentheses and braces accepted. Parsers recurse per level: 10,000 levels
#: crashed pyoxigraph (and an Oxigraph server) with a stack overflow, and rdflib's parser reaches Python's
#: recursion limit far sooner. Real queries nest a dozen levels.
MAX_NESTING = 100
#: Most links in a chain of UNION, OPTIONAL or MINUS groups or of arithmetic operators. pyoxigraph's
#: evaluator recurses once per link: 7,000 UNIONs (or "1+1+…") crashed it with a stack overflow (4,000 still
#: ran), in the process that asked, be it `nss-kg query` or `nss-kg serve`. Real queries chain a few dozen.
MAX_CHAIN = 1000
_CHAINING_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
_CHAINING_OPERATORS = frozenset({"+", "-", "*", "/"})
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
# Tokens after which a "<" inside an expression is "less than": the ends of operands.
_OPERAND_ENDS = frozenset({"variable", "string", "iri", "pname", "number", "langtag", "bnode"})
# Words after which "(" opens a list of terms (an RDF collection, a VALUES row), not an expression.
_TERM_LIST_WORDS = frozenset({"A", "VALUES", "TRUE", "FALSE"})


class Token(NamedTuple):
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query as pyoxigraph reads them, comments and white space left out."""
    # What each open bracket began: "pattern" (a group, a blank-node property list), "terms" (a collection,
    # VALUES), "expression" (FILTER, BIND, function arguments, SELECT/GROUP/ORDER/HAVING expressions).
    modes: list[str] = []
    previous: Token | None = None
    before_previous: Token | None = None
    position = 0
    while position < len(text):
        if text[position] == "<":
            token = _angle_bracket(text, position, modes[-1] if modes else "top", previous)
        else:
            match = _TOKEN.match(text, position)
            assert match is not None  # the last alternative matches any character
            token = Token(match.lastgroup or "other", match.group(), position)
        position = token.start + len(token.text)
        if token.kind in ("space", "comment"):
            continue
        if token.text in ("{", "["):
            modes.append("pattern")
        elif token.text == "(":
            modes.append(_parenthesis_mode(modes[-1] if modes else "top", previous, before_previous))
        elif token.text in _CLOSING and modes:
            modes.pop()
        yield token
        before_previous, previous = previous, token


def _angle_bracket(text: str, position: int, mode: str, previous: Token | None) -> Token:
    if (
        mode == "expression"
        and previous is not None
        and (
            previous.kind in _OPERAND_ENDS
            or previous.text in (")", "]")
            or (previous.kind == "word" and previous.text.upper() in ("TRUE", "FALSE"))
        )
    ):
        operator = "<=" if text.startswith("<=", position) else "<"
        return Token("other", operator, position)
    match = _IRIREF.match(text, position)
    if match is None:
        return Token("other", "<", position)
    return Token("iri", match.group(), position)


def _parenthesis_mode(mode: str, previous: Token | None, before_previous: Token | None) -> str:
    if mode == "expression":
        return "expression"
    if previous is not None and previous.kind == "word":
        return "terms" if previous.text.upper() in _TERM_LIST_WORDS else "expression"
    if mode == "top":
        return "expression"
    # FILTER <function>(...) and FILTER prefix:function(...) call a function without parentheses around.
    if (
        previous is not None
        and previous.kind in ("iri", "pname")
        and before_previous is not None
        and before_previous.kind == "word"
        and before_previous.text.upper() == "FILTER"
    ):
        return "expression"
    return "terms"


def _readings(text: str) -> tuple[str, ...]:
    """The text as pyoxigraph reads it, and as engines that expand ``\\u`` escapes first read it."""
    expanded = _CODEPOINT_ESCAPE.sub(_expand_codepoint, text)
    return (text,) if expanded == text else (text, expanded)


def _expand_codepoint(match: re.Match[str]) -> str:
    codepoint = int(match.group(1) or match.group(2), 16)
    if codepoint > 0x10FFFF or 0xD800 <= codepoint <= 0xDFFF:
        return match.group()
    return chr(codepoint)


# The functions below are pure functions of the query text, and a library user runs the same few queries
# again and again: each answer is cached, so that lexing (half of a warm packaged query) happens once.


@lru_cache(maxsize=512)
def check_recursion(text: str, origin: str) -> None:
    """Raise a QueryError (``origin:line:col: …``) if brackets nest deeper than MAX_NESTING, or a query chains
    more than MAX_CHAIN groups or operators: what parsers and evaluators recurse on."""
    for reading in _readings(text):
        depth = 0
        links = 0
        for token in tokens(reading):
            if (token.kind == "word" and token.text.upper() in _CHAINING_WORDS) or (
                token.kind == "other" and token.text in _CHAINING_OPERATORS
            ):
                links += 1
                if links > MAX_CHAIN:
                    raise QueryError(
                        f"{origin}:{_place(reading, token.start)}: more than {MAX_CHAIN} UNION, OPTIONAL,"
                        " MINUS or arithmetic links; refused"
                    )
            if token.text in _OPENING:
                depth += 1
                if depth > MAX_NESTING:
                    raise QueryError(
                        f"{origin}:{_place(reading, token.start)}: brackets nested more than {MAX_NESTING}"
                        " deep; refused"
                    )
            elif token.text in _CLOSING:
                depth -= 1


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"{line}:{column}"


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
    # pyoxigraph reads a keyword at the start of a longer word ("SERVICESILENT", "trueSERVICE", the prefix
    # "service:"), so any word or prefix that holds the letters counts.
    return any(
        "SERVICE" in token.text.split(":", 1)[0].upper()
        for reading in _readings(text)
        for token in tokens(reading)
        if token.kind in ("word", "pname")
    )
