"""Files and directories to :class:`Source` texts with their metadata.

Inputs are newspaper pages or single articles (``.txt``) and JSONL corpora
(``.jsonl``/``.ndjson``, one article object a line). Metadata comes from, most
specific first: a JSONL record's own fields; a sidecar ``<name>.json`` beside a
text file; the file name (``20200103-11-05.txt`` = 2020-01-03, page 11,
article 5); the defaults given on the command line.

Bad input never stops a run: each unreadable file or record becomes a
:class:`Problem` naming it and the reason, and reading goes on. What a bad input costs:
a JSONL line that cannot be read (bad bytes, a NUL, invalid JSON, a lone surrogate, a bad
field) costs that line; a ``.txt`` file with a few bad bytes loses only those (with a
warning, :mod:`kg.io.decode`); anything else costs its file. File names are shown escaped
(:mod:`kg.io.names`) in problems, in an article's ``file`` and so in every output.

Size: one text — a ``.txt`` file, or one line of a JSONL file — larger than
``KG_MAX_TEXT_MB`` MiB (default 4) is refused with one line, so that memory stays
bounded (segmenting a text takes tens of times its size). A JSONL file is read a line
at a time and has no size limit of its own.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.io.decode import DecodeError, decode, decode_line, normalise, normalise_spaces
from kg.io.names import one_line, shown

TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})

# A paragraph longer than this is not newspaper text (a whole corpus without
# line breaks, a minified dump): the file is refused rather than segmented.
MAX_LINE_CHARS = 1_000_000
# Real pages and articles are under 100 KB; a text of a few MiB already takes a few hundred
# MB to segment (repeated bylines and paragraphs cost more), so one text is limited.
MAX_TEXT_ENV = "KG_MAX_TEXT_MB"
DEFAULT_MAX_TEXT_MB = 4
MAX_SIDECAR_BYTES = 2**20
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_RECORD_STRINGS = ("text", "id", "title", "newspaper", "url", "page", "date")
# Bad bytes in a UTF-16 stream become a lone surrogate, which strict UTF-16 decoding never
# gives: the line holding them is then that line's error, and the stream goes on.
_MARK_BAD = "kg-mark-bad-bytes"
codecs.register_error(_MARK_BAD, lambda error: ("\udfff", error.end))

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

    path: str  # the file as shown (kg.io.names.shown), ``file:line`` for a JSONL record
    reason: str
    fatal: bool = True
    line: int | None = None  # a JSONL record's line number

    @property
    def file(self) -> str:
        """The file as shown, without a record's line: a name may itself hold ':'."""
        suffix = f":{self.line}"
        return self.path.removesuffix(suffix) if self.line is not None else self.path

    def __str__(self) -> str:
        return one_line(f"{self.path}: {self.reason}")  # a reason may quote a record's value


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
            problems.append(Problem(shown(given), "no such file or directory"))
    return files, problems


def _walk(directory: Path, problems: list[Problem]) -> list[Path]:
    """Files under ``directory``, hidden entries skipped. Iterative, with a stack: os.walk
    recurses, and a tree about a thousand levels deep stopped it with a RecursionError."""
    entries: list[Path] = []
    stack = [str(directory)]
    root = os.path.realpath(directory)
    wanted = TEXT_SUFFIXES | JSONL_SUFFIXES
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            problems.append(Problem(shown(current), f"cannot list directory: {error.strerror}"))
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
            elif entry.is_symlink() and not _inside(entry.path, root):
                if Path(entry.name).suffix.lower() in wanted:
                    problems.append(Problem(shown(entry.path), _LINK_OUT))
            else:
                entries.append(Path(entry.path))
    return sorted((p for p in entries if p.suffix.lower() in wanted), key=lambda p: p.as_posix())


_LINK_OUT = "a symbolic link to outside the input directory: not read"


