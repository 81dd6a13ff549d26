"""Regenerate everything derived from the graph: ``python docs/build.py`` (needs ``pip install .[docs]``).

Reads the Turtle files and queries of this checkout (not the installed package) and writes:

- ``ontology/context.jsonld``: the compact JSON-LD context the JSON-LD export uses;
- ``docs/ontology.html``: the ontology's documentation, by pyLODE;
- ``docs/ontology-diagram.dot`` and ``.png``: classes and their properties;
- ``docs/summits-timeline.csv`` and ``.png``: the summits, their host states and participation;
- ``docs/attendance.csv`` and ``docs/attendance-heatmap.png``: who took part in which summit;
- in README.md, between markers: the counts of what the graph knows (``<!-- knows:… -->``), and how much of
  it is named in Chinese and linked to Wikidata (``<!-- coverage:… -->``);
- in docs/queries.md: the table and the texts of the packaged queries (``<!-- queries:… -->``);
- in docs/api.md: the API reference's list of the public names (``<!-- api:… -->``), which mkdocstrings
  fills from the docstrings when the site is built;
- in data/dataset.ttl, between markers: the dataset's VoID statistics (``# statistics:…``): its triples,
  entities, classes and properties, and a class and a property partition for each, counted in the graph they
  are part of.

The .dot and .csv files are what the pictures are drawn from; tests/test_docs.py checks that they, the context
and the generated parts match the graph and the code, so a change without a rebuild fails the tests.
``--check`` does the same without writing anything.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent

NSS = "https://w3id.org/nss-kg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
THING = "Thing"

QUERIES_START = "<!-- queries:start -->"
QUERIES_END = "<!-- queries:end -->"
KNOWS_START = "<!-- knows:start -->"
KNOWS_END = "<!-- knows:end -->"
API_START = "<!-- api:start -->"
API_END = "<!-- api:end -->"
COVERAGE_START = "<!-- coverage:start -->"
COVERAGE_END = "<!-- coverage:end -->"
STATISTICS_START = "# statistics:start"
STATISTICS_END = "# statistics:end"
#: Enough rounds for the statistics to count themselves; they settle in two or three.
STATISTICS_ROUNDS = 10
ATTENDANCE_COLUMNS = ("participant", "kind", "2010", "2012", "2014", "2016")

#: Where each class sits in the diagram (x to the right, y up). A class not listed here (a new one) is put on
#: a row of its own below, so the diagram still draws; give it a place here.
POSITIONS = {
    "Event": (6.5, 6.8),
    "Topic": (14.5, 6.8),
    "Speech": (2.5, 4.6),
    "Commitment": (13.0, 4.4),
    "Summit": (6.5, 2.0),
    "SummitSeries": (-0.8, 1.6),
    "City": (1.5, -1.3),
    "Person": (6.2, -1.3),
    "InternationalOrganization": (14.0, -1.3),
    "Office": (3.2, -3.9),
    "SovereignState": (10.0, -3.9),
    THING: (-0.5, -6.2),
    "SourceDocument": (4.5, -6.2),
}


# ---------------------------------------------------------------------------------------------------------
# Reading the checkout
# ---------------------------------------------------------------------------------------------------------


def load(root: Path = ROOT) -> tuple[Graph, Graph]:
    """The ontology, and the whole graph (ontology and data), parsed from the checkout's Turtle files."""
    from rdflib import Graph

    from nss_kg.namespaces import BASE_IRI

    ontology, whole = Graph(), Graph()
    for path in _ontology_files(root):
        ontology.parse(path, format="turtle", publicID=BASE_IRI)
    for path in _graph_files(root):
        whole.parse(path, format="turtle", publicID=BASE_IRI)
    return ontology, whole


def _ontology_files(root: Path) -> list[Path]:
    from nss_kg import resources

    return [root / "ontology" / name for name in resources.ONTOLOGY_FILES]


def _graph_files(root: Path) -> list[Path]:
    """The files of the graph ``nss_kg.graph()`` returns: the ontology and the data."""
    return _ontology_files(root) + sorted((root / "data").glob("*.ttl"))


def _label(graph: Graph, iri: Any) -> str:
    from rdflib import Literal, URIRef

    labels = {
        o.language: str(o) for o in graph.objects(iri, URIRef(RDFS + "label")) if isinstance(o, Literal)
    }
    return labels.get("en") or str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _local(iri: Any) -> str:
    text = str(iri)
    if text == OWL + "Thing":
        return THING
    return text[len(NSS) :] if text.startswith(NSS) else text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------------------
