"""``nss-kg serve`` for real: a subprocess that is ready within seconds, answers, stops on SIGTERM, and fails
at start-up in one line with the documented exit code (2 a bad --data file, 4 a port in use)."""

from __future__ import annotations

import collections
import contextlib
import http.client
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import servers

import nss_kg

pytest.importorskip("uvicorn")
pytestmark = [pytest.mark.servers, pytest.mark.slow]

READY_WITHIN = 5.0


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "nss_kg", "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.fixture
def running() -> Iterator[tuple[subprocess.Popen[bytes], int, float]]:
    port = servers.free_port()
    started = time.monotonic()
    process = _start("--port", str(port))
    deadline = started + 30
    while True:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        assert time.monotonic() < deadline, "nss-kg serve did not answer"
        time.sleep(0.05)
    yield process, port, time.monotonic() - started
    servers.stop(process)


def test_serve_starts_quickly_answers_and_stops(running: tuple[subprocess.Popen[bytes], int, float]) -> None:
    process, port, took = running
    assert took < READY_WITHIN
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/summit/2012-seoul", headers={"Accept": "text/turtle"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # follows the 303
        assert answer.headers["Content-Type"].startswith("text/turtle")
        assert b"summit:2012-seoul" in answer.read()
    process.terminate()  # uvicorn shuts down, then lets the signal end the process as it would have
    assert process.wait(timeout=20) in (0, -signal.SIGTERM)
    assert process.stderr is not None
    assert process.stderr.read().decode().startswith(f"nss-kg: serving on http://127.0.0.1:{port}/")


def test_a_port_in_use_is_one_line_and_exit_4(running: tuple[subprocess.Popen[bytes], int, float]) -> None:
    _, port, _ = running
    second = subprocess.run(
        [sys.executable, "-m", "nss_kg", "serve", "--port", str(port)], capture_output=True, timeout=60
    )
    assert second.returncode == 4
    lines = second.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"nss-kg: error: cannot listen on 127.0.0.1:{port}: ")


def test_a_bad_data_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://w3id.org/nss-kg/x> <https://w3id.org/nss-kg/p> .\n", encoding="utf-8")
    for args, fragment in [
        (["--data", str(bad)], f"{bad}:1:"),
        (["--data", str(tmp_path / "missing.ttl")], "no such file"),
        (["--port", "70000"], "a port is 0 to 65535"),
        (["--max-rows", "0"], "must be positive"),
        (["--max-queries", "0"], "must be positive"),
        (["--workers", "two"], "not a whole number"),
        (["--workers", "65"], "workers must be at most 64"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "nss_kg", "serve", "--port", str(servers.free_port()), *args],
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 2, args
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("nss-kg: error: ") and fragment in lines[0], lines


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for init to reap it has ended too)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the processes from Linux's /proc")
@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGKILL])
def test_workers_share_the_port_and_stop_with_the_server(stop_with: signal.Signals) -> None:
    """nss-kg serve --workers 2: a second process, forked once the graph is loaded, answers on the same
    port; it stops when the server stops (SIGTERM), or when the server is gone (SIGKILL)."""
    port = servers.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "nss_kg", "serve", "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def answers() -> bool:
            assert process.poll() is None, process.stderr.read() if process.stderr else b""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1) as answer:
                    return bool(answer.status == 200)
            except OSError:
                return False

        _wait_until(answers, 30, "the workers did not answer")
        # The second server process, and the query zygote of each (query_workers), with their query workers.
        workers = _descendants(process.pid)
        assert len(_children(process.pid)) == 2 and len(workers) >= 4
        for _ in range(10):  # each request goes to whichever process accepts it: every one answers
            query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/sparql?{query}", headers={"Accept": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=10) as answer:
                assert b"true" in answer.read()
        process.send_signal(stop_with)
        assert process.wait(timeout=20) in (0, -signal.SIGTERM, -signal.SIGKILL)
        _wait_until(lambda: all(_gone(pid) for pid in workers), 20, "a process outlived the server")
    finally:
        servers.stop(process)


def test_workers_must_be_a_whole_number_from_1_to_64() -> None:
    from nss_kg import web

    for wrong in (0, -2, 1.5, True, 65, 10**6):
        with pytest.raises(nss_kg.ArgumentError, match="workers"):
            web.serve(port=servers.free_port(), workers=wrong)  # type: ignore[arg-type]


def _wait_until_serving(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, "nss-kg serve did not answer"
            time.sleep(0.05)


def test_slow_and_numerous_clients_are_cut_off_and_others_still_served() -> None:
    """uvicorn alone kept a connection that trickles its headers forever, and took connections until the
    process ran out of file descriptors: headers have a deadline, and connections a cap."""
    port = servers.free_port()
    process = _start("--port", str(port), "--header-timeout", "1", "--max-connections", "20")
    try:
        _wait_until_serving(process, port)
        trickling = socket.create_connection(("127.0.0.1", port), timeout=10)
        started = time.monotonic()
        trickling.sendall(b"GET / HTTP/1.1\r\n")
        cut = False
        while time.monotonic() - started < 8:
            try:
                trickling.sendall(b"X-Slow: 1\r\n")  # a byte now and then: the deadline does not move
                if trickling.recv(1, socket.MSG_DONTWAIT) == b"":
                    cut = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                cut = True
                break
            time.sleep(0.3)
        assert cut and time.monotonic() - started < 4
        crowd = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(40)]
        time.sleep(0.5)
        closed = 0
        for connection in crowd:
            connection.settimeout(0.2)
            with contextlib.suppress(TimeoutError):
                closed += connection.recv(1) == b""
        assert closed >= 15  # beyond the cap of 20, each closed at once
        for connection in crowd:
            connection.close()
        time.sleep(1.5)  # the idle ones within the cap reach their header deadline
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/openapi.json", timeout=10) as answer:
            assert answer.status == 200
    finally:
        servers.stop(process)


@pytest.mark.parametrize("mode", [[], ["--query-threads"]], ids=["processes", "threads"])
def test_clients_that_wait_for_their_answer_are_never_refused(mode: list[str]) -> None:
    """As many clients as query slots, each sending its next query once its answer is in: none may get 503.
    (Before, a slot was freed after the answer had gone out, so a client's next request could race it.)"""
    port = servers.free_port()
    process = _start("--port", str(port), "--max-queries", "2", *mode)
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    statuses: list[int] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for turn in range(150):
            path = f"/sparql?{query}" if turn % 2 else "/api/summits"
            connection.request("GET", path, headers={"Accept": "application/json"})
            answer = connection.getresponse()
            answer.read()
            statuses.append(answer.status)
        connection.close()

    try:
        _wait_until_serving(process, port)
        clients = [threading.Thread(target=client) for _ in range(2)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
    finally:
        servers.stop(process)
    assert len(statuses) == 300 and set(statuses) == {200}, collections.Counter(statuses)
