"""The query guards read SPARQL as the engines do: a differential fuzz test of ``sparql_text`` against
pyoxigraph (the engine of local queries and of ``nss-kg serve``) and rdflib's parser (an independent one).

Each generated query is a filler of comments (ended by LF, CR or CRLF, or by the end of the text), strings
of all four kinds, IRIs, prefixed names with PN_LOCAL's odd characters, comparisons written without spaces
and \\u escapes — all full of decoy ``SERVICE`` words, ``#`` signs, quotes and brackets — followed by one
real ``SERVICE`` clause that the filler may or may not have swallowed. The engines are the oracles:
pyoxigraph is asked to run the query on an empty store, and calls the SERVICE (which it refuses at once:
port 9 is on its list of forbidden ports, so nothing leaves the process) exactly when it read the keyword;
rdflib's parse tree says whether it read one. The lexer must agree with pyoxigraph on every query it runs,
and must never miss a SERVICE that rdflib reads; its braces must balance wherever pyoxigraph parsed.
"""

from __future__ import annotations

import random

import pyoxigraph
import pytest
from rdflib.plugins.sparql.parser import parseQuery

from nss_kg import sparql_text
from nss_kg.errors import QueryError

SERVICE = "SERVICE <http://127.0.0.1:9/> { }"
DECOYS = ["SERVICE", "service", "#", "{", "}", "(", ")", "'", '"', "'''", '"""', "\\", "<", ">", " ", "x"]
ENDINGS = ["\n", "\r", "\r\n", ""]
SWALLOWERS = [
    ("", ""),
    ("#", ""),
    (":a#", ""),
    ("# x\r", ""),
    ("# x\r\n", ""),
    ("BIND(1 AS ?z) FILTER(?z<?z#", " || true)"),
    ("BIND(1 AS ?z) FILTER(?z<?z", " || true)"),
    ('BIND("""', '""" AS ?y)'),
    ('BIND("#" AS ?y) ', ""),
]


def _noise(rng: random.Random, alphabet: list[str]) -> str:
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))


def _string(rng: random.Random) -> str:
    quote = rng.choice(["'", '"', "'''", '"""'])
    inner = [d for d in DECOYS if d not in ("'", '"', "'''", '"""', "\\")] + ["\\n", "\\'", '\\"', "\\u0041"]
    if len(quote) == 3:
        inner += ["\n", "\r", quote[0], quote[0] * 2]
    return quote + _noise(rng, inner) + quote


def _fragment(rng: random.Random, index: int) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return "#" + _noise(rng, DECOYS) + rng.choice(ENDINGS)
    if kind == 1:
        return f"BIND({_string(rng)} AS ?v{index})"
    if kind == 2:
        local = rng.choice(["a", "a.b", "a:b", "a\\#b", "a%41", "a-b", "a\\.b", "a.", "a#", "a#\n", "1"])
        return f"BIND(:{local} AS ?v{index})" if not local.endswith(("#", "#\n", ".")) else f":{local}"
    if kind == 3:
        iri = rng.choice(["<http://x/#a>", "<http://x/a'b>", "<http://x/(>", "<a#SERVICE>", "<\\u0041>"])
        return f"BIND({iri} AS ?v{index})"
    if kind == 4:
        # A comparison without spaces: "<" is "less than" here, so "#" after it may start a comment.
        # (|| true keeps the solution when ?v is unbound.)
        return f"FILTER(?v{index}<?v{index}#{_noise(rng, DECOYS)}{rng.choice(ENDINGS[:3])} || true)"
    if kind == 5:
        return f"BIND(1 AS ?v{index}) FILTER(?v{index} <= 2 || ?v{index}<3)"
    if kind == 6:
        # A triple pattern's "<" after a term is an IRI (in OPTIONAL, so the empty store keeps a solution).
        return f"OPTIONAL {{ ?s{index} <http://x/p#>{rng.choice(['', ' '])}?o{index} }}"
    if kind == 7:
        return rng.choice(["\\u0053ERVICE", "\\u0023", "\\u007B", "\\u0022"])
    return rng.choice(DECOYS)


def _query(rng: random.Random) -> str:
    filler = " ".join(_fragment(rng, index) for index in range(rng.randint(1, 5)))
    # What stands right before SERVICE on its line decides whether a comment or a string swallows it.
    last, close = rng.choice(SWALLOWERS)
    return f"PREFIX : <http://example.org/> SELECT * WHERE {{ {filler}\n{last}{SERVICE}\n{close} }}"