# The ontology diagram
# ---------------------------------------------------------------------------------------------------------


@dataclass
class Diagram:
    """Classes with their datatype properties, and the arrows between them."""

    classes: dict[str, list[str]] = field(default_factory=dict)
    #: (from, to, label, kind) with kind "property" or "subclass"
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)


def diagram(ontology: Graph) -> Diagram:
    """The diagram's model: nss classes, datatype properties inside them, object properties as arrows.

    Pass the whole graph: a datatype property shows the datatype its values have in the data, where the
    ontology's range is only rdfs:Literal (OWL 2 DL has no xsd:date).
    """
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection

    from nss_kg.export import literal_kind

    a = URIRef(RDF + "type")
    result = Diagram()
    for node in ontology.subjects(a, URIRef(OWL + "Class")):
        if str(node).startswith(NSS):
            result.classes[_local(node)] = []

    def targets(node: Any) -> list[str]:
        if isinstance(node, BNode):
            members = ontology.value(node, URIRef(OWL + "unionOf"))
            return [_local(m) for m in Collection(ontology, members)] if members is not None else []
        return [_local(node)]

    for prop in ontology.subjects(a, URIRef(OWL + "DatatypeProperty")):
        if not str(prop).startswith(NSS):
            continue
        for domain in ontology.objects(prop, URIRef(RDFS + "domain")):
            for name in targets(domain):
                kind = literal_kind(ontology, str(prop))
                if kind is None:
                    rng = ontology.value(prop, URIRef(RDFS + "range"))
                    kind = str(rng) if rng is not None else "Literal"
                shown = "text@lang" if kind == "@language" else _local(kind)
                result.classes.setdefault(name, []).append(f"{_local(prop)} : {shown}")
    edges: set[tuple[str, str, str, str]] = set()
    for prop in ontology.subjects(a, URIRef(OWL + "ObjectProperty")):
        if not str(prop).startswith(NSS):
            continue
        for domain in ontology.objects(prop, URIRef(RDFS + "domain")):
            for rng in ontology.objects(prop, URIRef(RDFS + "range")):
                for source in targets(domain):
                    for target in targets(rng):
                        edges.add((source, target, _local(prop), "property"))
    for child, parent in ontology.subject_objects(URIRef(RDFS + "subClassOf")):
        if str(child).startswith(NSS) and str(parent).startswith(NSS):
            edges.add((_local(child), _local(parent), "subClassOf", "subclass"))
    for source, target, _, _ in edges:
        for name in (source, target):
            result.classes.setdefault(name, [])
    result.classes = {name: sorted(props) for name, props in sorted(result.classes.items())}
    result.edges = sorted(edges)
    return result


