"""Files and directories to :class:`Source` texts with their metadata.

Inputs are newspaper pages or single articles (``.txt``) and JSONL corpora
(``.jsonl``/``.ndjson``, one article object a line). Metadata comes from, most
specific first: a JSONL record's own fields; a sidecar ``<name>.json`` beside a
text file; the file name (``20200103-11-05.txt`` = 2020-01-03, page 11,
article 5); the defaults given on the command line.

Bad input never stops a run: each unreadable file or record becomes a
:class:`Problem` naming it and the reason, and reading goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.io.decode import DecodeError, decode, normalise

TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# A paragraph longer than this is not newspaper text (a whole corpus without
# line breaks, a minified dump): the file is refused rather than segmented.
MAX_LINE_CHARS = 1_000_000
MAX_FILE_BYTES = 512 * 1024 * 1024

_FILE_NAME = re.compile(
    r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})(?:[-_](?P<page>\d{1,3}))?(?:[-_](?P<seq>\d{1,3}))?(?:$|[-_.])"
)


@dataclass(frozen=True)
class Metadata:
    """What is known about where an article was published."""

    newspaper: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD)
    page: str | None = None
    seq: int | None = None  # the article's number on its page, when a file name says it
    url: str | None = None

    def over(self, defaults: Metadata) -> Metadata:
        """Fill this metadata's gaps from ``defaults``."""
        return Metadata(
            *(
                mine if mine is not None else theirs
                for mine, theirs in zip(_values(self), _values(defaults), strict=True)
            )
        )


@dataclass(frozen=True)
class Source:
    """One text to segment: a whole file, or one JSONL record."""

    path: str  # as given by the user (display and provenance)
    text: str
    meta: Metadata
    encoding: str = "utf-8"
    record_id: str | None = None  # a JSONL record's own id
    line: int | None = None  # a JSONL record's line number
    title: str | None = None  # a JSONL record's title: its text is then one article's body

    @property
    def is_record(self) -> bool:
        return self.line is not None


@dataclass(frozen=True)
class Problem:
    """A file or record that was left out (error) or read with a caveat (warning)."""

    path: str
    reason: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def iter_sources(
    paths: Iterable[str | os.PathLike[str]], defaults: Metadata = Metadata()
) -> Iterator[Source | Problem]:
    """Yield each readable text under ``paths`` and a :class:`Problem` for each that is not.

    Example:
        >>> [s.meta.date for s in iter_sources(["seeds/"]) if isinstance(s, Source)]  # doctest: +SKIP
        [None, None]
    """
    files, problems = find_inputs(paths)
    yield from problems
    for file in files:
        yield from read_file(file, defaults)


