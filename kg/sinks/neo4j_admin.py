"""The graph as CSV files for ``neo4j-admin database import full`` (Neo4j 5): the fastest
first load of a large corpus into an empty database (``kg load`` over Bolt does the rest).

OUT holds a header file and a data file per node label and per (relationship type,
source label, target label) — separate headers are the neo4j-admin idiom for big data —,
``schema.cypher`` (the constraints and indexes ``kg load`` creates; neo4j-admin creates
none) and ``kg-neo4j-admin.json``, which lists what was written and marks OUT as kg's.
Headers come from :mod:`kg.graph.schema` (:data:`ADMIN_TYPES`); each label is an id space.

Fields as neo4j-admin reads them (RFC 4180, ``--legacy-style-quoting=false``): a string
is quoted, ``"`` doubled, everything else kept (commas, newlines, NUL, emoji, spaces); a
missing value is an empty unquoted field, ``""`` the empty string; a ``string[]`` is
joined with U+001F; ints and dates are bare. Refused, naming the node or relationship
and the property: a list element holding U+001F, the list ``[""]`` (read back as empty),
an id or indexed name over a Neo4j index's limit (as ``kg load`` refuses it). An empty
list is written as no value: neo4j-admin stores no empty arrays. docker/README.md has
the whole story; the same graph directory gives byte-identical files.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from kg.errors import KGError, UsageError
from kg.graph.schema import NODES, RELATIONSHIPS, SCHEMA_VERSION, Property, edge_properties
from kg.graph.tables import graph_tables
from kg.io.names import shown
from kg.sinks.neo4j import INDEXED, MAX_INDEXED_BYTES, schema_statements
from kg.sinks.nodelink import read_json

__all__ = [
    "ADMIN_TYPES",
    "ARRAY_DELIMITER",
    "MANIFEST",
    "SCHEMA_CYPHER",
    "AdminExportError",
    "ExportSummary",
    "check_database_name",
    "import_command",
    "node_header",
    "relationship_header",
    "write_admin_csv",
]

ADMIN_TYPES = {"string": "string", "int": "long", "date": "date", "string[]": "string[]"}
ARRAY_DELIMITER = "\x1f"
MANIFEST = "kg-neo4j-admin.json"
SCHEMA_CYPHER = "schema.cypher"
FORMAT = 1  # bump when the layout of OUT changes
DEFAULT_READ_BUFFER = 4 * 1024 * 1024  # neo4j-admin's --read-buffer-size default
_MIB = 1024 * 1024
_DATABASE = re.compile(r"[A-Za-z][A-Za-z0-9.\-]{2,62}\Z")  # Neo4j 5 database names
_OUR_FILE = re.compile(r"(nodes|rels)_[A-Za-z_]+\.csv\Z")


class AdminExportError(KGError):
    """The files cannot be written: OUT is not ours, or a value neo4j-admin cannot take."""


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`write_admin_csv` wrote: every file, the rows of each data file, counts
    per label and type, and the options the import needs (``read_buffer_size`` is None
    when neo4j-admin's default buffer holds the longest field)."""

    out: Path
    files: tuple[str, ...]
    rows: dict[str, int]
    nodes: dict[str, int]
    relationships: dict[str, int]
    multiline_fields: bool
    read_buffer_size: int | None

    def to_dict(self) -> dict:
        return {**asdict(self), "out": str(self.out), "files": list(self.files)}


def node_header(label: str) -> list[str]:
    """The header of a node file: properties in schema order, then ``:LABEL``.

    Example:
        >>> node_header("Person")
        ['id:ID(Person)', 'name:string', ':LABEL']
    """
    fields = [
        f"id:ID({label})" if p.name == "id" else f"{p.name}:{ADMIN_TYPES[p.type]}"
        for p in NODES[label].properties
    ]
    return [*fields, ":LABEL"]


