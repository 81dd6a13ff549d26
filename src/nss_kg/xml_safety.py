"""Checking untrusted RDF/XML before it is parsed (bounded entity expansion and element nesting), and text
before it is written as XML (characters XML 1.0 cannot carry).

pyoxigraph's RDF/XML parser expands internal DTD entities without limit (a 1 KB "billion laughs" file became a
3 GB literal) and slows quadratically with nesting depth. The standard library's expat reads the document
first, without building anything: it refuses entities that expand beyond ``MAX_ENTITY_SIZE`` characters,
documents nested deeper than ``MAX_DEPTH`` elements, and (expat ≥ 2.4 on its own) any document whose entities
amplify its size more than a hundredfold. External entities are never fetched, by expat or by pyoxigraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.parsers import expat

from nss_kg.errors import InputError

#: Most characters one entity may expand to. Real files use entities for namespace IRIs (Protégé writes
#: ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``), far below this.
MAX_ENTITY_SIZE = 1 << 16
#: Deepest element nesting accepted; real RDF/XML nests a few levels.
MAX_DEPTH = 500

_REFERENCE = re.compile(r"&([^;&\s]+);")
#: What XML 1.0 cannot hold at all, escaped or not (its Char production): most control characters.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def writable(texts: Iterable[str]) -> bool:
    """Whether XML 1.0 can carry every one of ``texts``: a control character (U+0001) it cannot, even as a
    character reference, so RDF/XML and SPARQL XML results of such a literal would not be well-formed."""
    return not any(_NOT_XML.search(text) for text in texts)


class _Refused(Exception):
    """Raised from inside expat's callbacks to stop the parse."""


def check(data: str | bytes, name: str) -> None:
    """Raise InputError (``name:line:col: why``) unless ``data`` is well-formed XML within the bounds."""
    parser = expat.ParserCreate()
    sizes: dict[str, int] = {}
    depth = 0

    def declare(entity: str, is_parameter: int, value: str | None, *_: object) -> None:
        if value is None:
            return  # external: expat does not fetch it, and neither does pyoxigraph
        references = _REFERENCE.findall(value)
        size = len(_REFERENCE.sub("", value)) + sum(sizes.get(reference, 0) for reference in references)
        if size > MAX_ENTITY_SIZE:
            raise _Refused(f"entity '{entity}' expands to more than {MAX_ENTITY_SIZE} characters")
        sizes[entity] = size

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise _Refused(f"elements nested more than {MAX_DEPTH} deep")

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    parser.EntityDeclHandler = declare
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as refusal:
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        raise InputError(f"{name}:{line}:{column}: refused: {refusal}") from None
    except expat.ExpatError as error:
        message = expat.errors.messages.get(error.code, str(error))
        where = f"{name}:{error.lineno}:{error.offset + 1}"
        raise InputError(f"{where}: not well-formed XML: {message}") from None
