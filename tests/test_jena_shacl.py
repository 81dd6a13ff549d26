"""Jena SHACL, an independent implementation, finds what we find: on every mutant of
tests/test_mutations.py and on wrongly typed and ill-typed values, the same (focus node, source shape,
severity) results, as many times each.

Jena comes from Debian's libapache-jena-java, which tests/run.sh installs; the tests skip when it (or a JDK
to compile the small batch program below) is missing. One JVM validates every mutant: it loads the shapes
and the packaged data once, then for each mutant applies the triples it deletes and adds, the mutants in
parallel; under pytest-xdist one worker runs it for all (jena_on_mutants).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import servers
from rdflib import Graph, Literal, Namespace, URIRef
from test_mutations import DATA, MUTANT_PARAMS, MUTANTS, Change, Found, Mutant, change, n3, our_results

from nss_kg.namespaces import BASE_IRI, NAMESPACE
from nss_kg.validation import _hierarchy, _shapes, validate

# An outside program (a JVM) but no server: it runs with the tests spread over the cores (tests/run.sh), each
# mutant on the worker that validated it with pySHACL; slow, so out of the quick run.
pytestmark = pytest.mark.slow

JAVA_SHARE = Path("/usr/share/java")
JENA_PACKAGE = "libapache-jena-java"
NSS = Namespace(NAMESPACE)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

#: Validates the data (base graph, then each mutant's deleted and added triples) against the shapes, and
#: prints one line per result: the mutant's number, focus node, source shape and severity, tab-separated.
#: Blank node labels are kept as given, so that a mutant's files name the base graph's blank nodes.
BATCH = r"""
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.riot.out.NodeFmtLib;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.graph.GraphFactory;

public class ShaclBatch {
    static Graph read(String path) {
        Graph graph = GraphFactory.createDefaultGraph();
        RDFParser.create().source(path).lang(Lang.NTRIPLES)
            .labelToNode(LabelToNode.createUseLabelAsGiven()).parse(graph);
        return graph;
    }

