"""Queries that can be stopped: each ``/sparql`` and ``/api`` query of ``nss-kg serve`` runs in a worker
process, which is killed and replaced when its query passes the deadline or crashes the engine.

pyoxigraph cannot cancel a query, so a query past its deadline used to keep its thread, its slot and a core
until it ended by itself, and a query that crashed the engine (a stack overflow) took the server with it.
Here a *zygote*, forked once while the server is still single-threaded and holding the loaded graph, forks the
workers on request (copy-on-write: the graph is not copied) and hands each its end of a socket pair. A worker
answers one job at a time: a picklable callable (a ``functools.partial`` of a module-level function) applied
to its store. At the deadline the server sends SIGKILL and asks the zygote for a replacement; a worker that
dies mid-query is replaced too, and the request answers 500. Forking the threaded server itself would not be
safe: a lock another thread held at the fork (the store's, the allocator's) stays locked in the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import pyoxigraph as ox

from nss_kg.errors import LocalResourceError

T = TypeVar("T")
_LENGTH = struct.Struct("!Q")


class EngineCrashed(Exception):
    """The worker running a query died before it answered (the query crashed the engine)."""


class _Worker(NamedTuple):
    pid: int
    connection: socket.socket


def _send(connection: socket.socket, data: bytes) -> None:
    connection.sendall(_LENGTH.pack(len(data)) + data)


def _receive_exactly(connection: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        part = connection.recv(min(size, 1 << 20))
        if not part:
            raise EOFError
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _receive(connection: socket.socket) -> bytes:
    (size,) = _LENGTH.unpack(_receive_exactly(connection, _LENGTH.size))
    return _receive_exactly(connection, size)


def _serve_jobs(connection: socket.socket, store: ox.Store) -> None:
    """A worker's life: answer jobs until the server closes its end."""
    while True:
        try:
            job = pickle.loads(_receive(connection))
        except (EOFError, OSError):
            os._exit(0)
        try:
            reply: tuple[str, object] = ("ok", job(store))
        except Exception as error:  # sent back to be raised in the server, as if run there
            reply = ("error", error)
        try:
            data = pickle.dumps(reply)
        except Exception as error:  # an error that does not pickle
            data = pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        try:
            _send(connection, data)
        except OSError:
            os._exit(0)


def _die_with_parent() -> None:
    """Linux: be killed when the parent process ends, so that a worker busy with a long query does not run on
    for hours after the server was killed (elsewhere, the worker ends at its next job, on a closed socket)."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _zygote(control: socket.socket, store: ox.Store) -> None:
    """Fork a worker for each socket the server sends; end when the server closes its end."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers that end
    # Nothing of the server's but the control socket: a worker still running a query when the server is gone
    # must not keep its listening socket (the port would stay taken, answering no one).
    import resource  # Unix only, as fork is

    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    top = limit if 0 < limit < 1 << 20 else 1 << 16
    os.closerange(3, control.fileno())
    os.closerange(control.fileno() + 1, top)
    while True:
        try:
            _, descriptors, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            os._exit(0)
        if not descriptors:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _die_with_parent()
            control.close()
            _serve_jobs(socket.socket(fileno=descriptors[0]), store)
        os.close(descriptors[0])
        control.sendall(_LENGTH.pack(pid))


class WorkerPool:
    """At most ``size`` queries at once, each in a worker process that is killed and replaced at its
    deadline or when it crashes; beyond, a Busy at once (as ``sparql_endpoint.QuerySlots``)."""

    def __init__(self, store: ox.Store, size: int, busy: Callable[[str], Exception]) -> None:
        self.size = size
        self._busy = busy
        self._control, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the zygote: quiet on Ctrl-C (the server's own handling stops everything)
            _die_with_parent()
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self._control.close()
            try:
                _zygote(theirs, store)
            finally:
                os._exit(0)
        theirs.close()
        self._zygote_pid = pid
        self._workers: set[int] = set()  # every worker's pid, idle or busy, for close()
        self._control_lock = threading.Lock()
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        with self._control_lock:
            socket.send_fds(self._control, [b"w"], [theirs.fileno()])
            (pid,) = _LENGTH.unpack(_receive_exactly(self._control, _LENGTH.size))
        theirs.close()
        self._workers.add(pid)
        return _Worker(pid, ours)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker that is past its deadline or dead, and put a fresh one in its place."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        self._workers.discard(worker.pid)
        worker.connection.close()
        self._idle.put(self._spawn())

    def run(self, job: Callable[[ox.Store], T], timeout: float, name: str) -> T:
        """``job`` applied to a worker's store within ``timeout`` seconds: its value, or the exception it
        raised; a LocalResourceError past the deadline, EngineCrashed if the worker died, the Busy error when
        every worker is taken."""
        try:
            worker = self._idle.get_nowait()
        except queue.Empty:
            raise self._busy(
                f"{self.size} queries are running already, the most this server runs at once"
            ) from None
        deadline = time.monotonic() + timeout
        try:
            _send(worker.connection, pickle.dumps(job))
            worker.connection.settimeout(max(deadline - time.monotonic(), 0.001))
            status, value = pickle.loads(_receive(worker.connection))
        except TimeoutError:
            self._retire(worker)
            raise LocalResourceError(f"{name}: the query did not finish within {timeout:g} s") from None
        except (EOFError, OSError):
            self._retire(worker)
            raise EngineCrashed(f"{name}: the query crashed the query engine; the server goes on") from None
        except BaseException:
            self._retire(worker)
            raise
        self._idle.put(worker)
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the workers and the zygote."""
        self._control.close()
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            worker.connection.close()
        for pid in self._workers:  # a busy one would run its query to the end
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self._zygote_pid, signal.SIGKILL)
            os.waitpid(self._zygote_pid, 0)
