"""Cypher against the embedded LadybugDB database that :mod:`kg.sinks.ladybug` writes.

:func:`run_cypher` opens the database read-only, runs one statement with its parameters
and returns plain Python values. The research queries are at the end of this module,
each in LadybugDB's dialect and in Neo4j 5's (docs/LADYBUG.md lists the differences).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from pathlib import Path

from kg.errors import QueryError
from kg.graph.schema import NODES, RELATIONSHIPS
from kg.io.names import shown

__all__ = [
    "CATALOG_CYPHER",
    "EVIDENCE_TYPES",
    "QueryError",
    "catalog_query",
    "checked_query",
    "evidence_query",
    "parameter_names",
    "run_catalog",
    "run_cypher",
]


def run_cypher(
    path: Path | str, query: str, params: dict | None = None
) -> tuple[list[str], list[list]]:
    """Run one Cypher statement on the LadybugDB database at ``path`` (opened read-only).

    Values travel as parameters (``$name``), never inside the query text. Every
    parameter the query names must be given (``None`` is a value): LadybugDB would
    otherwise run with a parameter for which even ``$x IS NULL`` is null.

    Args:
        path: the database file written by :func:`kg.sinks.ladybug.write_ladybug`.
        query: one Cypher statement in LadybugDB's dialect.
        params: parameter values: str, int, float, bool, None, lists, dates.

    Returns:
        The column names (the RETURN names) and the rows, with plain Python values:
        dates as ISO strings, lists as lists, integers from ``sum`` as int.

    Raises:
        QueryError: the database is missing or unreadable, a parameter is missing, or
            the engine refused the query; the message is one line.

    Example:
        >>> run_cypher("kg.lbug", "MATCH (p:Person) WHERE p.name = $name RETURN p.id AS id",
        ...            {"name": "朱帆"})  # doctest: +SKIP
        (['id'], [['per-…']])
    """
    import ladybug

    path = Path(path)
    params = dict(params or {})
    if not path.is_file() or path.stat().st_size == 0:
        found = (
            "a directory" if path.is_dir() else "empty file" if path.exists() else "no such file"
        )
        raise QueryError(f"cannot open LadybugDB database {shown(path)}: {found}")
    missing = sorted(parameter_names(query) - set(params))
    if missing:
        names = ", ".join(f"${m}" for m in missing)
        raise QueryError(f"query not run: missing parameter(s) {names} (pass None for no value)")
    try:
        database = ladybug.Database(str(path), read_only=True)
    except RuntimeError as error:
        raise QueryError(f"cannot open LadybugDB database {shown(path)}: {_line(error)}") from None
    try:
        connection = ladybug.Connection(database)
        try:
            result = connection.execute(query, params)
        except (RuntimeError, ValueError, TypeError) as error:
            raise QueryError(f"LadybugDB query failed: {_line(error)}") from None
        if isinstance(result, list):
            raise QueryError(
                f"LadybugDB query failed: one statement at a time, found {len(result)}"
            )
        columns = list(result.get_column_names())
        rows = [[_plain(value) for value in row] for row in result.get_all()]
        connection.close()
    finally:
        database.close()
    return columns, rows


_TOKENS = re.compile(
    r"""'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z)|`[^`]*(?:`|\Z)"""
    r"""|//[^\n]*|/\*.*?(?:\*/|\Z)|\$(`[^`]*`|\w+)""",
    re.DOTALL,
)


def parameter_names(query: str) -> set[str]:
    """The ``$parameters`` a query names, outside strings, comments and `quoted names`.

    Example:
        >>> sorted(parameter_names("MATCH (n {name: $name}) WHERE n.x = '$no' RETURN $k // $c"))
        ['k', 'name']
    """
    return {m.group(1).strip("`") for m in _TOKENS.finditer(query) if m.group(1)}


def _line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):  # sum() of INT64 is an INT128
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):  # a node, relationship or path
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)  # intervals, UUIDs, blobs


# ---------------------------------------------------------------------------------------
# Research queries. Each: (LadybugDB query, Neo4j 5 query, description, parameter names).
# A missing parameter is passed as None (no filter). ORDER BY covers every column but
# lists (LadybugDB cannot sort by them; kg.query.answers sorts those answers again). A row
# that names an article also gives its date and title.