def _inside(link: str, root: str) -> bool:
    """Whether ``link`` leads to a file under ``root`` (a directory given as input): a link
    out of it (to /etc, to another user's files) is not read from a walked tree."""
    try:
        target = os.path.realpath(link, strict=True)
    except OSError:
        return True  # a dangling link: reading it reports that it cannot be read
    if not os.path.isfile(target):
        return True  # a link to a device or a pipe: reading it reports what it is
    return os.path.commonpath([target, root]) == root


def read_file(path: Path, defaults: Metadata = Metadata()) -> Iterator[Source | Problem]:
    """Read one file: its text as a Source (JSONL: one per record), or its problems."""
    name = shown(path)
    limit = max_text_bytes()
    try:
        status = path.stat()
    except OSError as error:
        yield Problem(name, f"cannot read: {error.strerror or error}")
        return
    if not stat.S_ISREG(status.st_mode):  # a FIFO would block, /dev/zero never end
        yield Problem(name, "not a regular file (a pipe, device or socket): not read")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl(path, name, limit, defaults)
    elif status.st_size > limit:
        yield Problem(name, _oversized(path, status.st_size, limit))
    else:
        yield from _read_text(path, name, defaults)


def max_text_bytes() -> int:
    """The size limit of one text (a ``.txt`` file or a JSONL line), from ``KG_MAX_TEXT_MB``.

    Raises:
        UsageError: the variable is set but is not a positive number of MiB.
    """
    value = os.environ.get(MAX_TEXT_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_TEXT_MB * 2**20
    try:
        mib = float(value)
    except ValueError:
        mib = math.nan
    if not (math.isfinite(mib) and mib > 0):
        raise UsageError(f"{MAX_TEXT_ENV}={one_line(value)!r} is not a positive number of MiB")
    return max(1, int(mib * 2**20))


def _read_text(path: Path, name: str, defaults: Metadata) -> Iterator[Source | Problem]:
    try:
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


def _oversized(path: Path, size: int, limit: int) -> str:
    """Why a text over the size limit is refused: its first line, when that alone is too long
    for newspaper text (the telling reason for a dump), else its size. Reads at most 4 MB."""
    most = 4 * MAX_LINE_CHARS  # a character is at most 4 bytes
    try:
        with path.open("rb") as stream:
            first = stream.readline(most + 1)
    except OSError:
        first = b""
    if len(first) > most:
        limits = f"over {MAX_LINE_CHARS:,} characters (limit {MAX_LINE_CHARS:,})"
        return f"a line of {limits}: not newspaper text"
    return (
        f"{size / 2**20:.1f} MiB: over the limit of {_mib(limit)} for one text "
        f"(set {MAX_TEXT_ENV} to change it; a newspaper page is well under 1 MiB)"
    )


def _read_jsonl(
    path: Path, name: str, limit: int, defaults: Metadata
) -> Iterator[Source | Problem]:
    """A record a line, read one line at a time: memory holds a line, not the file. A line
    that cannot be read — too long, bad bytes, invalid JSON, a bad record — is that line's
    problem, and the next line is read."""
    blank = True
    try:
        with path.open("rb") as raw:
            stream, bom = _jsonl_stream(raw)
            for number, line in _numbered_lines(stream, limit):
                item = _jsonl_line(name, number, line, bom, limit, defaults)
                if item is not None:
                    blank = False
                    yield item
            size = raw.tell()
    except OSError as error:  # a read error part-way: the lines before it were read
        yield Problem(name, f"cannot read: {error.strerror or error}")
        return
    if blank:
        yield Problem(name, "empty file" if size == 0 else "file holds only white space")


def _jsonl_stream(raw: io.BufferedReader) -> tuple[io.BufferedReader | io.TextIOWrapper, str]:
    """The stream to split into lines (bytes; text for UTF-16) and the file's byte-order-mark
    encoding (``utf-8-sig``, ``utf-16``) or ``""``."""
    head = raw.read(3)
    raw.seek(0)
    if head.startswith(_UTF16_BOMS):  # lines cannot be split as bytes: decode as a stream
        return io.TextIOWrapper(raw, "utf-16", errors=_MARK_BAD, newline="\n"), "utf-16"
    return raw, "utf-8-sig" if head == _UTF8_BOM else ""


def _numbered_lines(stream, limit: int) -> Iterator[tuple[int, bytes | str | None]]:
    """Each line (bytes, or str for a text stream) with its number; None for a line longer
    than ``limit``, skipped without holding it (a file of one huge line is not read whole)."""
    newline = "\n" if isinstance(stream, io.TextIOBase) else b"\n"
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(newline):
            while line and not line.endswith(newline):
                line = stream.readline(2**20)
            yield number, None
        else:
            yield number, line


def _jsonl_line(
    name: str, number: int, line: bytes | str | None, bom: str, limit: int, defaults: Metadata
) -> Source | Problem | None:
    """One JSONL line as a record's Source, or its problem; None for a blank line."""
    where = f"{name}:{number}"
    if line is None:
        return Problem(
            where,
            f"line over the limit of {_mib(limit)} for one text ({MAX_TEXT_ENV})",
            line=number,
        )
    try:
        text, encoding = _line_text(line, number, bom)
    except DecodeError as error:
        return Problem(where, str(error), line=number)
    if not text.strip():
        return None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return Problem(where, f"invalid JSON ({error.msg} at column {error.colno})", line=number)
    try:
        return _record_source(name, number, record, encoding, defaults)
    except ValueError as error:
        return Problem(where, str(error), line=number)


def _line_text(line: bytes | str, number: int, bom: str) -> tuple[str, str]:
    """A line's text, without its line ending and with kg's space normalisation, and its
    encoding. Raises DecodeError for a line that is not text."""
    if isinstance(line, str):  # decoded from UTF-16: bad bytes are marked by a lone surrogate
        bad = _SURROGATE.search(line)
        if bad:
            raise DecodeError(f"invalid UTF-16 at character {bad.start() + 1} of the line")
        text, encoding = line, "utf-16"
    else:
        if bom and number == 1:
            line = line[len(_UTF8_BOM) :]
        text, encoding = decode_line(line)
        if encoding == "utf-8" and bom:
            encoding = bom  # as the whole file was reported: utf-8-sig
    # As when a whole file was decoded first: wide spaces become spaces before parsing.
    return normalise_spaces(text.lstrip("\ufeff").rstrip("\r\n")), encoding


def _record_source(
    name: str, number: int, record: object, encoding: str, defaults: Metadata
) -> Source:
    if not isinstance(record, dict):
        raise ValueError(
            f"expected a JSON object with a 'text' field, found {type(record).__name__}"
        )
    for key in _RECORD_STRINGS:  # json.loads turns "\ud800" into a str UTF-8 cannot hold
        value = record.get(key)
        bad = _SURROGATE.search(value) if isinstance(value, str) else None
        if bad:
            raise ValueError(
                f"field '{key}' holds a lone surrogate ({ascii(bad.group())[1:-1]} at character "
                f"{bad.start() + 1}): not valid Unicode"
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
        name,
        normalise(text),
        meta.over(defaults),
        encoding,
        record_id=_str_or_none(record.get("id")),
        line=number,
        title=normalise(title).strip() if title else None,
    )


def _file_metadata(path: Path) -> tuple[Metadata, Problem | None]:
    """Metadata from a sidecar JSON (wins) and the file name."""
    meta = _name_metadata(path.name)
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return meta, None
    try:
        if sidecar.stat().st_size > MAX_SIDECAR_BYTES:
            raise ValueError(f"larger than {_mib(MAX_SIDECAR_BYTES)}")
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
        return meta, Problem(shown(sidecar), reason, fatal=False)
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


def _mib(size: int) -> str:
    return f"{size / 2**20:.3g} MiB"


def _values(meta: Metadata) -> tuple[object, ...]:
    return (meta.newspaper, meta.date, meta.page, meta.seq, meta.url)