def diagram_dot(model: Diagram) -> str:
    """The diagram as Graphviz DOT: the text form the picture is checked against (``dot`` can draw it)."""
    lines = [
        "// Generated by docs/build.py from ontology/ and data/: do not edit.",
        "digraph nss {",
        '  node [shape=record, fontname="DejaVu Sans"];',
    ]
    for name, props in model.classes.items():
        title = "any resource (owl:Thing)" if name == THING else f"nss:{name}"
        body = "".join(f"{p}\\l" for p in props)
        lines.append(f'  "{name}" [label="{{{title}|{body}}}"];')
    for source, target, label, kind in model.edges:
        style = ", arrowhead=empty, style=dashed" if kind == "subclass" else ""
        lines.append(f'  "{source}" -> "{target}" [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _merged_edges(model: Diagram) -> dict[tuple[str, str, str], list[str]]:
    """Arrows between the same two classes share one line with all their labels."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for source, target, label, kind in model.edges:
        if (target, source, kind) in merged and source != target:
            merged[(target, source, kind)].append(label + " ←")
        else:
            merged.setdefault((source, target, kind), []).append(label)
    return merged


def draw_diagram(model: Diagram, path: Path) -> None:
    """Draw it with matplotlib: a box per class, an arrow per property, a hollow head for subclass of."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    positions = dict(POSITIONS)
    extra = [name for name in model.classes if name not in positions]
    for i, name in enumerate(extra):
        positions[name] = (8.0 + 3.5 * i, -7.6)

    dpi = 110
    fig = plt.figure(figsize=(15, 12), dpi=dpi)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.92))
    ax.set_xlim(-2.4, 16.2)
    ax.set_ylim(-7.0 if not extra else -8.5, 7.6)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.suptitle("nss-kg ontology: classes and their properties", fontsize=16, fontweight="bold", y=0.985)
    fig.text(
        0.5,
        0.945,
        "Boxes: classes with their datatype properties.  Arrows: object properties (domain → range; "
        "a range of several classes gets an arrow to each).  Dashed, hollow head: subclass of.",
        ha="center",
        fontsize=10,
        color="#444444",
    )

    boxes = {}
    for name, props in model.classes.items():
        x, y = positions[name]
        title = "any resource" if name == THING else name
        text = title + ("\n" + "\n".join(props) if props else "")
        boxes[name] = ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=9,
            family="DejaVu Sans",
            linespacing=1.35,
            zorder=3,
            bbox={
                "boxstyle": "round,pad=0.5",
                "facecolor": "#f3f3f3" if name == THING else "#e8f0fb",
                "edgecolor": "#999999" if name == THING else "#2f5d9b",
                "linewidth": 1.2,
                "linestyle": "--" if name == THING else "-",
            },
        )
    # Lay the boxes out once, so the arrows can be clipped at their edges.
    fig.canvas.draw()

    for (source, target, kind), labels in sorted(_merged_edges(model).items()):
        subclass = kind == "subclass"
        color = "#666666" if subclass else "#b5522b"
        label = "\n".join(labels)
        if source == target:
            x, y = positions[source]
            patch = boxes[source].get_bbox_patch()
            assert patch is not None
            extent = patch.get_window_extent().transformed(ax.transData.inverted())
            top, right = extent.y1, extent.x1
            loop = FancyArrowPatch(
                (right - 0.3, top),
                (right, top - 0.5),
                connectionstyle="arc3,rad=-1.6",
                arrowstyle="-|>",
                mutation_scale=14,
                color=color,
                linewidth=1.2,
                zorder=2,
            )
            ax.add_patch(loop)
            ax.text(
                right + 0.1, top + 0.1, label, fontsize=8.5, color=color, ha="left", va="bottom", zorder=4
            )
            continue
        (x1, y1), (x2, y2) = positions[source], positions[target]
        rad = 0.0 if subclass else 0.08
        arrow = FancyArrowPatch(
            (x1, y1),
            (x2, y2),
            patchA=boxes[source].get_bbox_patch(),
            patchB=boxes[target].get_bbox_patch(),
            connectionstyle=f"arc3,rad={rad}",
            arrowstyle="-|>" if not subclass else "-|>,head_width=0.5,head_length=0.9",
            mutation_scale=14,
            edgecolor=color,
            facecolor="white" if subclass else color,
            linestyle="--" if subclass else "-",
            linewidth=1.2,
            zorder=2,
        )
        ax.add_patch(arrow)
        # The midpoint of matplotlib's arc3 curve (a quadratic Bézier with control point mid + rad·(dy, -dx)).
        mx, my = (x1 + x2) / 2 + rad * (y2 - y1) / 2, (y1 + y2) / 2 - rad * (x2 - x1) / 2
        ax.text(
            mx,
            my,
            label,
            fontsize=8.5,
            color=color,
            ha="center",
            va="center",
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
    fig.savefig(path, dpi=dpi, metadata={"Software": None})
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# The timeline of the summits
# ---------------------------------------------------------------------------------------------------------

TIMELINE_COLUMNS = (
    "edition",
    "summit",
    "start",
    "end",
    "host_state",
    "host_city",
    "host_leader",
    "participating_states",
    "participating_organizations",
)


def timeline(whole: Graph) -> list[dict[str, str]]:
    """One row per event, in date order: the speech the series originated in, then each summit."""
    from rdflib import URIRef

    def value(node: Any, name: str) -> Any:
        return whole.value(node, URIRef(NSS + name))

    rows = []
    a = URIRef(RDF + "type")
    for speech in whole.objects(None, URIRef(NSS + "originatedIn")):
        place = value(speech, "speechPlace")
        rows.append({
            "edition": "0",
            "summit": _label(whole, speech),
            "start": str(value(speech, "startDate")),
            "end": str(value(speech, "endDate")),
            "host_state": _label(whole, value(place, "locatedIn")) if place is not None else "",
            "host_city": _label(whole, place) if place is not None else "",
            "host_leader": _label(whole, value(speech, "speaker")),
            "participating_states": "",
            "participating_organizations": "",
        })  # fmt: skip
    for summit in whole.subjects(a, URIRef(NSS + "Summit")):
        rows.append({
            "edition": str(value(summit, "edition")),
            "summit": _label(whole, summit),
            "start": str(value(summit, "startDate")),
            "end": str(value(summit, "endDate")),
            "host_state": _label(whole, value(summit, "hostState")),
            "host_city": _label(whole, value(summit, "hostCity")),
            "host_leader": _label(whole, value(summit, "hostLeader")),
            "participating_states": str(value(summit, "participatingStateCount") or ""),
            "participating_organizations": str(value(summit, "participatingOrganizationCount") or ""),
        })  # fmt: skip
    rows.sort(key=lambda row: (row["start"], row["summit"]))
    return rows


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """A picture's rows as CSV: the text form the picture is checked against."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def timeline_csv(rows: list[dict[str, str]]) -> str:
    return _csv(rows, TIMELINE_COLUMNS)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _num(day: date) -> float:
    """matplotlib's number for a date (date2num has no type hints)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def draw_timeline(rows: list[dict[str, str]], path: Path) -> None:
    """Bars at each summit's date, as tall as the states taking part (organizations stacked on top)."""
    from datetime import timedelta

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    summits = [r for r in rows if r["participating_states"]]
    others = [r for r in rows if not r["participating_states"]]
    hosts = sorted({r["host_state"] for r in summits})
    palette = ["#2f5d9b", "#b5522b", "#2e8b57", "#8e44ad", "#c49a00", "#16a085"]
    colors = {host: palette[i % len(palette)] for i, host in enumerate(hosts)}

    dpi = 110
    fig, ax = plt.subplots(figsize=(13, 6.8), dpi=dpi)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.86, bottom=0.08)
    width = timedelta(days=420)
    top = max(int(r["participating_states"]) + int(r["participating_organizations"] or 0) for r in summits)
    for row in summits:
        start, end = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        states = int(row["participating_states"])
        organizations = int(row["participating_organizations"] or 0)
        color = colors[row["host_state"]]
        x = _num(start)
        left = _num(start - width / 2)
        ax.bar(left, states, width=2 * (x - left), align="edge", color=color, zorder=2)
        ax.bar(
            left, organizations, bottom=states, width=2 * (x - left), align="edge", color=color, alpha=0.35
        )
        label = f"{states} states\n+ {organizations} organizations"
        ax.text(x, states + organizations + 1, label, ha="center", va="bottom", fontsize=10)
        if start.month == end.month:
            days = f"{start.day}–{end.day} {start:%b %Y}"  # noqa: RUF001 (an en dash, as typeset)
        else:
            days = f"{start.day} {start:%b} – {end.day} {end:%b %Y}"  # noqa: RUF001
        ax.text(
            x,
            states - 3,
            f"{_ordinal(int(row['edition']))} summit\n{days}\n\n{row['host_city']}\n{row['host_state']}\n\n"
            f"host:\n{row['host_leader']}",
            ha="center",
            va="top",
            fontsize=9.5,
            color="white",
            fontweight="bold",
            linespacing=1.3,
            zorder=3,
        )
    for row in others:
        start = date.fromisoformat(row["start"])
        x = _num(start)
        ax.plot([x], [0], marker="*", markersize=18, color="#555555", zorder=3, clip_on=False)
        # Wrapped narrow: the first summit's bar starts a few months later.
        text = "\n".join(textwrap.wrap(f"{row['summit']}, {start.day} {start:%b %Y}", 16))
        ax.annotate(
            text + "\n\n(the series\noriginated in it)",
            xy=(x, 1.5),
            xytext=(x, top * 0.2),
            ha="center",
            va="bottom",
            fontsize=9.5,
            arrowprops={"arrowstyle": "-", "color": "#888888", "linestyle": ":"},
        )
    first = date.fromisoformat(rows[0]["start"])
    last = date.fromisoformat(rows[-1]["end"])
    ax.set_xlim(_num(date(first.year - 1, 7, 1)), _num(date(last.year + 1, 1, 1)))
    ax.set_ylim(0, top * 1.2)
    ax.xaxis.set_major_locator(mdates.YearLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]
    ax.set_ylabel("participants")
    ax.grid(axis="y", color="#dddddd", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [Rectangle((0, 0), 1, 1, color=colors[h]) for h in hosts]
    handles.append(Rectangle((0, 0), 1, 1, color="#999999", alpha=0.35))
    labels = [f"hosted by {h}" for h in hosts] + ["international organizations"]
    ax.legend(handles, labels, loc="upper left", frameon=False, fontsize=9.5)
    fig.suptitle("The Nuclear Security Summits: hosts and participation", fontsize=15, fontweight="bold")
    fig.text(
        0.5,
        0.905,
        "Drawn from the nss-kg graph: nss:startDate, nss:hostState, nss:hostCity, nss:hostLeader, "
        "nss:participatingStateCount, nss:participatingOrganizationCount",
        ha="center",
        fontsize=9.5,
        color="#444444",
    )
    fig.savefig(path, dpi=dpi, metadata={"Software": None})
    plt.close(fig)


# ---------------------------------------------------------------------------------------------------------
# The attendance heat-map and the counts of what the graph knows
# ---------------------------------------------------------------------------------------------------------


def attendance(whole: Graph) -> list[dict[str, str]]:
    """One row per participant, from the packaged ``attendance`` query: the states, then the organizations."""
    import nss_kg

    rows = []
    for row in nss_kg.query("attendance", graph=whole).to_dicts():
        attended = {year: "1" if row[f"at{year}"] else "0" for year in ATTENDANCE_COLUMNS[2:]}
        rows.append({"participant": str(row["participantLabel"]), "kind": str(row["kind"]), **attended})
    rows.sort(key=lambda r: (r["kind"] != "state", r["participant"]))
    return rows


def attendance_csv(rows: list[dict[str, str]]) -> str:
    return _csv(rows, ATTENDANCE_COLUMNS)


def draw_attendance(rows: list[dict[str, str]], path: Path) -> None:
    """A grid of participants by summits, filled where the participant took part."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    years = list(ATTENDANCE_COLUMNS[2:])
    half = (len(rows) + 1) // 2
    dpi = 110
    height = 0.22 * half + 1.8
    fig, axes = plt.subplots(1, 2, figsize=(11, height), dpi=dpi)
    fig.subplots_adjust(left=0.19, right=0.98, top=1 - 1.2 / height, bottom=0.02, wspace=1.25)
    colormap = ListedColormap(["#eeeeee", "#2f5d9b"])
    for ax, part in zip(axes, (rows[:half], rows[half:]), strict=True):
        grid = [[int(r[y]) for y in years] for r in part]
        ax.imshow(grid, cmap=colormap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(len(years)), years)
        ax.xaxis.tick_top()
        names = [r["participant"] + (" (org.)" if r["kind"] == "organization" else "") for r in part]
        ax.set_yticks(range(len(part)), names, fontsize=8.5)
        ax.set_xticks([x - 0.5 for x in range(1, len(years))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(part))], minor=True)
        ax.grid(which="minor", color="white", linewidth=1.5)
        ax.tick_params(which="minor", length=0)
        for side in ax.spines.values():
            side.set_visible(False)
    fig.suptitle(
        f"Who took part in which Nuclear Security Summit ({len(rows)} states and organizations)",
        fontsize=12,
        fontweight="bold",
    )
    note = "blue: took part; grey: did not (from the attendance query)"
    fig.text(0.5, 1 - 0.75 / height, note, ha="center", fontsize=9.5, color="#444444")
    fig.savefig(path, dpi=dpi, metadata={"Software": None})
    plt.close(fig)


def knows_text(whole: Graph) -> str:
    """The README's counts of what the graph knows, each counted in the graph."""
    from rdflib import URIRef

    def count(class_name: str) -> int:
        return len(set(whole.subjects(URIRef(RDF + "type"), URIRef(NSS + class_name))))

    def having(property_name: str) -> int:
        return len(set(whole.subjects(URIRef(NSS + property_name), None)))

    article = URIRef("https://w3id.org/nss-kg/source/zhwiki-nuclear-security-summit")
    commitments = set(whole.subjects(URIRef(RDF + "type"), URIRef(NSS + "Commitment")))
    by_states = {c for c in commitments if (c, URIRef(NSS + "source"), article) not in whole}
    signatures = len(list(whole.subject_objects(URIRef(NSS + "signatory"))))
    headed = having("headedBy")
    from_article, national = len(commitments) - len(by_states), len(by_states)
    rows = [
        ("summits", count("Summit"), "with dates, hosts, venues and participation counts"),
        ("sovereign states", count("SovereignState"), "ISO 3166-1 codes, en/zh-Hant/zh-Hans names, Wikidata"),
        ("international organizations", count("InternationalOrganization"), ""),
        ("delegations", count("Delegation"), f"{headed} with their head and the office held then"),
        ("persons", count("Person"), "host leaders and heads of delegation"),
        ("offices", count("Office"), ""),
        ("outcome documents", count("OutcomeDocument"), "communiqués, work plan, action plans"),
        ("joint statements", count("JointStatement"), f"{signatures} signatures"),
        ("national progress reports", count("NationalProgressReport"), "2016, those whose own page was read"),
        ("commitments", len(commitments), f"{from_article} from the article, {national} national (2010)"),
        ("claims", count("Claim"), "what sources say where they disagree"),
        ("source documents", count("SourceDocument"), "each with address, publisher and access date"),
        ("triples", len(whole), "ontology and data, as `nss_kg.graph()` returns them"),
    ]  # fmt: skip
    lines = ["| what | how many | |", "| --- | ---: | --- |"]
    lines += [f"| {what} | {number} | {note} |" for what, number, note in rows]
    return "\n".join(lines) + "\n"


def coverage_text(whole: Graph) -> str:
    """The README's table of names and links, from the packaged ``coverage`` query."""
    import nss_kg

    lines = [
        "| kind | entities | zh-Hant | zh-Hans | of them written by nss-kg | Wikidata |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in nss_kg.query("coverage", graph=whole).to_dicts():
        columns = ("entities", "zhHant", "zhHans", "constructedLabels", "wikidata")
        counts = [int(row[column]) for column in columns]
        kind = str(row["kind"]).rsplit("#", 1)[1]
        lines.append(f"| {kind} | " + " | ".join(map(str, counts)) + " |")
    return "\n".join(lines) + "\n"


def _statistics_block(graph: Graph, prefixes: dict[str, str]) -> str:
    """The VoID statistics of ``graph`` as Turtle: counts of the whole, a partition per class (its entities,
    the instances with an IRI in the dataset's URI space, and all its instances, blank nodes too) and per
    property (its triples), in IRI order. No void:distinctObjects: the count would be one of the objects it
    counts, and some graphs would have no such count (or two)."""
    from rdflib import RDF, BNode, URIRef

    from nss_kg.namespaces import BASE_IRI

    def name(iri: Any) -> str:
        for prefix, namespace in prefixes.items():
            local = str(iri)[len(namespace) :]
            if str(iri).startswith(namespace) and local.replace("-", "").replace("_", "").isalnum():
                return f"{prefix}:{local}"
        return f"<{iri}>"

    def ours(node: Any) -> bool:
        return isinstance(node, URIRef) and str(node).startswith(BASE_IRI)

    instances: dict[Any, set[Any]] = {}
    for thing, kind in graph.subject_objects(RDF.type):
        instances.setdefault(kind, set()).add(thing)
    uses: dict[Any, int] = {}
    for predicate in graph.predicates():
        uses[predicate] = uses.get(predicate, 0) + 1
    subjects = set(graph.subjects())
    classes = sorted(instances, key=str)
    properties = sorted(uses, key=str)
    assert not any(isinstance(term, BNode) for term in classes)
    parts = [
        f"<{BASE_IRI}dataset>",
        f"    void:triples {len(graph)} ;",
        f"    void:entities {sum(map(ours, subjects))} ;",
        f"    void:classes {len(classes)} ;",
        f"    void:properties {len(properties)} ;",
        f"    void:distinctSubjects {len(subjects)}",
    ]
    if classes:
        parts[-1] += " ;"
        parts.append("    void:classPartition\n" + " ,\n".join(
            f"        [ void:class {name(kind)} ; void:entities {sum(map(ours, instances[kind]))} ;"
            f" void:distinctSubjects {len(instances[kind])} ]"
            for kind in classes
        ))  # fmt: skip
    if properties:
        parts[-1] += " ;"
        parts.append("    void:propertyPartition\n" + " ,\n".join(
            f"        [ void:property {name(p)} ; void:triples {uses[p]} ]" for p in properties
        ))  # fmt: skip
    return "\n".join(parts) + " .\n"


def with_statistics(root: Path, whole: Graph) -> tuple[str, Graph]:
    """data/dataset.ttl with the statistics of the graph it is part of, and that graph.

    The statistics are triples of the graph they count, so they are counted again with themselves in until
    they no longer change."""
    import re

    from rdflib import Graph

    from nss_kg.namespaces import BASE_IRI

    path = root / "data" / "dataset.ttl"
    text = path.read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"^@prefix\s+(\w*):\s+<([^>]+)>\s*\.", text, re.MULTILINE))
    rest = Graph()  # the graph but this file
    for source in _graph_files(root):
        if source != path:
            rest.parse(source, format="turtle", publicID=BASE_IRI)
    for _ in range(STATISTICS_ROUNDS):
        graph = Graph()
        for triple in rest:
            graph.add(triple)
        graph.parse(data=text, format="turtle", publicID=BASE_IRI)
        updated = _between(text, STATISTICS_START, STATISTICS_END, _statistics_block(graph, prefixes))
        if updated == text:
            return text, graph
        text = updated
    raise SystemExit(f"the statistics of {path} did not settle in {STATISTICS_ROUNDS} rounds")