def relationship_header(kind: str, source: str, target: str) -> list[str]:
    """The header of a relationship file.

    Example:
        >>> relationship_header("MENTIONS", "Article", "Place")
        [':START_ID(Article)', ':END_ID(Place)', ':TYPE', 'count:long']
    """
    props = [f"{p.name}:{ADMIN_TYPES[p.type]}" for p in edge_properties(kind)]
    return [f":START_ID({source})", f":END_ID({target})", ":TYPE", *props]


def write_admin_csv(
    directory: str | os.PathLike[str], out: str | os.PathLike[str], *, force: bool = False
) -> ExportSummary:
    """Write the graph of a ``kg build`` directory as neo4j-admin import files into ``out``.

    Writes only into ``out``, and only once every file is complete. A non-empty ``out``
    this function did not write is refused unless ``force`` (its files are left alone);
    files of an earlier export into ``out`` that this one does not rewrite are removed.

    Raises:
        BuildError: ``directory`` is not a graph directory kg can read.
        AdminExportError: ``out`` is not ours, or a value cannot be written (named).
        SchemaMismatch: a value of the graph does not fit its schema type.

    Example:
        >>> write_admin_csv("out/", "out/neo4j-admin/").rows  # doctest: +SKIP
        {'nodes_Article.csv': 11, 'nodes_Organization.csv': 30, ...}
    """
    from kg.builder import GRAPH_JSON, check_graph_dir

    directory, out = Path(directory), Path(out)
    check_graph_dir(directory)
    previous = _check_out(out, force)
    tables = graph_tables(read_json(directory / GRAPH_JSON))
    out.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out)
    nodes, relationships = [], []
    try:
        for label, table in tables.nodes.items():
            if not table:
                continue
            props = NODES[label].properties
            id_at = [p.name for p in props].index("id")
            indexed = {"id", *INDEXED.get(label, ())}
            name = f"nodes_{label}"
            rows = writer.write(
                name,
                node_header(label),
                [*_fields(props, indexed), (":LABEL", _bare)],
                ((*row, label) for row in table),
                lambda row, label=label, id_at=id_at: f"{label} {row[id_at]}",
            )
            nodes.append({"label": label, "name": name, "rows": rows})
        for (kind, source, target), table in tables.relationships.items():
            name = f"rels_{kind}_{source}_{target}"
            ends = [(":START_ID", _string), (":END_ID", _string), (":TYPE", _bare)]
            rows = writer.write(
                name,
                relationship_header(kind, source, target),
                [*ends, *_fields(edge_properties(kind))],
                ((row[0], row[1], kind, *row[2:]) for row in table),
                lambda row, kind=kind: f"{kind} {row[0]} -> {row[1]}",
            )
            relationships.append(
                {"type": kind, "source": source, "target": target, "name": name, "rows": rows}
            )
        if not nodes:
            raise AdminExportError(f"{shown(directory)}: the graph has no nodes; nothing to import")
        manifest = _manifest(nodes, relationships, writer)
        schema = "".join(f"{statement};\n" for statement in schema_statements())
        writer.stage(SCHEMA_CYPHER, schema.encode("utf-8"))
        writer.stage(MANIFEST, _json(manifest))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    _remove_stale(out, previous, set(writer.written))
    return ExportSummary(
        out=out,
        files=tuple(writer.written),
        rows={f"{e['name']}.csv": e["rows"] for e in nodes + relationships},
        nodes=_counts(nodes, "label", NODES),
        relationships=_counts(relationships, "type", RELATIONSHIPS),
        multiline_fields=manifest["multiline_fields"],
        read_buffer_size=manifest["read_buffer_size"],
    )


