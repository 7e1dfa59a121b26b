"""The Article record and its assembly from a draft.

An article's ``text`` is its blocks (column label, title, subtitles, bylines,
captions, credits, body paragraphs, subheadings, source line) in page order,
joined with ``\\n``. Every structured field — authors, photographers,
captions, dateline, source, paragraphs — points into ``text`` with
``[start, end)`` offsets, so later stages can cite the exact characters.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace

from kg.ingest.lines import Kind
from kg.ingest.patterns import Named
from kg.ingest.segment import Block, Draft
from kg.io.sources import Metadata, Source

_SUBTITLE_DASHES = "—－-─ "


@dataclass(frozen=True)
class Person:
    """A person credited by the page: author, reporter, correspondent or photographer."""

    name: str
    role: str | None  # 记者 / 通讯员 / 作者; None for a photo credit without a role word
    affiliation: str | None  # 本报, 新华社, …
    start: int
    end: int


@dataclass(frozen=True)
class Caption:
    """A photo caption and who took or provided the photo."""

    text: str
    start: int
    end: int
    credit: str | None = None  # the credit as printed
    provider: str | None = None  # 图片由…提供


@dataclass(frozen=True)
class Segment:
    """A block of the article text: its kind and ``[start, end)`` in :attr:`Article.text`."""

    kind: str
    start: int
    end: int
    source_offset: int | None  # where it starts in the decoded input (None: not from the file)


@dataclass(frozen=True)
class Dateline:
    text: str
    agency: str
    place: str | None
    month: int | None
    day: int | None
    start: int
    end: int


@dataclass(frozen=True)
class SourceLine:
    """The publication an article was reprinted from."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Duplicate:
    """Text the layout printed twice; this copy was removed."""

    text: str
    reason: str
    source_offset: int | None
    kept_in: str | None  # id of the article keeping the other copy (None: this one)


@dataclass(frozen=True)
class Article:
    """One article: clean text, structure with offsets, credits and publication metadata."""

    id: str
    file: str
    text: str
    title: str
    subtitle: str | None
    column: str | None
    authors: tuple[Person, ...]
    photographers: tuple[Person, ...]
    captions: tuple[Caption, ...]
    source: SourceLine | None
    dateline: Dateline | None
    blocks: tuple[Segment, ...]
    duplicates: tuple[Duplicate, ...]
    staff: tuple[tuple[str, str], ...]
    newspaper: str | None
    date: str | None
    page: str | None
    seq: int | None
    url: str | None = None
    record_id: str | None = None
    line: int | None = None
    encoding: str = "utf-8"
    rules_version: str = ""
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def paragraphs(self) -> tuple[Segment, ...]:
        """Body paragraphs and subheadings, in order."""
        return tuple(b for b in self.blocks if b.kind in (Kind.BODY, Kind.HEADING))

    def body(self) -> str:
        """The body paragraphs' text, one paragraph a line."""
        return "\n".join(self.text[p.start : p.end] for p in self.paragraphs)

    def to_dict(self) -> dict:
        """A JSON-ready dict (the shape documented in docs/SCHEMA.md)."""
        data = asdict(self)
        data.pop("extra")
        data["staff"] = [{"role": role, "name": name} for role, name in self.staff]
        data["paragraphs"] = [
            {"start": p.start, "end": p.end, "heading": p.kind == Kind.HEADING}
            for p in self.paragraphs
        ]
        return data


def assemble(
    drafts: list[Draft], staff: list[tuple[str, str]], source: Source, rules_version: str
) -> list[Article]:
    """Turn a text's drafts into Articles with offsets and stable ids."""
    built = [
        _assemble_one(d, n, len(drafts), staff, source, rules_version) for n, d in enumerate(drafts)
    ]
    ids = [a.id for a in built]
    return [
        _replace_duplicates(
            article,
            tuple(
                Duplicate(
                    d["text"],
                    d["reason"],
                    d["source_offset"],
                    None if d["kept_in"] is None else ids[d["kept_in"]],
                )
                for d in draft.duplicates
            ),
        )
        for article, draft in zip(built, drafts, strict=True)
    ]


