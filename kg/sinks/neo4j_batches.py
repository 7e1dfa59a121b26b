"""The Cypher of a Neo4j load and the transactions that run it, batch by batch.

Statements are built from :mod:`kg.graph.schema` only (identifiers checked, then quoted);
every value travels as a parameter. The transaction functions are run by the driver's
``session.execute_write``, which retries a whole batch, so each reads what the database
holds for its rows and writes only what differs (see :mod:`kg.sinks.neo4j`).
"""

from __future__ import annotations

import datetime as dt
import re

from kg.errors import KGError
from kg.graph.schema import NODES, RELATIONSHIPS, check_label, check_type

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
OUTCOMES = ("created", "updated", "unchanged")


class Neo4jError(KGError):
    """The graph could not be loaded: wrong password, server down, refused data, ...

    The message is one line and never holds the password.
    """


def identity_properties(kind: str) -> tuple[str, ...]:
    """The properties that tell two relationships of ``kind`` between the same ends apart."""
    rel = RELATIONSHIPS[kind]
    return tuple(p.name for p in rel.properties) if rel.evidence else ()


# -- statements (identifiers from the schema only, checked) --------------------------------


def checked_name(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"schema identifier {name!r} is not a plain name")
    return name


def quoted(name: str) -> str:
    return f"`{checked_name(name)}`"


def label_ref(label: str) -> str:
    return quoted(check_label(label))


def _projection(names) -> str:
    return ", ".join(f".{quoted(n)}" for n in names)


def node_statements(label: str) -> tuple[str, str]:
    props = [p.name for p in NODES[label].properties if p.name != "id"]
    read = (
        f"UNWIND $ids AS id MATCH (n:{label_ref(label)} {{`id`: id}}) "
        f"RETURN n.`id` AS id, n {{{_projection(props)}}} AS props"
    )
    write = f"UNWIND $rows AS row MERGE (n:{label_ref(label)} {{`id`: row.id}}) SET n += row.props"
    return read, write


def relationship_statements(group: tuple[str, str, str], props: list[str]) -> tuple[str, ...]:
    kind = group[0]
    read = (
        f"UNWIND $pairs AS pair MATCH {_path(group, 'pair')} "
        "RETURN pair.source AS source, pair.target AS target, elementId(r) AS eid, "
        f"r {{{_projection(props)}}} AS props"
    )
    create = (
        f"UNWIND $rows AS row MATCH (s:{label_ref(group[1])} {{`id`: row.source}}) "
        f"MATCH (t:{label_ref(group[2])} {{`id`: row.target}}) "
        f"CREATE (s)-[r:{quoted(check_type(kind))}]->(t) SET r += row.props RETURN count(r) AS n"
    )
    update = (
        f"UNWIND $rows AS row MATCH {_path(group, 'row')} WHERE elementId(r) = row.eid "
        "SET r += row.props RETURN count(r) AS n"
    )
    return read, create, update


def _path(group: tuple[str, str, str], row: str) -> str:
    """``(s)-[r]->(t)`` of one (type, source label, target label), its ends found by id."""
    kind, source, target = group
    start = f"(s:{label_ref(source)} {{`id`: {row}.source}})"
    end = f"(t:{label_ref(target)} {{`id`: {row}.target}})"
    return f"{start}-[r:{quoted(check_type(kind))}]->{end}"


# -- transactions (run by session.execute_write: retried whole, so read and write agree) --


def write_nodes(tx, label: str, rows: list[dict], fresh: set[str]) -> tuple[dict, list[str]]:
    """Returns the outcome counts and the ids of the nodes created (``fresh`` is unused:
    both write functions take the same arguments)."""
    read, write = node_statements(label)
    found = {rec["id"]: rec["props"] for rec in tx.run(read, ids=[row["id"] for row in rows])}
    outcome = dict.fromkeys(OUTCOMES, 0)
    todo = []
    for row in rows:
        old = found.get(row["id"])
        state = "created" if old is None else _compare(old, row["props"])
        outcome[state] += 1
        if state != "unchanged":
            todo.append(row)
    if todo:
        tx.run(write, rows=todo).consume()
    return outcome, [row["id"] for row in rows if row["id"] not in found]


def write_relationships(
    tx, group: tuple[str, str, str], rows: list[dict], fresh: set[str]
) -> tuple[dict, list]:
    """Returns the outcome counts (and, like :func:`write_nodes`, a list: empty)."""
    props = list(rows[0]["props"])
    read, create, update = relationship_statements(group, props)
    # an end node this load created has no relationships yet: nothing to read for it
    pairs = sorted(
        {(r["source"], r["target"]) for r in rows if not {r["source"], r["target"]} & fresh}
    )
    existing: dict[tuple[str, str], list[tuple[str, dict]]] = {}
    if pairs:
        records = tx.run(read, pairs=[{"source": s, "target": t} for s, t in pairs])
        for rec in records:
            key = (rec["source"], rec["target"])
            existing.setdefault(key, []).append((rec["eid"], rec["props"]))
    identity = identity_properties(group[0])
    outcome = dict.fromkeys(OUTCOMES, 0)
    creates, updates = [], []
    for row in rows:
        match = next(
            (
                (eid, old)
                for eid, old in existing.get((row["source"], row["target"]), [])
                if all(_native(old.get(p)) == row["props"][p] for p in identity)
            ),
            None,
        )
        state = "created" if match is None else _compare(match[1], row["props"])
        outcome[state] += 1
        if state == "created":
            creates.append(row)
        elif state == "updated":
            updates.append({**row, "eid": match[0]})
    for statement, todo in ((create, creates), (update, updates)):
        if todo:
            written = tx.run(statement, rows=todo).single()["n"]
            if written != len(todo):
                raise Neo4jError(
                    f"{group[0]} from {group[1]} to {group[2]}: {len(todo) - written} of "
                    f"{len(todo)} relationships found no end node or changed while loading; "
                    "nothing of this batch was written"
                )
    return outcome, []


def _compare(old: dict, new: dict) -> str:
    same = all(_native(old.get(name)) == value for name, value in new.items())
    return "unchanged" if same else "updated"


def _native(value):
    """A value read from the driver as the Python value kg would write (dates, lists)."""
    if hasattr(value, "to_native") and not isinstance(value, dt.date):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    return value