def import_command(
    out: str | os.PathLike[str],
    database: str = "neo4j",
    *,
    import_dir: str | None = None,
    overwrite: bool = False,
) -> str:
    """The ``neo4j-admin database import full`` command line for the files in ``out``.

    Args:
        out: a directory :func:`write_admin_csv` wrote.
        database: the database to create (Neo4j Community serves only its default one,
            ``neo4j`` unless ``initial.dbms.default_database`` says otherwise).
        import_dir: where neo4j-admin sees ``out`` (``/import`` in docker/compose.yaml);
            by default ``out`` itself, made absolute.
        overwrite: add ``--overwrite-destination=true`` (replace an existing database).

    Raises:
        AdminExportError: ``out`` holds no export manifest.
        UsageError: a database name Neo4j refuses, or a path holding a comma.
    """
    out = Path(out)
    check_database_name(database)
    manifest = _read_manifest(out)
    if manifest is None:
        raise AdminExportError(
            f"{shown(out)}: no {MANIFEST}; write the files with `kg export neo4j-admin DIR --out {shown(out)}`"
        )
    base = PurePosixPath(import_dir) if import_dir else out.resolve()
    if "," in str(base):
        raise UsageError(
            f"{shown(base)}: neo4j-admin separates files with commas; use a path without"
        )

    def files(entry: dict) -> str:
        return f"{base / (entry['name'] + '_header.csv')},{base / (entry['name'] + '.csv')}"

    args = ["neo4j-admin", "database", "import", "full", database]
    args += ["--id-type=string", "--array-delimiter=U+001F", "--legacy-style-quoting=false"]
    if manifest["multiline_fields"]:
        args.append("--multiline-fields=true")
    if manifest["read_buffer_size"]:
        args.append(f"--read-buffer-size={manifest['read_buffer_size'] // _MIB}m")
    if overwrite:
        args.append("--overwrite-destination=true")
    args += [f"--nodes={_in(e['label'], NODES)}={files(e)}" for e in manifest["nodes"]]
    args += [
        f"--relationships={_in(e['type'], RELATIONSHIPS)}={files(e)}"
        for e in manifest["relationships"]
    ]
    return shlex.join(args)


def check_database_name(name: str) -> str:
    """Return ``name`` if Neo4j 5 accepts it as a database name; raise UsageError otherwise."""
    if not _DATABASE.match(name):
        raise UsageError(
            f"{name!r} is not a Neo4j database name (3 to 63 ASCII letters, digits, dots "
            "or dashes, starting with a letter)"
        )
    return name


# --- fields ------------------------------------------------------------------------------


class _Refused(ValueError):
    """A value neo4j-admin (or the index schema.cypher makes) cannot take."""


def _quote(value: str) -> str:
    # csv.QUOTE_NOTNULL (Python 3.12) writes this; kg supports 3.11.
    return '"' + value.replace('"', '""') + '"'


def _string(value: str | None) -> str:
    return "" if value is None else _quote(value)


def _indexed(value: str | None) -> str:
    if value is not None and len(value) * 4 > MAX_INDEXED_BYTES:  # UTF-8: <= 4 bytes a char
        size = len(value.encode("utf-8"))
        if size > MAX_INDEXED_BYTES:
            raise _Refused(
                f"is {size:,} bytes in UTF-8, over the {MAX_INDEXED_BYTES:,} a Neo4j index "
                "takes (schema.cypher indexes it)"
            )
    return _string(value)


def _bare(value) -> str:
    """Ints; labels and types of the schema (plain identifiers)."""
    return "" if value is None else str(value)


def _date(value) -> str:
    return "" if value is None else value.isoformat()


def _string_list(values: list[str] | None) -> str:
    if not values:
        return ""
    if values == [""]:
        raise _Refused("is [''], which neo4j-admin would read back as an empty list")
    joined = ARRAY_DELIMITER.join(values)
    if joined.count(ARRAY_DELIMITER) != len(values) - 1:
        raise _Refused("has an element holding U+001F, the array delimiter of the files")
    return _quote(joined)


_FORMAT = {"string": _string, "int": _bare, "date": _date, "string[]": _string_list}


def _fields(props: tuple[Property, ...], indexed: set[str] = frozenset()) -> list[tuple]:
    """(property name, formatter) per property."""
    return [
        (p.name, _indexed if p.name in indexed and p.type == "string" else _FORMAT[p.type])
        for p in props
    ]