def _pyoxigraph_reads_service(store: pyoxigraph.Store, text: str) -> bool | None:
    """True if pyoxigraph called the SERVICE, False if it ran without, None if it refused the text."""
    try:
        list(store.query(text))  # type: ignore[arg-type]
    except SyntaxError:
        return None
    except OSError as error:
        assert "port 9" in str(error), error
        return True
    return False


def _brackets_balance(text: str) -> bool:
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for token in sparql_text.tokens(text):
        if token.text in ("(", "[", "{"):
            stack.append(token.text)
        elif token.text in pairs and (not stack or stack.pop() != pairs[token.text]):
            return False
    return not stack


QUERIES = 4000


def test_the_lexer_reads_service_as_pyoxigraph_does() -> None:
    rng = random.Random(20261207)
    store = pyoxigraph.Store()
    ran = called = 0
    disagreements = []
    for _ in range(QUERIES):
        text = _query(rng)
        engine = _pyoxigraph_reads_service(store, text)
        if engine is None:
            continue
        ran += 1
        called += engine
        if engine != sparql_text.uses_service(text) and not (
            # A \u escape is expanded by engines that follow SPARQL §19.2; the guard counts that reading too.
            not engine and "\\u0053ERVICE" in text
        ):
            disagreements.append(text)
        if not _brackets_balance(text):
            disagreements.append(text)
    assert disagreements == []
    # The generator must exercise both outcomes, many times over.
    assert ran > QUERIES // 4 and called > 200 and ran - called > 200, (ran, called)


@pytest.mark.slow
def test_the_lexer_finds_every_service_that_rdflib_reads() -> None:
    rng = random.Random(7)
    parsed = with_service = 0
    missed = []
    for _ in range(QUERIES // 8):
        text = _query(rng)
        try:
            tree = parseQuery(text)
        except Exception:  # rdflib raises pyparsing's errors and its own alike
            continue
        parsed += 1
        if "ServiceGraphPattern" in repr(tree):
            with_service += 1
            if not sparql_text.uses_service(text):
                missed.append(text)
    assert missed == []
    assert parsed > 50 and with_service > 20, (parsed, with_service)


@pytest.mark.parametrize(
    "text",
    [
        # The two bypasses of the last probe: a comment ended by CR, and a comment right after a name.
        "SELECT * WHERE { # x\rSERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\n}",
        'PREFIX : <http://e/> SELECT * WHERE { ?s ?p :a#"""\nSERVICE <http://127.0.0.1:9/> { }\n#"""\n}',
        # "<" as "less than", then a comment hiding a long string's opening from a lexer that reads an IRI.
        "SELECT * WHERE { BIND(1 AS ?a) FILTER(?a<?a#>'''\n) SERVICE <http://127.0.0.1:9/> { }\n#'''\n}",
        # Keywords run together, which pyoxigraph still reads.
        "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:9/>{} }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { service:x { } }",
        # SPARQL §19.2: engines that expand \\u escapes first read SERVICE here.
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { } }",
    ],
)
def test_known_bypasses_are_seen(text: str) -> None:
    assert sparql_text.uses_service(text)


def test_brackets_hidden_behind_a_cr_comment_count() -> None:
    text = "SELECT * WHERE { # c\r" + "{" * 5000 + "}" * 5000 + "\n}"
    with pytest.raises(QueryError, match="nested more than 100"):
        sparql_text.check_recursion(text, "q.rq")


def test_iris_with_fragments_and_quotes_are_still_iris() -> None:
    text = "SELECT * WHERE { ?s <http://x/#p> ?o . ?s <http://x/a'b> 'SERVICE' }"
    assert not sparql_text.uses_service(text)
    assert [t.kind for t in sparql_text.tokens(text)].count("iri") == 2


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { " + " UNION ".join(["{}"] * 7000) + " }",
        "SELECT * WHERE { FILTER(" + "+".join(["1"] * 7000) + " > 0) }",
        "SELECT * WHERE { " + " . ".join(["OPTIONAL {}"] * 7000) + " }",
    ],
)
def test_chains_that_overflow_the_evaluators_stack_are_refused(text: str) -> None:
    # Each of these killed pyoxigraph (and the process that ran it) with a stack overflow.
    with pytest.raises(QueryError, match=r"more than 1000 UNION, OPTIONAL, MINUS or arithmetic links"):
        sparql_text.check_recursion(text, "q.rq")
    sparql_text.check_recursion("SELECT * WHERE { " + " UNION ".join(["{}"] * 500) + " }", "q.rq")
