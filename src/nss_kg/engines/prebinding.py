"""Constants for Oxigraph's optimizer: the bound parameters of a query written into its patterns and filters.

nss_kg.binding binds parameters in a one-row ``VALUES`` block at the start of the WHERE group, the same text
for every engine. Oxigraph's optimizer orders joins within connected components (patterns that share a
variable) and joins the components last, as a cartesian product; a ``VALUES`` block whose variables appear
only in FILTERs (``?__lang``, ``?__year…``) is a component of its own, so every filter on a parameter runs
after all the other joins. ``summit`` on 100k triples joins 81 label combinations per summit before keeping
one: 311 ms, against 33 ms with ``"en"`` written in place of ``?__lang`` (docs/benchmarks.md).

``inline`` writes the bound terms in place of their variables, but only where the result is the same query as
the VALUES block: every use of each parameter is directly in the WHERE group (not in a nested group,
OPTIONAL, EXISTS, sub-select or MINUS), none before it (projection, ``SELECT *``, CONSTRUCT template) or after
it (GROUP BY, ORDER BY), no ``AS ?p`` and no VALUES of the query's own. There, joining the one-row table with
the group is the same as writing its terms in place of its variables (``BOUND(?p)`` becomes ``true``), and
the variables, projected nowhere, are never seen. Otherwise it answers None.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from nss_kg import sparql_text
from nss_kg.binding import Term
from nss_kg.errors import QueryError


def inline(text: str, bound: Mapping[str, Term]) -> str | None:
    """``text`` with the ``bound`` terms written in place of their variables, where that is the same query
    as binding them in a VALUES block (see the module's docstring); else None."""
    return _inline(text, tuple((variable, str(term)) for variable, term in bound.items()))


@lru_cache(maxsize=512)
def _inline(text: str, bound: tuple[tuple[str, str], ...]) -> str | None:
    values = dict(bound)
    try:
        at = sparql_text.where_group_start(text)
    except QueryError:
        return None
    # The whole text is lexed once: how "<" reads depends on what came before.
    every = list(sparql_text.tokens(text))
    before = [t for t in every if t.start < at]
    if any((t.kind == "variable" and t.text[1:] in values) or t.text == "*" for t in before):
        return None
    rest = [t._replace(start=t.start - at) for t in every if t.start >= at]
    out: list[str] = []
    position = 0  # in text[at:]
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
            return None
        elif token.kind == "variable" and token.text[1:] in values:
            previous = rest[index - 1] if index else None
            if depth != 0 or (
                previous is not None and previous.kind == "word" and previous.text.upper() == "AS"
            ):
                return None
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
            out.append(text[at + position : at + start])
            out.append(replacement)
            position = end
    out.append(text[at + position :])
    return text[:at] + "".join(out)