class _Writer:
    """Writes files under temporary names; :meth:`commit` renames them all into place."""

    def __init__(self, out: Path):
        self.out = out
        self.pending: list[tuple[Path, Path]] = []
        self.written: list[str] = []
        self.multiline = False
        self.longest = 0  # bytes of the longest field, measured on lines near the limit

    def write(
        self, name: str, header: list[str], fields: list[tuple], rows: Iterable, where: Callable
    ) -> int:
        self.stage(f"{name}_header.csv", (",".join(header) + "\n").encode("utf-8"))
        tmp = self._stage_path(f"{name}.csv")
        count = 0
        with open(tmp, "wb") as handle:
            for row in rows:
                values = []
                for (prop, field), value in zip(fields, row, strict=True):
                    try:
                        values.append(field(value))
                    except _Refused as refused:
                        raise AdminExportError(f"{where(row)}: property {prop} {refused}") from None
                line = ",".join(values)
                self.multiline = self.multiline or "\n" in line or "\r" in line
                data = line.encode("utf-8")
                if len(data) >= DEFAULT_READ_BUFFER:
                    self.longest = max(self.longest, *(len(v.encode("utf-8")) for v in values))
                handle.write(data + b"\n")
                count += 1
        return count

    def stage(self, name: str, data: bytes) -> None:
        self._stage_path(name).write_bytes(data)

    def commit(self) -> None:
        for tmp, path in self.pending:
            os.replace(tmp, path)
            self.written.append(path.name)
        self.pending.clear()

    def abort(self) -> None:
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)
        self.pending.clear()

    def _stage_path(self, name: str) -> Path:
        path = self.out / name
        tmp = self.out / f".{name}.{os.getpid()}.tmp"
        self.pending.append((tmp, path))
        return tmp


def _manifest(nodes: list[dict], relationships: list[dict], writer: _Writer) -> dict:
    from kg import __version__

    buffer = None
    if writer.longest >= DEFAULT_READ_BUFFER:
        buffer = _MIB * (writer.longest // _MIB + 2)  # at least 1 MiB to spare
    return {
        "format": FORMAT,
        "kg_version": __version__,
        "schema": SCHEMA_VERSION,
        "array_delimiter": "U+001F",
        "multiline_fields": writer.multiline,
        "read_buffer_size": buffer,
        "nodes": nodes,
        "relationships": relationships,
    }


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _counts(entries: list[dict], key: str, names: dict) -> dict[str, int]:
    counts = dict.fromkeys(names, 0)
    for entry in entries:
        counts[entry[key]] += entry["rows"]
    return counts


# --- OUT ---------------------------------------------------------------------------------


def _check_out(out: Path, force: bool) -> dict | None:
    """The manifest of an earlier export into ``out``, or None; refuse a directory not ours."""
    if out.exists() and not out.is_dir():
        raise AdminExportError(f"{shown(out)}: exists and is not a directory")
    if not out.is_dir():
        return None
    try:
        manifest = _read_manifest(out)
    except AdminExportError:
        if not force:
            raise
        manifest = None
    if manifest is None and any(out.iterdir()) and not force:
        raise AdminExportError(
            f"{shown(out)}: not empty and not written by `kg export neo4j-admin`; "
            "choose an empty or new directory, or pass --force to write beside its files"
        )
    return manifest


def _read_manifest(out: Path) -> dict | None:
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AdminExportError(f"{shown(path)}: unreadable export manifest: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise AdminExportError(
            f"{shown(path)}: written by an incompatible version of kg; export again into a new directory"
        )
    return manifest


def _remove_stale(out: Path, previous: dict | None, written: set[str]) -> None:
    """Remove the files of the previous export that this one did not rewrite."""
    for entry in (previous or {}).get("nodes", []) + (previous or {}).get("relationships", []):
        for name in (f"{entry.get('name')}_header.csv", f"{entry.get('name')}.csv"):
            # only names of our own shape: a tampered manifest cannot point elsewhere
            if name not in written and _OUR_FILE.match(name) and (out / name).is_file():
                (out / name).unlink()


def _in(name: str, schema: dict) -> str:
    if name not in schema:
        raise AdminExportError(f"{MANIFEST}: {name!r} is not in the schema; export again")
    return name
