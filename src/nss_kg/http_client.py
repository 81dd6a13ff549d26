"""Where nss-kg talks HTTP to triple stores: one client for SPARQL queries (nss_kg.engines.remote), SPARQL
Update and the Graph Store Protocol (nss_kg.store_loading).

It is built on the standard library's urllib, so it adds no dependency, and it does what urllib's defaults
and SPARQLWrapper do not: http(s) only, credentials only to their own origin (also after a redirect), a
deadline for the whole exchange however slowly the server answers, HTTP digest auth without replacing
urllib's process-wide opener, a bounded retry for reads that never arrived, and one-line errors
(EndpointError, exit code 3).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, NamedTuple, TextIO

from nss_kg import __version__
from nss_kg.connection import (
    DEFAULT_RETRIES,
    DEFAULT_TIMEOUT,
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    Credentials,
)
from nss_kg.errors import EndpointError, one_line

USER_AGENT = f"nss-kg/{__version__}"
#: Redirects followed for one request; urllib's own limit is 10.
MAX_REDIRECTS = 5
#: HTTP statuses that say the server is alive but cannot answer now: a read is tried again after them.
RETRY_STATUSES = (502, 503, 504)


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


def where(url: str) -> str:
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
    shown = where(url)
    if isinstance(error, urllib.error.HTTPError):
        try:
            detail = _server_message(error.read())
        except (OSError, ValueError, http.client.HTTPException):  # ValueError: no body to read
            detail = ""
        phrase = http.client.responses.get(error.code, error.reason or "")
        message = f"{shown}: HTTP {error.code} {phrase}".rstrip()
        if error.code in (401, 403):
            hint = f"give credentials (--user and --password, or {USER_VARIABLE} and {PASSWORD_VARIABLE})"
            message += f" ({detail}; {hint})" if detail else f" ({hint})"
        elif detail:
            message += f": {detail}"
        return EndpointError(message)
    reason: object = error.reason if isinstance(error, urllib.error.URLError) else error
    if _is_timeout(error) or (isinstance(reason, BaseException) and _is_timeout(reason)):
        return EndpointError(f"{shown}: no answer within {timeout:g} s (timed out; raise --timeout?)")
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{shown}: connection refused (is the server running?)")
    if isinstance(reason, (ConnectionResetError, BrokenPipeError, http.client.HTTPException)) or isinstance(
        error, (ConnectionError, http.client.HTTPException)
    ):
        name = type(reason).__name__ if isinstance(reason, BaseException) else str(reason)
        return EndpointError(f"{shown}: the connection was cut before a full answer ({name})")
    if isinstance(reason, socket.gaierror):
        return EndpointError(f"{shown}: unknown host ({one_line(str(reason.strerror or reason))})")
    if isinstance(reason, OSError):
        return EndpointError(f"{shown}: cannot connect ({one_line(reason.strerror or str(reason))})")
    return EndpointError(f"{shown}: cannot connect ({one_line(str(reason))})")


def _retryable(error: BaseException) -> bool:
    """Whether a read may be sent again: after a refused connection (the request never arrived) or a 502,
    503 or 504 (the server is alive and says so). Never after a cut connection or a 500, which the request
    itself may have caused (a query nested 10,000 deep crashed an Oxigraph server), nor after a timeout."""
    if isinstance(error, urllib.error.HTTPError):
        return error.code in RETRY_STATUSES
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s), and sends credentials only to the origin they were given for."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise EndpointError(
                f"{where(req.full_url)}: HTTP {code} redirects to a {scheme}: address, which nss-kg does not "
                "follow (only http and https)"
            )
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            new.remove_header("Authorization")
        return new


class _Watchdog:
    """Ends one exchange at its deadline by shutting its sockets.

    A socket timeout bounds each read alone, so a server that trickles a byte at a time would never time
    out; shutting the socket from a timer makes the timeout a deadline for the whole exchange.
    """

    current = threading.local()

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self.current.watchdog = self
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        self.current.watchdog = None

    @classmethod
    def watch(cls, sock: socket.socket | None) -> None:
        """Put a connection's socket under the deadline of the exchange under way in this thread."""
        watchdog: _Watchdog | None = getattr(cls.current, "watchdog", None)
        if watchdog is None or sock is None:
            return
        with watchdog._lock:
            watchdog._sockets.append(sock)
            expired = watchdog.expired
        if expired:
            _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


class _HTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _Watchdog.watch(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _Watchdog.watch(self.sock)  # the TLS socket: wrapping detached the plain one


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


def opener(*handlers: urllib.request.BaseHandler) -> urllib.request.OpenerDirector:
    """An opener for http and https only (urllib's default also reads file:, ftp: and data: URLs), with our
    redirect rules and the deadline watchdog, plus ``handlers``."""
    director = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
        *handlers,
    ):
        director.add_handler(handler)
    return director


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
        self._opener = opener(*handlers)

    def send(self, request: urllib.request.Request, *, read_only: bool) -> Response:
        """Send a request; a 2xx Response, else an EndpointError. Reads are retried with backoff."""
        request.add_header("User-Agent", USER_AGENT)
        if self.credentials is not None and self.credentials.scheme == "basic":
            token = base64.b64encode(f"{self.credentials.user}:{self.credentials.password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        deadline = time.monotonic() + self.timeout
        with _Watchdog(self.timeout) as watchdog:
            if request.data is not None:
                self._probe(request)
            attempts = 1 + (self.retries if read_only else 0)
            for attempt in range(attempts):
                try:
                    with self._opener.open(request, timeout=self.timeout) as answer:
                        body = answer.read()
                        if watchdog.expired:  # a body without a length ends when its socket is shut
                            raise TimeoutError
                        return Response(answer.status, answer.headers.get_content_type(), body)
                except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
                    if watchdog.expired:
                        raise endpoint_error(request.full_url, TimeoutError(), self.timeout) from None
                    pause = self.backoff * 2**attempt
                    if attempt + 1 < attempts and _retryable(error) and time.monotonic() + pause < deadline:
                        time.sleep(pause)
                        continue
                    raise endpoint_error(request.full_url, error, self.timeout) from None
        raise AssertionError("unreachable")

    def _probe(self, request: urllib.request.Request) -> None:
        """Before a first upload to a host, learn its digest challenge with a GET of the same path (which
        changes nothing), so the upload goes signed rather than be cut short by a 401; and if the
        credentials are refused there, say so now rather than as a connection cut mid-upload."""
        if self._digest is None or request.host in self._probed or request.host in self._digest.challenges:
            return
        self._probed.add(request.host)
        parts = urllib.parse.urlsplit(request.full_url)
        probe = urllib.request.Request(urllib.parse.urlunsplit((*parts[:3], "", "")), method="GET")
        probe.add_header("User-Agent", USER_AGENT)
        try:
            self._opener.open(probe, timeout=self.timeout).close()  # the status is all we need
        except urllib.error.HTTPError as error:
            refused = error.code in (401, 403)
            failure = endpoint_error(request.full_url, error, self.timeout) if refused else None
            error.close()
            if failure is not None:
                raise failure from None
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
