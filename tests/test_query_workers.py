"""Queries that can be stopped (``nss_kg.web.query_workers``): a query past its deadline frees its slot and
its core, a query that crashes the engine answers 500 and the server goes on — on the pool itself and through
a real ``nss-kg serve``."""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import servers

from nss_kg.errors import LocalResourceError
from nss_kg.web import query_workers, sparql_endpoint

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")


def count(store: ox.Store) -> int:
    return len(list(store.query("SELECT * WHERE { ?s ?p ?o }")))  # type: ignore[arg-type]


def sleep(store: ox.Store, seconds: float) -> str:
    time.sleep(seconds)
    return "slept"


def crash(store: ox.Store) -> None:
    os.abort()  # as a stack overflow in the engine would: the process dies


def refuse(store: ox.Store) -> None:
    raise ValueError("refused here")


def worker_pid(store: ox.Store) -> int:
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _descendants(pid: int) -> list[int]:
    children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [d for child in children for d in (child, *_descendants(child))]


def _gone(pid: int) -> bool:
    return not _alive(pid)


@pytest.fixture
def pool() -> Iterator[query_workers.WorkerPool]:
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("o"))
    )
    started = query_workers.WorkerPool(store, 2, sparql_endpoint.Busy)
    yield started
    started.close()


def test_a_job_runs_in_a_worker_on_the_graph_it_was_forked_with(pool: query_workers.WorkerPool) -> None:
    assert pool.run(count, 5, "count") == 1
    assert pool.run(worker_pid, 5, "pid") != os.getpid()


def test_a_job_past_its_deadline_is_killed_and_its_slot_freed(pool: query_workers.WorkerPool) -> None:
    workers = {pool.run(worker_pid, 5, "pid") for _ in range(2)}
    started = time.monotonic()
    with pytest.raises(LocalResourceError, match=r"did not finish within 0\.5 s"):
        pool.run(functools.partial(sleep, seconds=60), 0.5, "sleep")
    assert time.monotonic() - started < 1.5  # within 1 s of the deadline
    time.sleep(0.2)
    assert len(workers) == 2 and sum(map(_alive, workers)) == 1  # the sleeping one is gone, not left to run
    assert [pool.run(count, 5, "count") for _ in range(4)] == [1, 1, 1, 1]


def test_a_crash_is_an_error_and_the_pool_goes_on(pool: query_workers.WorkerPool) -> None:
    with pytest.raises(query_workers.EngineCrashed, match="crashed the query engine"):
        pool.run(crash, 5, "crash")
    assert pool.run(count, 5, "count") == 1


def test_an_error_in_a_job_is_raised_here(pool: query_workers.WorkerPool) -> None:
    with pytest.raises(ValueError, match="refused here"):
        pool.run(refuse, 5, "refuse")
    assert pool.run(count, 5, "count") == 1


def test_every_worker_taken_is_busy_at_once(pool: query_workers.WorkerPool) -> None:
    holders = [
        threading.Thread(target=pool.run, args=(functools.partial(sleep, seconds=1), 5, "s"))
        for _ in range(2)
    ]
    for holder in holders:
        holder.start()
    time.sleep(0.3)
    with pytest.raises(sparql_endpoint.Busy):
        pool.run(count, 5, "count")
    for holder in holders:
        holder.join()
    assert pool.run(count, 5, "count") == 1


def _wait_until_serving(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/api/openapi.json", timeout=1).close()
            return
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None
            time.sleep(0.1)


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"


@pytest.mark.servers
@pytest.mark.slow
def test_nss_kg_serve_frees_a_slot_at_the_deadline() -> None:
    """Before, eight slow queries kept /sparql and /api answering 503 for as long as they ran (hours)."""
    port = servers.free_port()
    arguments = ["serve", "--port", str(port), "--timeout", "1", "--max-queries", "2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "nss_kg", *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, base)

        def ask(query: str) -> int:
            data = urllib.parse.urlencode({"query": query}).encode()
            try:
                with urllib.request.urlopen(base + "/sparql", data=data, timeout=30) as answer:
                    return answer.status
            except urllib.error.HTTPError as error:
                return error.code

        statuses: list[int] = []
        heavy = [threading.Thread(target=lambda: statuses.append(ask(HEAVY))) for _ in range(2)]
        started = time.monotonic()
        for thread in heavy:
            thread.start()
        for thread in heavy:
            thread.join()
        assert statuses == [500, 500] and time.monotonic() - started < 3
        assert ask("ASK {}") == 200  # the slots are free again at once
        with urllib.request.urlopen(base + "/api/summit?year=2012", timeout=10) as answer:
            assert answer.status == 200
    finally:
        servers.stop(process)


@pytest.mark.servers
@pytest.mark.slow
def test_a_worker_busy_when_the_server_is_killed_does_not_keep_the_port() -> None:
    import signal
    import socket

    port = servers.free_port()
    arguments = ["serve", "--port", str(port), "--timeout", "60", "--max-queries", "1"]
    process = subprocess.Popen([sys.executable, "-m", "nss_kg", *arguments], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, base)
        data = urllib.parse.urlencode({"query": HEAVY}).encode()

        def ask() -> None:
            with contextlib.suppress(OSError):  # the server is killed under it
                urllib.request.urlopen(base + "/sparql", data=data, timeout=30)

        threading.Thread(target=ask, daemon=True).start()
        time.sleep(1)  # the worker is in its query now
        descendants = _descendants(process.pid)
        assert len(descendants) >= 2  # the zygote and its worker
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while True:  # the port is free again although the worker's query runs on
            with socket.socket() as probe:
                # SO_REUSEADDR, as servers set it: the killed server's connections linger in TIME_WAIT.
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    probe.bind(("127.0.0.1", port))
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the port stayed taken"
                    time.sleep(0.2)
        deadline = time.monotonic() + 10
        while not all(_gone(pid) for pid in descendants):  # nor does the worker run its query on
            assert time.monotonic() < deadline, "a worker outlived the server"
            time.sleep(0.2)
    finally:
        servers.stop(process)
