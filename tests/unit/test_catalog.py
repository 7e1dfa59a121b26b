"""The research questions: Cypher (embedded) and SPARQL give the same answers; the Python API."""

import json

import pandas as pd
import pytest
from conftest import CATALOG_COLUMNS, SEED_THEME_ROW, SEEDS

import kg
from kg.errors import QueryError
from kg.query.catalog import QUESTIONS, ask

EVIDENCE = {
    "source": "玛纳斯县委组织部",
    "type": "ORGANIZED",
    "target": "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    kg.build([SEEDS], out)
    return out


@pytest.mark.parametrize("name", list(QUESTIONS))
def test_cypher_and_sparql_give_the_same_rows(built, name):
    params = EVIDENCE if name == "evidence" else None
    cypher = ask(built, name, params, "cypher")
    sparql = ask(built, name, params, "sparql")
    assert cypher == sparql
    assert cypher[0] == CATALOG_COLUMNS[name]
    assert cypher[1], f"{name} returned no rows on the sample pages"


def test_known_answers(built):
    columns, rows = ask(built, "theme-party-days")
    assert columns == CATALOG_COLUMNS["theme-party-days"]
    [row] = rows  # one row per event: the title and the body that state it, gathered
    assert row[:5] + row[6:] == SEED_THEME_ROW
    assert len(row[5]) == 2 and row[5] == sorted(row[5])
    assert ["朱帆", "副部长", "玛纳斯县委组织部"] in ask(built, "positions")[1]
    counties = {row[0]: row[2] for row in ask(built, "events-by-county")[1] if row[0]}
    assert counties["玛纳斯县"] == 1 and counties["吉木萨尔县"] == 1
    [row] = ask(built, "evidence", EVIDENCE)[1]
    assert row[6].startswith("本次活动由县委组织部主办")
    assert row[5] == "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办"  # the article's title
    assert ask(built, "theme-party-days", {"county": "玛纳斯县"})[1] == []
    # one person with every post and article; a namesake without evidence stays apart
    people = ask(built, "people", {"name": "朱帆"})[1]
    assert {tuple(r[2:5]) for r in people if r[2] == "post"} == {
        ("post", "书记", "玛纳斯县机关工委"),
        ("post", "副部长", "玛纳斯县委组织部"),
    }
    assert len({r[1] for r in people}) == 1
    assert len({r[1] for r in ask(built, "people", {"name": "王晓"})[1]}) == 2


def test_bad_questions_and_parameters_are_refused(built):
    with pytest.raises(QueryError, match="no question named"):
        ask(built, "nope")
    with pytest.raises(QueryError, match="unknown parameter"):
        ask(built, "positions", {"county": "x"})
    with pytest.raises(QueryError):
        ask(built, "evidence", {**EVIDENCE, "type": "ORGANIZED]->() DETACH DELETE n //"})


def test_python_api_returns_dataframes(built):
    graph = kg.Graph.open(built)
    frame = graph.ask("positions")
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == [
        "person",
        "title",
        "organization",
    ]
    assert graph.ask("positions", engine="sparql").equals(frame)
    count = graph.cypher(
        "MATCH (o:Organization) WHERE o.kind = $kind RETURN count(o) AS n", kind="党支部"
    )
    assert count.iloc[0]["n"] >= 1
    people = graph.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://schema.org/Person> }")
    assert people.iloc[0]["n"] == graph.report["nodes"]["Person"]
    assert graph.networkx().number_of_nodes() == sum(graph.report["nodes"].values())
    assert set(kg.Graph.questions()["name"]) == set(QUESTIONS)


def test_cli_query_sparql_and_ask(run_kg, built):
    listed = run_kg("ask", "--list")
    assert listed.returncode == 0 and all(name in listed.stdout for name in QUESTIONS)
    answer = run_kg("ask", "positions", "--db", str(built), "--json")
    assert answer.returncode == 0, answer.stderr
    assert {"person": "朱帆", "title": "副部长", "organization": "玛纳斯县委组织部"} in json.loads(
        answer.stdout
    )
    query = run_kg(
        "query",
        "MATCH (p:Person) WHERE p.name = $name RETURN p.name AS name",
        "--db",
        str(built),
        "--param",
        "name=朱帆",
        "--json",
    )
    assert json.loads(query.stdout) == [{"name": "朱帆"}]
    table = run_kg(
        "sparql", "SELECT ?n WHERE { ?p a <https://schema.org/Person> } LIMIT 1", "--db", str(built)
    )
    assert table.returncode == 0 and table.stdout.rstrip().endswith("(1 row)")


def test_syntax_errors_and_bad_directories_give_one_line_and_an_exit_code(run_kg, built, tmp_path):
    for command in (["query", "MATCH (n RETURN n"], ["sparql", "SELEC ?x WHERE {}"]):
        result = run_kg(*command, "--db", str(built))
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith(
            "kg: error: "
        )
    missing = run_kg("ask", "positions", "--db", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no such graph directory" in missing.stderr
    (tmp_path / "foreign").mkdir()
    foreign = run_kg("query", "MATCH (n) RETURN n", "--db", str(tmp_path / "foreign"))
    assert foreign.returncode == 1 and "not a graph directory made by kg build" in foreign.stderr
    assert "Traceback" not in missing.stderr + foreign.stderr


def test_hostile_parameters_stay_values(built):
    hostile = "'}) DETACH DELETE n // \\\" `x` 😀"
    graph = kg.Graph.open(built)
    assert graph.cypher(
        "MATCH (p:Person) WHERE p.name = $name RETURN p.name AS name", name=hostile
    ).empty
    assert graph.ask("organizers", organization=hostile).empty
    assert graph.ask("organizers", engine="sparql", organization=hostile).empty
    assert graph.cypher("MATCH (n) RETURN count(n) AS n").iloc[0]["n"] == sum(
        graph.report["nodes"].values()
    )


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_a_county_may_be_given_by_its_short_name(built, engine):
    full = ask(built, "theme-party-days", {"county": "吉木萨尔县"}, engine)
    assert full[1]
    assert ask(built, "theme-party-days", {"county": "吉木萨尔"}, engine) == full


def test_short_names_resolve_only_when_the_gazetteer_says_one_county():
    from kg.query.params import normalise_params

    assert normalise_params({"county": "长兴"}) == {"county": "长兴县"}
    assert normalise_params({"county": "朝阳区"}) == {"county": "朝阳区"}  # two cities, one name
    with pytest.raises(QueryError, match=r"county '朝阳' is ambiguous: 朝阳区, 朝阳县;"):
        normalise_params({"county": "朝阳"})
    hostile = "吉木萨尔' OR 1=1 //"
    assert normalise_params({"county": hostile}) == {"county": hostile}
    assert normalise_params({"county": None}) == {"county": None}


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_events_one_row_each_filtered_by_family_county_and_month(built, engine):
    columns, rows = ask(built, "events", {"family": "组织生活"}, engine)
    assert columns == CATALOG_COLUMNS["events"]
    assert {r[0] for r in rows} == {"主题党日"}
    assert ["主题党日", "组织生活", "主题党日 · 昌吉州退役军人事务局 · 2025-09-12", None,
            "2025-09-12", "2025-09-12"] in rows  # fmt: skip
    in_county = ask(built, "events", {"county": "吉木萨尔"}, engine)[1]
    assert [r[2] for r in in_county] == ["“党建聚力践初心、劳动种菜暖民心”主题党日活动"]
    september = ask(built, "events", {"month": "2025-09"}, engine)[1]
    assert september and all(r[4] <= "2025-09-30" and r[5] >= "2025-09-01" for r in september)
    assert ask(built, "events", {"month": "2024-01"}, engine)[1] == []


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_an_ambiguous_short_name_is_refused_naming_the_candidates(built, engine):
    with pytest.raises(QueryError, match=r"^events: county '朝阳' is ambiguous: 朝阳区, 朝阳县;"):
        ask(built, "events", {"county": "朝阳"}, engine)


def test_an_ambiguous_short_name_is_one_line_from_the_command_line(run_kg, built):
    result = run_kg("ask", "theme-party-days", "--db", str(built), "--param", "county=朝阳")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "kg: error: theme-party-days: county '朝阳' is ambiguous: 朝阳区, 朝阳县; give one of them"
    ]


# --- one row per event, articles with their date and title, on both engines ----------------


def _two_reports():
    """One 主题党日 run by two party organizations (and a bureau), told in three articles."""
    from kg.graph.build import new_graph

    g = new_graph()
    g.add_node("art-1", label="Article", id="art-1", title="甲文", date="2025-03-02")
    g.add_node("art-2", label="Article", id="art-2", title="乙文", date="2025-03-01")
    g.add_node("art-3", label="Article", id="art-3", title="丙文")
    for nid, name, kind in [("org-1", "甲党支部", "党支部"), ("org-2", "乙党委", "党委"),
                            ("org-3", "某局", "局")]:  # fmt: skip
        g.add_node(nid, label="Organization", id=nid, name=name, kind=kind)
    g.add_node("evt-1", label="Event", id="evt-1", name="主题党日活动", type="主题党日",
               family="组织生活", county="某县", date_text="近日")  # fmt: skip
    for org, articles, sentences in [
        ("org-1", ["art-1", "art-3"], ["甲党支部开展主题党日活动。", "甲党支部、乙党委开展活动。"]),
        ("org-2", ["art-2", "art-1"], ["甲党支部、乙党委开展活动。", "甲党支部、乙党委开展活动。"]),
        ("org-3", ["art-3"], ["某局开展主题党日活动。"]),
    ]:
        g.add_edge(org, "evt-1", key=f"ORGANIZED|{org}", type="ORGANIZED", role="组织",
                   articles=articles, sentences=sentences, spans=["0:5"] * len(articles),
                   rules=["event.organizer.v1"] * len(articles))  # fmt: skip
    return g


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory):
    from kg.query.sparql import write_store
    from kg.sinks.ladybug import write_ladybug

    graph = _two_reports()
    lbug = tmp_path_factory.mktemp("two") / "kg.lbug"
    write_ladybug(graph, lbug)
    return lbug, write_store(graph, None)


