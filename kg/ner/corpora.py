"""Readers for annotated Chinese NER corpora: each gives sentences with PER/LOC/ORG spans.

Every reader maps its corpus' own tags to kg's three types with one table
(docs/NER.md explains each choice); a tag missing from the table is not a name
for kg and is dropped:

- ``msra`` (sentences file + tags file, space-separated) and ``bio`` (one
  character and its tag a line, blank line between sentences): PER, LOC, ORG
  as they are (GPE, where a corpus has it, counts as LOC).
- ``cluener`` (JSONL, ``label -> entity -> [[start, end]]``, end inclusive):
  name -> PER; organization, government, company -> ORG; address, scene -> LOC
  (scene is a named place — 故宫, 八达岭长城, a park or museum — which MSRA and
  People's Daily tag LOC and kg's gold calls a venue Place); position, book,
  movie, game -> dropped.
- ``weibo`` (CoNLL: a character with its word position, a tab, ``B-PER.NAM``):
  PER/ORG/LOC .NAM as they are, GPE.NAM -> LOC; ``.NOM`` nominal mentions
  (男人, 老师, 公司) are not names and are dropped.
- ``gold``: kg's own gold files (tests/gold/*.jsonl), see :func:`read_gold`.

Spans are ``(start, end, label)`` with ``end`` exclusive, in characters of
``Sentence.text``. A bad file raises :class:`~kg.errors.InputError` naming
``file:line`` and the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.nlp.taggers import LABELS, Span

__all__ = ["LABELS", "Span"]

BIO_MAP = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "GPE": "LOC"}
CLUENER_MAP = {
    "name": "PER",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
    "address": "LOC",
    "scene": "LOC",
}
WEIBO_MAP = {"PER.NAM": "PER", "LOC.NAM": "LOC", "ORG.NAM": "ORG", "GPE.NAM": "LOC"}
GOLD_MAP = {"Person": "PER", "Place": "LOC", "Organization": "ORG"}
FORMATS = ("msra", "bio", "cluener", "weibo", "gold")


@dataclass(frozen=True)
class Sentence:
    """One annotated text.

    Attributes:
        text: the sentence (for ``gold``: a whole article).
        spans: gold ``(start, end, label)``, sorted, end exclusive.
        ignore: ``(start, end)`` of optional gold items: a prediction there is
            neither right nor wrong.
        where: ``file:line`` it was read from.
    """

    text: str
    spans: tuple[Span, ...]
    ignore: tuple[tuple[int, int], ...] = ()
    where: str = ""


def read_corpus(fmt: str, path: str | Path, tags: str | Path | None = None) -> list[Sentence]:
    """The sentences of a corpus file in format ``fmt`` (one of :data:`FORMATS`).

    ``tags`` is the tags file for ``msra`` (default: ``*_sentences.txt`` ->
    ``*_tags.txt`` beside it) and the directory the gold records' ``file``
    paths are relative to for ``gold`` (default: the nearest ancestor of the
    gold file where they exist).

    Example:
        >>> read_corpus("bio", "tests/data/ner/peoplesdaily.bio")[1].spans  # from the repo root
        ((5, 10, 'ORG'), (11, 16, 'ORG'))
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise UsageError(f"unknown corpus format '{fmt}' (expected one of {', '.join(FORMATS)})")
    if fmt == "msra":
        return read_msra(path, Path(tags) if tags else _msra_tags(path))
    if fmt == "gold":
        from kg.ner.gold import read_gold

        return read_gold(path, Path(tags) if tags else None)
    return {"bio": read_bio, "cluener": read_cluener, "weibo": read_weibo}[fmt](path)


