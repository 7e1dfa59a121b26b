"""Exact-match NER scoring: a predicted span counts only if start, end and label all match.

A partial overlap is a miss twice over (a false positive and a false negative),
as in CoNLL's conlleval. Per type and micro-averaged over PER, LOC and ORG;
measures are 0.0 when their denominator is 0.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.eval.extract import Score
from kg.ner.corpora import LABELS, Sentence, Span


def score_spans(gold: Iterable[Sentence], predicted: Iterable[Sequence[Span]]) -> dict[str, Score]:
    """Counts per label and ``"micro"``; ``predicted[i]`` are the spans found in ``gold[i]``.

    Predictions exactly on a sentence's ``ignore`` spans (optional gold items)
    are dropped; labels other than PER, LOC and ORG are ignored.

    Example:
        >>> s = Sentence("张三在北京", ((0, 2, "PER"), (3, 5, "LOC")))
        >>> score_spans([s], [[(0, 2, "PER"), (3, 5, "ORG")]])["micro"]
        Score(tp=1, fp=1, fn=1)
    """
    counts = {label: Score() for label in LABELS}
    for sentence, spans in zip(gold, predicted, strict=True):
        ignore = set(sentence.ignore)
        found = {s for s in spans if s[2] in counts and (s[0], s[1]) not in ignore}
        expected = {s for s in sentence.spans if s[2] in counts}
        for label in LABELS:
            f = {s for s in found if s[2] == label}
            e = {s for s in expected if s[2] == label}
            counts[label] += Score(len(f & e), len(f - e), len(e - f))
    counts["micro"] = sum((counts[label] for label in LABELS), Score())
    return counts


def to_json(counts: dict[str, Score]) -> dict[str, dict[str, float]]:
    """The shape ``kg eval ner --json`` prints: ``{"PER": {"p", "r", "f1"}, …, "micro": …}``."""
    return {
        key: {"p": round(s.precision, 4), "r": round(s.recall, 4), "f1": round(s.f1, 4)}
        for key, s in counts.items()
    }


def format_table(counts: dict[str, Score]) -> str:
    """A plain table: type, gold, found, correct, P, R, F1."""
    rows = [f"{'type':<6}{'gold':>7}{'found':>7}{'right':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for key, s in counts.items():
        rows.append(
            f"{key:<6}{s.tp + s.fn:>7}{s.tp + s.fp:>7}{s.tp:>7}"
            f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
        )
    return "\n".join(rows)


@dataclass(frozen=True)
class NerReport:
    """A tagger's scores on a corpus, and how fast it tagged it."""

    counts: dict[str, Score]
    sentences: int
    chars: int
    seconds: float

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds else 0.0


def evaluate_tagger(tagger, sentences: list[Sentence], batch_size: int = 256) -> NerReport:
    """Tag ``sentences`` in batches with ``tagger`` and score the spans against their gold.

    The time is the tagging alone (the model is loaded before).
    """
    predicted: list[list[Span]] = []
    tagger.tag([s.text for s in sentences[:1]])  # warm up: lazy tables are built on first use
    started = time.perf_counter()
    for i in range(0, len(sentences), batch_size):
        predicted += tagger.tag([s.text for s in sentences[i : i + batch_size]])
    seconds = time.perf_counter() - started
    chars = sum(len(s.text) for s in sentences)
    return NerReport(score_spans(sentences, predicted), len(sentences), chars, seconds)
