"""Do nss_kg.validate, Jena SHACL and pySHACL report the same results on synthetic graphs with breakage?

For each size: a synthetic graph (benchmarks/synthetic.py), broken in the eighteen ways of
benchmarks/breakage.py at ``size // 20,000`` places each (at least one), merged with the packaged data; then
validated by nss_kg.validate (the compiled engine), by Jena SHACL (Debian's libapache-jena-java, the batch
program of tests/test_jena_shacl.py) and, up to 50,000 triples, by pySHACL with rdflib answering its SPARQL
constraints (as tests/test_compiled_validation.py runs it). The
results are compared as multisets of (focus node, path, value, source shape, severity, constraint
component), blank nodes as one. Prints a Markdown table; exits 1 if any engine disagrees.

    python benchmarks/engine_agreement.py --sizes 4500 192000   # some 19,500 and 207,000 triples in all
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph

from nss_kg import pyshacl_patches

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parents[1] / "tests")]

import breakage  # noqa: E402
import synthetic  # noqa: E402
from test_jena_shacl import by_change, jena_output  # noqa: E402
from test_mutations import DATA, Found, results  # noqa: E402

#: Beyond this pySHACL with rdflib answering its SPARQL constraints needs many minutes.
PYSHACL_LIMIT = 50_000


def broken_graph(size: int, seed: int) -> Graph:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.ttl"
        synthetic.write(path, size, seed)
        graph = Graph().parse(path, format="turtle")
    breakage.break_graph(graph, max(1, size // 20_000), seed)
    for triple in DATA:
        graph.add(triple)
    return graph


def jena_on(graph: Graph, folder: Path) -> Found:
    return by_change(jena_output(folder, graph, []), 0)[0]


def pyshacl_results(graph: Graph) -> Found:
    """pySHACL's results, its SPARQL constraints answered by rdflib on the terms as written (pyoxigraph, which
    nss_kg.validate gives it, stores "10"^^xsd:positiveInteger as "10"^^xsd:integer)."""
    copy = pyshacl_patches.OxigraphQueriedGraph.oxigraph_copy
    pyshacl_patches.OxigraphQueriedGraph.oxigraph_copy = lambda self: None  # type: ignore[method-assign,assignment]
    try:
        return results(graph, engine="pyshacl")
    finally:
        pyshacl_patches.OxigraphQueriedGraph.oxigraph_copy = copy  # type: ignore[method-assign]


def timed(run: object) -> tuple[Found, float]:
    start = time.perf_counter()
    found = run()  # type: ignore[operator]
    return found, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4_500, 192_000], help="synthetic triples")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print("| triples | results | kinds of source shape | Jena SHACL | pySHACL | ours, Jena, pySHACL (s) |")
    print("|---|---|---|---|---|---|")
    agree = True
    for size in args.sizes:
        graph = broken_graph(size, args.seed)
        ours, ours_s = timed(lambda graph=graph: results(graph))
        with tempfile.TemporaryDirectory() as folder:
            others = {"Jena": timed(lambda graph=graph, folder=folder: jena_on(graph, Path(folder)))}
        if size <= PYSHACL_LIMIT:
            others["pySHACL"] = timed(lambda graph=graph: pyshacl_results(graph))
        verdicts = [
            "same" if Counter(found) == Counter(ours) else "DIFFERENT" for found, _ in others.values()
        ]
        agree = agree and "DIFFERENT" not in verdicts
        verdicts += ["not run"] * (2 - len(others))
        seconds = ", ".join(f"{s:.1f}" for s in (ours_s, *(s for _, s in others.values())))
        shapes = len({r[3] for r in ours})
        print(f"| {len(graph):,} | {len(ours)} | {shapes} | {' | '.join(verdicts)} | {seconds} |")
        for name, (found, _) in others.items():
            for result, times in (Counter(found) - Counter(ours)).items():
                print(f"  only {name}: {times} times {result}", file=sys.stderr)
            for result, times in (Counter(ours) - Counter(found)).items():
                print(f"  only ours (vs {name}): {times} times {result}", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
