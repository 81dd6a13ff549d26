"""``nss-kg serve`` side by side: queries in worker processes (the default, ``nss_kg.web.query_workers``) and
on threads (``--query-threads``, as before), so that the cost of queries that can be stopped is measured.

Both servers run at once on 127.0.0.1 and take turns, run after run (A, B, A, B …), so that the machine's
noise falls on each alike; each run is ``CLIENTS`` threads with one keep-alive connection each, sharing
``REQUESTS`` ``/sparql`` GETs of three small queries. Prints the median queries/s over ``RUNS`` runs and the
503s seen. Usage: ``.venv/bin/python benchmarks/query_processes.py``.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

CLIENTS = 8
REQUESTS = 3000
RUNS = 5
QUERIES = [
    "SELECT ?s WHERE { ?s a <https://w3id.org/nss-kg/ontology#Summit> }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "ASK { ?s ?p ?o }",
]
MODES = {"worker processes": [], "threads (--query-threads)": ["--query-threads"]}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(extra: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    command = [sys.executable, "-m", "nss_kg", "serve", "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/openapi.json")
            connection.getresponse().read()
            return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("nss-kg serve did not start")


def _run(port: int) -> tuple[float, int]:
    lock = threading.Lock()
    sent = refused = 0

    def client() -> None:
        nonlocal sent, refused
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for index in range(REQUESTS):
            with lock:
                if sent >= REQUESTS:
                    return
                sent += 1
            query = urllib.parse.urlencode({"query": QUERIES[index % len(QUERIES)]})
            accept = {"Accept": "application/sparql-results+json"}
            connection.request("GET", "/sparql?" + query, headers=accept)
            answer = connection.getresponse()
            answer.read()
            if answer.status == 503:
                with lock:
                    refused += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return REQUESTS / (time.monotonic() - started), refused


def main() -> None:
    servers = {mode: _start(extra) for mode, extra in MODES.items()}
    results: dict[str, list[tuple[float, int]]] = {mode: [] for mode in MODES}
    try:
        for _ in range(RUNS):
            for mode, (_, port) in servers.items():
                results[mode].append(_run(port))
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait()
    for mode, runs in results.items():
        rates = [round(rate) for rate, _ in runs]
        refused = [r for _, r in runs]
        print(f"{mode}: median {statistics.median(rates)} queries/s (runs {rates}; 503s {refused})")


if __name__ == "__main__":
    main()
