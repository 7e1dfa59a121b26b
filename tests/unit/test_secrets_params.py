"""Secrets are never printed; catalog parameters are checked once for both engines; values
given to `kg sparql --param` are bound, never spliced into the query."""

from __future__ import annotations

import json

import pytest
from conftest import SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import QueryError, UsageError
from kg.query.catalog import QUESTIONS, ask
from kg.query.cypher import EVIDENCE_TYPES

# Markers at both ends of every generated password: any echo of either end of it (a
# malformed URI cut at '/', '?', '#' or ':') shows up as one of them.
HEAD, TAIL = "Qx7", "7xQ"
passwords = st.text(min_size=1).map(lambda text: HEAD + text + TAIL)

# Malformed or credential-bearing forms of a URI, each holding the password.
URI_FORMS = [
    "bolt:/neo4j:{}@host",
    "bolt://neo4j:{}@host:7687",
    "bolt//neo4j:{}@host",
    "bolt:///neo4j:{}@host",
    "neo4j:{}@host:7687",
    "http://neo4j:{}@host",
    "bolt://{}@host",
    "bolt://neo4j:{}",  # "@host" forgotten: the password reads as a port
    "bolt:neo4j:{}",
    "bolt://host:7687/neo4j:{}",
]


def _leaks(text: str, password: str) -> bool:
    return password in text or HEAD in text or TAIL in text


def _cli(*args: str):
    """Exit code and everything printed (and any exception's text)."""
    result = CliRunner().invoke(app, list(args))
    error = "" if isinstance(result.exception, SystemExit | None) else str(result.exception)
    return result.exit_code, result.stdout + result.stderr + error


# -- secrets --------------------------------------------------------------------------------


@settings(deadline=None, max_examples=80)
@given(password=passwords, form=st.sampled_from(URI_FORMS))
def test_a_uri_holding_a_password_is_refused_without_echoing_any_of_it(password, form):
    from kg.sinks.neo4j import check_uri

    for each in URI_FORMS:
        with pytest.raises(UsageError) as refused:
            check_uri(each.format(password))
        assert not _leaks(str(refused.value), password), each
    # the command refuses it before reading DIR or the password
    code, output = _cli("load", "no-such-graph", "--uri", form.format(password))
    assert code == 2 and "--uri" in output, output
    assert not _leaks(output, password), output


@settings(deadline=None, max_examples=60)
@given(password=passwords, secret=passwords)
def test_driver_errors_show_neither_the_password_nor_the_uris_query(password, secret):
    from kg.sinks.neo4j import _explain, shown_uri

    uri = "neo4j://db.example.org:7687?policy=eu&token=" + secret
    quoting = RuntimeError(f"cannot reach {uri} with auth ('neo4j', {password!r})")
    message = str(_explain(quoting, uri, "neo4j", password))
    shown = shown_uri(uri)  # a secret holding '@' or '#' makes the URI one kg refuses
    assert shown in ("neo4j://db.example.org:7687", "<the URI given>")
    assert message.startswith(f"{shown}: RuntimeError: cannot reach")
    assert not _leaks(message, password) and not _leaks(message, secret)
    assert "\n" not in message


# -- catalog parameters: one gate for both engines -------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    kg.build([SEEDS], out)
    return out


def _bad_params(name: str) -> list[dict]:
    """Values every question must refuse: an unknown name, and for each parameter a value
    that is not text or not Unicode; the evidence type missing, empty or not whitelisted;
    a month not YYYY-MM."""
    cases: list[dict] = [{"nope": "x"}, {"nope\n}": None}]
    for param in QUESTIONS[name].params:
        required = {"type": "ORGANIZED"} if param != "type" and name == "evidence" else {}
        cases += [{**required, param: bad} for bad in (5, 2.5, True, ["x"], {"a": 1}, "\ud800")]
    if name == "evidence":
        cases += [{}, {"source": "朱帆"}, {"type": None}]
        hostile = ["", "MENTIONS", "organized", "RAN", "ORGANIZED]->() DETACH DELETE s //"]
        cases += [{"type": kind} for kind in [*hostile, 'ORGANIZED") || true || ("']]
    if name == "events":
        cases += [{"month": m} for m in ("2020-3", "2020-13", "202001", "2020-01-01", "")]
    return cases


def _outcome(directory, name: str, params, engine: str):
    try:
        return "rows", ask(directory, name, params, engine)
    except QueryError as error:
        return "refused", str(error)


def test_both_engines_refuse_the_same_bad_parameters_with_the_same_line(built):
    cases = [(name, params) for name in QUESTIONS for params in _bad_params(name)]
    for name, params in cases:
        cypher = _outcome(built, name, params, "cypher")
        sparql = _outcome(built, name, params, "sparql")
        assert cypher[0] == "refused", (name, params, cypher)
        assert sparql == cypher, (name, params)
        assert "\n" not in cypher[1] and cypher[1].startswith(f"{name}: "), cypher[1]