def find_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Problem]]:
    """The files to read under ``paths``, and a problem for each path that cannot be listed.

    Directories are walked recursively in sorted order (so runs are
    deterministic); there, only ``.txt``/``.text`` and ``.jsonl``/``.ndjson``
    files are read, and hidden entries are skipped. A file named explicitly is
    read whatever its suffix.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_walk(path, problems))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(given), "no such file or directory"))
    return files, problems


def _walk(directory: Path, problems: list[Problem]) -> list[Path]:
    """Files under ``directory``, hidden entries skipped. Iterative, with a stack: os.walk
    recurses, and a tree about a thousand levels deep stopped it with a RecursionError."""
    entries: list[Path] = []
    stack = [str(directory)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(current, f"cannot list directory: {error.strerror}"))
            continue
        for entry in children:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(entry.path)
            else:
                entries.append(Path(entry.path))
    wanted = TEXT_SUFFIXES | JSONL_SUFFIXES
    return sorted((p for p in entries if p.suffix.lower() in wanted), key=lambda p: p.as_posix())


def read_file(path: Path, defaults: Metadata = Metadata()) -> Iterator[Source | Problem]:
    """Read one file: its text as a Source (JSONL: one per record), or its problems."""
    name = str(path)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO would block, /dev/zero never end
            yield Problem(name, "not a regular file (a pipe, device or socket): not read")
            return
        if status.st_size > MAX_FILE_BYTES:
            yield Problem(name, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
            return
        data = path.read_bytes()
    except OSError as error:
        yield Problem(name, f"cannot read: {error.strerror or error}")
        return
    try:
        decoded = decode(data)
    except DecodeError as error:
        yield Problem(name, str(error))
        return
    for warning in decoded.warnings:
        yield Problem(name, warning, fatal=False)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(name, decoded.text, decoded.encoding, defaults)
        return
    longest = max(len(line) for line in decoded.text.split("\n"))
    if longest > MAX_LINE_CHARS:
        yield Problem(
            name, f"a line of {longest:,} characters (limit {MAX_LINE_CHARS:,}): not newspaper text"
        )
        return
    meta, problem = _file_metadata(path)
    if problem:
        yield problem
    yield Source(name, decoded.text, meta.over(defaults), decoded.encoding)


def _read_jsonl(
    name: str, text: str, encoding: str, defaults: Metadata
) -> Iterator[Source | Problem]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Problem(where, f"invalid JSON ({error.msg} at column {error.colno})")
            continue
        try:
            yield _record_source(where, record, encoding, defaults)
        except ValueError as error:
            yield Problem(where, str(error))


def _record_source(where: str, record: object, encoding: str, defaults: Metadata) -> Source:
    if not isinstance(record, dict):
        raise ValueError(
            f"expected a JSON object with a 'text' field, found {type(record).__name__}"
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("record has no 'text' (a non-empty string is required)")
    for key in ("id", "title", "newspaper", "url", "page"):
        if record.get(key) is not None and not isinstance(record[key], str | int):
            raise ValueError(f"field '{key}' must be a string, found {type(record[key]).__name__}")
    if max(len(line) for line in text.split("\n")) > MAX_LINE_CHARS:
        raise ValueError(
            f"'text' has a line over {MAX_LINE_CHARS:,} characters: not newspaper text"
        )
    meta = Metadata(
        newspaper=_str_or_none(record.get("newspaper")),
        date=_iso_date(record.get("date"), "date"),
        page=_str_or_none(record.get("page")),
        url=_str_or_none(record.get("url")),
    )
    title = _str_or_none(record.get("title"))
    return Source(
        where.rsplit(":", 1)[0],
        normalise(text),
        meta.over(defaults),
        encoding,
        record_id=_str_or_none(record.get("id")),
        line=int(where.rsplit(":", 1)[1]),
        title=normalise(title).strip() if title else None,
    )


def _file_metadata(path: Path) -> tuple[Metadata, Problem | None]:
    """Metadata from a sidecar JSON (wins) and the file name."""
    meta = _name_metadata(path.name)
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return meta, None
    try:
        fields = json.loads(decode(sidecar.read_bytes()).text)
        if not isinstance(fields, dict):
            raise ValueError("expected a JSON object")
        for key in ("newspaper", "page", "url"):
            if fields.get(key) is not None and not isinstance(fields[key], str | int):
                raise ValueError(
                    f"field '{key}' must be a string, found {type(fields[key]).__name__}"
                )
        side = Metadata(
            newspaper=_str_or_none(fields.get("newspaper")),
            date=_iso_date(fields.get("date"), "date"),
            page=_str_or_none(fields.get("page")),
            seq=_int_or_none(fields.get("seq")),
            url=_str_or_none(fields.get("url")),
        )
    except (OSError, ValueError, DecodeError) as error:
        reason = f"sidecar ignored: {error}"
        return meta, Problem(str(sidecar), reason, fatal=False)
    return side.over(meta), None


def _name_metadata(file_name: str) -> Metadata:
    match = _FILE_NAME.match(file_name)
    if not match:
        return Metadata()
    try:
        date = dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return Metadata()
    return Metadata(
        date=date,
        page=str(int(match["page"])) if match["page"] else None,
        seq=int(match["seq"]) if match["seq"] else None,
    )


def parse_date(value: str) -> str:
    """Validate an ISO date given by a user; return it as YYYY-MM-DD.

    Raises:
        ValueError: not a real calendar date in YYYY-MM-DD form.
    """
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"'{value}' is not a date in YYYY-MM-DD form") from None


def _iso_date(value: object, field_name: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"field '{field_name}' must be a YYYY-MM-DD string")
    try:
        if len(value) > 10 and value[10] not in "T ":
            raise ValueError(value)  # 2020-01-011 is no date, 2020-01-01T08:00 is one
        return parse_date(value[:10])
    except ValueError:
        raise ValueError(
            f"field '{field_name}': '{value}' is not a date in YYYY-MM-DD form"
        ) from None


def _str_or_none(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _int_or_none(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        raise ValueError(f"'seq' must be a whole number, found {value!r}")
    return int(value)


def _values(meta: Metadata) -> tuple[object, ...]:
    return (meta.newspaper, meta.date, meta.page, meta.seq, meta.url)
