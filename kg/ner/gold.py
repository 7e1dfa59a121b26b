"""kg's own gold files (tests/gold/*.jsonl) as NER sentences: one article, its entity spans.

The gold records name entities with their surfaces, not offsets. Each gold
article is paired with the article kg reads from its ``file`` (same title, or
record id, after :func:`~kg.eval.gold.normalise_name`, as ``kg eval extract``
pairs them), and every occurrence of every surface in that article's text
becomes a span: Person -> PER, Place -> LOC, Organization -> ORG (events are
not names). Where occurrences overlap, the longest wins, leftmost first, so a
place inside an organization's name (某县 in 某县委宣传部) is not a gold span:
outermost spans, as MSRA and People's Daily annotate.

Two kinds of occurrence are neither right nor wrong (``Sentence.ignore``):
those of items the gold marks optional, and deictic surfaces (全县, 本州, 我市:
two characters, the first 全/本/我/该/此), which the gold records as a place's
surface but which are references, not names.

Known limits: a surface found inside an unrelated longer word (a two-character
name inside another word) counts as a gold span there too.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.eval.gold import GoldArticle, load_gold, normalise_name
from kg.ner.corpora import GOLD_MAP, Sentence, Span

_DEICTIC_FIRST = set("全本我该此")


def read_gold(path: Path, root: Path | None = None) -> list[Sentence]:
    """Sentences (whole articles) of a gold file; ``file`` paths resolve against ``root``.

    Without ``root``, the nearest of the working directory and the gold file's
    ancestors in which the records' files exist.
    """
    from kg.ingest import read_articles

    records = load_gold([path])
    out = []
    articles: dict[Path, list] = {}
    for record in records:
        source = _source(record, path, root)
        if source not in articles:
            result = read_articles([source])
            if not result.articles:
                problem = result.problems[0] if result.problems else "no article in it"
                raise InputError(record.source, f"cannot read {source}: {problem}")
            articles[source] = result.articles
        title = normalise_name(record.title)
        article = next(
            (
                a
                for a in articles[source]
                if title in (normalise_name(a.title), normalise_name(a.record_id))
            ),
            None,
        )
        if article is None:
            raise InputError(record.source, f"no article «{record.title}» in {source}")
        spans, ignore = gold_spans(article.text, record)
        out.append(Sentence(article.text, spans, ignore, where=record.source))
    return out


def _source(record: GoldArticle, gold_file: Path, root: Path | None) -> Path:
    bases = [root] if root else [Path.cwd(), *Path(gold_file).resolve().parents]
    for base in bases:
        if (base / record.file).is_file():
            return base / record.file
    raise InputError(
        record.source, f"source text {record.file} not found (give its root directory as TAGS)"
    )


def gold_spans(
    text: str, record: GoldArticle
) -> tuple[tuple[Span, ...], tuple[tuple[int, int], ...]]:
    """Spans of every surface of ``record``'s entities in ``text``, and the spans to ignore.

    Example:
        >>> from kg.eval.gold import parse_gold
        >>> r = parse_gold('{"file": "a", "title": "t", "events": [], "positions": [], '
        ...     '"authors": [], "photographers": [], "entities": [{"type": "Place", '
        ...     '"name": "某县", "surface": ["某县", "全县"]}]}')
        >>> gold_spans("某县：全县开展", r)
        (((0, 2, 'LOC'),), ((3, 5),))
    """
    found: list[tuple[int, int, str, bool]] = []  # start, end, label, ignored
    for entity in record.entities:
        label = GOLD_MAP.get(entity.type)
        if label is None:
            continue
        for surface in entity.surface:
            ignored = entity.optional or _deictic(surface)
            start = text.find(surface)
            while surface and start >= 0:
                found.append((start, start + len(surface), label, ignored))
                start = text.find(surface, start + 1)
    spans: list[Span] = []
    ignore: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    for start, end, label, ignored in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[3])):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        if ignored:
            ignore.append((start, end))
        else:
            spans.append((start, end, label))
    return tuple(sorted(spans)), tuple(sorted(ignore))


def _deictic(surface: str) -> bool:
    return len(surface) == 2 and surface[0] in _DEICTIC_FIRST