def test_kg_ask_refuses_alike_on_both_engines(built):
    for args in (
        ["evidence"],
        ["evidence", "--param", "type=MENTIONS"],
        ["evidence", "--param", 'type=x" } UNION { ?s ?p ?o } #'],
        ["events", "--param", "month=2020-3"],
        ["positions", "--param", "county=吉木萨尔"],
    ):
        runs = [
            CliRunner().invoke(app, ["ask", *args, "--db", str(built), "--engine", engine])
            for engine in ("cypher", "sparql")
        ]
        assert [r.exit_code for r in runs] == [2, 2], args
        assert runs[0].stderr == runs[1].stderr and runs[0].stdout == runs[1].stdout == ""
        assert runs[0].stderr.startswith("kg: error: ") and runs[0].stderr.count("\n") == 1


@settings(deadline=None, max_examples=20)
@given(kind=st.sampled_from(EVIDENCE_TYPES) | st.text(max_size=30))
def test_any_evidence_type_gets_one_answer_from_both_engines(built, kind):
    cypher = _outcome(built, "evidence", {"type": kind}, "cypher")
    assert _outcome(built, "evidence", {"type": kind}, "sparql") == cypher
    assert (cypher[0] == "rows") == (kind in EVIDENCE_TYPES)


# -- kg sparql --param: bound, never spliced -------------------------------------------------

SCHEMA = "https://schema.org/"
ID = "https://kg.example.org/id/"
BY_NAME = f"SELECT ?p ?name WHERE {{ ?p <{SCHEMA}name> ?n FILTER (STR(?n) = ?name) }} ORDER BY ?p"
BY_PARAM = (
    "PREFIX kg: <https://kg.example.org/ns#> "
    f'SELECT ?p WHERE {{ ?p <{SCHEMA}name> ?n FILTER (STR(?n) = kg:param("name")) }}'
)
HOSTILE = [
    '"',
    "'",
    "}",
    "a\nb",
    "<http://example.org/x>",
    '" || true || "',
    'x" } UNION { ?p ?q ?name } #',
    "') } ; DROP ALL ; SELECT * { ('",
    '"""',
    "\\",
    "?name",
    "$name",
    '朱帆"@zh',
]


def _store_with(names: list[str]):
    """An in-memory store of people per-0, per-1 … named ``names`` (as the build writes
    names: tagged @zh), without going through graph_to_rdf's text cleaning."""
    import pyoxigraph as ox

    from kg.query.sparql import write_store

    return write_store(
        [
            ox.Quad(
                ox.NamedNode(f"{ID}per-{i}"),
                ox.NamedNode(SCHEMA + "name"),
                ox.Literal(name, language="zh"),
            )
            for i, name in enumerate(names)
        ],
        None,
    )


@settings(deadline=None, max_examples=80)
@given(name=st.text(min_size=1) | st.sampled_from(HOSTILE))
def test_sparql_parameters_are_bound_values_matched_literally(name):
    from kg.query.sparql import run_sparql

    store = _store_with([name, name + "x", "朱帆"])
    for i, value in enumerate([name, name + "x"]):
        rows = run_sparql(store, BY_NAME, {"name": value}, bind_variables=True)[1]
        assert rows == [[f"{ID}per-{i}", value]]
        rows = run_sparql(store, BY_PARAM, {"name": value}, bind_variables=True)[1]
        assert rows == [[f"{ID}per-{i}"]]


@pytest.mark.parametrize("value", HOSTILE)
def test_kg_sparql_param_matches_hostile_values_literally(built, value):
    code, output = _cli("sparql", BY_NAME, "--db", str(built), "--param", f"name={value}")
    assert code == 0, output
    assert output.strip().endswith("(0 rows)"), output
    code, output = _cli("sparql", BY_PARAM, "--db", str(built), "-p", f"name={value}", "--json")
    assert code == 0 and json.loads(output) == [], output


def test_kg_sparql_param_binds_a_name(built):
    code, output = _cli("sparql", BY_NAME, "--db", str(built), "--param", "name=朱帆", "--json")
    assert code == 0, output
    assert [row["name"] for row in json.loads(output)] == ["朱帆"]


def test_kg_sparql_says_where_a_value_cannot_be_bound(built):
    unlisted = f"SELECT ?p WHERE {{ ?p <{SCHEMA}name> ?n FILTER (STR(?n) = ?name) }}"
    code, output = _cli("sparql", unlisted, "--db", str(built), "--param", "name=朱帆")
    assert code == 2
    assert output.count("\n") == 1 and 'kg:param("name")' in output
    construct = f"CONSTRUCT {{ ?p <{SCHEMA}x> ?name }} WHERE {{ ?p <{SCHEMA}name> ?n }}"
    code, output = _cli("sparql", construct, "--db", str(built), "--param", "name=朱帆")
    assert code == 2 and 'kg:param("name")' in output
