"""Where nss-kg talks HTTP to triple stores: one client for queries (sent by SPARQLWrapper's requests, see
nss_kg.engines.remote), SPARQL Update and the Graph Store Protocol (nss_kg.store_loading).

It is built on the standard library's urllib, as SPARQLWrapper is, so loading adds no dependency, and it does
what SPARQLWrapper does not: HTTP digest auth without replacing urllib's process-wide opener, fractional
timeouts, a bounded retry with backoff for reads, and one-line errors (EndpointError, exit code 3).
"""

from __future__ import annotations

import base64
import http.client
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple, TextIO

from nss_kg import __version__
from nss_kg.connection import (
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    Credentials,
)
from nss_kg.errors import EndpointError

USER_AGENT = f"nss-kg/{__version__}"


class Response(NamedTuple):
    """A 2xx answer, read whole."""

    status: int
    content_type: str  # the media type alone, lowercased, without parameters
    body: bytes


class Body:
    """A request body sent in blocks, calling ``progress`` with each block's size; iterable again for a
    resend (urllib sends the same request again to answer a digest challenge)."""

    BLOCK = 1 << 16

    def __init__(self, data: bytes, progress: Progress | None = None) -> None:
        self.data = data
        self.progress = progress

    def __len__(self) -> int:
        return len(self.data)

    def __iter__(self) -> Iterator[bytes]:
        if self.progress is not None:
            self.progress.restart()
        view = memoryview(self.data)
        for start in range(0, len(view), self.BLOCK):
            block = view[start : start + self.BLOCK]
            yield bytes(block)
            if self.progress is not None:
                self.progress.advance(len(block))


class Progress:
    """A one-line progress bar on stderr, drawn only when ``enabled`` (the CLI: when stderr is a terminal)."""

    WIDTH = 30

    def __init__(self, total: int, label: str, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = max(total, 1)
        self.label = label
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.base = 0

    def restart(self) -> None:
        """The current block is sent again from its start (a resend after an auth challenge)."""
        self.done = self.base

    def commit(self) -> None:
        """What was sent so far stays sent (the request was answered)."""
        self.base = self.done

    def advance(self, amount: int) -> None:
        self.done = min(self.done + amount, self.total)
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        filled = self.WIDTH * self.done // self.total
        percent = 100 * self.done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}%")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def one_line(text: str, limit: int = 300) -> str:
    """Text on one line, whitespace runs collapsed, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _server_message(body: bytes) -> str:
    """The first meaningful line of an error answer (Virtuoso, Oxigraph, Fuseki and GraphDB put it first)."""
    text = body[:4000].decode("utf-8", "replace")
    if "<html" in text[:200].lower() or "<!doctype" in text[:200].lower():
        return ""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip():
            lines.append(line)
        elif lines:
            break  # Virtuoso follows its message with a blank line and the query it ran
    return one_line(" ".join(lines), 200)


def _where(url: str) -> str:
    """The endpoint as shown in messages: without query string or credentials."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _is_timeout(error: BaseException) -> bool:
    return isinstance(error, (TimeoutError, socket.timeout))


def endpoint_error(url: str, error: BaseException, timeout: float) -> EndpointError:
    """A one-line EndpointError for a failed HTTP exchange."""
    where = _where(url)
    if isinstance(error, urllib.error.HTTPError):
        try:
            detail = _server_message(error.read())
        except (OSError, http.client.HTTPException):
            detail = ""
        phrase = http.client.responses.get(error.code, error.reason or "")
        message = f"{where}: HTTP {error.code} {phrase}".rstrip()
        if error.code in (401, 403):
            hint = f"give credentials (--user and --password, or {USER_VARIABLE} and {PASSWORD_VARIABLE})"
            message += f" ({detail}; {hint})" if detail else f" ({hint})"
        elif detail:
            message += f": {detail}"
        return EndpointError(message)
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if _is_timeout(error) or (isinstance(reason, BaseException) and _is_timeout(reason)):
        return EndpointError(f"{where}: no answer within {timeout:g} s (timed out; raise --timeout?)")
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{where}: connection refused (is the server running?)")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, http.client.HTTPException)) or isinstance(
        error, (ConnectionError, http.client.HTTPException)
    ):
        name = type(reason).__name__ if isinstance(reason, BaseException) else str(reason)
        return EndpointError(f"{where}: the connection was cut before a full answer ({name})")
    if isinstance(reason, socket.gaierror):
        return EndpointError(f"{where}: unknown host ({one_line(str(reason.strerror or reason))})")
    if isinstance(reason, OSError):
        return EndpointError(f"{where}: cannot connect ({one_line(reason.strerror or str(reason))})")
    return EndpointError(f"{where}: cannot connect ({one_line(str(reason))})")


