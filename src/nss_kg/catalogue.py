"""The catalogue of packaged queries, read from the grlc decorators (``#+ summary: …``) at the head of each
``.rq`` file and from its parameter variables, named by the grlc/BASIL convention:

``?_name`` a required parameter, ``?__name`` an optional one; after the name, ``_iri`` an IRI,
``_xsd_integer`` (any ``prefix_local``) a typed literal, ``_en`` a literal in that language, nothing a plain
string. Names are camelCase, since grlc splits on ``_``.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, NamedTuple

from nss_kg import resources, sparql_text
from nss_kg.errors import QueryError
from nss_kg.namespaces import XSD

if TYPE_CHECKING:
    from pathlib import Path

_TYPE_PREFIXES = {"xsd": XSD}


class Parameter(NamedTuple):
    """One parameter of a query: the variable it binds and what values it takes."""

    name: str
    variable: str
    required: bool
    kind: str  # "iri", "literal", "typed" or "language"
    datatype: str | None = None
    language: str | None = None
    default: str | None = None
    allowed: tuple[str, ...] = ()


class QueryInfo(NamedTuple):
    """A query of the catalogue (or a user's own ``.rq`` file) with what its header says."""

    name: str
    text: str
    form: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    #: Where the text came from, as error messages name it: a file's path, or the packaged query's name.
    origin: str = ""

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def _header_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    return lines


def _flow_header(lines: list[str]) -> dict[str, object] | None:
    """The header when every line is ``key: value`` with a JSON or plain one-line value, else None.

    JSON flow values are YAML too, so grlc reads these headers the same; parsing them without PyYAML
    keeps ``nss-kg query`` fast (importing PyYAML costs about a third of a cold run).
    """
    header: dict[str, object] = {}
    for line in lines:
        key, sep, value = line.partition(": ")
        if not sep or not key.isidentifier():
            return None
        value = value.strip()
        if value[:1] in ("[", "{", '"'):
            try:
                header[key] = json.loads(value)
            except ValueError:
                return None
        elif ": " in value or value.startswith(("-", "&", "*", "!", "|", ">", "'", "%", "@", "`", "#")):
            return None
        else:
            header[key] = value
    return header


def _decorators(text: str, origin: str) -> dict[str, object]:
    lines = _header_lines(text)
    if not lines:
        return {}
    header = _flow_header(lines)
    if header is not None:
        return header
    import yaml  # block-style headers, as in many grlc repositories

    try:
        parsed = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise QueryError(f"{origin}{where}: malformed '#+' header") from None
    if not isinstance(parsed, dict):
        raise QueryError(f"{origin}: the '#+' header is not a set of 'key: value' lines")
    return parsed


def _as_mapping(entries: object) -> dict[str, object]:
    """grlc writes ``defaults`` and ``enumerate`` as lists of one-key mappings."""
    merged: dict[str, object] = {}
    if isinstance(entries, dict):
        entries = [entries]
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            merged.update({str(k): v for k, v in entry.items()})
    return merged


def _parameter(variable: str, defaults: dict[str, object], allowed: dict[str, object]) -> Parameter:
    optional = variable.startswith("__")
    name, *suffix = variable.lstrip("_").split("_")
    kind, datatype, language = "literal", None, None
    if suffix == ["iri"]:
        kind = "iri"
    elif len(suffix) == 2 and suffix[0] in _TYPE_PREFIXES:
        kind, datatype = "typed", _TYPE_PREFIXES[suffix[0]] + suffix[1]
    elif len(suffix) == 1:
        kind, language = "language", suffix[0]
    elif suffix:
        raise QueryError(f"parameter variable ?{variable}: cannot tell its type from '_{'_'.join(suffix)}'")
    default = defaults.get(name)
    values = allowed.get(name)
    return Parameter(
        name=name,
        variable=variable,
        required=not optional,
        kind=kind,
        datatype=datatype,
        language=language,
        default=None if default is None else str(default),
        allowed=tuple(str(v) for v in values) if isinstance(values, list) else (),
    )


def read_query(name: str, text: str, origin: str | None = None) -> QueryInfo:
    """A QueryInfo from a query's text: its header, form and parameters."""
    header = _decorators(text, origin or name)
    defaults = _as_mapping(header.get("defaults"))
    allowed = _as_mapping(header.get("enumerate"))
    parameters = tuple(
        _parameter(variable, defaults, allowed)
        for variable in sparql_text.variables(text)
        if variable.startswith("_")
    )
    tags = header.get("tags") or []
    try:
        form = sparql_text.query_form(text)
    except QueryError as error:
        raise QueryError(f"{origin or name}: {error}") from None
    return QueryInfo(
        name=name,
        text=text,
        form=form,
        summary=str(header.get("summary", "")),
        description=str(header.get("description", "")),
        tags=tuple(str(t) for t in tags) if isinstance(tags, list) else (str(tags),),
        parameters=parameters,
        origin=origin or name,
    )


def _name(path: str) -> str:
    """A packaged query's name: its file name without ``.rq``."""
    return os.path.basename(path).removesuffix(".rq")


def catalogue() -> dict[str, QueryInfo]:
    """Every packaged query, by name (the file name without ``.rq``)."""
    return {
        _name(path): read_query(_name(path), resources.read_text(path)) for path in resources.query_files()
    }


def packaged(name: str) -> QueryInfo:
    """One packaged query by name; a QueryError naming the known ones if there is none."""
    paths = {_name(path): path for path in resources.query_files()}
    if name not in paths:
        known = ", ".join(sorted(paths))
        raise QueryError(f"no packaged query named '{name}' (known: {known})")
    return read_query(name, resources.read_text(paths[name]))


def from_file(path: Path) -> QueryInfo:
    """A user's own ``.rq`` file, read like a packaged query."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark is no part of the query
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except IsADirectoryError:
        raise QueryError(f"{path}: is a directory, not a query file") from None
    except UnicodeDecodeError as error:
        raise QueryError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise QueryError(f"{path}: cannot read ({error.strerror})") from None
    return read_query(path.stem, text, origin=str(path))
