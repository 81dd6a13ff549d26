"""Hostile input: files, queries, endpoints and signals that once crashed, hung, leaked or lied. Each case
must end with one line on stderr and the exit code the table in docs/cli-and-python.md gives it, promptly
and safely."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import servers

import nss_kg
from nss_kg.catalogue import read_query
from nss_kg.engines.remote import RemoteEngine

NSS_KG = [sys.executable, "-m", "nss_kg"]


def cli(*args: str, timeout: float = 60, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI in a fresh process; the timeout only stops a hang from stalling the suite."""
    return subprocess.run([*NSS_KG, *args], capture_output=True, text=True, timeout=timeout, input=stdin)


def assert_one_line(done: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr


def billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY e0 "laugh">'] + [
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        f'<rdf:Description rdf:about="https://example.org/a"><rdfs:label>&e{levels};</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )


# ---------------------------------------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------------------------------------


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    """A 1 KB file whose entities would expand to 5 GB."""
    file = tmp_path / "laughs.rdf"
    file.write_text(billion_laughs())
    assert file.stat().st_size < 2000
    assert_one_line(cli("validate", str(file)), 2, f"{file}:", "entity 'e", "expands to more than")
    with pytest.raises(nss_kg.InputError, match="expands to more than"):
        nss_kg.validate([file])


def test_namespace_entities_as_protege_writes_them_still_work(tmp_path: Path) -> None:
    file = tmp_path / "protege.owl"
    file.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY ex "https://example.org/" >\n'
        ' <!ENTITY rdfs "http://www.w3.org/2000/01/rdf-schema#" >\n]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="&rdfs;">\n'
        ' <rdf:Description rdf:about="&ex;a"><rdfs:label xml:lang="en">A</rdfs:label></rdf:Description>\n'
        "</rdf:RDF>\n"
    )
    report = nss_kg.validate([file], with_ontology=False)
    assert ("https://example.org/a", "A") in {(str(s), str(o)) for s, _, o in report.data_graph}


@pytest.mark.slow
def test_deep_rdf_xml_is_refused(tmp_path: Path) -> None:
    depth = 100_000
    file = tmp_path / "deep.rdf"
    file.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:e="https://example.org/">'
        + "<rdf:Description><e:p>" * depth
        + "x"
        + "</e:p></rdf:Description>" * depth
        + "</rdf:RDF>"
    )
    assert_one_line(cli("validate", str(file)), 2, f"{file}:2:", "nested more than")


