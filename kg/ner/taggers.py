"""NER taggers for measurement: kg's rules, the statistical taggers and combinations.

:func:`get_tagger` knows three by name:

- ``rules``: kg's own rules pipeline (:func:`kg.nlp.pipeline.make_nlp`):
  people, places (without deictic 全州/本县) and organizations, outermost spans;
- ``lac`` and ``spacy``: the statistical taggers of :mod:`kg.nlp.taggers`;
- ``FIRST+BACKSTOP[:LABELS]``: a :class:`Backstop` of two of them.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import UsageError
from kg.nlp.taggers import (
    DEFAULT_MODEL,
    LABELS,
    MAX_CHUNK,
    LacTagger,
    SpacyTagger,
    Span,
    Tagger,
    chunks,
    outermost,
)

__all__ = [
    "DEFAULT_MODEL",
    "MAX_CHUNK",
    "TAGGERS",
    "Backstop",
    "LacTagger",
    "RulesTagger",
    "SpacyTagger",
    "Tagger",
    "chunks",
    "get_tagger",
    "outermost",
]

TAGGERS = ("rules", "lac", "spacy")


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
        from kg.gazetteer.places import DEIXIS_RULE

        doc = self.nlp.make_doc(text)
        state = doc.user_data.setdefault("kg", {})
        state["text"] = text
        for component in self.components:
            doc = component(doc)
        spans = [(p.start, p.end, "LOC") for p in state["places"] if p.rule != DEIXIS_RULE]
        spans += [(s.start, s.end, "ORG") for s, _ in state["orgs"]]
        spans += [(p.start, p.end, "PER") for p in state["people"]]
        return outermost(spans)
