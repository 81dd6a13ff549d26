"""Jena SHACL, an independent implementation, finds what we find: on every mutant of tests/test_mutations.py
and on wrongly typed and ill-typed values, the same results — focus node, path, value, source shape, severity,
constraint component — as many times each.

Jena comes from Debian's libapache-jena-java, which tests/run.sh installs; the tests skip when it (or a JDK
to compile the small batch program below) is missing. One JVM checks every mutant: it loads the shapes and
the packaged data once, validates the data whole (it conforms), then for each mutant applies the triples it
deletes and adds and validates the nodes the change can reach — those it touches and their neighbours, where
every result of ours on a mutant lies (asserted) — rather than the whole graph again: 273 whole validations
took the JVM a minute on two cores, these take seconds. Under pytest-xdist one worker runs it for all.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
import servers
from rdflib import RDF, SH, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from test_mutations import (
    DATA,
    MUTANT_PARAMS,
    MUTANTS,
    Change,
    Found,
    Mutant,
    Result,
    mutated,
    our_results,
    results,
    unlabelled,
)

from nss_kg.namespaces import BASE_IRI, NAMESPACE
from nss_kg.validation import _hierarchy, _shapes

# An outside program (a JVM) but no server: it runs with the tests spread over the cores (tests/run.sh), each
# mutant on the worker that validated it for tests/test_mutations.py; out of the quick run.
pytestmark = pytest.mark.slow

JAVA_SHARE = Path("/usr/share/java")
JENA_PACKAGE = "libapache-jena-java"
NSS = Namespace(NAMESPACE)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

#: Validates the data against the shapes, then for each change (a file of triples it deletes, one of triples
#: it adds, one naming the focus nodes to validate, or "-" for the whole graph) the changed data; prints one
#: line per result: the change's number (-1 for the data itself), then focus node, path, value, source shape,
#: severity and constraint component in N-Triples, tab-separated, an absent path or value empty. Blank node
#: labels are kept as given, so that a change's files name the base graph's blank nodes.
BATCH = r"""
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.LabelToNode;
import org.apache.jena.atlas.io.IndentedLineBuffer;
import org.apache.jena.riot.out.NodeFormatter;
import org.apache.jena.riot.out.NodeFormatterNT;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.engine.ValidationContext;
import org.apache.jena.shacl.parser.Shape;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.VLib;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.path.P_Path0;

public class ShaclBatch {
    static Graph read(String path) {
        Graph graph = GraphFactory.createDefaultGraph();
        RDFParser.create().source(path).lang(Lang.NTRIPLES)
            .labelToNode(LabelToNode.createUseLabelAsGiven()).parse(graph);
        return graph;
    }

    // The N-Triples writer's formatter: NodeFmtLib.strNT abbreviates numbers (2.0 for "2.0"^^xsd:decimal).
    static final NodeFormatter FORMATTER = new NodeFormatterNT();

    static String nt(Node node) {
        if (node == null) {
            return "";
        }
        IndentedLineBuffer text = new IndentedLineBuffer();
        FORMATTER.format(text, node);
        return text.asString();
    }

    static String lines(int n, Iterable<ReportEntry> entries) {
        StringBuilder out = new StringBuilder();
        for (ReportEntry entry : entries) {
            String path = entry.resultPath() == null ? ""
                : entry.resultPath() instanceof P_Path0 ? nt(((P_Path0) entry.resultPath()).getNode())
                : entry.resultPath().toString();
            out.append(n + "\t" + nt(entry.focusNode()) + "\t" + path + "\t" + nt(entry.value()) + "\t"
                + nt(entry.source()) + "\t" + nt(entry.severity().level()) + "\t"
                + nt(entry.sourceConstraintComponent()) + "\n");
        }
        return out.toString();
    }

