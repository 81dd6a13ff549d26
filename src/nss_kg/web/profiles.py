"""Profile tables: what the packaged queries say about one entity, as tables on its page (as Scholia builds
Wikidata profiles from SPARQL).

A summit's page shows who led each delegation, the documents it adopted, the joint statements and who joined
them, the progress reports and the commitments of that year; a state's or an organization's page its profile
across the summits, the statements it joined, its reports and commitments; a series' page its summits; a
person's page the delegations they led. Each table names the query that made it (with its parameters) and
offers its rows as a CSV file.
"""

from __future__ import annotations

import urllib.parse
from typing import Any, NamedTuple

import pyoxigraph as ox

from nss_kg.errors import LocalResourceError
from nss_kg.namespaces import NAMESPACE, shorten
from nss_kg.web import entities, responses
from nss_kg.web.negotiation import Wording, in_language
from nss_kg.web.site import Site


class ProfileTable(NamedTuple):
    """A packaged query run for an entity: which query, which parameter takes what of the entity, and which
    columns name what another column identifies (shown as one linked column)."""

    query: str
    #: The parameter given the entity's IRI, or "year" for the year of a summit's start, or None.
    parameter: str | None
    #: (label column, IRI column): the label is shown, linked to the IRI; the IRI column is not shown.
    linked: tuple[tuple[str, str], ...] = ()
    #: Columns not shown (each row's IRI where a linked column already leads there).
    hidden: tuple[str, ...] = ()
    #: Booleans shown as marks, the table styled as a heat-map (the attendance matrix).
    matrix: bool = False
    #: The key of its title in TITLES, where not the query's name.
    title: str | None = None


_HEADS = (("participantLabel", "participant"), ("head", "person"), ("office", "post"))
_STATEMENTS = (("title", "statement"), ("signatoryLabel", "signatory"))
_REPORTS = (("participantLabel", "participant"), ("title", "report"))
_COMMITMENTS = (("commitmentLabel", "commitment"), ("topicLabel", "topic"))
_PARTICIPANT = (
    ProfileTable(
        "participant-profile",
        "participant",
        (("summitName", "summit"), ("head", "person"), ("office", "post")),
    ),
    ProfileTable("joint-statements", "signatory", _STATEMENTS),
    ProfileTable("progress-reports", "participant", _REPORTS),
    ProfileTable("commitments", "maker", _COMMITMENTS),
)
#: The tables of an entity of each class, in the order shown.
TABLES: dict[str, tuple[ProfileTable, ...]] = {
    NAMESPACE + "Summit": (
        ProfileTable("delegation-heads", "year", _HEADS, ("delegation",)),
        ProfileTable("documents", "year", (("title", "document"),)),
        ProfileTable("joint-statements", "year", _STATEMENTS),
        ProfileTable("progress-reports", "year", _REPORTS),
        ProfileTable("commitments", "year", _COMMITMENTS),
    ),
    NAMESPACE + "SovereignState": _PARTICIPANT,
    NAMESPACE + "InternationalOrganization": _PARTICIPANT,
    NAMESPACE + "SummitSeries": (ProfileTable("summits", None),),
    NAMESPACE + "Person": (
        ProfileTable(
            "delegation-heads",
            "person",
            (("participantLabel", "participant"), ("office", "post")),
            ("delegation", "head", "person"),
            title="delegations-led",
        ),
    ),
}
_START_DATE = ox.NamedNode(NAMESPACE + "startDate")

#: Each table's title (en, zh-Hant, zh-Hans); the query's own summary says more, in English.
TITLES: dict[str, Wording] = {
    "commitments": ("Commitments", "承諾", "承诺"),
    "delegation-heads": ("Heads of delegation", "代表團團長", "代表团团长"),
    "delegations-led": ("Delegations led", "率領的代表團", "率领的代表团"),
    "documents": ("Documents adopted", "通過的文件", "通过的文件"),
    "joint-statements": ("Joint statements", "聯合聲明", "联合声明"),
    "participant-profile": ("Summits attended", "出席的峰會", "出席的峰会"),
    "progress-reports": ("National progress reports", "國家進展報告", "国家进展报告"),
    "summits": ("Summits", "峰會", "峰会"),
    "attendance": ("Attendance, summit by summit", "各屆峰會出席情況", "各届峰会出席情况"),
}
#: Column headers by the queries' variable names (en, zh-Hant, zh-Hans).
HEADERS: dict[str, Wording] = {
    "commitmentLabel": ("commitment", "承諾", "承诺"),
    "commitments": ("commitments", "承諾數", "承诺数"),
    "date": ("date", "日期", "日期"),
    "edition": ("edition", "屆次", "届次"),
    "endDate": ("end", "結束", "结束"),
    "event": ("event", "事件", "事件"),
    "head": ("head of delegation", "團長", "团长"),
    "hostCity": ("host city", "主辦城市", "主办城市"),
    "hostLeader": ("host leader", "主辦國首腦", "主办国首脑"),
    "hostState": ("host state", "主辦國", "主办国"),
    "issued": ("issued", "發表日期", "发表日期"),
    "jointStatements": ("joint statements", "聯合聲明數", "联合声明数"),
    "kind": ("kind", "類別", "类别"),
    "maker": ("made by", "作出者", "作出者"),
    "office": ("office", "職位", "职位"),
    "participantLabel": ("participant", "參與方", "参与方"),
    "signatories": ("signatories", "簽署方數", "签署方数"),
    "signatoryLabel": ("signatory", "簽署方", "签署方"),
    "startDate": ("start", "開始", "开始"),
    "summit": ("summit", "峰會", "峰会"),
    "summitName": ("summit", "峰會", "峰会"),
    "text": ("text", "全文", "全文"),
    "title": ("title", "標題", "标题"),
    "topicLabel": ("topic", "主題", "主题"),
    "year": ("year", "年份", "年份"),
    "at2010": ("2010", "2010", "2010"),
    "at2012": ("2012", "2012", "2012"),
    "at2014": ("2014", "2014", "2014"),
    "at2016": ("2016", "2016", "2016"),
    "summits": ("summits attended", "出席屆數", "出席届数"),
}


