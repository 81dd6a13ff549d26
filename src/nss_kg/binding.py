"""Binding query parameters as RDF terms.

Every engine (embedded, rdflib, remote) gets the same query text: the parameters become a ``VALUES`` block at
the start of the query's WHERE group, written from pyoxigraph terms, whose serializer escapes every
character that could end a literal or an IRI. So no value can change the query's structure, and every engine
joins the same bindings the same way (unlike rdflib's ``initBindings``, see rdflib issue 1772).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping

from pyoxigraph import Literal, NamedNode

from nss_kg import sparql_text
from nss_kg.catalogue import Parameter, QueryInfo
from nss_kg.errors import ParameterError
from nss_kg.namespaces import INTEGER_TYPES, PREFIXES, XSD

Term = NamedNode | Literal

# Lexical spaces of XML Schema 1.1 part 2, by pattern: int() and float() would also take "1_000", " 7 "
# or "nan", which are no xsd:integer or xsd:double.
_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?(?P<year>[1-9][0-9]{3,}|0[0-9]{3})"
_DECIMAL = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"
_DOUBLE = rf"{_DECIMAL}([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"
_DATE = rf"{_YEAR}-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}}){_TIMEZONE}"
# Compiled on first use, then kept in re's cache (512 patterns): compiling at import would slow every start.
_LEXICAL_FORMS = {
    **{XSD + name: r"[+-]?[0-9]+" for name in INTEGER_TYPES},
    XSD + "decimal": _DECIMAL,
    XSD + "double": _DOUBLE,
    XSD + "float": _DOUBLE,
    XSD + "date": _DATE,
    XSD + "gYear": _YEAR + _TIMEZONE,
    XSD + "boolean": "true|false|1|0",
}


def _is_real_day(year: int, month: int, day: int) -> bool:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days_in_month = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days_in_month[month - 1]


def _is_valid(datatype: str, text: str) -> bool:
    """Whether ``text`` is in the lexical space of ``datatype`` (any text, for a datatype we do not know)."""
    form = _LEXICAL_FORMS.get(datatype)
    if form is None:
        return True
    match = re.fullmatch(form, text)
    if match is None:
        return False
    # The date pattern lets 2010-02-30 through; the calendar does not.
    # Leap years repeat every 400 years, whatever the sign: the year's last four digits decide.
    return datatype != XSD + "date" or _is_real_day(
        int(match["year"][-4:]), int(match["month"]), int(match["day"])
    )


#: IRI schemes taken as they are when no prefix of that name is known; any other ``name:rest`` must be a
#: known CURIE prefix (or be written ``<name:rest>``), so that a mistyped prefix is an error, not an IRI.
IRI_SCHEMES = ("http", "https", "urn", "tag", "mailto", "doi", "info", "file", "ftp")


def _iri(parameter: Parameter, text: str) -> NamedNode:
    prefix, _, local = text.partition(":")
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    elif prefix.lower() not in IRI_SCHEMES and not local.startswith("//"):
        known = ", ".join(sorted(PREFIXES))
        raise ParameterError(
            f"parameter '{parameter.name}': unknown prefix '{prefix}:' in {text!r} (known: {known}); "
            f"write <{text}> to use it as an IRI"
        )
    try:
        return NamedNode(text)
    except ValueError:
        raise ParameterError(f"parameter '{parameter.name}': not an absolute IRI: {text!r}") from None


def _lexical(value: object) -> str:
    """The value's XSD lexical form. A caller holding a date or a Decimal has imported its module: looking it
    up in sys.modules spares everyone else the import."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value != value:  # NaN, the one float unequal to itself
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    datetime, decimal = sys.modules.get("datetime"), sys.modules.get("decimal")
    if datetime is not None and isinstance(value, datetime.date):
        return str(value.isoformat())
    if decimal is not None and isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def to_term(parameter: Parameter, value: object) -> Term:
    """The RDF term a value stands for, checked against the parameter's type and allowed values."""
    text = _lexical(value)
    if parameter.allowed and text not in parameter.allowed:
        allowed = ", ".join(parameter.allowed)
        raise ParameterError(f"parameter '{parameter.name}': {text!r} is not one of: {allowed}")
    if parameter.kind == "iri":
        return _iri(parameter, text)
    if parameter.kind == "language" and parameter.language:
        return Literal(text, language=parameter.language)
    if parameter.kind == "typed" and parameter.datatype:
        if not _is_valid(parameter.datatype, text):
            local = parameter.datatype.removeprefix(XSD)
            raise ParameterError(f"parameter '{parameter.name}': {text!r} is not a valid xsd:{local}")
        return Literal(text, datatype=NamedNode(parameter.datatype))
    return Literal(text)


def bindings(info: QueryInfo, params: Mapping[str, object]) -> dict[str, Term]:
    """Each parameter variable with its term: given values, else defaults; optional ones may stay unbound."""
    known = [p.name for p in info.parameters]
    unknown = [name for name in params if name not in known]
    if unknown:
        expected = ", ".join(known) or "none"
        raise ParameterError(f"query '{info.name}' has no parameter '{unknown[0]}' (parameters: {expected})")
    bound: dict[str, Term] = {}
    for parameter in info.parameters:
        value = params.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise ParameterError(f"query '{info.name}' needs parameter '{parameter.name}'")
            continue
        bound[parameter.variable] = to_term(parameter, value)
    return bound


def with_values(text: str, bound: Mapping[str, Term]) -> str:
    """``text`` with ``bound`` in a VALUES block at the start of its WHERE group, as every engine gets it."""
    if not bound:
        return text
    names = " ".join(f"?{variable}" for variable in bound)
    values = " ".join(str(term) for term in bound.values())
    at = sparql_text.where_group_start(text)
    return f"{text[:at]}\n  VALUES ({names}) {{ ({values}) }}{text[at:]}"


def bind(info: QueryInfo, params: Mapping[str, object]) -> str:
    """The query's text with its parameters bound in a VALUES block at the start of its WHERE group."""
    return with_values(info.text, bindings(info, params))
