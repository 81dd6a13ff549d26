"""HTML rendering: Jinja2 templates (``templates/``) with autoescaping on for every template, so each
literal from the graph or the request is HTML-escaped; and the schema.org JSON-LD block, escaped for a
``<script>`` element."""

from __future__ import annotations

import json
import os
from functools import cache

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from nss_kg import __version__
from nss_kg.web.negotiation import LANGUAGE_NAMES, LANGUAGES

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # every template, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(version=__version__, languages=LANGUAGES, language_names=LANGUAGE_NAMES)
    return env


def json_script(document: object) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block: ``<``, ``>`` and ``&`` written as JSON
    escapes, so no value can close the element or open a comment (HTML's script data rules)."""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return Markup(text)


def render(template: str, **context: object) -> str:
    """A page from its template; ``context`` values are escaped where the template writes them."""
    return environment().get_template(template).render(**context)