# An event's county: where it was held, rolled up PART_OF*0..4 to a county; else where its
# organizer is (same roll-up); else the county the extractor read (Event.county). Of
# several counties the first by name is taken, so every event counts once.
_EVENT_COUNTY = """\
OPTIONAL MATCH (e)-[:HELD_IN]->(:Place)-[:PART_OF*0..4]->(hc:Place {level: 'county'})
WITH e, min(hc.name) AS held
OPTIONAL MATCH (e)<-[:ORGANIZED]-(:Organization)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..4]->(oc:Place {level: 'county'})
WITH e, held, min(oc.name) AS located
WITH e, coalesce(held, located, e.county) AS county
"""

# One row per event, its statements gathered: the organizations, every sentence that says
# they organized it, and the first article to report it (earliest date, then id; an
# article's date is 10 characters, so the id follows it in first_report). County: where
# it was held, rolled up; else where its organizers are; else Event.county.
_THEME_PARTY_DAYS = """\
MATCH (o:Organization)-[r:ORGANIZED]->(e:Event)
WHERE e.type = '主题党日' AND o.kind IN ['党支部', '党总支', '党委']
OPTIONAL MATCH (o)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..4]->(oc:Place {level: 'county'})
WITH o, r, e, min(oc.name) AS located
UNWIND INDEXES AS i
OPTIONAL MATCH (a:Article) WHERE a.id = r.articles[i]
WITH e, min(located) AS located, collect(DISTINCT o.name) AS organizations,
     collect(DISTINCT r.sentences[i]) AS sentences,
     min(coalesce(TO_STRING(a.date), '9999-12-31') + r.articles[i]) AS first_report
OPTIONAL MATCH (e)-[:HELD_IN]->(:Place)-[:PART_OF*0..4]->(hc:Place {level: 'county'})
WITH e, organizations, sentences, first_report, located, min(hc.name) AS held
WITH e, organizations, sentences, right(first_report, size(first_report) - 10) AS first,
     coalesce(held, located, e.county) AS county
WHERE county = $county OR $county IS NULL
OPTIONAL MATCH (a:Article) WHERE a.id = first
RETURN county, e.date AS date, e.date_text AS date_text, coalesce(e.name, '') AS event,
       organizations, sentences, first AS article, a.date AS article_date,
       a.title AS article_title
ORDER BY county, date, date_text, event, article, article_date, article_title"""

_EVENTS_BY_COUNTY = (
    "MATCH (e:Event)\n"
    + _EVENT_COUNTY
    + """\
RETURN county, left(TO_STRING(e.date), 7) AS month, count(e) AS events
ORDER BY county, month, events"""
)

_ORGANIZERS = """\
MATCH (o)-[r:ORGANIZED]->(e:Event)
WHERE o.name = $organization OR $organization IS NULL
RETURN o.name AS organization, r.role AS role, coalesce(e.name, '') AS event, e.type AS type, e.date AS date
ORDER BY organization, role, event, type, date"""

# One row per event: its type and family, name (or generated label), county (rolled up as
# in events-by-county) and the days it can be. $family, $county, $month (YYYY-MM: events
# whose date window touches that month) filter; None for all.
_EVENTS = (
    "MATCH (e:Event)\n"
    + _EVENT_COUNTY
    + """\
WHERE (e.family = $family OR $family IS NULL) AND (county = $county OR $county IS NULL)
  AND ((left(TO_STRING(e.date_start), 7) <= $month AND left(TO_STRING(e.date_end), 7) >= $month)
       OR $month IS NULL)
RETURN e.type AS type, e.family AS family, e.name AS event, county,
       e.date_start AS date_start, e.date_end AS date_end
ORDER BY type, family, event, county, date_start, date_end"""
)

_POSITIONS = """\
MATCH (p:Person)-[h:HOLDS_POSITION]->(o:Organization)
RETURN p.name AS person, h.title AS title, o.name AS organization
ORDER BY person, title, organization"""

_PEOPLE_IN_NEWS = """\
MATCH (p:Person)-[r:WROTE|PHOTOGRAPHED|MENTIONS]-(a:Article)
RETURN p.name AS person, a.id AS article, a.date AS article_date, a.title AS title,
       CASE TYPE_OF(r) WHEN 'WROTE' THEN r.role WHEN 'PHOTOGRAPHED' THEN '摄影' ELSE '提及' END AS role
ORDER BY person, article, article_date, title, role"""

