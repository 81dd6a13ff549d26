"""Content negotiation: the media type an ``Accept`` header prefers among those offered (RFC 9110 §12.5.1,
q-values and specificity), the language an ``Accept-Language`` header (or ``?lang=``) prefers among ours, and
the documents an entity has, by extension."""

from __future__ import annotations

from typing import NamedTuple


class Representation(NamedTuple):
    """One kind of document the server can send: its name, media type, and extension."""

    name: str
    media_type: str
    extension: str


#: The documents of an entity, in the server's order of preference when the client has none.
REPRESENTATIONS = (
    Representation("html", "text/html", ".html"),
    Representation("turtle", "text/turtle", ".ttl"),
    Representation("jsonld", "application/ld+json", ".jsonld"),
    Representation("ntriples", "application/n-triples", ".nt"),
    Representation("rdfxml", "application/rdf+xml", ".rdf"),
)
BY_NAME = {r.name: r for r in REPRESENTATIONS}
BY_EXTENSION = {r.extension: r for r in REPRESENTATIONS}
#: Other media types clients send for the same documents.
ALIASES = {
    "application/xhtml+xml": "html",
    "application/json": "jsonld",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "text/plain": "ntriples",
}

#: The languages of the graph's labels, as ``?lang=`` takes them; the first is the default.
LANGUAGES = ("en", "zh-Hant", "zh-Hans")
LANGUAGE_NAMES = {"en": "English", "zh-Hant": "繁體", "zh-Hans": "简体"}
#: Interface text in the three page languages, in the order of LANGUAGES.
Wording = tuple[str, str, str]
# Regions that write Traditional and Simplified Chinese; a bare "zh" is read as Simplified.
_HANT_REGIONS = ("tw", "hk", "mo", "hant")
_HANS_REGIONS = ("cn", "sg", "my", "hans")


def in_language(wording: Wording, language: str) -> str:
    """The form of ``wording`` for a page in ``language`` (the default language's for any other)."""
    return wording[LANGUAGES.index(language)] if language in LANGUAGES else wording[0]


#: Longest header read: anything longer is treated as absent (a client's preferences are short).
MAX_HEADER = 4096


class MediaRange(NamedTuple):
    type: str
    subtype: str
    quality: float
    parameters: tuple[tuple[str, str], ...]


def _quality(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


def media_ranges(header: str | None) -> list[MediaRange]:
    """The ranges of an Accept header; malformed ones are skipped."""
    if not header or len(header) > MAX_HEADER:
        return []
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        kind, slash, sub = parts[0].lower().partition("/")
        if not slash or not kind or not sub:
            continue
        quality: float | None = 1.0
        parameters = []
        for parameter in parts[1:]:
            key, _, value = parameter.partition("=")
            key = key.strip().lower()
            if key == "q":
                quality = _quality(value.strip())
                break  # what follows q= are accept-extensions, not media type parameters
            parameters.append((key, value.strip().strip('"')))
        if quality is not None:
            ranges.append(MediaRange(kind, sub, quality, tuple(parameters)))
    return ranges


def _quality_of(media_type: str, ranges: list[MediaRange]) -> float:
    """The quality the most specific matching range gives ``media_type`` (0 if none matches)."""
    kind, _, sub = media_type.partition("/")
    best, specificity = 0.0, -1
    for candidate in ranges:
        if candidate.type == kind and candidate.subtype == sub:
            level = 2 + len(candidate.parameters)
        elif candidate.type == kind and candidate.subtype == "*":
            level = 1
        elif candidate.type == "*" and candidate.subtype == "*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = candidate.quality, level
    return best


def choose(header: str | None, offered: list[tuple[str, str]]) -> str | None:
    """The name of the offered ``(name, media type)`` the header prefers; ties go to the earlier offer.

    Without an Accept header (or an unreadable one), the first offer; None if the client accepts none.
    """
    ranges = media_ranges(header)
    if not ranges:
        return offered[0][0] if offered else None
    best: str | None = None
    best_quality = 0.0
    for name, media_type in offered:
        quality = _quality_of(media_type, ranges)
        if quality > best_quality:
            best, best_quality = name, quality
    return best


def representation(header: str | None) -> Representation | None:
    """The entity document an Accept header prefers, or None (406)."""
    offered = [(r.name, r.media_type) for r in REPRESENTATIONS]
    offered += [(name, media_type) for media_type, name in ALIASES.items()]
    name = choose(header, offered)
    return None if name is None else BY_NAME[name]


def language(requested: str | None, header: str | None) -> str:
    """One of LANGUAGES: ``requested`` (``?lang=``) if it names one, else the Accept-Language header's choice,
    else English."""
    if requested:
        for candidate in LANGUAGES:
            if candidate.lower() == requested.strip().lower():
                return candidate
    if not header or len(header) > MAX_HEADER:
        return LANGUAGES[0]
    ranked = []
    for index, item in enumerate(header.split(",")):
        tag, _, rest = item.strip().partition(";")
        quality = 1.0
        if rest.strip().lower().startswith("q="):
            quality = _quality(rest.strip()[2:]) or 0.0
        mapped = _our_language(tag.strip().lower())
        if mapped is not None and quality > 0:
            ranked.append((-quality, index, mapped))
    return min(ranked)[2] if ranked else LANGUAGES[0]


def _our_language(tag: str) -> str | None:
    subtags = tag.split("-")
    if subtags[0] == "en":
        return "en"
    if subtags[0] == "zh":
        if any(s in _HANT_REGIONS for s in subtags[1:]) and "hans" not in subtags[1:]:
            return "zh-Hant"
        return "zh-Hans"
    return None
