"""The summits' succession constraints (shape:FollowsShape, FollowedByShape, EditionConsecutiveShape)
before and after their rewrite, on pyoxigraph, as ``nss_kg.validate`` runs them: once per summit, $this
substituted.

The texts before the rewrite are read from git (``--before``, default the commit before it), the texts after
from the working tree. Both run on the same synthetic graphs (benchmarks/synthetic.py), taking turns (A, B,
A, B …) so that the machine's noise falls on each alike; prints the median seconds over ``RUNS`` runs, the
ratio, and that both give the same rows. Usage: ``.venv/bin/python benchmarks/succession_constraints.py``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import synthetic
from rdflib import SH, Graph, Namespace

REPO = Path(__file__).resolve().parents[1]
SHAPE = Namespace("https://w3id.org/nss-kg/shapes#")
NSS = "https://w3id.org/nss-kg/ontology#"
PREFIXES = f"PREFIX nss: <{NSS}>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
SHAPES = ("FollowsShape", "FollowedByShape", "EditionConsecutiveShape")
SIZES = (20_000, 200_000)
RUNS = 5


def selects(turtle: str) -> dict[str, str]:
    shapes = Graph().parse(data=turtle, format="turtle")
    return {s: PREFIXES + str(shapes.value(shapes.value(SHAPE[s], SH.sparql), SH.select)) for s in SHAPES}


def run(store: ox.Store, summits: list[ox.NamedNode], text: str) -> tuple[float, list[str]]:
    started = time.perf_counter()
    rows = [
        str(row["value"])
        for summit in summits
        for row in store.query(text, substitutions={ox.Variable("this"): summit})  # type: ignore[union-attr]
    ]
    return time.perf_counter() - started, sorted(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="the git revision of the shapes before (HEAD)")
    args = parser.parse_args()
    shown = ["git", "-C", str(REPO), "show", f"{args.before}:ontology/shapes.ttl"]
    before = selects(subprocess.run(shown, capture_output=True, text=True, check=True).stdout)
    after = selects((REPO / "ontology" / "shapes.ttl").read_text(encoding="utf-8"))
    print(
        f"{'triples':>8} {'summits':>8}  {'shape':<24} {'before s':>9} {'after s':>9} {'ratio':>7}  same rows"
    )
    for size in SIZES:
        out = io.StringIO()
        triples = synthetic.generate(out, size, seed=1)
        store = ox.Store()
        store.load(out.getvalue().encode(), format=ox.RdfFormat.TURTLE)
        summits = [row["s"] for row in store.query(f"SELECT ?s WHERE {{ ?s a <{NSS}Summit> }}")]  # type: ignore[index,union-attr]
        for shape in SHAPES:
            times: dict[str, list[float]] = {"before": [], "after": []}
            rows: dict[str, list[str]] = {}
            for _ in range(RUNS):
                for name, texts in (("before", before), ("after", after)):
                    seconds, rows[name] = run(store, summits, texts[shape])
                    times[name].append(seconds)
            b, a = (statistics.median(times[k]) for k in ("before", "after"))
            same = rows["before"] == rows["after"]
            print(f"{triples:>8} {len(summits):>8}  {shape:<24} {b:>9.3f} {a:>9.3f} {b / a:>6.1f}x  {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
