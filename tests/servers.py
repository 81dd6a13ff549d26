"""Real triple stores for the tests, started on free 127.0.0.1 ports, then stopped.

- Oxigraph server, from the PyPI package ``oxigraph`` (the test extras): ``oxigraph serve``, a store on disk.
- OpenLink Virtuoso 7, from Debian's ``virtuoso-opensource``: ``virtuoso-t +foreground`` with our own ini
  binding its SQL and HTTP ports to 127.0.0.1 and raising ResultSetMaxRows. Queries go to /sparql
  anonymously; writes go with digest auth as dba to /sparql-auth and /sparql-graph-crud-auth, so no GRANT
  is needed and auth is tested for real.

Also small local stand-ins for faults: ``FakeEndpoint`` (an HTTP server answering what a test says, slowly
if asked) and ``CuttingProxy`` (forwards to a real server and cuts the first large upload).

The fixtures that start them are in conftest.py; the servers come installed (tests/run.sh installs them).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pytest

import nss_kg

LOCALHOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOCALHOST, 0))
        return int(sock.getsockname()[1])


def _wait(ready: Callable[[], bool], process: subprocess.Popen[bytes], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}"
            )
        if ready():
            return
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(
        f"the server was not ready within {seconds} s: {log.read_text(errors='replace')[-2000:]}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@dataclass
class Server:
    """A running store: its endpoints, the credentials that may write, and raw helpers for the tests."""

    name: str
    query_url: str
    update_url: str
    store_url: str
    user: str | None = None
    password: str | None = None
    #: Graphs the store keeps for itself (Virtuoso's system graphs), which tests leave out of comparisons.
    system_graphs: frozenset[str] = frozenset()
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def endpoint(self, graph: str | None = None) -> nss_kg.Endpoint:
        """The query endpoint, with the credentials that may write."""
        return nss_kg.Endpoint(self.query_url, user=self.user, password=self.password, graph=graph)

    def load_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for nss_kg.load, besides the endpoint."""
        return {"update_endpoint": self.update_url, "store_endpoint": self.store_url}

    def load_args(self) -> list[str]:
        """Arguments for ``nss-kg load``."""
        args = [
            "--endpoint",
            self.query_url,
            "--update-endpoint",
            self.update_url,
            "--store-endpoint",
            self.store_url,
        ]
        if self.user:
            args += ["--user", self.user, "--password", self.password or ""]
        return args

    def _opener(self) -> urllib.request.OpenerDirector:
        if not self.user:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.update_url, self.user, self.password or "")
        return urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords))

    def select(self, text: str, default_graph: str | None = None) -> list[dict[str, Any]]:
        """A SELECT's bindings as SPARQL JSON dicts (no dataset unless ``default_graph``)."""
        params = {"query": text}
        if default_graph:
            params["default-graph-uri"] = default_graph
        request = urllib.request.Request(
            self.query_url,
            data=urllib.parse.urlencode(params).encode(),
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return list(json.loads(answer.read())["results"]["bindings"])

    def update(self, text: str) -> None:
        request = urllib.request.Request(
            self.update_url, data=urllib.parse.urlencode({"update": text}).encode()
        )
        with self._opener().open(request, timeout=30) as answer:
            answer.read()

    def quads(self, graph: str) -> set[tuple[str, ...]]:
        """The triples of one named graph, each term as (type, value, language or datatype)."""
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return {tuple(_term(row[name]) for name in ("s", "p", "o")) for row in rows}

    def graphs(self) -> dict[str, int]:
        """Every named graph the store lists, with its number of triples."""
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def _term(binding: dict[str, str]) -> str:
    kind = "literal" if binding["type"] == "typed-literal" else binding["type"]
    extra = binding.get("xml:lang", "").lower() or binding.get("datatype", "")
    return f"{kind}|{binding['value']}|{extra}"


# ---------------------------------------------------------------------------------------------------------
# Oxigraph
# ---------------------------------------------------------------------------------------------------------


def oxigraph_executable() -> str:
    """The oxigraph server of the test extra (PyPI 'oxigraph'), beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        missing("oxigraph", "pip install '.[test]'")
    return str(found)


def missing(program: str, install: str) -> NoReturn:
    """A server the tests need is not installed: tests/run.sh installs it. Under CI that is a failure (a
    skipped store would pass silently); elsewhere the tests that need it are skipped."""
    message = f"{program} is not installed ({install}; tests/run.sh does it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1) as answer:
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def start_oxigraph(folder: Path) -> Server:
    port = free_port()
    log = folder / "oxigraph.log"
    process = subprocess.Popen(
        [oxigraph_executable(), "serve", "--bind", f"{LOCALHOST}:{port}", "--location", str(folder / "db")],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://{LOCALHOST}:{port}"
    server = Server("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store", process=process)
    _wait(lambda: _answers(server.query_url), process, 30, log)
    return server


# ---------------------------------------------------------------------------------------------------------
# Virtuoso
# ---------------------------------------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {folder}/virtuoso.db
ErrorLogFile       = {folder}/virtuoso.log
LockFile           = {folder}/virtuoso.lck
TransactionFile    = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {folder}/virtuoso-temp.db
TransactionFile    = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = {localhost}:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., {folder}, /usr/share/virtuoso-opensource-7/vad
VADInstallDir        = /usr/share/virtuoso-opensource-7/vad/
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000

[HTTPServer]
ServerPort           = {localhost}:{http_port}
ServerRoot           = {folder}/vsp
MaxClientConnections = 10
ServerThreads        = 10
EnabledDavVSP        = 0
Charset              = UTF-8

[SPARQL]
; The default 10000 silently truncates results.
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_executable() -> str:
    """Debian's virtuoso-opensource."""
    found = shutil.which("virtuoso-t")
    if found is None:
        missing("virtuoso-t", "apt-get install virtuoso-opensource")
    return found


def start_virtuoso(folder: Path) -> Server:
    executable = virtuoso_executable()
    http_port, sql_port = free_port(), free_port()
    (folder / "vsp").mkdir()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(folder=folder, localhost=LOCALHOST, http_port=http_port, sql_port=sql_port)
    )
    log = folder / "stdout.log"
    process = subprocess.Popen(
        [executable, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://{LOCALHOST}:{http_port}"
    server = Server(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql-auth",
        f"{base}/sparql-graph-crud-auth",
        user="dba",
        password="dba",
        process=process,
    )
    _wait(lambda: _answers(server.query_url), process, 120, log)
    server.system_graphs = frozenset(server.graphs())
    return server


# ---------------------------------------------------------------------------------------------------------
# Stand-ins for faults
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """What the fake endpoint sends: after ``delay`` seconds, ``status`` with ``body``; ``cut`` sends only
    the first that many bytes of a body announced whole, then closes."""

    status: int = 200
    body: bytes = b'{"head": {"vars": []}, "results": {"bindings": []}}'
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0
    cut: int | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def params(self) -> dict[str, list[str]]:
        query = urllib.parse.urlsplit(self.path).query
        if self.method == "POST" and self.headers.get("Content-Type", "").startswith(
            "application/x-www-form"
        ):
            query = self.body.decode()
        return urllib.parse.parse_qs(query)


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that says nothing when a client hangs up before the whole answer is written:
    the loader may close a connection as soon as it reads an error status, and socketserver would print a
    BrokenPipeError traceback to stderr, which the CLI tests read."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeEndpoint:
    """An HTTP server on 127.0.0.1 answering each request with the next of ``answers`` (the last repeats)."""

    def __init__(self) -> None:
        self.answers: list[Answer] = [Answer()]
        self.seen: list[Seen] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))
                answer = fake.answers.pop(0) if len(fake.answers) > 1 else fake.answers[0]
                if answer.delay:
                    time.sleep(min(answer.delay, 5.0))
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if answer.cut is not None:
                    self.wfile.write(answer.body[: answer.cut])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = _answer

        self.server = QuietServer((LOCALHOST, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{LOCALHOST}:{self.server.server_address[1]}/sparql"
        # shutdown() waits for serve_forever to look again: half a second a server at the default interval.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def basic_credentials(seen: Seen) -> str | None:
    """The ``user:password`` of a request's basic Authorization header."""
    header = seen.headers.get("Authorization", "")
    return base64.b64decode(header[6:]).decode() if header.startswith("Basic ") else None


class CuttingProxy:
    """A TCP proxy on 127.0.0.1 to a real server; once ``arm(n)`` is called, the next connection that sends
    more than ``n`` bytes is cut after forwarding ``n`` of them (both ends closed), like a broken network."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.cut_after: int | None = None
        self.cuts = 0
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((LOCALHOST, 0))
        self.listener.listen(16)
        self.port = int(self.listener.getsockname()[1])
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, after: int) -> None:
        self.cut_after = after

    def url(self, server_url: str) -> str:
        """The same URL through the proxy."""
        parts = urllib.parse.urlsplit(server_url)
        return parts._replace(netloc=f"{LOCALHOST}:{self.port}").geturl()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((LOCALHOST, self.target_port))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, upload: bool) -> None:
        sent = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if upload and self.cut_after is not None and sent + len(data) > self.cut_after:
                    with self.lock:
                        limit = self.cut_after
                        self.cut_after = None
                    if limit is not None:
                        sink.sendall(data[: max(limit - sent, 0)])
                        self.cuts += 1
                        for end in (source, sink):
                            with contextlib.suppress(OSError):
                                end.shutdown(socket.SHUT_RDWR)
                        return
                sink.sendall(data)
                sent += len(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def close(self) -> None:
        self.closed = True
        self.listener.close()


def default_signals() -> None:
    """For a child process (``preexec_fn``): the signals' default handling, whatever the test run inherited
    (under nohup, SIGINT and SIGHUP are ignored, and a program rightly leaves them so)."""
    import signal

    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