def tables(site: Site, iri: str, lang: str, suffix: str) -> list[dict[str, Any]]:
    """The profile tables of ``iri`` for its page: title, query, parameters, CSV, columns and cells."""
    node = ox.NamedNode(iri)
    kinds = [
        t.object.value
        for t in site.graph.triples(node, entities.RDF_TYPE)
        if isinstance(t.object, ox.NamedNode)
    ]
    wanted = [table for kind in kinds for table in TABLES.get(kind, ())]
    made = []
    for table in dict.fromkeys(wanted):
        params = _parameters(site, node, table)
        if params is not None:
            slug = iri.rstrip("/").rsplit("/", 1)[-1]
            made += _run(site, table, params, lang, suffix, f"{table.query}-{slug}.csv")
    return made


#: The home page's tables: the summits, and the attendance matrix (states and organizations by summit).
HOME_TABLES = (
    ProfileTable("summits", None),
    ProfileTable("attendance", None, (("participantLabel", "participant"),), matrix=True),
)


def home_tables(site: Site, lang: str, suffix: str) -> list[dict[str, Any]]:
    """The home page's tables, as the profile tables are made."""
    return [
        found for table in HOME_TABLES for found in _run(site, table, {}, lang, suffix, f"{table.query}.csv")
    ]


def _run(
    site: Site, table: ProfileTable, params: dict[str, str], lang: str, suffix: str, csv_name: str
) -> list[dict[str, Any]]:
    """The table of one query run (empty if the query is unknown, finds nothing or runs out of time)."""
    info = site.queries.get(table.query)
    if info is None:
        return []
    if any(p.name == "lang" for p in info.parameters):
        params = {**params, "lang": lang}
    try:
        result = site.answer(table.query, params)
    except LocalResourceError:  # a page is never refused for a table: it goes without
        return []
    if not result.rows():
        return []
    cells = _linked(responses.table(result, suffix, lang), table)
    if table.matrix:
        _marks(cells)
    for row in cells["rows"]:
        for cell in row:
            if cell["text"] in VALUES and not cell["href"]:
                cell["text"] = in_language(VALUES[cell["text"]], lang)
    return [
        {
            "title": in_language(TITLES[title], lang)
            if (title := table.title or table.query) in TITLES
            else info.summary,
            "summary": info.summary,
            "headers": [in_language(HEADERS[v], lang) if v in HEADERS else v for v in cells["variables"]],
            "css": "matrix" if table.matrix else None,
            "call": table.query + ("?" + urllib.parse.urlencode(params) if params else ""),
            "csv": "data:text/csv;charset=utf-8," + urllib.parse.quote(result.serialize("csv")),
            "csv_name": csv_name,
            **cells,
        }
    ]


#: How a matrix writes true and false: a mark (and a class for its colour) or nothing.
_MARKS = {"true": ("●", "yes"), "false": ("", "no")}
#: The words some queries answer in (the documents' kinds), as a page in each language shows them; the CSV
#: keeps the query's own.
VALUES: dict[str, Wording] = {
    "joint statement": ("joint statement", "聯合聲明", "联合声明"),
    "summit document": ("summit document", "峰會文件", "峰会文件"),
}


def _marks(cells: dict[str, Any]) -> None:
    """The cells of a matrix: true as a filled mark (class "yes"), false empty (class "no")."""
    for row in cells["rows"]:
        for cell in row:
            if cell["text"] in _MARKS and not cell["href"]:
                mark, css = _MARKS[cell["text"]]
                cell.update(text=mark, css=css)


def _linked(cells: dict[str, Any], table: ProfileTable) -> dict[str, Any]:
    """The table's cells with each label linked to its IRI column's target, and the IRI columns dropped."""
    variables: list[str] = cells["variables"]
    index = {name: i for i, name in enumerate(variables)}
    pairs = [(index[label], index[iri]) for label, iri in table.linked if label in index and iri in index]
    dropped = {iri for _, iri in pairs} | {index[name] for name in table.hidden if name in index}
    rows = []
    for row in cells["rows"]:
        row = [dict(cell) for cell in row]
        for label, iri in pairs:
            if row[iri]["href"] and not row[label]["href"]:
                row[label].update(href=row[iri]["href"], external=row[iri]["external"])
        rows.append([cell for i, cell in enumerate(row) if i not in dropped])
    kept = [name for i, name in enumerate(variables) if i not in dropped]
    return {"variables": kept, "rows": rows}


def _parameters(site: Site, node: ox.NamedNode, table: ProfileTable) -> dict[str, str] | None:
    if table.parameter is None:
        return {}
    if table.parameter != "year":
        curie = shorten(node.value)  # state:china reads better in the call shown than the whole IRI
        return {table.parameter: node.value if curie.startswith("<") else curie}
    starts = [t.object for t in site.graph.triples(node, _START_DATE) if isinstance(t.object, ox.Literal)]
    return {"year": starts[0].value[:4]} if starts else None
