"""How users connect to a triple store: the Endpoint, auth schemes, the environment variables credentials
come from, timeouts, load protocols. Kept apart from nss_kg.http_client so the CLI can offer these options
without importing an HTTP client at start-up."""

from __future__ import annotations

import os
from typing import NamedTuple

from nss_kg.errors import ArgumentError, InputError

#: Ways ``nss-kg load`` can upload: SPARQL 1.1 Graph Store Protocol, or SPARQL 1.1 Update.
PROTOCOLS = ("gsp", "update")

#: Seconds to wait for the server to accept, or to send anything, when the caller gives no timeout.
DEFAULT_TIMEOUT = 60.0
#: Loads wait longer: a store may work silently for minutes to MOVE a large graph into place.
DEFAULT_WRITE_TIMEOUT = 600.0
#: Reads (queries) are tried again this many times after a refused connection or a 502, 503 or 504 answer
#: (never after a 500, a cut connection or a timeout: http_client._retryable says why).
DEFAULT_RETRIES = 2
AUTH_SCHEMES = ("auto", "basic", "digest")
#: Environment variables the credentials are read from when not given explicitly.
USER_VARIABLE = "NSS_KG_USER"
PASSWORD_VARIABLE = "NSS_KG_PASSWORD"
AUTH_VARIABLE = "NSS_KG_AUTH"


class Credentials(NamedTuple):
    """A user and password, sent by HTTP ``basic`` auth, ``digest`` auth, or whichever the server asks
    for (``auto``: the first request goes without them, and the answer to a 401 challenge with them)."""

    user: str
    password: str
    scheme: str = "auto"


class Endpoint(NamedTuple):
    """A SPARQL endpoint and how to reach it: its ``url``; ``user`` and ``password`` (else NSS_KG_USER and
    NSS_KG_PASSWORD), sent by ``auth`` (``basic``, ``digest`` or ``auto``: whichever the server asks for);
    ``timeout``, a deadline in seconds for each request (60 by default); and the named ``graph`` queries
    read (nss-kg's graph by default)."""

    url: str
    user: str | None = None
    password: str | None = None
    auth: str | None = None
    timeout: float | None = None
    graph: str | None = None

    def __repr__(self) -> str:  # never the password
        shown = {"user": self.user, "auth": self.auth, "timeout": self.timeout, "graph": self.graph}
        return f"Endpoint({self.url!r}, " + ", ".join(f"{k}={v!r}" for k, v in shown.items()) + ")"

    def checked(self) -> Endpoint:
        """This endpoint with each field checked (an InputError or ArgumentError naming it) and the graph
        filled in."""
        return self._replace(
            url=endpoint_url(self.url),
            timeout=timeout_seconds(self.timeout),
            graph=graph_name(self.graph),
        )

    def credentials(self) -> Credentials | None:
        return credentials(self.user, self.password, self.auth)


def endpoint(value: Endpoint | str | object, timeout: float | None = None) -> Endpoint:
    """An Endpoint from a URL or an Endpoint, checked; ``timeout`` applies where the Endpoint has none."""
    if isinstance(value, str):
        value = Endpoint(value)
    if not isinstance(value, Endpoint):
        raise ArgumentError(f"endpoint must be a URL or an nss_kg.Endpoint, not {type(value).__name__}")
    if value.timeout is None and timeout is not None:
        value = value._replace(timeout=timeout)
    return value.checked()


def credentials(
    user: str | None = None, password: str | None = None, scheme: str | None = None
) -> Credentials | None:
    """Credentials from the arguments, else from NSS_KG_USER, NSS_KG_PASSWORD and NSS_KG_AUTH (or None)."""
    # The scheme is checked even without a user: a mistyped NSS_KG_AUTH must not pass unnoticed.
    scheme = scheme or os.environ.get(AUTH_VARIABLE) or "auto"
    if scheme not in AUTH_SCHEMES:
        raise InputError(f"unknown HTTP auth scheme {scheme!r} (known: {', '.join(AUTH_SCHEMES)})")
    user = user if user is not None else os.environ.get(USER_VARIABLE)
    if not user:
        return None
    password = password if password is not None else os.environ.get(PASSWORD_VARIABLE, "")
    return Credentials(user, password, scheme)


def endpoint_url(url: object, argument: str = "endpoint") -> str:
    """``url`` if it is an http or https URL with a host (and a valid port), else an InputError naming
    ``argument``: any other scheme (file:, ftp:) would read something other than a SPARQL endpoint."""
    if not isinstance(url, str):
        raise ArgumentError(f"{argument} must be a URL string, not {type(url).__name__}")
    import urllib.parse  # here: a local query needs none of it

    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError as error:
        raise InputError(f"{argument} {url!r} is not a valid URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{argument} {url!r} is not an http or https URL")
    if not parts.hostname or any(c.isspace() or ord(c) < 32 for c in url):
        raise InputError(f"{argument} {url!r} is not a valid URL (no host, or white space in it)")
    return url


def timeout_seconds(timeout: object, argument: str = "timeout") -> float | None:
    """``timeout`` as seconds (None stays None) if it is a positive finite number, else an error."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ArgumentError(f"{argument} must be a number of seconds, not {type(timeout).__name__}")
    if not 0 < timeout < float("inf"):
        raise InputError(f"{argument} must be a positive, finite number of seconds, not {timeout!r}")
    return float(timeout)


def graph_name(iri: object, argument: str = "graph") -> str:
    """The named graph to read or write: ``iri`` if it is an absolute IRI, nss-kg's graph if None."""
    if iri is None:
        from nss_kg.namespaces import GRAPH_IRI

        return GRAPH_IRI
    if not isinstance(iri, str):
        raise ArgumentError(f"{argument} must be an IRI string, not {type(iri).__name__}")
    from pyoxigraph import NamedNode

    try:
        NamedNode(iri)
    except ValueError:
        raise InputError(f"{argument} {iri!r} is not an absolute IRI") from None
    return iri