def _between(text: str, start_marker: str, end_marker: str, content: str) -> str:
    """``text`` with ``content`` between the markers (which must be there)."""
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < start:
        raise SystemExit(f"no {start_marker} … {end_marker} markers where they belong")
    return text[: start + len(start_marker)] + "\n" + content + text[end:]


# ---------------------------------------------------------------------------------------------------------
# The ontology's HTML documentation, the JSON-LD context, the queries' page, the API reference
# ---------------------------------------------------------------------------------------------------------


def documented(ontology: Graph) -> Graph:
    """The ontology as pyLODE should see it: our terms only, in English, with the Chinese labels as a note.

    pyLODE runs all the labels of a term together ("city城市城市") and documents every external term that
    alignments.ttl declares as if it were ours; the alignments themselves (subClassOf etc.) stay.
    """
    from rdflib import Graph, Literal, URIRef

    from nss_kg.namespaces import BASE_IRI

    result = Graph()
    for prefix, namespace in ontology.namespaces():
        result.bind(prefix, namespace)
    chinese: dict[Any, dict[str, str]] = {}
    for s, p, o in ontology:
        if isinstance(s, URIRef) and not str(s).startswith(BASE_IRI):
            continue
        if isinstance(o, Literal) and o.language and o.language != "en":
            if str(p) == RDFS + "label":
                chinese.setdefault(s, {})[o.language] = str(o)
            continue
        result.add((s, p, o))
    names = {"zh-Hant": "Traditional", "zh-Hans": "Simplified"}
    for term, labels in chinese.items():
        text = "; ".join(f"{labels[lang]} ({names.get(lang, lang)})" for lang in sorted(labels))
        result.add(
            (term, URIRef("http://www.w3.org/2004/02/skos/core#note"), Literal(f"Chinese: {text}", lang="en"))
        )
    return result


