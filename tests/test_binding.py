"""Parameters are bound as RDF terms: no value can change a query's structure."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

import nss_kg
from nss_kg import binding, catalogue
from nss_kg.errors import ParameterError, QueryError

# Pieces that would end a literal or an IRI, open a group, start a comment or add a pattern if pasted.
PIECES = ['"', "'", '"""', "'''", "{", "}", "<", ">", "#", "\\", "\n", "\r", " ", "?x", "$y", ".", ";",
          "UNION", "} UNION {", "SELECT", "\\u0022", "^^", "@en", ")", "("]  # fmt: skip
NASTY = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=20).map("".join) | st.text(
    max_size=40
)

ECHO = catalogue.read_query(
    "echo",
    "#+ summary: echoes its parameters\n"
    "SELECT ?_text ?__en_en ?_when_xsd_date WHERE { ?s ?p ?o FILTER(?_text = ?_text) } LIMIT 1\n",
)


def structure(text: str) -> str:
    """The query's algebra with the VALUES data blanked: what the parameters must never change."""
    algebra = translateQuery(parseQuery(text))
    return repr(algebra.algebra).split("ToMultiSet", 1)[0]


@given(value=NASTY)
def test_a_string_value_never_changes_the_structure(value: str) -> None:
    text = binding.bind(ECHO, {"text": value, "when": "2010-04-12"})
    query = prepareQuery(text)  # parses: the value did not break out of its literal
    assert len(query.algebra["PV"]) == 3
    assert structure(text) == structure(binding.bind(ECHO, {"text": "plain", "when": "2010-04-12"}))


@given(value=NASTY)
def test_a_string_value_comes_back_unchanged(value: str) -> None:
    result = nss_kg.query("label", entity="summit:2010-washington", lang="en")
    assert result.to_dicts() == [{"label": "2010 Nuclear Security Summit"}]
    # The value is echoed by the embedded engine exactly as given.
    from nss_kg.engines.embedded import EmbeddedEngine

    echoed = EmbeddedEngine().execute(ECHO, binding.bindings(ECHO, {"text": value, "when": "2010-04-12"}))
    assert echoed.to_dicts()[0]["_text"] == value


@given(value=NASTY)
def test_an_iri_parameter_rejects_anything_that_is_not_an_iri(value: str) -> None:
    info = catalogue.packaged("label")
    try:
        text = binding.bind(info, {"entity": value})
    except ParameterError as error:
        assert "entity" in str(error)
    else:
        prepareQuery(text)
        assert structure(text) == structure(binding.bind(info, {"entity": "http://example.org/x"}))


def test_values_block_sits_at_the_start_of_the_where_group() -> None:
    text = binding.bind(catalogue.packaged("summit"), {"year": 2012})
    where = text.index("WHERE {")
    assert text[where:].split("\n")[1].strip().startswith("VALUES (?__year_xsd_integer ?__lang)")


def test_construct_binds_in_its_where_group_not_its_template() -> None:
    info = catalogue.read_query("c", "CONSTRUCT { ?s ?p ?_o } WHERE { ?s ?p ?x }")
    text = binding.bind(info, {"o": "v"})
    assert text.index("VALUES") > text.index("WHERE")
    prepareQuery(text)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nope": 1}, "query 'summit' has no parameter 'nope' (parameters: year, edition, lang)"),
        ({"year": "twenty"}, "parameter 'year': 'twenty' is not a valid xsd:integer"),
        ({"lang": "fr"}, "parameter 'lang': 'fr' is not one of: en, zh-Hant, zh-Hans"),
    ],
)
def test_clear_errors_for_bad_parameters(params: dict[str, object], message: str) -> None:
    with pytest.raises(ParameterError) as error:
        nss_kg.query("summit", params)
    assert str(error.value) == message


def test_missing_required_parameter() -> None:
    with pytest.raises(ParameterError, match="query 'label' needs parameter 'entity'"):
        nss_kg.query("label")


def test_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(QueryError, match=r"no packaged query named 'summitz' \(known: .*summits.*\)"):
        nss_kg.query("summitz")


def test_a_date_parameter_is_checked() -> None:
    with pytest.raises(ParameterError, match="is not a valid xsd:date"):
        binding.bind(ECHO, {"text": "x", "when": "2010-13-45"})


TYPED = catalogue.read_query(
    "typed",
    "SELECT * WHERE { VALUES (?_n_xsd_integer ?_d_xsd_decimal ?_f_xsd_double ?_day_xsd_date ?_y_xsd_gYear"
    " ?_b_xsd_boolean) { } }\n",
)
VALID = {"n": "7", "d": "1.5", "f": "1e3", "day": "2010-04-12", "y": "2010", "b": "true"}