# One person with everything the graph says of them: posts (title, organization or place)
# and the articles that credit or mention them. $name: the person's name, or None for all;
# two people of one name are two ids (kg.resolve keeps them apart without evidence).
_PEOPLE = """\
MATCH (p:Person)-[r:HOLDS_POSITION|WROTE|PHOTOGRAPHED|MENTIONS]-(x)
WHERE p.name = $name OR $name IS NULL
RETURN p.name AS person, p.id AS id,
       CASE TYPE_OF(r) WHEN 'HOLDS_POSITION' THEN 'post' WHEN 'MENTIONS' THEN 'mentioned'
            ELSE 'credited' END AS relation,
       CASE TYPE_OF(r) WHEN 'HOLDS_POSITION' THEN r.title WHEN 'WROTE' THEN r.role
            WHEN 'PHOTOGRAPHED' THEN '摄影' ELSE '提及' END AS role,
       CASE TYPE_OF(r) WHEN 'HOLDS_POSITION' THEN x.name ELSE x.title END AS what,
       CASE TYPE_OF(r) WHEN 'HOLDS_POSITION' THEN '' ELSE x.id END AS article,
       CASE TYPE_OF(r) WHEN 'HOLDS_POSITION' THEN NULL ELSE x.date END AS article_date
ORDER BY person, id, relation, role, what, article, article_date"""

# __TYPE__, __SOURCE__ and __TARGET__ are filled by evidence_query() from the schema:
# the relationship type (whitelisted) and the property that names each end.
_EVIDENCE = """\
MATCH (s)-[r:__TYPE__]->(t)
WHERE (__SOURCE__ = $source OR $source IS NULL) AND (__TARGET__ = $target OR $target IS NULL)
UNWIND INDEXES AS i
OPTIONAL MATCH (a:Article) WHERE a.id = r.articles[i]
RETURN __SOURCE__ AS source, TYPE_OF(r) AS type, __TARGET__ AS target, r.articles[i] AS article,
       a.date AS article_date, a.title AS article_title, r.sentences[i] AS sentence,
       r.spans[i] AS span, r.rules[i] AS rule
ORDER BY source, type, target, article, article_date, article_title, sentence, span, rule"""

# The dialects differ in a few spellings only (docs/LADYBUG.md has the whole list).
_DIALECTS = {
    "ladybug": {
        "FIRST": "1",  # lists are 1-based
        "TO_STRING": "string",
        "TYPE_OF": "label",
        "INDEXES": "range(1, size(r.sentences))",
    },
    "neo4j": {
        "FIRST": "0",
        "TO_STRING": "toString",
        "TYPE_OF": "type",
        "INDEXES": "range(0, size(r.sentences) - 1)",
    },
}


def _spell(query: str, dialect: str) -> str:
    words = _DIALECTS[dialect]
    return re.sub(r"\b(FIRST|TO_STRING|TYPE_OF|INDEXES)\b", lambda m: words[m.group(1)], query)


EVIDENCE_TYPES = tuple(kind for kind, rel in RELATIONSHIPS.items() if rel.evidence)


def evidence_query(kind: str, dialect: str = "ladybug") -> str:
    """The ``evidence`` query for one relationship type, which must carry evidence.

    A relationship type cannot be a Cypher parameter, so it is written into the query:
    only after it is found in the schema's whitelist (all types but MENTIONS).

    Raises:
        QueryError: ``kind`` is not a relationship type with evidence.

    Example:
        >>> evidence_query("HOLDS_POSITION").splitlines()[0]
        'MATCH (s)-[r:HOLDS_POSITION]->(t)'
    """
    _check_dialect(dialect)
    if kind not in EVIDENCE_TYPES:
        raise QueryError(
            f"evidence: type {kind!r} is not a relationship type with evidence; "
            f"use one of {', '.join(EVIDENCE_TYPES)}"
        )
    rel = RELATIONSHIPS[kind]
    template = CATALOG_CYPHER["evidence"][0 if dialect == "ladybug" else 1]
    return (
        template.replace("__TYPE__", kind)
        .replace("__SOURCE__", f"s.{_name_property(rel.sources)}")
        .replace("__TARGET__", f"t.{_name_property(rel.targets)}")
    )


def _check_dialect(dialect: str) -> None:
    if dialect not in _DIALECTS:
        raise QueryError(f"unknown Cypher dialect {dialect!r}; use one of {', '.join(_DIALECTS)}")


def _name_property(labels: tuple[str, ...]) -> str:
    """``name``, or ``title`` for articles (the only label without a name)."""
    names = {
        "name" if any(p.name == "name" for p in NODES[label].properties) else "title"
        for label in labels
    }
    if len(names) != 1:
        raise QueryError(f"labels {labels} are named by different properties {sorted(names)}")
    return names.pop()