def ontology_html(ontology: Graph) -> str:
    """The ontology's HTML documentation, by pyLODE's OntPub profile."""
    import types
    from importlib import metadata

    if "pylode" not in sys.modules:
        # pyLODE 3.4.1 reads its version from a pyproject.toml that its wheel lacks, and fails to import
        # (RDFLib/pyLODE#260, fixed after that release): give it the version from its metadata instead.
        shim = types.ModuleType("pylode.version")
        shim.__version__ = metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules.setdefault("pylode.version", shim)
    from pylode import OntPub  # type: ignore[import-untyped]

    # pyLODE logs each step at INFO on the root logger: keep the build's output to what it wrote.
    logging.disable(logging.INFO)
    try:
        html: str = OntPub(ontology=documented(ontology), sort_subjects=True).make_html()
    finally:
        logging.disable(logging.NOTSET)
    return html if html.endswith("\n") else html + "\n"


def context_text(whole: Graph) -> str:
    """ontology/context.jsonld's text, from the ontology and data (see nss_kg.export.jsonld_context)."""
    from nss_kg.export import jsonld_context

    return json.dumps(jsonld_context(whole), indent=2, ensure_ascii=False) + "\n"


def queries_table(folder: Path) -> str:
    """A Markdown table of the queries in ``folder``, from their ``#+`` headers, then each query's text."""
    from nss_kg.catalogue import read_query

    lines = ["| query | what it answers | parameters | tags |", "| --- | --- | --- | --- |"]
    sections = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        info = read_query(path.stem, text, origin=str(path))
        parameters = ", ".join(
            f"`{p.name}`" + ("" if p.required else "?") for p in sorted(info.parameters, key=lambda p: p.name)
        )
        summary = info.summary.replace("|", "\\|").replace("\n", " ")
        tags = ", ".join(info.tags)
        lines.append(f"| [`{info.name}`](#{info.name}) | {summary} | {parameters} | {tags} |")
        sections += ["", f"### {info.name}", "", f"`queries/{path.name}`:", ""]
        sections += ["```sparql", text.rstrip("\n"), "```"]
    return "\n".join([*lines, "", "## The queries", *sections]) + "\n"


