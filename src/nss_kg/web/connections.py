"""Bounding slow and numerous clients: uvicorn's HTTP/1.1 protocol with a deadline for a request's headers
and a cap on open connections.

uvicorn has no timeout on request headers (its keep-alive timer restarts on every byte), so 1,100 clients that
each sent half a request line kept a server's file descriptors until it could accept nothing more. Here a
connection must deliver a request's headers within ``header_timeout`` seconds of opening, or of its previous
answer (a trickle does not restart the clock), and a connection beyond ``max_connections`` is closed at once.
A public deployment still belongs behind a reverse proxy (docs/publishing.md, "Deploying publicly").
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a connection has to send a request's headers (from opening, or from its previous answer).
HEADER_TIMEOUT = 10.0
#: Open connections one process keeps; more are closed at once (a Linux process may hold 1,024 files).
MAX_CONNECTIONS = 512


def protocol(header_timeout: float = HEADER_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> type[Any]:
    """uvicorn's h11 protocol class with these bounds, to give ``uvicorn.Config(http=…)``."""

    class BoundedH11Protocol(H11Protocol):
        _headers_due: asyncio.TimerHandle | None = None
        _awaited: object = None  # the request cycle whose headers are awaited (None: the first)

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                transport.close()
                return
            self._await_headers()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.cycle is not self._awaited:  # a request's headers arrived: a new cycle began
                self._stop_waiting()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():  # keep-alive: the next request's headers are due in time
                self._awaited = self.cycle
                self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_waiting()
            super().connection_lost(exc)

        def _await_headers(self) -> None:
            self._stop_waiting()
            self._headers_due = self.loop.call_later(header_timeout, self._too_slow)

        def _stop_waiting(self) -> None:
            if self._headers_due is not None:
                self._headers_due.cancel()
                self._headers_due = None

        def _too_slow(self) -> None:
            self._headers_due = None
            if not self.transport.is_closing():
                self.transport.close()

    return BoundedH11Protocol
