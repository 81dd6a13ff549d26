"""Binding query parameters as RDF terms.

Every engine (embedded, rdflib, remote) gets the same query text: the parameters become a ``VALUES`` block at
the start of the query's WHERE group, written from pyoxigraph terms, whose serializer escapes every
character that could end a literal or an IRI. So no value can change the query's structure, and every engine
joins the same bindings the same way (unlike rdflib's ``initBindings``, see rdflib issue 1772).
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Mapping

from pyoxigraph import Literal, NamedNode

from nss_kg import sparql_text
from nss_kg.catalogue import Parameter, QueryInfo
from nss_kg.errors import ParameterError
from nss_kg.namespaces import INTEGER_TYPES, PREFIXES, XSD

Term = NamedNode | Literal


def _check_integer(text: str) -> None:
    int(text)


def _check_gyear(text: str) -> None:
    if not text.lstrip("-").isdigit() or len(text.lstrip("-")) < 4:
        raise ValueError(text)


def _check_boolean(text: str) -> None:
    if text not in ("true", "false", "1", "0"):
        raise ValueError(text)


_LEXICAL_CHECKS: dict[str, Callable[[str], object]] = {
    **{XSD + name: _check_integer for name in INTEGER_TYPES},
    XSD + "decimal": decimal.Decimal,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "date": datetime.date.fromisoformat,
    XSD + "gYear": _check_gyear,
    XSD + "boolean": _check_boolean,
}


def _iri(parameter: Parameter, text: str) -> NamedNode:
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = PREFIXES[prefix] + local
    try:
        return NamedNode(text)
    except ValueError:
        raise ParameterError(f"parameter '{parameter.name}': not an absolute IRI: {text!r}") from None


def _lexical(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
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
        check = _LEXICAL_CHECKS.get(parameter.datatype)
        try:
            if check is not None:
                check(text)
        except (ValueError, ArithmeticError):
            local = parameter.datatype.removeprefix(XSD)
            raise ParameterError(
                f"parameter '{parameter.name}': {text!r} is not a valid xsd:{local}"
            ) from None
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


def bind(info: QueryInfo, params: Mapping[str, object]) -> str:
    """The query's text with its parameters bound in a VALUES block at the start of its WHERE group."""
    bound = bindings(info, params)
    if not bound:
        return info.text
    names = " ".join(f"?{variable}" for variable in bound)
    values = " ".join(str(term) for term in bound.values())
    at = sparql_text.where_group_start(info.text)
    return f"{info.text[:at]}\n  VALUES ({names}) {{ ({values}) }}{info.text[at:]}"
