"""The embedded Cypher store: DDL from the schema, bulk load, round trips, hostile text,
run_cypher's errors and the research queries, all on real LadybugDB files in tmp_path."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import ladybug
import pytest
from conftest import CATALOG_COLUMNS

from kg.errors import KGError, UsageError
from kg.graph.build import new_graph
from kg.graph.schema import NODES, RELATIONSHIPS, edge_properties
from kg.query.cypher import (
    CATALOG_CYPHER,
    EVIDENCE_TYPES,
    QueryError,
    catalog_query,
    parameter_names,
    run_catalog,
    run_cypher,
)
from kg.sinks.ladybug import LADYBUG_TYPES, LadybugError, ddl, write_ladybug


@pytest.fixture(scope="module")
def seed_db(seed_graph, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ladybug") / "kg.lbug"
    write_ladybug(seed_graph, path)
    return path


def _query(path: Path, query: str, params: dict | None = None) -> list[list]:
    return run_cypher(path, query, params)[1]


def _tiny_graph():
    graph = new_graph()
    graph.add_node("org-a", label="Organization", id="org-a", name="甲党支部", kind="党支部")
    graph.add_node("evt-a", label="Event", id="evt-a", name="主题党日活动", type="主题党日")
    graph.add_edge("org-a", "evt-a", key="ORGANIZED", type="ORGANIZED", role="组织")
    return graph


# --- DDL and counts -------------------------------------------------------------------


def test_ddl_matches_the_schema(seed_db):
    assert len(ddl()) == len(NODES) + len(RELATIONSHIPS)
    database = ladybug.Database(str(seed_db), read_only=True)
    connection = ladybug.Connection(database)
    try:
        tables = {
            row[1]: row[2] for row in connection.execute("CALL show_tables() RETURN *").get_all()
        }
        assert tables == {**dict.fromkeys(NODES, "NODE"), **dict.fromkeys(RELATIONSHIPS, "REL")}
        for label, node in NODES.items():
            info = connection.execute(f"CALL table_info('{label}') RETURN *").get_all()
            assert [(r[1], r[2], r[4]) for r in info] == [
                (p.name, LADYBUG_TYPES[p.type], p.name == "id") for p in node.properties
            ]
        for kind, rel in RELATIONSHIPS.items():
            info = connection.execute(f"CALL table_info('{kind}') RETURN *").get_all()
            assert [(r[1], r[2]) for r in info] == [
                (p.name, LADYBUG_TYPES[p.type]) for p in edge_properties(kind)
            ]
            pairs = connection.execute(f"CALL show_connection('{kind}') RETURN *").get_all()
            assert sorted((r[0], r[1]) for r in pairs) == sorted(
                (s, t) for s in rel.sources for t in rel.targets
            )
    finally:
        connection.close()
        database.close()


def test_counts_equal_the_networkx_graph(seed_graph, tmp_path):
    report = write_ladybug(seed_graph, tmp_path / "kg.lbug")
    labels = Counter(data["label"] for _, data in seed_graph.nodes(data=True))
    types = Counter(data["type"] for *_, data in seed_graph.edges(data=True))
    assert report["nodes"] == {label: labels.get(label, 0) for label in NODES}
    assert report["relationships"] == {kind: types.get(kind, 0) for kind in RELATIONSHIPS}
    assert report["rows"] == seed_graph.number_of_nodes() + seed_graph.number_of_edges()
    assert report["rows_per_second"] > 0
    for label in NODES:
        assert _query(report["path"], f"MATCH (n:{label}) RETURN count(n) AS n") == [
            [labels.get(label, 0)]
        ]
    for kind in RELATIONSHIPS:
        assert _query(report["path"], f"MATCH ()-[r:{kind}]->() RETURN count(r) AS n") == [
            [types.get(kind, 0)]
        ]


# --- round trips ----------------------------------------------------------------------


def test_every_node_and_relationship_round_trips(seed_graph, seed_db):
    for label, node in NODES.items():
        names = [p.name for p in node.properties]
        returned = ", ".join(f"n.`{name}` AS `{name}`" for name in names)
        rows = _query(seed_db, f"MATCH (n:{label}) RETURN {returned} ORDER BY n.id")
        expected = [
            [data.get(name) for name in names]
            for nid, data in sorted(seed_graph.nodes(data=True))
            if data["label"] == label
        ]
        assert rows == expected, label
    for kind in RELATIONSHIPS:
        names = [p.name for p in edge_properties(kind)]
        returned = ", ".join(f"r.`{name}`" for name in names)
        rows = _query(seed_db, f"MATCH (a)-[r:{kind}]->(b) RETURN a.id, b.id, {returned}")
        expected = [
            [u, v, *(data.get(name) for name in names)]
            for u, v, data in seed_graph.edges(data=True)
            if data["type"] == kind
        ]
        assert sorted(map(repr, rows)) == sorted(map(repr, expected)), kind


def test_chinese_dates_and_lists_round_trip(seed_db):
    rows = _query(
        seed_db,
        "MATCH (e:Event) WHERE e.date = $day RETURN e.type AS type, e.date AS date, "
        "e.date_text AS text",
        {"day": dt.date(2025, 9, 12)},
    )
    assert rows == [["主题党日", "2025-09-12", "2025年9月12日"]]
    rows = _query(
        seed_db,
        "MATCH (o:Organization) WHERE '县机关工委' IN o.aliases RETURN o.name, o.aliases",
    )
    assert rows == [["玛纳斯县机关工委", ["县机关工委", "机关工委"]]]


HOSTILE = [
    "'single' \"double\" `back`tick",
    "}) DETACH DELETE n //",
    "'); MATCH (n) DETACH DELETE n; //",
    "$name {name: $x} \\ \\n \\' \\\"",
    "line one\nline two\r\nline three\ttab",
    "emoji 😀🇨🇳 and ｆｕｌｌ－ｗｉｄｔｈ，中文，顿号、“引号”",
    "a,b;c|d[e]f",
    "NUL\x00inside",
    "",
    "  spaces kept  ",
    "NULL",
    "长" * 100_000,
]


def test_hostile_strings_change_nothing_but_their_own_values(tmp_path):
    graph = _tiny_graph()
    for i, text in enumerate(HOSTILE):
        graph.add_node(
            f"org-{i:02d}", label="Organization", id=f"org-{i:02d}", name=text, aliases=[text, text]
        )
        graph.add_edge(
            f"org-{i:02d}",
            "evt-a",
            key=f"ORGANIZED|{i}",
            type="ORGANIZED",
            role=text,
            articles=[text],
            sentences=[text, "second"],
            spans=["0:1", "1:2"],
            rules=[text, text],
        )
    report = write_ladybug(graph, tmp_path / "kg.lbug")
    assert report["nodes"]["Organization"] == len(HOSTILE) + 1
    assert report["relationships"]["ORGANIZED"] == len(HOSTILE) + 1
    rows = _query(
        report["path"],
        "MATCH (o:Organization)-[r:ORGANIZED]->(e:Event) WHERE o.id STARTS WITH 'org-0' "
        "OR o.id STARTS WITH 'org-1' RETURN o.id, o.name, o.aliases, r.role, r.articles, "
        "r.sentences, r.rules, e.name ORDER BY o.id",
    )
    assert rows == [
        [f"org-{i:02d}", t, [t, t], t, [t], [t, "second"], [t, t], "主题党日活动"]
        for i, t in enumerate(HOSTILE)
    ]
    # the canary survives, and every value comes back through a parameter too
    assert _query(report["path"], "MATCH (o:Organization {id: 'org-a'}) RETURN o.name") == [
        ["甲党支部"]
    ]
    for text in HOSTILE:
        assert _query(
            report["path"], "MATCH (o:Organization) WHERE o.name = $t RETURN count(*)", {"t": text}
        ) == [[1]]


def test_a_lone_surrogate_is_refused_not_mangled(tmp_path):
    graph = _tiny_graph()
    graph.nodes["org-a"]["name"] = "bad\ud800text"  # LadybugDB would store 'batext'
    with pytest.raises(LadybugError, match=r"Organization org-a: property name .*surrogates"):
        write_ladybug(graph, tmp_path / "kg.lbug")
    assert not (tmp_path / "kg.lbug").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.nodes["evt-a"].update(date="2025-9-12"), "property date must be date"),
        (lambda g: g.nodes["evt-a"].update(date="近日"), "property date must be date"),
        (lambda g: g.nodes["org-a"].update(name=12), "property name must be string"),
        (lambda g: g.nodes["org-a"].update(aliases=["ok", 3]), "property aliases must be string"),
        (lambda g: g.nodes["org-a"].update(colour="red"), r"properties \['colour'\]"),
        (lambda g: g.nodes["org-a"].update(label="Party"), "label 'Party' is not in the schema"),
        (lambda g: g.add_edge("evt-a", "org-a", type="ORGANIZED"), "no ORGANIZED from Event"),
        (lambda g: g.add_edge("org-a", "evt-a", type="RAN"), "type 'RAN' is not in the schema"),
        (
            lambda g: g.add_edge("org-a", "evt-a", type="MENTIONS", count=2**63),
            "no MENTIONS from Organization",
        ),
    ],
)
def test_values_that_do_not_fit_the_schema_are_refused(tmp_path, change, message):
    graph = _tiny_graph()
    change(graph)
    with pytest.raises(LadybugError, match=message):
        write_ladybug(graph, tmp_path / "kg.lbug")


def test_an_out_of_range_count_is_refused(tmp_path):
    graph = _tiny_graph()
    graph.add_node("art-a", label="Article", id="art-a", title="标题", date="2025-09-12")
    graph.add_edge("art-a", "org-a", type="MENTIONS", count=2**63)
    with pytest.raises(LadybugError, match="property count must be int"):
        write_ladybug(graph, tmp_path / "kg.lbug")
    graph.edges["art-a", "org-a", 0]["count"] = 2**63 - 1
    report = write_ladybug(graph, tmp_path / "kg.lbug")
    assert _query(report["path"], "MATCH ()-[m:MENTIONS]->() RETURN m.count, m.count + 0") == [
        [2**63 - 1, 2**63 - 1]
    ]


# --- the target path ------------------------------------------------------------------


def test_an_existing_database_is_refused_unless_replaced(tmp_path):
    path = tmp_path / "kg.lbug"
    write_ladybug(_tiny_graph(), path)
    with pytest.raises(UsageError, match="already exists"):
        write_ladybug(new_graph(), path)
    assert _query(path, "MATCH (n) RETURN count(n)") == [[2]]
    write_ladybug(new_graph(), path, replace=True)
    assert _query(path, "MATCH (n) RETURN count(n)") == [[0]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.lbug"]


def test_a_failed_write_leaves_the_old_database_untouched(tmp_path):
    path = tmp_path / "kg.lbug"
    write_ladybug(_tiny_graph(), path)
    before = path.read_bytes()
    broken = _tiny_graph()
    broken.nodes["evt-a"]["date"] = "someday"
    with pytest.raises(LadybugError):
        write_ladybug(broken, path, replace=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg.lbug"]


def test_a_directory_or_other_file_is_not_written_into(tmp_path):
    with pytest.raises(UsageError, match="is a directory; a LadybugDB database is one file"):
        write_ladybug(new_graph(), tmp_path)
    other = tmp_path / "notes.txt"
    other.write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError):
        write_ladybug(new_graph(), other)
    assert other.read_text(encoding="utf-8") == "keep me"
    empty = tmp_path / "empty.lbug"
    empty.touch()
    write_ladybug(_tiny_graph(), empty)  # an empty file holds nothing to lose
    assert _query(empty, "MATCH (n) RETURN count(n)") == [[2]]
    nested = tmp_path / "a" / "b" / "kg.lbug"
    write_ladybug(new_graph(), nested)
    assert nested.is_file()


def test_the_same_graph_gives_the_same_database(seed_graph, tmp_path):
    # The files differ in their header (LadybugDB stamps each database), not in content:
    # the same rows at the same internal offsets, in the same order.
    dumps = []
    for name in ("one.lbug", "two.lbug"):
        write_ladybug(seed_graph, tmp_path / name)
        nodes = _query(tmp_path / name, "MATCH (n) RETURN id(n), label(n), n.id")
        rels = _query(
            tmp_path / name, "MATCH (a)-[r]->(b) RETURN id(r), label(r), a.id, b.id, r.`count`"
        )
        # scan order is not fixed (tables are scanned in parallel): compare sorted rows
        dumps.append((sorted(map(repr, nodes)), sorted(map(repr, rels))))
    assert dumps[0] == dumps[1]


# --- run_cypher -----------------------------------------------------------------------


def test_a_syntax_error_is_one_line(seed_db):
    with pytest.raises(QueryError) as caught:
        run_cypher(seed_db, "MATCH (p:Person RETURN p")
    message = str(caught.value)
    assert message.startswith("LadybugDB query failed: Parser exception")
    assert "\n" not in message
    assert isinstance(caught.value, KGError)


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("MATCH (p:Party) RETURN p", None, "Table Party does not exist"),
        ("MATCH (p:Person) RETURN p.age", None, "Cannot find property age"),
        ("MATCH (p:Person) WHERE p.name = $name RETURN p", None, r"missing parameter\(s\) \$name"),
        ("CREATE (:Person {id: $id})", {"id": "x"}, "read-only"),
        ("MATCH (p:Person) DETACH DELETE p", None, "read-only"),
        ("RETURN 1 AS a; RETURN 2 AS b", None, "one statement at a time"),
        ("RETURN $x AS x", {"x": {1, 2}}, "Unknown parameter type"),
    ],
)
def test_engine_errors_are_query_errors(seed_db, query, params, message):
    with pytest.raises(QueryError, match=message) as caught:
        run_cypher(seed_db, query, params)
    assert "\n" not in str(caught.value)


def test_a_missing_database_is_a_query_error(tmp_path):
    for path, found in [
        (tmp_path / "nothing.lbug", "no such file"),
        (tmp_path, "a directory"),
        (tmp_path / "empty.lbug", "empty file"),
    ]:
        if path.name == "empty.lbug":
            path.touch()
        with pytest.raises(QueryError, match=f"cannot open LadybugDB database .*: {found}"):
            run_cypher(path, "RETURN 1 AS x")
    garbage = tmp_path / "garbage.lbug"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(QueryError, match="not a valid Lbug database file"):
        run_cypher(garbage, "RETURN 1 AS x")
    assert not (tmp_path / "nothing.lbug").exists()


def test_values_come_back_plain(seed_db):
    columns, rows = run_cypher(
        seed_db,
        "MATCH (e:Event) WHERE e.date IS NOT NULL "
        "RETURN e.date AS date, [e.date_text] AS texts, sum(1) AS n, 1.5 AS x, true AS b",
    )
    assert columns == ["date", "texts", "n", "x", "b"]
    assert rows == [["2025-09-12", ["2025年9月12日"], 1, 1.5, True]]
    assert type(rows[0][2]) is int  # sum() is an INT128 (Decimal) in LadybugDB


def test_parameter_names_skip_strings_comments_and_quoted_names():
    query = (
        "MATCH (n {name: $name}) WHERE n.x = '$no' AND n.y = \"$nope\" "
        "AND n.`$quoted` = $`odd name` /* $c1 */ RETURN $k // $c2"
    )
    assert parameter_names(query) == {"name", "odd name", "k"}
    assert parameter_names("RETURN '$unterminated") == set()


# --- the research queries -------------------------------------------------------------


def _sorted_nulls_last(rows):
    return sorted(rows, key=lambda row: [(v is None, "" if v is None else v) for v in row])


@pytest.mark.parametrize("name", sorted(CATALOG_CYPHER))
def test_each_catalog_query_runs_with_its_columns_in_order(seed_db, name):
    params = {"type": "HOLDS_POSITION"} if name == "evidence" else {}
    columns, rows = run_catalog(seed_db, name, params)
    assert columns == CATALOG_COLUMNS[name]
    assert rows, name
    assert rows == _sorted_nulls_last(rows)  # ORDER BY covers every column, nulls last
    assert run_catalog(seed_db, name, params) == (columns, rows)


def test_theme_party_days(seed_db):
    columns, rows = run_catalog(seed_db, "theme-party-days")
    # one row per event: the title and the body both state it, gathered in one list
    [row] = [dict(zip(columns, r, strict=True)) for r in rows]
    assert (row["event"], row["county"], row["date_text"], row["organizations"]) == (
        "“党建聚力践初心、劳动种菜暖民心”主题党日活动",
        "吉木萨尔县",
        "近日",
        ["吉木萨尔县社会福利中心党支部"],
    )
    assert row["article"].startswith("art-") and row["article_title"].startswith("吉木萨尔县社会")
    assert len(row["sentences"]) == 2 and all("主题党日" in s for s in row["sentences"])
    assert run_catalog(seed_db, "theme-party-days", {"county": "吉木萨尔县"})[1] == rows
    assert run_catalog(seed_db, "theme-party-days", {"county": "玛纳斯县"})[1] == []


def test_events_by_county(seed_db):
    _, rows = run_catalog(seed_db, "events-by-county")
    assert ["玛纳斯县", None, 1] in rows
    assert ["吉木萨尔县", None, 1] in rows
    assert [None, "2025-09", 1] in rows
    assert sum(r[2] for r in rows) == 9  # every event once


def test_organizers(seed_db):
    _, rows = run_catalog(seed_db, "organizers", {"organization": "玛纳斯县委组织部"})
    assert rows == [
        [
            "玛纳斯县委组织部",
            "主办",
            "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动",
            "展示活动",
            None,
        ]
    ]
    _, everyone = run_catalog(seed_db, "organizers")
    # an unnamed event carries a generated label: type · organizer · date
    label = "主题党日 · 昌吉州退役军人事务局 · 2025-09-12"
    assert ["昌吉州退役军人事务局", "组织", label, "主题党日", "2025-09-12"] in everyone
    # a county that acts itself (奇台县…开办…直播专场) organised it
    assert ["奇台县", "主办", "“金色麦浪中的乡村振兴奇迹”直播专场", "直播", None] in everyone


def test_positions(seed_db):
    _, rows = run_catalog(seed_db, "positions")
    assert ["朱帆", "副部长", "玛纳斯县委组织部"] in rows
    assert ["朱帆", "书记", "玛纳斯县机关工委"] in rows


def test_people_in_news(seed_db):
    _, rows = run_catalog(seed_db, "people-in-news")
    roles = {(r[0], r[4]) for r in rows}
    assert {("王路", "摄影"), ("王路", "提及"), ("刘晓倩", "通讯员"), ("付小芳", "记者")} <= roles
    assert {r[4] for r in rows} <= {"记者", "通讯员", "作者", "摄影", "提及"}


def test_evidence(seed_db):
    _, rows = run_catalog(
        seed_db,
        "evidence",
        {"source": "朱帆", "type": "HOLDS_POSITION", "target": "玛纳斯县委组织部"},
    )
    assert [r[:3] + r[7:] for r in rows] == [
        ["朱帆", "HOLDS_POSITION", "玛纳斯县委组织部", "482:502", "person.post.v1"]
    ]
    assert "朱帆" in rows[0][6] and rows[0][3].startswith("art-")
    assert rows[0][5] == "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办"  # its title
    # an article is named by its title
    _, wrote = run_catalog(seed_db, "evidence", {"source": "王路", "type": "PHOTOGRAPHED"})
    assert [r[2] for r in wrote] == ["玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办"]


@pytest.mark.parametrize(
    "kind", ["MENTIONS", "RAN", "ORGANIZED]->() DETACH DELETE s //", "", None, "organized"]
)
def test_evidence_types_come_only_from_the_schema(seed_db, kind):
    with pytest.raises(QueryError, match="not a relationship type with evidence"):
        run_catalog(seed_db, "evidence", {"type": kind})


def test_catalog_refuses_unknown_queries_and_parameters(seed_db):
    with pytest.raises(QueryError, match="no query named"):
        catalog_query("nope")
    with pytest.raises(QueryError, match="unknown parameter"):
        catalog_query("positions", {"county": "昌吉市"})
    with pytest.raises(QueryError, match="unknown Cypher dialect"):
        catalog_query("positions", dialect="gremlin")
    query, params = catalog_query("evidence", {"type": "WROTE"}, dialect="neo4j")
    assert "[r:WROTE]" in query and "type(r)" in query and "t.title" in query
    assert params == {"source": None, "target": None}


def test_neo4j_queries_differ_only_in_the_documented_spellings():
    assert set(EVIDENCE_TYPES) == {k for k, r in RELATIONSHIPS.items() if r.evidence}
    for name, (lbug, neo4j, description, params) in CATALOG_CYPHER.items():
        assert description and isinstance(params, tuple)
        assert "label(" not in neo4j and "string(" not in neo4j and "[1]" not in neo4j
        for param in params:
            assert f"${param}" in lbug or param == "type", (name, param)
        ported = (
            lbug.replace("label(r)", "type(r)")
            .replace("string(", "toString(")
            .replace("[1]", "[0]")
            .replace("range(1, size(r.sentences))", "range(0, size(r.sentences) - 1)")
        )
        assert ported == neo4j, name