def test_a_remote_rdf_xml_answer_with_entities_is_refused(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [
        servers.Answer(body=billion_laughs().encode(), content_type="application/rdf+xml")
    ]
    with pytest.raises(nss_kg.EndpointError, match="expands to more than"):
        nss_kg.query("schema-org", endpoint=fake_endpoint.url)


@pytest.mark.parametrize(
    ("suffix", "text"),
    [
        (
            ".rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<a',
        ),
        (".jsonld", '{"@id": "https://example.org/a", "https://example.org/p": {"@value": 1, "@type": 3}}'),
    ],
)
def test_rdf_xml_and_json_ld_errors_name_no_fake_location(tmp_path: Path, suffix: str, text: str) -> None:
    file = tmp_path / f"broken{suffix}"
    file.write_text(text)
    done = cli("validate", str(file))
    assert_one_line(done, 2, str(file))
    assert "None" not in done.stderr


def test_control_characters_in_messages_are_escaped(tmp_path: Path) -> None:
    file = tmp_path / "nul.ttl"
    file.write_bytes(b'@prefix ex: <https://example.org/> .\nex:a ex:b "x\x00\x1b[31m" ex:c .\n')
    done = cli("validate", str(file))
    assert_one_line(done, 2, str(file))
    assert "\x00" not in done.stderr and "\x1b" not in done.stderr


# ---------------------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------------------

DEEP_QUERIES = {
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
    "groups": "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o " + "} " * 10_000,
    "unions": "SELECT * WHERE { " + "{ ?s ?p ?o } UNION " * 10_000 + "{ ?s ?p ?o } }",
}


@pytest.mark.parametrize("shape", ["parentheses", "groups"])
def test_deeply_nested_queries_are_refused_before_parsing(tmp_path: Path, shape: str) -> None:
    file = tmp_path / "deep.rq"
    file.write_text(DEEP_QUERIES[shape])
    assert_one_line(cli("query", str(file)), 2, f"{file}:1:", "nested more than")
    with pytest.raises(nss_kg.QueryError, match="nested more than"):
        nss_kg.query(file)


@pytest.mark.slow
def test_a_long_flat_union_is_not_nesting(tmp_path: Path) -> None:
    file = tmp_path / "union.rq"
    file.write_text(DEEP_QUERIES["unions"][:2000].rsplit("UNION", 1)[0] + "}")
    assert nss_kg.query(file).rows()


def test_a_deep_query_never_reaches_the_endpoint(tmp_path: Path, fake_endpoint: servers.FakeEndpoint) -> None:
    file = tmp_path / "deep.rq"
    file.write_text(DEEP_QUERIES["groups"])
    assert_one_line(cli("query", str(file), "--endpoint", fake_endpoint.url), 2, "nested more than")
    assert fake_endpoint.seen == []


def test_a_query_that_cut_the_connection_is_not_sent_again(fake_endpoint: servers.FakeEndpoint) -> None:
    """The server may have died of it: a second try could kill it again."""
    fake_endpoint.answers = [servers.Answer(cut=5)]
    with pytest.raises(nss_kg.EndpointError, match="cut"):
        RemoteEngine(fake_endpoint.url, retries=2).execute(read_query("ask", "ASK {}"), {})
    assert len(fake_endpoint.seen) == 1


def test_a_bom_at_the_start_of_a_query_file_is_ignored(tmp_path: Path) -> None:
    file = tmp_path / "bom.rq"
    file.write_bytes("\ufeffSELECT ?s WHERE { ?s a ?c } LIMIT 1".encode())
    assert len(nss_kg.query(file).rows()) == 1


def test_malformed_sparql_names_the_file_and_place(tmp_path: Path) -> None:
    file = tmp_path / "broken.rq"
    file.write_text("SELECT * WHERE {\n  ?s ?p ?o FILTER(\n}")
    assert_one_line(cli("query", str(file)), 2, f"{file}:3:", ": malformed SPARQL: expected")


def test_a_failing_service_is_an_endpoint_error(tmp_path: Path) -> None:
    file = tmp_path / "service.rq"
    port = servers.free_port()
    file.write_text(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}")
    assert_one_line(cli("query", str(file), "--allow-service"), 3, "SERVICE")


def test_a_service_behind_a_comment_name_is_refused_without_allow_service(tmp_path: Path) -> None:
    # In :a#""" SPARQL reads the name :a and a comment, so the SERVICE on the next line is real.
    file = tmp_path / "hidden.rq"
    port = servers.free_port()
    file.write_text(
        'PREFIX : <http://e/> SELECT * WHERE { BIND(:a#"""\n AS ?x)'
        f' SERVICE <http://127.0.0.1:{port}/> {{ }}\n#"""\n}}'
    )
    assert_one_line(cli("query", str(file)), 2, "SERVICE")


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"


@pytest.mark.slow
def test_timeout_bounds_a_local_query(tmp_path: Path) -> None:
    file = tmp_path / "heavy.rq"
    file.write_text(HEAVY)
    assert_one_line(cli("query", str(file), "--timeout", "0.5"), 4, "did not finish within 0.5 s")
    with pytest.raises(nss_kg.NssKgError, match=r"did not finish within 0\.2 s"):
        nss_kg.query(file, timeout=0.2)


# ---------------------------------------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/q", "notaurl", "http://127.0.0.1:99999/q", "http://[::1/query"],
)
def test_only_http_endpoints_are_accepted(url: str) -> None:
    done = cli("query", "summits", "--endpoint", url)
    assert_one_line(done, 2, url)
    assert done.stdout == ""
    with pytest.raises(nss_kg.InputError):
        nss_kg.query("summits", endpoint=url)


