"""Faults: a store that is down, too slow, failing (5xx), refusing (4xx) or answering garbage gives a one-line
error and exit code 3, through the CLI in-process, and once in a subprocess without a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import servers

import nss_kg
from nss_kg import cli, store_loading

HTML = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    err = capsys.readouterr().err
    return code, err


def assert_one_line(err: str, *fragments: str) -> None:
    assert err.startswith("nss-kg: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def load_args(url: str) -> list[str]:
    return ["load", "--endpoint", url, "--update-endpoint", url, "--store-endpoint", url]


def test_server_down(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{servers.free_port()}/sparql"
    started = time.monotonic()
    code, err = run(capsys, "query", "summits", "--endpoint", url)
    assert code == 3
    assert_one_line(err, url, "connection refused")
    assert time.monotonic() - started < 5  # two retries with a short backoff, not more
    code, err = run(capsys, *load_args(url))
    assert code == 3
    assert_one_line(err, "connection refused", "left unchanged")


def test_too_slow(fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]) -> None:
    fake_endpoint.answers = [servers.Answer(delay=2.0)]
    started = time.monotonic()
    code, err = run(capsys, "query", "summits", "--endpoint", fake_endpoint.url, "--timeout", "0.3")
    assert code == 3
    assert_one_line(err, "no answer within 0.3 s")
    assert time.monotonic() - started < 1.5  # a timeout is not retried
    code, err = run(capsys, *load_args(fake_endpoint.url), "--timeout", "0.3")
    assert code == 3
    assert_one_line(err, "no answer within 0.3 s")


def test_server_errors(fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]) -> None:
    fake_endpoint.answers = [servers.Answer(status=500, body=b"Internal error\nat frame 1\nat frame 2")]
    code, err = run(capsys, "query", "summits", "--endpoint", fake_endpoint.url)
    assert code == 3
    assert_one_line(err, "HTTP 500 Internal Server Error: Internal error at frame 1 at frame 2")
    assert len(fake_endpoint.seen) == 1  # the query may be what failed: not sent again
    fake_endpoint.seen.clear()
    code, err = run(capsys, *load_args(fake_endpoint.url), "--protocol", "update")
    assert code == 3
    assert_one_line(err, "HTTP 500")
    inserts = [seen for seen in fake_endpoint.seen if b"INSERT" in seen.body]
    assert len(inserts) == 1  # a write: never sent twice


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (servers.Answer(status=404, body=HTML, content_type="text/html"), "HTTP 404 Not Found"),
        (
            servers.Answer(status=401, body=b"Unauthorized"),
            "HTTP 401 Unauthorized (Unauthorized; give credentials",
        ),
        (
            servers.Answer(status=400, body=b"SPARQL syntax error at line 3"),
            "HTTP 400 Bad Request: SPARQL syntax",
        ),
        (
            servers.Answer(body=HTML, content_type="text/html"),
            "the answer is text/html, not SPARQL JSON results",
        ),
        (servers.Answer(body=b'{"oops": 1}'), "the answer is not SPARQL JSON results"),
        (servers.Answer(body=b"\x00\xff garbage"), "the answer is not SPARQL JSON results"),
        (servers.Answer(body=b'{"head": {"vars": ["a"]}, "results": {"bindings": [}}'), "not SPARQL JSON"),
        (
            servers.Answer(body=b'{"head": {"vars": []}, "results": {"bindings": []}}', cut=10),
            "connection was cut",
        ),
    ],
)
def test_bad_answers_to_a_query(
    fake_endpoint: servers.FakeEndpoint,
    capsys: pytest.CaptureFixture[str],
    answer: servers.Answer,
    message: str,
) -> None:
    fake_endpoint.answers = [answer]
    code, err = run(capsys, "query", "summits", "--endpoint", fake_endpoint.url)
    assert code == 3
    assert_one_line(err, message)


def test_garbage_to_a_construct(
    fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_endpoint.answers = [servers.Answer(body=b"<a> <b> .", content_type="text/turtle")]
    code, err = run(capsys, "query", "schema-org", "--endpoint", fake_endpoint.url)
    assert code == 3
    assert_one_line(err, "the answer is not valid")
    fake_endpoint.answers = [servers.Answer(body=HTML, content_type="text/html")]
    code, err = run(capsys, "query", "schema-org", "--endpoint", fake_endpoint.url)
    assert code == 3
    assert_one_line(err, "the answer is text/html, not RDF")


def test_garbage_to_the_count_of_a_load(
    fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    """The upload 'succeeds' but the count query gets an HTML page: nothing is moved into place."""
    fake_endpoint.answers = [
        servers.Answer(status=204, body=b""),
        servers.Answer(body=HTML, content_type="text/html"),
    ]
    code, err = run(capsys, *load_args(fake_endpoint.url))
    assert code == 3
    assert_one_line(err, "not SPARQL JSON results", "left unchanged")
    assert not [seen for seen in fake_endpoint.seen if b"MOVE" in seen.body]


def test_a_store_that_keeps_fewer_triples(
    fake_endpoint: servers.FakeEndpoint, capsys: pytest.CaptureFixture[str]
) -> None:
    count = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "12"}}]}}'
    fake_endpoint.answers = [
        servers.Answer(status=201, body=b""),
        servers.Answer(body=count),
        servers.Answer(),
    ]
    code, err = run(capsys, *load_args(fake_endpoint.url))
    assert code == 3
    assert_one_line(err, "the store kept 12 of the", "left unchanged")
    assert not [seen for seen in fake_endpoint.seen if b"MOVE" in seen.body]
    assert [seen for seen in fake_endpoint.seen if b"DROP+SILENT+GRAPH" in seen.body]


def test_no_traceback_in_a_subprocess() -> None:
    url = f"http://127.0.0.1:{servers.free_port()}/sparql"
    program = "import sys; from nss_kg.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", program, "query", "summits", "--endpoint", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr == f"nss-kg: error: {url}: connection refused (is the server running?)\n"


def test_a_wrong_password_is_a_401_before_the_upload(
    virtuoso: servers.Server, capsys: pytest.CaptureFixture[str]
) -> None:
    """Virtuoso answers a wrongly signed upload by cutting the connection; the probe before it says why."""
    args = [a if a != virtuoso.password else "wrong" for a in virtuoso.load_args()]
    code, err = run(capsys, "load", *args)
    assert code == 3
    assert_one_line(err, "HTTP 401", "left unchanged")


def test_ctrl_c_after_the_upload_drops_the_temporary_graph(
    store: servers.Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    before = store.graphs()
    monkeypatch.setattr(store_loading, "_check_count", interrupted)
    with pytest.raises(KeyboardInterrupt):
        nss_kg.load(store.endpoint(), **store.load_kwargs())
    assert store.graphs() == before
    assert not [g for g in store.graphs() if g.startswith(store_loading.TEMPORARY_GRAPH_PREFIX)]


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_sigterm_after_the_upload_drops_the_temporary_graph(
    store: servers.Server,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    signal_name: str,
) -> None:
    """Before, only Ctrl-C dropped it: SIGTERM (timeout, systemd, a cancelled CI job) left the whole graph
    behind in urn:nss-kg:load:…"""
    import os
    import signal

    checked = store_loading._check_count

    def terminated_while_checking(*args: object) -> None:
        os.kill(os.getpid(), getattr(signal, signal_name))  # delivered here, in the main thread
        checked(*args)  # type: ignore[arg-type]

    before = store.graphs()
    monkeypatch.setattr(store_loading, "_check_count", terminated_while_checking)
    code, err = run(capsys, "load", *store.load_args())
    assert (code, err) == (130, "nss-kg: interrupted\n")
    assert store.graphs() == before