def _replace_duplicates(article: Article, duplicates: tuple[Duplicate, ...]) -> Article:
    return replace(article, duplicates=duplicates)


def _assemble_one(
    draft: Draft,
    index: int,
    count: int,
    staff: list[tuple[str, str]],
    source: Source,
    rules_version: str,
) -> Article:
    parts: list[str] = []
    segments: list[Segment] = []
    authors: list[Person] = []
    photographers: list[Person] = []
    captions: list[Caption] = []
    source_line: SourceLine | None = None
    dateline: Dateline | None = None
    offset = 0
    for n, block in enumerate(draft.blocks):
        start, end = offset, offset + len(block.text)
        segments.append(Segment(block.kind.value, start, end, block.piece.source_offset(0)))
        parts.append(block.text)
        offset = end + 1
        line = block.line
        if block.kind is Kind.BYLINE:
            authors.extend(_shift(line.people, start))
        elif block.kind is Kind.CREDIT and line.credit:
            photographers.extend(_shift(line.credit.people, start))
        elif block.kind is Kind.CAPTION:
            captions.append(_caption(block, draft.blocks[n + 1 : n + 2], start))
            if line.credit:
                photographers.extend(_shift(line.credit.people, start))
        elif block.kind is Kind.SOURCE and line.source and source_line is None:
            name, a, b = line.source
            source_line = SourceLine(name, start + a, start + b)
        elif block.kind is Kind.BODY and line.dateline and dateline is None and not authors:
            lead = line.dateline
            dateline = Dateline(
                block.text[: lead.end].strip(),
                lead.agency,
                lead.place,
                lead.month,
                lead.day,
                start,
                start + lead.end,
            )
            authors.extend(_shift(lead.people, start))
    text = "\n".join(parts)
    title = _first(draft.blocks, Kind.TITLE) or ""
    subtitles = [b.text.lstrip(_SUBTITLE_DASHES) for b in draft.blocks if b.kind is Kind.SUBTITLE]
    meta: Metadata = source.meta
    body = "\n".join(b.text for b in draft.blocks if b.kind in (Kind.BODY, Kind.HEADING))
    return Article(
        id=article_id(meta, title, body, source.record_id),
        file=source.path,
        text=text,
        title=title,
        subtitle=" ".join(subtitles) or None,
        column=_first(draft.blocks, Kind.COLUMN),
        authors=tuple(authors),
        photographers=tuple(photographers),
        captions=tuple(captions),
        source=source_line,
        dateline=dateline,
        blocks=tuple(segments),
        duplicates=(),
        staff=tuple(staff),
        newspaper=meta.newspaper,
        date=meta.date,
        page=meta.page,
        seq=meta.seq
        if (meta.seq is not None and count == 1)
        else (None if source.is_record else index + 1),
        url=meta.url,
        record_id=source.record_id,
        line=source.line,
        encoding=source.encoding,
        rules_version=rules_version,
    )


def article_id(meta: Metadata, title: str, body: str, record_id: str | None = None) -> str:
    """A stable id from what the article is: publication metadata, title and body.

    The same article read from any file, on any machine, gets the same id;
    white space inside the body does not change it.
    """
    key = json.dumps(
        [meta.newspaper, meta.date, meta.page, record_id, title, "".join(body.split())],
        ensure_ascii=False,
    )
    return "art-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _caption(block: Block, after: list[Block], start: int) -> Caption:
    line = block.line
    if line.credit_at is not None:
        text = block.text[: line.credit_at].rstrip()
        credit_text = block.text[line.credit_at :]
    else:
        text = block.text
        credit_text = after[0].text if after and after[0].kind is Kind.CREDIT else None
        if credit_text is not None:
            line = after[0].line
    provider = line.credit.provider if line.credit else None
    return Caption(text, start, start + len(text), credit_text, provider)


def _shift(people: tuple[Named, ...], offset: int) -> list[Person]:
    return [Person(p.name, p.role, p.affiliation, p.start + offset, p.end + offset) for p in people]


def _first(blocks: list[Block], kind: Kind) -> str | None:
    return next((b.text for b in blocks if b.kind is kind), None)
