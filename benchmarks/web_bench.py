"""The web section of the benchmark suite (``run.py --only web``): ``nss-kg serve`` side by side with
``oxigraph serve`` and ``rdflib-endpoint`` serving the same graph.

What it measures, each server a separate process on 127.0.0.1 and a free port, all stopped at the end:

- ``/sparql`` throughput (queries/s) and latency (p50, p99) at ``CLIENTS`` concurrent clients, on the packaged
  queries (every one of the catalogue, parameters as ``run.py``'s QUERY_PARAMS give them, the same text and
  the same ``Accept`` header to every server). The servers take turns, run after run (A, B, C, A, B, C, …), so
  that the machine's noise falls on each alike. Before any timing, each server's answer to every query is
  checked against the embedded engine's (the number of rows or triples).
- The HTML page of every subject IRI of the served graph from ``nss-kg serve`` (one client, page after page):
  p50 and p99 latency.
- Ready time: from spawning the server to its first ``200`` (on ``/`` for nss-kg, on a query for the others).

The load generator is bounded: ``CLIENTS`` threads, each with one keep-alive ``http.client`` connection
to 127.0.0.1, share a fixed number of requests per run and start no new one after a fixed number of
seconds.
rdflib-endpoint comes from PyPI into a virtual environment of its own (``benchmarks/.venv-rdflib-endpoint``,
made on first use), so that it changes nothing of the project's dependencies.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
LOCALHOST = "127.0.0.1"
CLIENTS = 8
RDFLIB_ENDPOINT = "rdflib-endpoint[cli]==0.6.3"
RDFLIB_ENDPOINT_VENV = HERE / ".venv-rdflib-endpoint"
#: The servers compared, in the order they take turns.
NSS_KG = "nss-kg serve"
NSS_KG_WORKERS = "nss-kg serve, 2 workers"
OXIGRAPH = "oxigraph serve"
RDFLIB = "rdflib-endpoint"

Json = dict[str, Any]


class Request(NamedTuple):
    """One request of a workload: a name (for the per-query figures), the path, and what is POSTed."""

    name: str
    path: str
    body: bytes
    headers: dict[str, str]


class Server(NamedTuple):
    name: str
    port: int
    query_path: str  # where SPARQL queries go
    pid: int


# ---------------------------------------------------------------------------------------------------------
# The load generator
# ---------------------------------------------------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between the closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time so far of a process and of its children alive (workers), from /proc."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            # After the command's closing bracket, state is field 0; utime and stime are 11 and 12.
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
            pending += [int(child) for child in children]
    return total


def load(
    port: int, requests: list[Request], *, clients: int, total: int, seconds: float, pid: int | None = None
) -> Json:
    """Send ``requests`` (cycled, in order) to 127.0.0.1:``port`` from ``clients`` threads, each with its own
    keep-alive connection, until ``total`` have been sent or ``seconds`` have passed (a request under way
    then is finished). Every answer must be 200 and is read whole. Returns the throughput, the latencies'
    percentiles, the errors (and of them the 503s: queries refused with every slot taken), and the CPU time
    the server (``pid``) and this client spent per request."""
    counter = itertools.count()
    deadline = time.perf_counter() + seconds  # the clients start in a few ms
    latencies: list[tuple[int, float]] = []  # (request index, seconds); list.append is atomic
    errors: list[str] = []
    refused: list[int] = []  # the 503s among the errors
    start_gate = threading.Barrier(clients + 1)

    def client() -> None:
        connection = http.client.HTTPConnection(LOCALHOST, port, timeout=120)
        start_gate.wait()
        try:
            while True:
                index = next(counter)
                if index >= total or time.perf_counter() > deadline:
                    return
                request = requests[index % len(requests)]
                began = time.perf_counter()
                for attempt in (1, 2):  # a server may close a keep-alive connection: reconnect once
                    try:
                        connection.request("POST", request.path, body=request.body, headers=request.headers)
                        response = connection.getresponse()
                        response.read()
                        break
                    except (http.client.HTTPException, ConnectionError) as error:
                        connection.close()
                        connection = http.client.HTTPConnection(LOCALHOST, port, timeout=120)
                        if attempt == 2:
                            errors.append(f"{request.name}: {error!r}")
                            response = None
                if response is None:
                    continue
                elapsed = time.perf_counter() - began
                if response.status != 200:
                    errors.append(f"{request.name}: HTTP {response.status}")
                    if response.status == 503:
                        refused.append(index)
                    continue
                latencies.append((index, elapsed))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, name=f"load client {i}") for i in range(clients)]
    for thread in threads:
        thread.start()
    server_cpu = cpu_seconds(pid) if pid else 0.0
    own_cpu = time.process_time()
    started = time.perf_counter()
    start_gate.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    own_cpu = time.process_time() - own_cpu
    server_cpu = (cpu_seconds(pid) - server_cpu) if pid else float("nan")
    times = [t for _, t in latencies]
    done = len(times)
    by_name: dict[str, list[float]] = {}
    for index, t in latencies:
        by_name.setdefault(requests[index % len(requests)].name, []).append(t)
    return {
        "requests": done,
        "errors": len(errors),
        "refused": len(refused),
        "first_errors": errors[:3],
        "seconds": wall,
        "qps": done / wall if wall else 0.0,
        "p50_ms": percentile(times, 50) * 1000,
        "p99_ms": percentile(times, 99) * 1000,
        "max_ms": max(times, default=float("nan")) * 1000,
        "server_cpu_ms_per_request": server_cpu / done * 1000 if done else float("nan"),
        "client_cpu_ms_per_request": own_cpu / done * 1000 if done else float("nan"),
        "latencies_ms": [round(t * 1000, 3) for t in times],
        "by_query_ms": {name: [round(t * 1000, 3) for t in ts] for name, ts in by_name.items()},
    }


def combine(runs: list[Json]) -> Json:
    """The runs of one server summarized: medians over the runs, and percentiles of all latencies pooled."""
    pooled = [t for run in runs for t in run["latencies_ms"]]
    by_query: dict[str, list[float]] = {}
    for run in runs:
        for name, ts in run["by_query_ms"].items():
            by_query.setdefault(name, []).extend(ts)
    keys = ("qps", "p50_ms", "p99_ms", "server_cpu_ms_per_request", "client_cpu_ms_per_request")
    return {
        **{f"median_{key}": statistics.median(run[key] for run in runs) for key in keys},
        "qps_samples": [round(run["qps"], 2) for run in runs],
        "p99_ms_samples": [round(run["p99_ms"], 2) for run in runs],
        "pooled_p50_ms": percentile(pooled, 50),
        "pooled_p99_ms": percentile(pooled, 99),
        "runs": len(runs),
        "requests_per_run": [run["requests"] for run in runs],
        "seconds_per_run": [round(run["seconds"], 3) for run in runs],
        "errors": sum(run["errors"] for run in runs),
        "refused": sum(run["refused"] for run in runs),
        "first_errors": [e for run in runs for e in run["first_errors"]][:3],
        "median_ms_by_query": {name: statistics.median(ts) for name, ts in sorted(by_query.items())},
    }


# ---------------------------------------------------------------------------------------------------------
# The servers
# ---------------------------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def status_of(port: int, path: str, timeout: float = 5) -> int | None:
    """The status of a GET of ``path``, or None if nothing answers yet."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def spawned(
    args: list[str], port: int, ready_path: str, log: Path, limit: float = 120
) -> Iterator[tuple[float, int]]:
    """Start a server process; yield the seconds from spawning it to its first 200 on ``ready_path``
    (polled every 2 ms), and its process id; stop it afterwards."""
    with log.open("wb") as output:
        began = time.perf_counter()
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT)
        try:
            while (status := status_of(port, ready_path)) != 200:
                if status is not None and status != 503:
                    raise RuntimeError(f"{args[0]}: {ready_path} answered {status}")
                if process.poll() is not None:
                    tail = log.read_text(errors="replace").strip().splitlines()[-1:]
                    raise RuntimeError(f"{args[0]} exited with {process.returncode}: {tail}")
                if time.perf_counter() - began > limit:
                    raise RuntimeError(f"{args[0]} not ready within {limit} s")
                time.sleep(0.002)
            ready = time.perf_counter() - began
            yield ready, process.pid
        finally:
            stop(process)