#: The public API, as the API reference lists it: (heading, objects by their defining module's path).
API_SECTIONS = (
    (
        "Querying",
        (
            "nss_kg.querying.query",
            "nss_kg.results.QueryResult",
            "nss_kg.catalogue.catalogue",
            "nss_kg.catalogue.QueryInfo",
            "nss_kg.connection.Endpoint",
            "nss_kg.sparqlwrapper_handoff.sparql_wrapper",
        ),
    ),
    (
        "The graph",
        (
            "nss_kg.graphs.graph",
            "nss_kg.graphs.ontology",
            "nss_kg.graphs.shapes",
            "nss_kg.export.dataset",
            "nss_kg.export.serialize",
        ),
    ),
    (
        "Validation",
        (
            "nss_kg.validation.validate",
            "nss_kg.validation.ValidationReport",
            "nss_kg.validation.ValidationResult",
            "nss_kg.validation.Severity",
        ),
    ),
    ("Triple stores", ("nss_kg.store_loading.load",)),
    ("Publishing", ("nss_kg.web.app", "nss_kg.web.serve")),
    (
        "Errors",
        (
            "nss_kg.errors.NssKgError",
            "nss_kg.errors.ArgumentError",
            "nss_kg.errors.InputError",
            "nss_kg.errors.ParameterError",
            "nss_kg.errors.QueryError",
            "nss_kg.errors.EndpointError",
            "nss_kg.errors.LocalResourceError",
        ),
    ),
)