def test_a_local_file_is_never_read_as_an_endpoint(tmp_path: Path) -> None:
    data = tmp_path / "local.ttl"
    data.write_text("<https://example.org/secret> <https://example.org/p> 'hidden' .\n")
    long_query = tmp_path / "long.rq"
    long_query.write_text("SELECT * WHERE { ?s ?p ?o } #" + "x" * 5000)
    done = cli("query", str(long_query), "--endpoint", data.as_uri())
    assert_one_line(done, 2, "not an http or https URL")
    assert "secret" not in done.stdout + done.stderr


class RedirectingEndpoint(servers.FakeEndpoint):
    """Answers every request with a redirect to ``target``."""

    def __init__(self, target: str, status: int = 302) -> None:
        super().__init__()
        self.answers = [servers.Answer(status=status, body=b"", headers={"Location": target})]


@pytest.fixture
def second_endpoint() -> Iterator[servers.FakeEndpoint]:
    other = servers.FakeEndpoint()
    yield other
    other.close()


def test_credentials_never_follow_a_redirect_to_another_origin(second_endpoint: servers.FakeEndpoint) -> None:
    redirecting = RedirectingEndpoint(second_endpoint.url)
    try:
        nss_kg.query("summits", endpoint=nss_kg.Endpoint(redirecting.url, "alice", "s3cret", "basic"))
    finally:
        redirecting.close()
    assert servers.basic_credentials(redirecting.seen[0]) == "alice:s3cret"
    (followed,) = second_endpoint.seen
    assert "Authorization" not in followed.headers


def test_credentials_follow_a_redirect_on_the_same_origin(fake_endpoint: servers.FakeEndpoint) -> None:
    fake_endpoint.answers = [
        servers.Answer(status=302, body=b"", headers={"Location": fake_endpoint.url + "2"}),
        servers.Answer(),
    ]
    nss_kg.query("summits", endpoint=nss_kg.Endpoint(fake_endpoint.url, "alice", "s3cret", "basic"))
    assert [servers.basic_credentials(seen) for seen in fake_endpoint.seen] == ["alice:s3cret"] * 2


@pytest.mark.slow
def test_a_redirect_to_another_scheme_is_not_followed() -> None:
    redirecting = RedirectingEndpoint("ftp://127.0.0.1/sparql")
    try:
        assert_one_line(cli("query", "summits", "--endpoint", redirecting.url), 3, "ftp:")
    finally:
        redirecting.close()