    public static void main(String[] args) {
        Shapes shapes = Shapes.parse(read(args[0]));
        Graph base = read(args[1]);
        int count = (args.length - 2) / 2;
        String[] lines = new String[count];
        // Each mutant in a graph of its own, so they validate in parallel, on every core; printed in order.
        java.util.stream.IntStream.range(0, count).parallel().forEach(n -> {
            Graph data = GraphFactory.createDefaultGraph();
            GraphUtil.addInto(data, base);
            GraphUtil.deleteFrom(data, read(args[2 + 2 * n]));
            GraphUtil.addInto(data, read(args[3 + 2 * n]));
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            StringBuilder out = new StringBuilder();
            for (ReportEntry entry : report.getEntries()) {
                out.append(n + "\t" + NodeFmtLib.strNT(entry.focusNode()) + "\t"
                    + NodeFmtLib.strNT(entry.source()) + "\t"
                    + NodeFmtLib.strNT(entry.severity().level()) + "\n");
            }
            lines[n] = out.toString();
        });
        for (String line : lines) {
            System.out.print(line);
        }
    }
}
"""


def _package_jars(package: str) -> list[Path]:
    listed = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True, check=False)
    paths = [Path(line) for line in listed.stdout.splitlines()]
    # The unversioned names (jena-core.jar), each a link to its versioned file.
    return [p for p in paths if p.parent == JAVA_SHARE and p.suffix == ".jar" and not p.stem[-1].isdigit()]


@cache
def classpath(folder: Path) -> str | None:
    """Jena's jars and those of the packages it depends on; None if Jena or a JDK is missing."""
    if shutil.which("java") is None or shutil.which("javac") is None or shutil.which("dpkg-query") is None:
        return None
    jena = _package_jars(JENA_PACKAGE)
    if not jena:
        return None
    depends = subprocess.run(
        ["dpkg-query", "-W", "-f=${Depends}", JENA_PACKAGE], capture_output=True, text=True, check=True
    ).stdout
    jars = list(jena)
    for dependency in depends.split(","):
        name = dependency.split("|")[0].split("(")[0].strip()
        # libslf4j-java holds every logging binding; two on the class path make slf4j refuse to start.
        jars += [j for j in _package_jars(name) if not j.stem.startswith("slf4j") or j.stem == "slf4j-api"]
    jars += [JAVA_SHARE / "slf4j-nop.jar"]
    # Debian's jena-core moves Jena's copy of Xerces to the package xerces but leaves its message files
    # under org/apache/jena/ext/xerces, and Xerces fails to start without them: put copies where it looks.
    resources_folder = folder / "jena-resources"
    with zipfile.ZipFile(JAVA_SHARE / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and not name.endswith((".class", "/")):
                target = resources_folder / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return ":".join([str(resources_folder), *map(str, jars)])


def _write_nt(path: Path, triples: object) -> Path:
    graph = Graph()
    for triple in triples:  # type: ignore[attr-defined]
        graph.add(triple)
    graph.serialize(path, format="nt", encoding="utf-8")
    return path


def jena_results(folder: Path, base: Graph, changes: list[Change]) -> list[Found]:
    """Jena SHACL's results on ``base`` with each change made (the triples it deletes, those it adds), with
    the ontology's class hierarchy added, as nss_kg.validate adds it, in one JVM."""
    cp = classpath(folder)
    if cp is None:
        servers.missing("Jena SHACL", f"Debian's {JENA_PACKAGE} and a JDK")
    source = folder / "ShaclBatch.java"
    source.write_text(BATCH, encoding="utf-8")
    base = with_hierarchy(Graph() + base)
    hierarchy = set(_hierarchy())
    args = [str(_write_nt(folder / "shapes.nt", _shapes())), str(_write_nt(folder / "base.nt", base))]
    for i, (deleted, added) in enumerate(changes):
        # The hierarchy stays whatever a change does, as in nss_kg.validate's data graph.
        args.append(str(_write_nt(folder / f"{i}-deleted.nt", deleted - hierarchy)))
        args.append(str(_write_nt(folder / f"{i}-added.nt", {t for t in added if t not in base})))
    done = subprocess.run(
        ["java", "-cp", cp, str(source), *args], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: list[list[tuple[str, str, str]]] = [[] for _ in changes]
    for line in done.stdout.splitlines():
        number, focus, shape, severity = line.split("\t")
        found[int(number)].append(("_:" if focus.startswith("_:") else focus, shape, severity))
    return [tuple(sorted(f)) for f in found]


def with_hierarchy(graph: Graph) -> Graph:
    for triple in _hierarchy():
        graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def jena_on_mutants(tmp_path_factory: pytest.TempPathFactory) -> dict[Mutant, Found]:
    """Jena's results on every mutant, computed once per test run: under pytest-xdist the first worker to
    ask runs the JVM and the others read what it wrote (it took each worker 2.5 minutes)."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        return _jena_on_mutants(tmp_path_factory.mktemp("jena"))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    cache = shared / f"jena-mutants-{run}.json"
    with open(shared / f"jena-mutants-{run}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not cache.exists():
            found = _jena_on_mutants(tmp_path_factory.mktemp("jena"))
            partial = cache.with_suffix(".partial")
            partial.write_text(
                json.dumps({m.name: results for m, results in found.items()}), encoding="utf-8"
            )
            partial.replace(cache)
    by_name = json.loads(cache.read_text(encoding="utf-8"))
    return {m: tuple(tuple(result) for result in by_name[m.name]) for m in MUTANTS}  # type: ignore[misc]


def _jena_on_mutants(folder: Path) -> dict[Mutant, Found]:
    return dict(zip(MUTANTS, jena_results(folder, DATA, [change(m) for m in MUTANTS]), strict=True))


@pytest.mark.parametrize("mutant", MUTANT_PARAMS)
def test_jena_shacl_finds_what_we_find(mutant: Mutant, jena_on_mutants: dict[Mutant, Found]) -> None:
    assert Counter(jena_on_mutants[mutant]) == Counter(our_results(mutant))


SEOUL = URIRef(BASE_IRI + "summit/2012-seoul")
WASHINGTON = URIRef(BASE_IRI + "summit/2010-washington")

#: The values Jena and we once disagreed on (5 results against 4, 5 against 2, and a crash).
TYPED = [
    ("string edition", SEOUL, NSS.edition, Literal("2")),
    ("edition 0", WASHINGTON, NSS.edition, Literal("0", datatype=XSD.positiveInteger)),
    ("ill-typed start", WASHINGTON, NSS.startDate, Literal("2010-13-45", datatype=XSD.date)),
    ("ill-typed end", WASHINGTON, NSS.endDate, Literal("2010-04-32", datatype=XSD.date)),
    ("ill-typed count", SEOUL, NSS.participatingStateCount, Literal("many", datatype=XSD.nonNegativeInteger)),
    ("decimal edition", SEOUL, NSS.edition, Literal("2.0", datatype=XSD.decimal)),
]


def test_jena_shacl_agrees_on_wrong_and_ill_typed_values(tmp_path: Path) -> None:
    changes: list[Change] = []
    ours = []
    for _, subject, predicate, value in TYPED:
        graph = Graph() + DATA
        graph.set((subject, predicate, value))
        report = validate(data=graph)
        ours.append(
            tuple(sorted((n3(r.focus_node), n3(r.source_shape), n3(r.severity.iri)) for r in report.results))
        )
        triples, data = set(graph), set(DATA)
        changes.append((frozenset(data - triples), frozenset(triples - data)))
    theirs = jena_results(tmp_path, DATA, changes)
    for (name, *_), mine, jena in zip(TYPED, ours, theirs, strict=True):
        assert mine, name
        assert Counter(jena) == Counter(mine), name