def rdflib_endpoint_bin() -> Path:
    """The ``rdflib-endpoint`` command, installed from PyPI into a virtual environment of its own on first
    use (pinned: RDFLIB_ENDPOINT)."""
    command = RDFLIB_ENDPOINT_VENV / "bin" / "rdflib-endpoint"
    if not command.exists():
        subprocess.run([PYTHON, "-m", "venv", str(RDFLIB_ENDPOINT_VENV)], check=True)
        pip = [str(RDFLIB_ENDPOINT_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, RDFLIB_ENDPOINT], check=True)
    return command


def rdflib_endpoint_versions() -> dict[str, str]:
    """The versions of rdflib-endpoint and of what it runs on, in its own environment."""
    script = (
        "import json; from importlib.metadata import version as v; "
        "print(json.dumps({n: v(n) for n in ('rdflib-endpoint', 'rdflib', 'fastapi', 'uvicorn')}))"
    )
    python = str(RDFLIB_ENDPOINT_VENV / "bin" / "python")
    out = subprocess.run([python, "-c", script], capture_output=True, text=True, check=True).stdout
    versions: dict[str, str] = json.loads(out)
    return versions


class Launcher(NamedTuple):
    """How to start one server: its command for a port, the path polled until it answers 200, where its
    SPARQL endpoint is, and what to do then before it serves the graph (timed with the start)."""

    command: Callable[[int], list[str]]
    ready_path: str
    query_path: str
    then: Callable[[int], None] | None = None


