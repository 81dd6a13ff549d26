"""``nss-kg serve`` for real: a subprocess that is ready within seconds, answers, stops on SIGTERM, and fails
at start-up in one line with the documented exit code (2 a bad --data file, 4 a port in use)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import servers

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
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "nss_kg", "serve", "--port", str(servers.free_port()), *args],
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 2, args
        lines = done.stderr.decode().splitlines()
        assert len(lines) == 1 and lines[0].startswith("nss-kg: error: ") and fragment in lines[0], lines