def api_text() -> str:
    """The API reference's body: one mkdocstrings block per public object, under its section's heading."""
    lines = []
    for heading, paths in API_SECTIONS:
        lines += [f"## {heading}", ""]
        for path in paths:
            lines += [f"::: {path}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------------------


def texts(root: Path, ontology: Graph, whole: Graph) -> dict[Path, str]:
    """Every generated text file, by path: what --check compares and tests/test_docs.py checks."""
    dataset, whole = with_statistics(root, whole)
    result = {
        root / "data" / "dataset.ttl": dataset,
        root / "ontology" / "context.jsonld": context_text(whole),
        root / "docs" / "ontology-diagram.dot": diagram_dot(diagram(whole)),
        root / "docs" / "summits-timeline.csv": timeline_csv(timeline(whole)),
        root / "docs" / "attendance.csv": attendance_csv(attendance(whole)),
    }
    readme = root / "README.md"
    text = _between(readme.read_text(encoding="utf-8"), KNOWS_START, KNOWS_END, knows_text(whole))
    result[readme] = _between(text, COVERAGE_START, COVERAGE_END, coverage_text(whole))
    queries = root / "docs" / "queries.md"
    result[queries] = _between(
        queries.read_text(encoding="utf-8"), QUERIES_START, QUERIES_END, queries_table(root / "queries")
    )
    api = root / "docs" / "api.md"
    result[api] = _between(api.read_text(encoding="utf-8"), API_START, API_END, api_text())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    parser.add_argument("--no-html", action="store_true", help="skip pyLODE (the slowest step)")
    args = parser.parse_args(argv)

    ontology, whole = load(ROOT)
    stale = []
    for path, text in texts(ROOT, ontology, whole).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python docs/build.py)", file=sys.stderr)
        return 1 if stale else 0
    draw_diagram(diagram(whole), ROOT / "docs" / "ontology-diagram.png")
    draw_timeline(timeline(whole), ROOT / "docs" / "summits-timeline.png")
    draw_attendance(attendance(whole), ROOT / "docs" / "attendance-heatmap.png")
    if not args.no_html:
        html, target = ontology_html(ontology), ROOT / "docs" / "ontology.html"
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        # pyLODE lists the members of a union (madeBy's range) in memory-address order: when nothing but the
        # order of lines changed, keep the committed file, so that a rebuild leaves the tree clean.
        if sorted(old.splitlines()) != sorted(html.splitlines()):
            target.write_text(html, encoding="utf-8")
    for path in stale:
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    # Run from a checkout: use its nss_kg code (src/) along with its Turtle files.
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