# Lexical forms of XML Schema 1.1 part 2 (section 3.3), worked out from its grammar, not from our code:
# Python's int() and float() take "1_000", " 7", "nan" and "\u0667" (Arabic-Indic 7), which xsd does not.
@pytest.mark.parametrize(
    ("name", "value", "valid"),
    [
        ("n", "-42", True), ("n", "+0", True), ("n", "1_000", False), ("n", " 7", False),
        ("n", "\u0667", False), ("n", "1.0", False),
        ("d", "-.5", True), ("d", "12.", True), ("d", "NaN", False), ("d", "1e3", False), ("d", ".", False),
        ("f", "-1.5E-3", True), ("f", "INF", True), ("f", "-INF", True), ("f", "NaN", True),
        ("f", "nan", False), ("f", "inf", False), ("f", "1_0.0", False),
        ("day", "2012-02-29", True), ("day", "2000-02-29", True), ("day", "2010-04-12Z", True),
        ("day", "2010-04-12+09:00", True), ("day", "2010-02-29", False), ("day", "1900-02-29", False),
        ("day", "2010-04-31", False), ("day", "2010-13-01", False), ("day", "20100412", False),
        ("day", "2010-4-12", False), ("day", "2010-04-12+14:00", True), ("day", "2010-04-12+14:01", False),
        ("day", "2010-04-12-13:59", True), ("day", "2010-04-12+99:99", False), ("day", "02010-04-12", False),
        ("day", "12010-04-12", True), ("day", "1" * 5000 + "-02-29", False),
        ("day", "1" * 4999 + "2-02-29", True),
        ("y", "2016", True), ("y", "-0044", True), ("y", "16", False), ("y", "2016-01", False),
        ("y", "02016", False), ("y", "0000", True), ("y", "2016Z", True), ("y", "2016+15:00", False),
        ("b", "false", True), ("b", "0", True), ("b", "True", False), ("b", "yes", False),
    ],
)  # fmt: skip
def test_typed_parameters_take_exactly_their_xsd_lexical_forms(name: str, value: str, valid: bool) -> None:
    params = {**VALID, name: value}
    if valid:
        binding.bind(TYPED, params)
    else:
        with pytest.raises(ParameterError, match="is not a valid xsd:"):
            binding.bind(TYPED, params)


def test_python_values_become_typed_terms() -> None:
    import datetime

    text = binding.bind(ECHO, {"text": True, "when": datetime.date(2010, 4, 12)})
    assert '"true"' in text and '"2010-04-12"^^<http://www.w3.org/2001/XMLSchema#date>' in text


def test_python_numbers_take_their_xsd_lexical_forms() -> None:
    import decimal

    text = binding.bind(TYPED, {**VALID, "d": decimal.Decimal("0.0000001"), "f": float("-inf"), "n": 10**30})
    assert '"0.0000001"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text  # str() gives 1E-7
    assert '"-INF"^^<http://www.w3.org/2001/XMLSchema#double>' in text
    assert f'"{10**30}"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
    assert '"NaN"^^' in binding.bind(TYPED, {**VALID, "f": float("nan")})


def test_local_queries_may_not_reach_the_network(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "federated.rq"
    path.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="uses SERVICE"):
        nss_kg.query(path)


FILTERED = catalogue.read_query(
    "filtered",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?entity WHERE { ?entity rdfs:label ?label FILTER(STR(?label) = ?_text) }\n",
)


@given(value=NASTY | st.sampled_from(["Seoul", "首爾", "2012 Nuclear Security Summit"]))
def test_the_embedded_engines_inlining_keeps_values_whole(value: str) -> None:
    """The embedded engine writes bound terms into the query (engines.prebinding): the same rows as VALUES."""
    from nss_kg.engines import prebinding
    from nss_kg.engines.embedded import packaged_store

    text = binding.bind(FILTERED, {"text": value})
    inlined = prebinding.inline(FILTERED.text, binding.bindings(FILTERED, {"text": value}))
    assert inlined is not None and "VALUES" not in inlined
    store = packaged_store()
    assert [list(row) for row in store.query(inlined)] == [list(row) for row in store.query(text)]
    # Seoul's two labels name one city; "2012 Nuclear Security Summit" is the summit and the English Wikipedia
    # article of that title, a source of its venue.
    expected = {"Seoul": 1, "首爾": 1, "2012 Nuclear Security Summit": 2}.get(value)
    if expected is not None:
        assert len(list(store.query(inlined))) == expected