    public static void main(String[] args) {
        Shapes shapes = Shapes.parse(read(args[0]));
        Graph base = read(args[1]);
        System.out.print(lines(-1, ShaclValidator.get().validate(shapes, base).getEntries()));
        int count = (args.length - 2) / 3;
        String[] found = new String[count];
        // Each change in a graph of its own, so they validate in parallel, on every core; printed in order.
        java.util.stream.IntStream.range(0, count).parallel().forEach(n -> {
            Graph data = GraphFactory.createDefaultGraph();
            GraphUtil.addInto(data, base);
            GraphUtil.deleteFrom(data, read(args[2 + 3 * n]));
            GraphUtil.addInto(data, read(args[3 + 3 * n]));
            String focus = args[4 + 3 * n];
            List<ReportEntry> entries = new ArrayList<>();
            if (focus.equals("-")) {
                entries.addAll(ShaclValidator.get().validate(shapes, data).getEntries());
            } else {
                // One context for all the nodes; a shape's focus nodes found at once, as a whole
                // validation finds them (ShaclValidator's one-node call tries every shape on the node).
                ValidationContext context = ValidationContext.create(shapes, data);
                java.util.Set<Node> wanted = new java.util.HashSet<>();
                read(focus).find().forEachRemaining(t -> wanted.add(t.getObject()));
                for (Shape shape : shapes.getTargetShapes()) {
                    for (Node node : VLib.focusNodes(data, shape)) {
                        if (wanted.contains(node)) {
                            VLib.validateShape(context, data, shape, node);
                        }
                    }
                }
                entries.addAll(context.generateReport().getEntries());
            }
            found[n] = lines(n, entries);
        });
        for (String line : found) {
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


#: The reach of a change is its nodes and their neighbours, not through rdf:type (a class's instances).
_NOT_A_NEIGHBOUR = {RDF.type}


def reach(graph: Graph, change: Change) -> set[Node]:
    """The nodes a change touches, their neighbours in ``graph`` (the changed data), the others with a value
    it changes, and, when it adds a name, the shapes' target nodes: the dataset, focus of the check of every
    Chinese name's script (a regular expression over every name, a fifth of a second each time in Jena)."""
    deleted, added = change
    touched = {n for s, p, o in deleted | added for n in (s, o) if not isinstance(n, Literal)}
    # The others with the changed value (two states sharing one ISO code).
    touched |= {s for _, p, o in deleted | added if isinstance(o, Literal) for s in graph.subjects(p, o)}
    near = set(touched)
    if any(isinstance(o, Literal) and o.language for _, _, o in added):
        near |= set(_shapes().objects(None, SH.targetNode))
    for node in touched:
        near |= {s for s, p in graph.subject_predicates(node) if p not in _NOT_A_NEIGHBOUR}
        near |= {o for p, o in graph.predicate_objects(node) if p not in _NOT_A_NEIGHBOUR}
    return {n for n in near if not isinstance(n, Literal)}


def jena_output(folder: Path, base: Graph, changes: list[tuple[Change, set[Node] | None]]) -> str:
    """What ShaclBatch prints for ``base`` and for ``base`` with each change made (the triples it deletes,
    those it adds) at the focus nodes given (None: all), with the ontology's class hierarchy added, as
    nss_kg.validate adds it; one JVM."""
    cp = classpath(folder)
    if cp is None:
        servers.missing("Jena SHACL", f"Debian's {JENA_PACKAGE} and a JDK")
    source = folder / "ShaclBatch.java"
    source.write_text(BATCH, encoding="utf-8")
    base = with_hierarchy(Graph() + base)
    hierarchy = {triple for triple, _ in _hierarchy().pairs}
    args = [str(_write_nt(folder / "shapes.nt", _shapes())), str(_write_nt(folder / "base.nt", base))]
    for i, ((deleted, added), focus) in enumerate(changes):
        # The hierarchy stays whatever a change does, as in nss_kg.validate's data graph.
        args.append(str(_write_nt(folder / f"{i}-deleted.nt", deleted - hierarchy)))
        args.append(str(_write_nt(folder / f"{i}-added.nt", {t for t in added if t not in base})))
        focus_triples = {(FOCUS, FOCUS, node) for node in focus} if focus is not None else None
        args.append("-" if focus_triples is None else str(_write_nt(folder / f"{i}-focus.nt", focus_triples)))
    done = subprocess.run(
        ["java", "-cp", cp, str(source), *args], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def by_change(output: str, changes: int) -> tuple[Found, list[Found]]:
    """Jena's printed results: those on the data, and those on each change."""
    found: dict[int, list[Result]] = {n: [] for n in range(-1, changes)}
    for number, result in _parsed(output):
        found[number].append(result)
    return _sorted(found[-1]), [_sorted(found[n]) for n in range(changes)]


FOCUS = URIRef("urn:nss-kg:test:focus")


def _parsed(output: str) -> Iterator[tuple[int, Result]]:
    """The printed results as RDF terms: each printed term is read by rdflib's N-Triples parser."""
    rows = [line.split("\t") for line in output.splitlines()]
    document = "".join(
        f"<urn:row:{i}> <urn:field:{k}> {term} .\n"
        for i, row in enumerate(rows)
        for k, term in enumerate(row[1:])
        if term
    )
    terms = Graph().parse(data=document, format="nt")
    for i, row in enumerate(rows):
        fields = [terms.value(URIRef(f"urn:row:{i}"), URIRef(f"urn:field:{k}")) for k in range(6)]
        focus, path, value, shape, severity, component = (unlabelled(f) for f in fields)
        yield int(row[0]), (focus, path, value, shape, severity, component)  # type: ignore[misc]


def _sorted(found: list[Result]) -> Found:
    return tuple(sorted(found, key=repr))


def with_hierarchy(graph: Graph) -> Graph:
    for triple, _ in _hierarchy().pairs:
        graph.add(triple)
    return graph


class JenaRun(NamedTuple):
    """Jena's results on each mutant where its change reaches (and those nodes), and on each TYPED change."""

    mutants: dict[Mutant, tuple[Found, set[Node]]]
    typed: list[Found]


def typed_graphs() -> list[Graph]:
    """The packaged data with each TYPED value set."""
    graphs = []
    for _, subject, predicate, value in TYPED:
        graph = Graph() + DATA
        graph.set((subject, predicate, value))
        graphs.append(graph)
    return graphs


@pytest.fixture(scope="module")
def jena_run(tmp_path_factory: pytest.TempPathFactory) -> JenaRun:
    """Jena's results, in one JVM once per test run: under pytest-xdist the first worker to ask runs it and
    the others read what it printed."""
    reaches = {}
    changes: list[tuple[Change, set[Node] | None]] = []
    for mutant in MUTANTS:
        with mutated(mutant) as (graph, made):
            reaches[mutant] = reach(graph, made)
        changes.append((made, reaches[mutant]))
    data = set(DATA)
    for graph in typed_graphs():
        triples = set(graph)
        changes.append(((frozenset(data - triples), frozenset(triples - data)), None))  # the whole graph
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:
        output = jena_output(tmp_path_factory.mktemp("jena"), DATA, changes)
    else:
        shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
        printed = shared / f"jena-mutants-{run}.txt"
        with open(shared / f"jena-mutants-{run}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not printed.exists():
                partial = printed.with_suffix(".partial")
                output = jena_output(tmp_path_factory.mktemp("jena"), DATA, changes)
                partial.write_text(output, encoding="utf-8")
                partial.replace(printed)
        output = printed.read_text(encoding="utf-8")
    on_data, found = by_change(output, len(changes))
    assert on_data == (), on_data
    mutants = {m: (f, reaches[m]) for m, f in zip(MUTANTS, found, strict=False)}
    return JenaRun(mutants, found[len(MUTANTS) :])


@pytest.mark.parametrize("mutant", MUTANT_PARAMS)
def test_jena_shacl_finds_what_we_find(mutant: Mutant, jena_run: JenaRun) -> None:
    jena, reached = jena_run.mutants[mutant]
    ours = our_results(mutant)
    # Jena looked only where the change reaches: every result of ours must lie there.
    assert {r[0] for r in ours} <= {unlabelled(n) for n in reached}, mutant.name
    assert Counter(jena) == Counter(ours)


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


def test_jena_shacl_agrees_on_wrong_and_ill_typed_values(jena_run: JenaRun) -> None:
    for (name, *_), graph, jena in zip(TYPED, typed_graphs(), jena_run.typed, strict=True):
        mine = results(graph)
        assert mine, name
        assert Counter(jena) == Counter(mine), name