def catalog_query(name: str, params: dict | None = None, dialect: str = "ladybug"):
    """A catalog query ready to run: (query, params), with absent parameters set to None.

    Raises:
        QueryError: no such query, or a parameter :func:`kg.query.params.check_params`
            refuses (unknown, missing, not text, an evidence type not in the schema).
    """
    from kg.query.params import check_params

    _check_dialect(dialect)
    if name not in CATALOG_CYPHER:
        raise QueryError(f"no query named {name!r}; the catalog has {', '.join(CATALOG_CYPHER)}")
    return checked_query(name, check_params(name, CATALOG_CYPHER[name][3], params), dialect)


def checked_query(name: str, values: dict, dialect: str = "ladybug"):
    """(query, params) for values :func:`kg.query.params.check_params` has passed."""
    _check_dialect(dialect)
    ladybug_query, neo4j_query, _, _ = CATALOG_CYPHER[name]
    if name == "evidence":
        values = dict(values)
        return evidence_query(values.pop("type"), dialect), values
    return (ladybug_query if dialect == "ladybug" else neo4j_query), values


def run_catalog(path: Path | str, name: str, params: dict | None = None):
    """Run a catalog query on the LadybugDB database at ``path``; see :func:`run_cypher`.
    List cells come back sorted (:func:`kg.query.answers.tidy`)."""
    from kg.query.answers import tidy

    query, values = catalog_query(name, params)
    return tidy(name, *run_cypher(path, query, values))


CATALOG_CYPHER: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "theme-party-days": (
        _spell(_THEME_PARTY_DAYS, "ladybug"),
        _spell(_THEME_PARTY_DAYS, "neo4j"),
        "Which 党支部/党总支/党委 ran which 主题党日 in which county, when: one row per event, "
        "with its organizations, the first article to report it (id, date, title) and every "
        "sentence that says who organized it. County: HELD_IN place rolled up PART_OF*0..4, "
        "else the organizers' LOCATED_IN place, else Event.county. $county: a county name "
        "(short names such as 吉木萨尔 work), or None for all.",
        ("county",),
    ),
    "events-by-county": (
        _spell(_EVENTS_BY_COUNTY, "ladybug"),
        _spell(_EVENTS_BY_COUNTY, "neo4j"),
        "Events per county and month (YYYY-MM; null when undated). County: HELD_IN place "
        "rolled up PART_OF*0..4, else the organizer's LOCATED_IN place, else Event.county.",
        (),
    ),
    "events": (
        _spell(_EVENTS, "ladybug"),
        _spell(_EVENTS, "neo4j"),
        "One row per event: type, family (组织生活, 调研督查 …), name or generated label, "
        "county (HELD_IN rolled up PART_OF*0..4, else the organizer's LOCATED_IN, else "
        "Event.county), date_start, date_end. $family, $county (short names work), $month "
        "(YYYY-MM: events that may fall in it): filters, or None.",
        ("family", "county", "month"),
    ),
    "organizers": (
        _ORGANIZERS,
        _ORGANIZERS,
        "Who organized or co-organized what, with the role (主办, 承办, 协办, 组织 …): an "
        "organization, or a county or village acting itself. $organization: its name, or None.",
        ("organization",),
    ),
    "positions": (
        _POSITIONS,
        _POSITIONS,
        "Who holds which post (副部长, 书记, 讲师, 党员 …) in which organization.",
        (),
    ),
    "people-in-news": (
        _spell(_PEOPLE_IN_NEWS, "ladybug"),
        _spell(_PEOPLE_IN_NEWS, "neo4j"),
        "People and the articles they appear in (id, date, title), with their role: the "
        "byline role (记者, 通讯员, 作者), 摄影 for a photo credit, 提及 for a mention.",
        (),
    ),
    "people": (
        _spell(_PEOPLE, "ladybug"),
        _spell(_PEOPLE, "neo4j"),
        "One person across the corpus (after cross-article resolution): each post (title, "
        "organization or place) and each article (title, id, date) that credits or mentions "
        "them, by person id. $name: the person's name, or None for all.",
        ("name",),
    ),
    "evidence": (
        _spell(_EVIDENCE, "ladybug"),
        _spell(_EVIDENCE, "neo4j"),
        "The statements behind a fact: one row per (article with its date and title, "
        "sentence, span, rule). $type "
        f"(required): one of {', '.join(EVIDENCE_TYPES)}; $source, $target: names (an "
        "article's title), or None for any. Run it through evidence_query()/catalog_query(), "
        "which write the checked type into the query.",
        ("source", "type", "target"),
    ),
}
