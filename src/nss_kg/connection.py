"""How users connect to a triple store: auth schemes, the environment variables credentials come from,
timeouts, load protocols. Kept apart from nss_kg.http so the CLI can offer these options without importing an
HTTP client at start-up."""

from __future__ import annotations

import os

from nss_kg.errors import EndpointError

# Only type checkers need typing; its import would cost every cold start (see nss_kg.records).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from nss_kg.records import NamedTuple

#: Ways ``nss-kg load`` can upload: SPARQL 1.1 Graph Store Protocol, or SPARQL 1.1 Update.
PROTOCOLS = ("gsp", "update")

#: Seconds to wait for the server to accept, or to send anything, when the caller gives no timeout.
DEFAULT_TIMEOUT = 60.0
#: Loads wait longer: a store may work silently for minutes to MOVE a large graph into place.
DEFAULT_WRITE_TIMEOUT = 600.0
#: Reads (queries) are tried again this many times after a connection error or a 5xx answer.
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


def credentials(
    user: str | None = None, password: str | None = None, scheme: str | None = None
) -> Credentials | None:
    """Credentials from the arguments, else from NSS_KG_USER, NSS_KG_PASSWORD and NSS_KG_AUTH (or None)."""
    user = user if user is not None else os.environ.get(USER_VARIABLE)
    if not user:
        return None
    password = password if password is not None else os.environ.get(PASSWORD_VARIABLE, "")
    scheme = scheme or os.environ.get(AUTH_VARIABLE) or "auto"
    if scheme not in AUTH_SCHEMES:
        raise EndpointError(f"unknown HTTP auth scheme {scheme!r} (known: {', '.join(AUTH_SCHEMES)})")
    return Credentials(user, password, scheme)