class TricklingServer:
    """Answers every connection with an HTTP answer one byte a second, for as long as the client listens."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind((servers.LOCALHOST, 0))
        self.listener.listen()
        self.url = f"http://{servers.LOCALHOST}:{self.listener.getsockname()[1]}/sparql"
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._trickle, args=(connection,), daemon=True).start()

    def _trickle(self, connection: socket.socket) -> None:
        answer = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n" + b"X: y\r\n" * 200
        with connection:
            for byte in answer:
                if self.stopped.wait(0.5):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.mark.slow
def test_the_timeout_is_a_deadline_for_the_whole_exchange() -> None:
    trickling = TricklingServer()
    try:
        started = time.monotonic()
        done = cli("query", "summits", "--endpoint", trickling.url, "--timeout", "2")
        elapsed = time.monotonic() - started
    finally:
        trickling.close()
    assert_one_line(done, 3, "no answer within 2 s")
    assert elapsed < 30  # without a deadline it would trickle for minutes


# ---------------------------------------------------------------------------------------------------------
# Signals and output
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ctrl_c_stops_a_heavy_local_query(tmp_path: Path) -> None:
    file = tmp_path / "heavy.rq"
    file.write_text(HEAVY)
    process = subprocess.Popen(
        [*NSS_KG, "query", str(file)], stderr=subprocess.PIPE, text=True, preexec_fn=servers.default_signals
    )
    try:
        time.sleep(1.5)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:  # a query Ctrl-C did not stop must not run on, slowing every test after it
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert err == "nss-kg: interrupted\n"


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.03, 0.06, 0.1])
def test_an_early_ctrl_c_is_one_line(delay: float) -> None:
    """From the first line of nss-kg's code on, Ctrl-C is one line and exit 130. Before it, the interpreter is
    still starting (importing runpy or site, compiling its own modules on a cold disk): what it prints then
    names none of our files, and is not ours to change."""
    script = Path(sys.executable).parent / "nss-kg"
    process = subprocess.Popen(
        [str(script), "query", "summits"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    if process.returncode == 0:  # it finished first
        return
    # No frame in a file of ours (the console script's own line, "from nss_kg.cli import main", may show:
    # interrupted while Python looks for the package, before its first line runs).
    assert b"/nss_kg/" not in err, err.decode(errors="replace")
    if b"Traceback" not in err:
        assert process.returncode in (130, -signal.SIGINT), err


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [["export"], ["query", "summits"], ["validate"], ["queries"], ["summits", "--format", "table"]]
)
def test_a_full_disk_is_a_local_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*NSS_KG, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 4, done.stderr
    assert done.stderr == "nss-kg: error: cannot write the output: No space left on device\n"


@pytest.mark.slow
def test_a_deep_sub_property_chain_is_refused_before_inference(tmp_path: Path) -> None:
    """RDFS inference on a chain of 250 rdfs:subPropertyOf took over a minute; 50 links still validate."""
    for links, code in ((250, 2), (50, 0)):
        file = tmp_path / f"chain{links}.ttl"
        lines = [
            "@prefix ex: <https://example.org/> .",
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        ]
        lines += [f"ex:p{i + 1} rdfs:subPropertyOf ex:p{i} ." for i in range(links)] + [
            f"ex:a ex:p{links} ex:b ."
        ]
        file.write_text("\n".join(lines) + "\n")
        done = cli("validate", str(file))
        assert done.returncode == code, done.stderr
        if code:
            assert_one_line(done, 2, "rdfs:subPropertyOf chain more than 50 deep", "--inference none")
    assert cli("validate", "--inference", "none", str(tmp_path / "chain250.ttl")).returncode == 0


# ---------------------------------------------------------------------------------------------------------
# The library's arguments
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: nss_kg.query("summits", graph="not a graph"), "graph"),  # type: ignore[arg-type]
        (lambda: nss_kg.query("summits", endpoint=42), "endpoint"),  # type: ignore[arg-type]
        (lambda: nss_kg.query("summits", timeout="abc"), "timeout"),  # type: ignore[arg-type]
        (lambda: nss_kg.query(42), "query"),  # type: ignore[arg-type]
        (lambda: nss_kg.query("summits", params=["lang"]), "params"),  # type: ignore[arg-type]
        (lambda: nss_kg.validate(data="not a graph"), "data"),  # type: ignore[arg-type]
        (lambda: nss_kg.validate(files=[None]), "files"),  # type: ignore[list-item]
        (lambda: nss_kg.validate(files=42), "files"),  # type: ignore[arg-type]
        (lambda: nss_kg.validate(inference="owl"), "inference"),  # type: ignore[arg-type]
        (lambda: nss_kg.load(42), "endpoint"),  # type: ignore[arg-type]
    ],
)
def test_a_wrong_argument_type_names_the_argument(call: object, argument: str) -> None:
    with pytest.raises(nss_kg.ArgumentError, match=argument) as raised:
        call()  # type: ignore[operator]
    assert isinstance(raised.value, TypeError) and isinstance(raised.value, nss_kg.NssKgError)


def test_one_path_is_one_file_not_a_list_of_characters(tmp_path: Path) -> None:
    file = tmp_path / "one.ttl"
    file.write_text('<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a"@en .\n')
    assert len(nss_kg.validate(str(file), with_ontology=False).data_graph) == 1
    assert len(nss_kg.validate(file, with_ontology=False).data_graph) == 1


@pytest.mark.parametrize(
    ("argv", "environment", "fragment"),
    [
        (["--graph", "not an iri"], {}, "graph 'not an iri' is not an absolute IRI"),
        ([], {"NSS_KG_USER": "u", "NSS_KG_AUTH": "bogus"}, "unknown HTTP auth scheme 'bogus'"),
    ],
)
def test_bad_connection_settings_are_bad_input(
    fake_endpoint: servers.FakeEndpoint,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    environment: dict[str, str],
    fragment: str,
) -> None:
    """Nothing is sent: the mistake is the user's, exit 2, not the server's."""
    from nss_kg.cli import main

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert main(["query", "summits", "--endpoint", fake_endpoint.url, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nss-kg: error: ") and fragment in err and err.count("\n") == 1
    assert fake_endpoint.seen == []


@pytest.mark.parametrize(("args", "code"), [(["summits"], 4), (["validate"], 4), (["queries"], 4)])
def test_a_closed_stdout_is_one_line_and_exit_4(args: list[str], code: int) -> None:
    done = subprocess.run(
        [*NSS_KG, *args], stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=lambda: os.close(1)
    )
    assert (done.returncode, done.stderr) == (
        code,
        "nss-kg: error: cannot write the output: standard output is closed\n",
    )


@pytest.mark.parametrize("args", [["validate", "--lang", "zh-Hant"], ["summits", "--lang", "zh-Hans"]])
def test_a_non_utf8_locale_still_gets_the_chinese_output(args: list[str]) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([*NSS_KG, *args], capture_output=True, timeout=60, env=environment)
    assert done.returncode == 0 and done.stderr == b""
    assert any(ord(c) > 0x3000 for c in done.stdout.decode("utf-8"))


def test_an_empty_endpoint_is_refused_not_run_locally() -> None:
    assert_one_line(cli("query", "summits", "--endpoint", ""), 2, "endpoint '' is not an http or https URL")


def test_an_unknown_auth_scheme_is_refused_without_a_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NSS_KG_AUTH", "bogus")
    monkeypatch.delenv("NSS_KG_USER", raising=False)
    done = cli("query", "summits", "--endpoint", "http://127.0.0.1:9/sparql")
    assert_one_line(done, 2, "unknown HTTP auth scheme 'bogus'")


def test_a_file_name_that_is_not_utf8_is_read_and_named(tmp_path: Path) -> None:
    good = os.path.join(os.fsencode(tmp_path), b"\xff.ttl")
    with open(good, "wb") as file:
        file.write(b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n")
    done = subprocess.run([*NSS_KG, "validate", good], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    bad = os.path.join(os.fsencode(tmp_path), b"bad\xff.ttl")
    with open(bad, "wb") as file:
        file.write(b"<https://example.org/a> <https://example.org/b> <https://example.org/c .\n")
    done = subprocess.run([*NSS_KG, "validate", bad], capture_output=True, text=True, timeout=60)
    assert_one_line(done, 2, "bad\\xff.ttl:1:")


def test_memory_really_running_out_while_parsing_is_a_local_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only pyoxigraph's 16 MiB term limit is the file's fault (exit 2); an out-of-memory is exit 4."""
    from nss_kg import rdf_files
    from nss_kg.errors import InputError

    def out_of_memory(*_: object, **__: object) -> object:
        raise MemoryError

    monkeypatch.setattr(rdf_files.ox, "parse", out_of_memory)
    with pytest.raises(MemoryError):
        rdf_files.parse(b"<a:b> <a:c> <a:d> .", rdf_files.ox.RdfFormat.N_TRIPLES, name="x.nt", base_iri=None)

    def term_too_large(*_: object, **__: object) -> object:
        raise MemoryError("Reached the buffer maximal size")

    monkeypatch.setattr(rdf_files.ox, "parse", term_too_large)
    with pytest.raises(InputError, match="a term is too large to read"):
        rdf_files.parse(b"<a:b> <a:c> <a:d> .", rdf_files.ox.RdfFormat.N_TRIPLES, name="x.nt", base_iri=None)