def _lines(path: Path) -> list[str]:
    # Not kg.io.decode: the corpora are UTF-8 research data whose characters are the
    # tokens and whose offsets are the gold; its normalisations (U+3000 -> space) would
    # change tokens the tags are aligned with.
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, expected a file") from None
    except UnicodeDecodeError as error:
        raise InputError(str(path), f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise InputError(str(path), error.strerror or str(error)) from None


def _msra_tags(sentences: Path) -> Path:
    if "sentences" not in sentences.name:
        raise UsageError(f"{sentences}: give the msra tags file too (TAGS)")
    return sentences.with_name(sentences.name.replace("sentences", "tags"))


def bio_spans(
    tags: list[str], offsets: list[int], mapping: dict[str, str], where: Callable[[int], str]
) -> tuple[Span, ...]:
    """Spans from BIO tags, one per token; token ``i`` starts at ``offsets[i]``.

    An ``I-`` that does not continue an entity of its type starts one (as
    conlleval reads it). ``offsets`` has one more item: the end of the text.
    """
    spans: list[Span] = []
    start = kind = None
    for i, tag in enumerate([*tags, "O"]):
        if tag != "O" and (len(tag) < 3 or tag[:2] not in ("B-", "I-")):
            raise InputError(where(i), f"tag '{tag}' is not O, B-TYPE or I-TYPE")
        if kind is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            if kind in mapping:
                spans.append((offsets[start], offsets[i], mapping[kind]))
            start = kind = None
        if tag != "O" and kind is None:
            start, kind = i, tag[2:]
    return tuple(spans)


def read_msra(sentences: Path, tags: Path) -> list[Sentence]:
    """MSRA as split by lemonhu/NER-BERT-pytorch: line n of each file is one sentence."""
    texts, tag_lines = _lines(sentences), _lines(tags)
    if len(texts) != len(tag_lines):
        raise InputError(str(tags), f"{len(tag_lines)} lines, but {sentences} has {len(texts)}")
    out = []
    for n, (text_line, tag_line) in enumerate(zip(texts, tag_lines, strict=True), 1):
        tokens, labels = text_line.split(), tag_line.split()
        if len(tokens) != len(labels):
            raise InputError(f"{tags}:{n}", f"{len(labels)} tags for {len(tokens)} characters")
        offsets = _offsets(tokens)
        spans = bio_spans(labels, offsets, BIO_MAP, lambda _i, n=n: f"{tags}:{n}")
        out.append(Sentence("".join(tokens), spans, where=f"{sentences}:{n}"))
    return out


def _offsets(tokens: list[str]) -> list[int]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def read_bio(path: Path) -> list[Sentence]:
    """One character and its tag a line (white space between), blank line between sentences."""
    return list(_bio_sentences(path, BIO_MAP))


def read_weibo(path: Path) -> list[Sentence]:
    """Weibo NER (golden-horse): ``字0<TAB>B-PER.NAM``; the digits are the word position."""
    return list(_bio_sentences(path, WEIBO_MAP, weibo=True))


def _bio_sentences(path: Path, mapping: dict[str, str], weibo: bool = False) -> Iterator[Sentence]:
    tokens: list[str] = []
    tags: list[str] = []
    lines: list[int] = []

    def sentence() -> Sentence:
        where = lambda i: f"{path}:{lines[min(i, len(lines) - 1)]}"  # noqa: E731
        spans = bio_spans(tags, _offsets(tokens), mapping, where)
        return Sentence("".join(tokens), spans, where=f"{path}:{lines[0]}")

    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            if tokens:
                yield sentence()
            tokens, tags, lines = [], [], []
            continue
        parsed = _weibo_line(line) if weibo else _bio_line(line)
        if parsed is None:
            raise InputError(f"{path}:{n}", f"expected a character and a tag, found '{line}'")
        tokens.append(parsed[0])
        tags.append(parsed[1])
        lines.append(n)
    if tokens:
        yield sentence()


def _bio_line(line: str) -> tuple[str, str] | None:
    parts = line.split()
    if len(parts) == 2:
        return parts[0], parts[1]
    if len(parts) == 1 and line[0] in " \u3000" and len(line) > 2:  # the token is a space
        return line[0], parts[0]
    return None


def _weibo_line(line: str) -> tuple[str, str] | None:
    token, sep, tag = line.partition("\t")
    if not sep or not token or not tag.strip() or "\t" in tag:
        return None
    # the token is a character with its position in its word appended: 李0, 310 ('3' at 10)
    return token.rstrip("0123456789") or token[0], tag.strip()


def read_cluener(path: Path) -> list[Sentence]:
    """CLUENER2020 JSONL: ``{"text", "label": {type: {entity: [[start, end], …]}}}``."""
    out = []
    for n, line in enumerate(_lines(path), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(where, f"not JSON ({error.msg})") from None
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str):
            raise InputError(where, "expected an object with a 'text' string")
        spans = []
        labels = record.get("label") or {}
        if not isinstance(labels, dict):
            raise InputError(where, "'label' is not an object")
        for kind, entities in labels.items():
            for entity, places in (entities or {}).items():
                for place in places:
                    if not (isinstance(place, list) and len(place) == 2):
                        raise InputError(where, f"'{entity}': expected [start, end], got {place}")
                    start, end = place
                    if text[start : end + 1] != entity:
                        raise InputError(
                            where, f"'{entity}' is not at [{start}, {end}] of the text"
                        )
                    if kind in CLUENER_MAP:
                        spans.append((start, end + 1, CLUENER_MAP[kind]))
        out.append(Sentence(text, tuple(sorted(set(spans))), where=where))
    return out