def _both(stores, name, params=None):
    from kg.query.answers import tidy
    from kg.query.cypher import run_catalog
    from kg.query.sparql import run_sparql
    from kg.query.sparql_catalog import CATALOG_SPARQL

    lbug, store = stores
    cypher = run_catalog(lbug, name, params)
    assert cypher == tidy(name, *run_sparql(store, CATALOG_SPARQL[name][0], params)), name
    return cypher


def test_one_row_per_event_with_its_first_report_on_both_engines(two_reports):
    columns, rows = _both(two_reports, "theme-party-days")
    assert [dict(zip(columns, row, strict=True)) for row in rows] == [
        {
            "event": "主题党日活动",
            "county": "某县",
            "date": None,
            "date_text": "近日",
            "organizations": ["乙党委", "甲党支部"],  # the bureau is no party organization
            "article": "art-2",  # the earliest report
            "article_date": "2025-03-01",
            "article_title": "乙文",
            "sentences": ["甲党支部、乙党委开展活动。", "甲党支部开展主题党日活动。"],
        }
    ]
    assert len(_both(two_reports, "events")[1]) == 1  # the other event questions: one row too
    assert _both(two_reports, "events-by-county")[1] == [["某县", None, 1]]


def test_rows_naming_an_article_give_its_date_and_title_on_both_engines(two_reports):
    columns, rows = _both(two_reports, "evidence", {"type": "ORGANIZED", "source": "甲党支部"})
    at = columns.index("article")
    assert [row[at : at + 3] for row in rows] == [
        ["art-1", "2025-03-02", "甲文"],
        ["art-3", None, "丙文"],
    ]
