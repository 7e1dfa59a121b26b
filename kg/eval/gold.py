"""Gold annotations for extraction (tests/gold/README.md): records, validation, loading."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import ConfigDict, TypeAdapter, ValidationError

from kg.errors import InputError

# Plain frozen dataclasses; pydantic validates a JSON line into them (strict: no coercion).

_BRACKETS = str.maketrans("（）［］｛｝", "()[]{}")


def normalise_name(name: str | None) -> str | None:
    """A name as compared: white space removed, full-width brackets made half-width.

    Example:
        >>> normalise_name("某州党委党校（行政学院） ")
        '某州党委党校(行政学院)'
    """
    return None if name is None else "".join(name.split()).translate(_BRACKETS)


def path_parts(path: str) -> tuple[str, ...]:
    return PurePosixPath(posixpath.normpath(path.replace("\\", "/"))).parts


_STRICT = ConfigDict(strict=True, extra="forbid")


@dataclass(frozen=True)
class GoldEntity:
    __pydantic_config__ = _STRICT

    type: Literal["Organization", "Place", "Person", "Event"]
    name: str  # canonical name
    surface: tuple[str, ...]  # every form the text uses, verbatim
    level: str | None = None  # Place only: province, prefecture, county, …
    optional: bool = False
    aliases: tuple[str, ...] = ()  # other canonical forms the conventions allow (全国妇联)


@dataclass(frozen=True)
class Organizer:
    __pydantic_config__ = _STRICT

    name: str
    role: str  # 主办, 协办, 承办, 组织 or 开展


@dataclass(frozen=True)
class GoldEvent:
    __pydantic_config__ = _STRICT

    type: str
    name: str | None
    organizers: tuple[Organizer, ...]
    participants: tuple[str, ...]
    place: str | None
    county: str | None
    date: str | None  # ISO, or None when no day can be resolved
    date_text: str | None
    evidence: str | None = None  # omitted for corpora whose text may not be copied
    optional: bool = False


@dataclass(frozen=True)
class GoldPosition:
    __pydantic_config__ = _STRICT

    person: str
    title: str
    organization: str
    evidence: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldAuthor:
    __pydantic_config__ = _STRICT

    name: str
    role: str  # 记者, 通讯员 or 作者


@dataclass(frozen=True)
class GoldArticle:
    """One gold record: an article, keyed by ``file`` and ``title``, and its annotations."""

    __pydantic_config__ = _STRICT

    file: str  # repo path of the source, e.g. seeds/000_06b3d37febc2af4e.txt
    title: str  # main title, the record id for a JSONL corpus, or "*" for the whole file
    entities: tuple[GoldEntity, ...]
    events: tuple[GoldEvent, ...]
    positions: tuple[GoldPosition, ...]
    authors: tuple[GoldAuthor, ...]
    photographers: tuple[str, ...]
    lines: tuple[int, int] | None = None  # seeds only: [first, last], 1-based
    source: str = ""  # gold_file:line the record was read from


_ADAPTER = TypeAdapter(GoldArticle)


def parse_gold(line: str | bytes, where: str = "<gold>") -> GoldArticle:
    """One gold record from its JSON text; every field but ``lines`` and ``optional`` is required.

    Raises:
        InputError: not JSON, or not in the shape of ``tests/gold/README.md``.

    Example:
        >>> parse_gold('{"file": "a.txt", "title": "T", "entities": [], "events": [], '
        ...            '"positions": [], "authors": [{"name": "刘阳", "role": "通讯员"}], '
        ...            '"photographers": []}').authors
        (GoldAuthor(name='刘阳', role='通讯员'),)
    """
    try:
        return replace(_ADAPTER.validate_json(line), source=where)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        at = ".".join(map(str, first["loc"]))
        raise InputError(
            where,
            f"not a gold record{f' at {at!r}' if at else ''}: {first['msg']} "
            "(see tests/gold/README.md)",
        ) from None


def load_gold(paths: list[Path]) -> list[GoldArticle]:
    """Read gold JSONL files: one record a line (blank lines are skipped).

    Raises:
        InputError: a file cannot be read, a line is not a valid gold record
            (the error's ``path`` is ``file:line``), or two records share a
            file and title.

    Example:
        >>> gold = load_gold([Path("tests/gold/seeds.jsonl")])  # from the repo root
        >>> len(gold), gold[0].authors[0].role
        (11, '通讯员')
    """
    articles: list[GoldArticle] = []
    seen: dict[tuple, str] = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise InputError(str(path), f"cannot read the gold file: {error.strerror}") from None
        except UnicodeDecodeError:
            raise InputError(str(path), "not UTF-8 text; gold files are UTF-8 JSONL") from None
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            article = parse_gold(line, where := f"{path}:{n}")
            key = (path_parts(article.file), normalise_name(article.title))
            if key in seen:
                raise InputError(
                    where,
                    f"a second gold record for {article.file} "
                    f"«{article.title}»; the first is at {seen[key]}",
                )
            seen[key] = where
            articles.append(article)
    return articles
