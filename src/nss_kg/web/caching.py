"""HTTP caching for ``nss-kg serve``: the served graph never changes while the server runs, so every answer
to a GET can be kept and revalidated.

Each 200 answer gets a strong ``ETag`` (a hash of its bytes), ``Last-Modified`` (when the server started:
no answer changes after it) and ``Cache-Control: public, max-age=3600`` (an hour, so that a server restarted
on new data is seen the same day); a request whose ``If-None-Match`` names the ETag, or whose
``If-Modified-Since`` is no earlier than the start, gets ``304 Not Modified`` without a body (RFC 9110 §13,
RFC 9111). Answers that carry an ETag already (the static files) are left as they are.
"""

from __future__ import annotations

import email.utils
import hashlib
import time

from nss_kg.web.guard import ASGIApp, Message, Receive, Scope, Send

MAX_AGE = 3600
#: Headers a 304 repeats from the answer it stands for (RFC 9110 §15.4.5).
_KEPT_ON_304 = (
    b"cache-control",
    b"content-location",
    b"etag",
    b"expires",
    b"vary",
    b"last-modified",
    b"link",
)


class Caching:
    """ASGI middleware adding validators and answering conditional GET requests."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.started = time.time()
        self.last_modified = email.utils.formatdate(self.started, usegmt=True).encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Not HEAD: its answer has no body to hash (and a GET of the same gets the validators).
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope.get("headers", []))
        start: Message | None = None
        body: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._finish(start, b"".join(body), request_headers, send)

        await self.app(scope, receive, buffered)

    async def _finish(self, start: Message, body: bytes, request: dict[bytes, bytes], send: Send) -> None:
        headers = list(start.get("headers", []))
        names = {name.lower() for name, _ in headers}
        if start["status"] != 200 or b"etag" in names:
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        etag = b'"' + hashlib.sha256(body).hexdigest()[:32].encode("ascii") + b'"'
        headers += [(b"etag", etag), (b"last-modified", self.last_modified)]
        if b"cache-control" not in names:
            headers.append((b"cache-control", f"public, max-age={MAX_AGE}".encode("ascii")))
        if self._not_modified(request, etag):
            kept = [(name, value) for name, value in headers if name.lower() in _KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _not_modified(self, request: dict[bytes, bytes], etag: bytes) -> bool:
        matches = request.get(b"if-none-match")
        if matches is not None:  # it decides alone where both are given (RFC 9110 §13.2.2)
            return matches.strip() == b"*" or etag in [
                m.strip().removeprefix(b"W/") for m in matches.split(b",")
            ]
        since = request.get(b"if-modified-since")
        if since is None:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since.decode("latin-1")).timestamp()
        except (TypeError, ValueError, IndexError):
            return False
        return when >= int(self.started)