def put_ntriples(port: int, ntriples: Path) -> None:
    """The triples of ``ntriples`` into the default graph of Oxigraph server (Graph Store Protocol PUT)."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=120)
    try:
        connection.request(
            "PUT", "/store?default", body=ntriples.read_bytes(),
            headers={"Content-Type": "application/n-triples"},
        )  # fmt: skip
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    if response.status not in (200, 201, 204):
        raise RuntimeError(f"oxigraph serve: PUT of the graph answered {response.status}")


def launchers(ntriples: Path) -> dict[str, Launcher]:
    """The three servers, each serving the triples of ``ntriples`` from memory.

    nss-kg serve reads the packaged graph at start; Oxigraph server (in memory) gets the N-Triples by one
    PUT into its default graph, which the packaged queries read, once it answers; rdflib-endpoint reads the
    N-Triples file at start."""
    rdflib_bin = rdflib_endpoint_bin()
    ask = urllib.parse.urlencode({"query": "ASK {}"})
    return {
        NSS_KG: Launcher(lambda port: [str(BIN / "nss-kg"), "serve", "--port", str(port)], "/", "/sparql"),
        # The CLI has no --workers (yet): the library call it makes, with workers=2.
        NSS_KG_WORKERS: Launcher(
            lambda port: [PYTHON, "-c", f"from nss_kg import web; web.serve(port={port}, workers=2)"],
            "/",
            "/sparql",
        ),
        OXIGRAPH: Launcher(
            lambda port: [str(BIN / "oxigraph"), "serve", "--bind", f"{LOCALHOST}:{port}"],
            f"/query?{ask}",
            "/query",
            lambda port: put_ntriples(port, ntriples),
        ),
        RDFLIB: Launcher(
            lambda port: [str(rdflib_bin), "serve", "--host", LOCALHOST, "--port", str(port), str(ntriples)],
            f"/?{ask}",
            "/",  # its endpoint is at / (rdflib-endpoint 0.6)
        ),
    }


@contextlib.contextmanager
def running(launcher: Launcher, name: str, work: Path) -> Iterator[tuple[Server, float]]:
    """A server started on a free port; yields it and its ready time (seconds)."""
    port = free_port()
    log = work / f"{name.replace(' ', '-')}.log"
    with spawned(launcher.command(port), port, launcher.ready_path, log) as (ready, pid):
        if launcher.then is not None:
            began = time.perf_counter()
            launcher.then(port)
            ready += time.perf_counter() - began
        yield Server(name, port, launcher.query_path, pid), ready


# ---------------------------------------------------------------------------------------------------------
# The workloads
# ---------------------------------------------------------------------------------------------------------


def sparql_workload(query_params: dict[str, dict[str, object]]) -> list[tuple[str, str, str, int]]:
    """Every packaged query, bound as nss_kg binds it: (name, text, Accept, rows the embedded engine
    gives)."""
    from nss_kg import binding, catalogue
    from nss_kg.engines.embedded import EmbeddedEngine
    from nss_kg.errors import ParameterError
    from nss_kg.web import graph_store

    store, _ = graph_store.build()
    engine = EmbeddedEngine(store)
    workload = []
    for name, info in sorted(catalogue.catalogue().items()):
        try:
            text = binding.bind(info, query_params.get(name, {}))
        except ParameterError:  # a new query needing a parameter QUERY_PARAMS does not give yet
            print(f"web_bench: skipped '{name}': give it a parameter in QUERY_PARAMS", file=sys.stderr)
            continue
        graph = info.form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        result = engine.execute(info, binding.bindings(info, query_params.get(name, {})))
        rows = len(result.payload.splitlines()) if graph else len(result.rows())
        workload.append((name, text, accept, rows))
    return workload


def requests_for(server: Server, workload: list[tuple[str, str, str, int]]) -> list[Request]:
    return [
        Request(name, server.query_path, text.encode("utf-8"),
                {"Content-Type": "application/sparql-query", "Accept": accept})
        for name, text, accept, _ in workload
    ]  # fmt: skip


def count_answer(body: bytes, accept: str) -> int:
    if accept == "application/n-triples":
        return len([line for line in body.splitlines() if line.strip()])
    document = json.loads(body)
    return len(document["results"]["bindings"]) if "results" in document else 1


def check_answers(server: Server, workload: list[tuple[str, str, str, int]]) -> Json:
    """Each query once (also a warm-up): does the server give as many rows as the embedded engine?"""
    differ: dict[str, str] = {}
    for request, (name, _, accept, rows) in zip(requests_for(server, workload), workload, strict=True):
        connection = http.client.HTTPConnection(LOCALHOST, server.port, timeout=300)
        try:
            connection.request("POST", request.path, body=request.body, headers=request.headers)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            differ[name] = f"HTTP {response.status}: {body[:200].decode(errors='replace')}"
            continue
        try:
            got = count_answer(body, accept)
        except (ValueError, KeyError) as error:
            differ[name] = f"unreadable answer: {error}"
            continue
        if got != rows:
            differ[name] = f"{got} rows, the embedded engine {rows}"
    return {"same_rows": not differ, "differences": differ}


def entity_paths() -> list[str]:
    """The HTML document of every subject IRI nss-kg serves (the ontology's hash IRIs share one)."""
    import pyoxigraph as ox

    from nss_kg.namespaces import BASE_IRI
    from nss_kg.web import graph_store

    paths = set()
    for triple in graph_store.triples():
        subject = triple.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(BASE_IRI):
            local = subject.value[len(BASE_IRI) :].partition("#")[0]
            if local:
                paths.add(f"/{local}.html")
    return sorted(paths)


def get_pages(port: int, paths: list[str]) -> tuple[list[float], list[str]]:
    """GET each path in turn on one keep-alive connection: the latencies (seconds), and the paths that did not
    answer 200."""
    connection = http.client.HTTPConnection(LOCALHOST, port, timeout=60)
    times: list[float] = []
    failed: list[str] = []
    try:
        for path in paths:
            began = time.perf_counter()
            connection.request("GET", path, headers={"Accept": "text/html"})
            response = connection.getresponse()
            response.read()
            times.append(time.perf_counter() - began)
            if response.status != 200:
                failed.append(f"{path}: {response.status}")
    finally:
        connection.close()
    return times, failed


# ---------------------------------------------------------------------------------------------------------
# The section
# ---------------------------------------------------------------------------------------------------------


def ntriples_file(path: Path) -> int:
    """The triples nss-kg serve serves (graph_store.triples: the packaged graph), as N-Triples."""
    import pyoxigraph as ox

    from nss_kg.web import graph_store

    triples = list(dict.fromkeys(graph_store.triples()))
    ox.serialize(triples, output=str(path), format=ox.RdfFormat.N_TRIPLES)
    return len(triples)


def section(config: Json) -> Json:
    """``run.py --section web``: config has ``work``, ``runs``, ``ready_runs``, ``page_rounds``, ``rounds``
    (per run and client, of every query, for nss-kg and Oxigraph), ``rdflib_rounds`` (per run, in all),
    ``seconds`` (no request started after, in a run) and ``query_params``."""
    from nss_kg import catalogue

    work = Path(tempfile.mkdtemp(prefix="web-", dir=config["work"]))
    nt = work / "graph.nt"
    triples = ntriples_file(nt)
    workload = sparql_workload(config["query_params"])
    launch = launchers(nt)

    # Ready time: spawn, poll, stop; the servers in turn.
    ready: dict[str, list[float]] = {name: [] for name in launch}
    for _ in range(config["ready_runs"]):
        for name, launcher in launch.items():
            with running(launcher, name, work) as (_, seconds):
                ready[name].append(seconds)

    with contextlib.ExitStack() as stack:
        servers = {
            name: stack.enter_context(running(launcher, name, work))[0] for name, launcher in launch.items()
        }
        checks = {name: check_answers(server, workload) for name, server in servers.items()}
        runs: dict[str, list[Json]] = {name: [] for name in servers}
        for _ in range(config["runs"]):
            for name, server in servers.items():
                rounds = config["rdflib_rounds"] if name == RDFLIB else CLIENTS * config["rounds"]
                total = rounds * len(workload)
                runs[name].append(
                    load(server.port, requests_for(server, workload), clients=CLIENTS, total=total,
                         seconds=config["seconds"], pid=server.pid)
                )  # fmt: skip
        sparql = {name: combine(server_runs) for name, server_runs in runs.items()}

        # Entity pages: every subject's HTML document, one client, page after page; a first round warms up.
        paths = entity_paths()
        port = servers[NSS_KG].port
        _, failed = get_pages(port, paths)
        page_rounds: list[list[float]] = []
        for _ in range(config["page_rounds"]):
            times, more = get_pages(port, paths)
            page_rounds.append(times)
            failed += more
        by_path = {p: statistics.median(r[i] for r in page_rounds) * 1000 for i, p in enumerate(paths)}
        slowest = sorted(by_path.items(), key=lambda item: -item[1])[:5]
        pooled = [t for r in page_rounds for t in r]
        pages = {
            "pages": len(paths),
            "rounds": len(page_rounds),
            "median_p50_ms": statistics.median(percentile(r, 50) for r in page_rounds) * 1000,
            "median_p99_ms": statistics.median(percentile(r, 99) for r in page_rounds) * 1000,
            "p99_ms_samples": [round(percentile(r, 99) * 1000, 3) for r in page_rounds],
            "pooled_p99_ms": percentile(pooled, 99) * 1000,
            "max_ms": max(pooled) * 1000,
            "slowest_median_ms": [[p, round(ms, 3)] for p, ms in slowest],
            "not_200": sorted(set(failed))[:10],
        }

    summaries: Json = {}
    for name, samples in ready.items():
        ms = [s * 1000 for s in samples]
        summaries[name] = {
            "median_ms": statistics.median(ms), "min_ms": min(ms), "max_ms": max(ms), "runs": len(ms),
            "samples_ms": [round(x, 1) for x in ms],
        }  # fmt: skip
    return {
        "triples": triples,
        "clients": CLIENTS,
        "queries": [name for name, *_ in workload],
        "skipped": sorted(set(catalogue.catalogue()) - {name for name, *_ in workload}),
        "rows": {name: rows for name, _, _, rows in workload},
        "answers": checks,
        "sparql": sparql,
        "pages": pages,
        "ready": summaries,
        "versions": rdflib_endpoint_versions(),
        "config": {k: v for k, v in config.items() if k not in ("work", "query_params")},
    }
