"""What the tests share: the servers they start (tests/servers.py has the how), hypothesis profiles, and
markers for the tests a quick development run leaves out.

Markers (``pytest -m "not servers and not wheel and not slow"`` is the quick run, docs/development.md):
``servers`` a test starts a triple store or an outside program (Oxigraph, Virtuoso, grlc, a browser);
``wheel`` it builds and installs the package; ``slow`` it takes seconds on its own (subprocesses, many
examples, Jena SHACL's JVM).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import servers
from hypothesis import HealthCheck, settings

# "ci" (the default, and what tests/run.sh uses) tries as many examples as the tests were written for; "dev"
# a tenth as many, for the quick run.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", parent=settings.get_profile("ci"), max_examples=20)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Fixtures that start a server or program outside this process.
SERVER_FIXTURES = frozenset({"oxigraph", "virtuoso", "store", "remote", "jena_on_mutants"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


def pytest_collection_finish(session: pytest.Session) -> None:
    """With --dist loadgroup, each test of an xdist group must carry its group in its nodeid, which is how
    pytest-xdist keeps a group on one worker; on pytest 9.2 it silently did not (pytest-xdist issue 1386)."""
    if not session.config.getoption("loadgroup", default=False):
        return
    grouped = [item for item in session.items if item.get_closest_marker("xdist_group")]
    # pytest-xdist's own test of a suffix: an "@" after the parameters' brackets (an id may hold one too).
    ungrouped = [item.nodeid for item in grouped if item.nodeid.rfind("@") <= item.nodeid.rfind("]")]
    if ungrouped:
        message = f"--dist loadgroup does not group {ungrouped[0]}: see pytest-xdist issue 1386"
        print(message, file=sys.__stderr__, flush=True)  # a worker's exit reason is not shown
        pytest.exit(message, 4)


def _serving(start: Callable[[Path], servers.Server], folder: Path) -> Iterator[servers.Server]:
    server = start(folder)
    yield server
    assert server.process is not None
    servers.stop(server.process)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    yield from _serving(servers.start_oxigraph, tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Server]:
    yield from _serving(servers.start_virtuoso, tmp_path_factory.mktemp("virtuoso"))


@pytest.fixture(params=["oxigraph", "virtuoso"])
def store(request: pytest.FixtureRequest) -> servers.Server:
    """Each real store in turn."""
    server: servers.Server = request.getfixturevalue(request.param)
    return server


@pytest.fixture
def fake_endpoint() -> Iterator[servers.FakeEndpoint]:
    fake = servers.FakeEndpoint()
    yield fake
    fake.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The mutation score: how many of the mutants that ran were reported by their shape (test_mutations)."""
    outcomes = [
        value
        for kind in ("passed", "failed")
        for report in terminalreporter.stats.get(kind, [])
        if report.when == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "mutant"
    ]
    if outcomes:
        terminalreporter.write_sep("-", "nss-kg SHACL mutation tests")
        terminalreporter.write_line(f"mutation score: {outcomes.count('caught')}/{len(outcomes)}")


@pytest.fixture(scope="module")
def web_client() -> Iterator[object]:
    """A Starlette TestClient on ``nss-kg serve``'s application (the packaged graph), one per module."""
    import warnings

    pytest.importorskip("starlette")
    with warnings.catch_warnings():  # Starlette 1.x would have httpx2 under its TestClient; httpx still works
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from nss_kg import web

    with TestClient(web.app()) as client:
        yield client
