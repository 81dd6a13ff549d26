"""Constants for Oxigraph's optimizer: the bound parameters of a query written into its patterns and filters.

nss_kg.binding binds parameters in a one-row ``VALUES`` block at the start of the WHERE group, the same text
for every engine. Oxigraph's optimizer orders joins within connected components (patterns that share a
variable) and joins the components last, as a cartesian product; a ``VALUES`` block whose variables appear
only in FILTERs (``?__lang``, ``?__year…``) is a component of its own, so every filter on a parameter runs
after all the other joins. ``summit`` on 100k triples joins 81 label combinations per summit before keeping
one: 311 ms, against 33 ms with ``"en"`` written in place of ``?__lang`` (docs/benchmarks.md).

``inline`` rewrites the bound text so, but only where the result is the same query: every use of each
parameter is directly in the WHERE group (not in a nested group, OPTIONAL, EXISTS, sub-select or MINUS), none
before it (projection, ``SELECT *``, CONSTRUCT template) or after it (GROUP BY, ORDER BY), no ``AS ?p`` and
no other VALUES. There, joining the one-row table with the group is the same as writing its terms in place
of its variables (``BOUND(?p)`` becomes ``true``), and the variables, projected nowhere, are never seen.
Otherwise the text is left as it is.
"""

from __future__ import annotations

from functools import lru_cache

from nss_kg import sparql_text
from nss_kg.errors import QueryError


def _values_block(text: str, at: int) -> tuple[list[str], list[str], int] | None:
    """The variables and term texts of a one-row ``VALUES (?a ?b) { (t1 t2) }`` starting at ``at``, and
    the offset just after it; None if the group does not start with one."""
    tokens = list(sparql_text.tokens(text[at:]))
    if not tokens or tokens[0].kind != "word" or tokens[0].text.upper() != "VALUES":
        return None
    if len(tokens) < 2 or tokens[1].text != "(":
        return None
    variables: list[str] = []
    i = 2
    while i < len(tokens) and tokens[i].kind == "variable":
        variables.append(tokens[i].text[1:])
        i += 1
    if (
        i + 2 >= len(tokens)
        or tokens[i].text != ")"
        or tokens[i + 1].kind != "open"
        or tokens[i + 2].text != "("
    ):
        return None
    i += 3
    terms: list[str] = []
    while i < len(tokens) and tokens[i].text != ")":
        first = tokens[i]
        if first.kind == "iri":
            terms.append(first.text)
            i += 1
            continue
        if first.kind != "string":
            return None
        end = first.start + len(first.text)
        i += 1
        if i + 1 < len(tokens) and tokens[i].text == "@" and tokens[i + 1].kind == "word":
            end = tokens[i + 1].start + len(tokens[i + 1].text)
            i += 2
        elif i + 2 < len(tokens) and tokens[i].text == "^" and tokens[i + 1].text == "^":
            if tokens[i + 2].kind != "iri":
                return None
            end = tokens[i + 2].start + len(tokens[i + 2].text)
            i += 3
        terms.append(text[at + first.start : at + end])
    if i + 1 >= len(tokens) or tokens[i + 1].kind != "close" or len(terms) != len(variables) or not terms:
        return None
    return variables, terms, at + tokens[i + 1].start + 1


@lru_cache(maxsize=512)
def inline(text: str) -> str:
    """``text`` with its leading one-row VALUES block written into the WHERE group, where that is the same
    query (see the module's docstring); otherwise ``text`` unchanged."""
    try:
        at = sparql_text.where_group_start(text)
    except QueryError:
        return text
    block = _values_block(text, at)
    if block is None:
        return text
    variables, terms, after = block
    values = dict(zip(variables, terms, strict=True))
    before = list(sparql_text.tokens(text[:at]))
    if any((t.kind == "variable" and t.text[1:] in values) or t.text == "*" for t in before):
        return text
    rest = list(sparql_text.tokens(text[after:]))
    out: list[str] = []
    position = 0  # in text[after:]
    depth = 0
    skip_until = -1
    for index, token in enumerate(rest):
        if token.start < skip_until:
            continue
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "word" and token.text.upper() == "VALUES":
            return text
        elif token.kind == "variable" and token.text[1:] in values:
            previous = rest[index - 1] if index else None
            if depth != 0 or (
                previous is not None and previous.kind == "word" and previous.text.upper() == "AS"
            ):
                return text
            replacement = values[token.text[1:]]
            start, end = token.start, token.start + len(token.text)
            # BOUND(?p) of a bound parameter is true; a term inside BOUND() would not parse.
            if (
                index >= 2
                and rest[index - 1].text == "("
                and rest[index - 2].kind == "word"
                and rest[index - 2].text.upper() == "BOUND"
                and index + 1 < len(rest)
                and rest[index + 1].text == ")"
            ):
                replacement = "true"
                start, end = rest[index - 2].start, rest[index + 1].start + 1
                skip_until = end
            out.append(text[after + position : after + start])
            out.append(replacement)
            position = end
    out.append(text[after + position :])
    return text[:at] + "".join(out)