def _retryable(error: BaseException) -> bool:
    """Connection errors and 5xx answers, for reads; never a timeout (waiting again would double it)."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code >= 500
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if _is_timeout(error) or (isinstance(reason, BaseException) and _is_timeout(reason)):
        return False
    return isinstance(reason, (ConnectionError, http.client.HTTPException)) or isinstance(
        error, (ConnectionError, http.client.HTTPException)
    )


class _DigestAuth(urllib.request.HTTPDigestAuthHandler):
    """Digest auth that, once a host has sent its challenge, signs each later request up front.

    urllib's own handler only answers a 401, so every request would first go unsigned; a store that answers
    401 before reading an upload (Virtuoso does) then cuts the connection while the body is being sent.
    """

    def __init__(self, passwords: urllib.request.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenges: dict[str, dict[str, str]] = {}

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> object:
        _, challenge = auth.split(" ", 1)
        parsed = urllib.request.parse_keqv_list(
            [item for item in urllib.request.parse_http_list(challenge) if item]
        )
        self.challenges[req.host] = parsed
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        challenge = self.challenges.get(req.host)
        if challenge is not None and not req.has_header(self.auth_header):
            signature = self.get_authorization(req, challenge)
            if signature:
                req.add_unredirected_header(self.auth_header, f"Digest {signature}")
        return req

    https_request = http_request


class Client:
    """Sends requests to one store's endpoints with a User-Agent, a timeout, credentials and retries."""

    def __init__(
        self,
        *,
        credentials: Credentials | None = None,
        timeout: float | None = None,
        retries: int = DEFAULT_RETRIES,
        backoff: float = 0.25,
        urls: Iterable[str] = (),
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout if timeout is not None else DEFAULT_TIMEOUT
        self.retries = max(retries, 0)
        self.backoff = backoff
        handlers: list[urllib.request.BaseHandler] = []
        self._digest: _DigestAuth | None = None
        self._probed: set[str] = set()
        if credentials is not None and credentials.scheme != "basic":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                passwords.add_password(None, url, credentials.user, credentials.password)
            self._digest = _DigestAuth(passwords)
            handlers.append(self._digest)
            if credentials.scheme == "auto":
                handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, request: urllib.request.Request, *, read_only: bool) -> Response:
        """Send a request; a 2xx Response, else an EndpointError. Reads are retried with backoff."""
        request.add_header("User-Agent", USER_AGENT)
        if self.credentials is not None and self.credentials.scheme == "basic":
            token = base64.b64encode(f"{self.credentials.user}:{self.credentials.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        if request.data is not None:
            self._probe(request)
        attempts = 1 + (self.retries if read_only else 0)
        for attempt in range(attempts):
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    body = answer.read()
                    content_type = answer.headers.get_content_type()
                    return Response(answer.status, content_type, body)
            except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                if attempt + 1 < attempts and _retryable(error):
                    time.sleep(self.backoff * 2**attempt)
                    continue
                raise endpoint_error(request.full_url, error, self.timeout) from None
        raise AssertionError("unreachable")

    def _probe(self, request: urllib.request.Request) -> None:
        """Before a first upload to a host, learn its digest challenge with a GET of the same path (which
        changes nothing), so the upload goes signed rather than be cut short by a 401."""
        if self._digest is None or request.host in self._probed or request.host in self._digest.challenges:
            return
        self._probed.add(request.host)
        parts = urllib.parse.urlsplit(request.full_url)
        probe = urllib.request.Request(urllib.parse.urlunsplit((*parts[:3], "", "")), method="GET")
        probe.add_header("User-Agent", USER_AGENT)
        try:
            with self._opener.open(probe, timeout=self.timeout) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            error.close()
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            pass  # the upload itself will fail and say why

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        data: bytes | Body | None = None,
        headers: Mapping[str, str] | None = None,
        read_only: bool = False,
    ) -> Response:
        """Build and send one request; ``params`` go into the URL's query string."""
        if params:
            separator = "&" if urllib.parse.urlsplit(url).query else "?"
            url = url + separator + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, data=data, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Content-Length", str(len(data)))
        return self.send(request, read_only=read_only)
