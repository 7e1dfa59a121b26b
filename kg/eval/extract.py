"""Score ``kg extract --json`` output against the gold annotations in ``tests/gold/``.

A predicted article is paired with the gold record whose ``file`` ends its path
and whose ``title`` is its title (or, for JSONL corpora, its record id). A gold
title ``"*"`` takes every article kg reads from the file, merged: gold written
per file does not depend on how kg segments a page. Inside
an article each category is compared as a set, after :func:`normalise_name`:

- entities per type, *strict* (canonical names only) and *lenient* (gold
  surfaces and predicted mention surfaces count too); each gold entity is
  matched by at most one prediction, in a maximum one-to-one matching;
- event tuples ``(organizer, type, county)``, one per (event, organizer) pair,
  organizer ``""`` for an event without one; all three fields must be equal; on
  the matched tuples, the ISO ``date`` is scored as an accuracy (``event_dates``:
  equal dates, null included, over matched tuples);
- positions ``(person, title, organization)``, authors ``(name, role)``,
  photographers' names.

Gold items marked ``optional`` are dropped from both sides: a prediction that
matches one is neither a true nor a false positive, and missing one is not a
false negative. Predictions are matched to required items first, so an optional
item never takes a match away from a required one.

Precision, recall and F1 are 0.0 when their denominator is 0: a category with
no gold items and no predictions scores 0.0, not 1.0 (read its counts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.errors import InputError
from kg.eval.gold import GoldArticle, GoldEntity, normalise_name, path_parts

ENTITY_TYPES = ("Organization", "Place", "Person", "Event")
CATEGORIES = ("event_tuples", "positions", "authors", "photographers")
_FIELDS = {
    "entities": ("type", "name"),
    "event_tuples": ("organizer", "type", "county", "date"),  # matched on the first three
    "positions": ("person", "title", "organization"),
    "authors": ("name", "role"),
}

Item = tuple[str | None, ...]
_KEY_WIDTH = {"event_tuples": 3}  # the date is scored apart, on matched tuples
WHOLE_FILE = "*"  # a gold title that pairs the record with every article kg reads from the file


# ---------------------------------------------------------------- predictions


@dataclass(frozen=True)
class _Entity:
    type: str
    name: str
    keys: frozenset[str]  # normalised name and mention surfaces


@dataclass(frozen=True)
class _Predicted:
    """One article of a ``kg extract --json`` document, reduced to what is scored."""

    id: str | None
    parts: tuple[str, ...]
    titles: frozenset[str | None]  # normalised title and record id
    entities: tuple[_Entity, ...]
    items: dict[str, tuple[Item, ...]]  # category → items as predicted


def _predicted(document: Any) -> list[_Predicted]:
    articles = document.get("articles") if isinstance(document, dict) else None
    if not isinstance(articles, list):
        raise InputError("predictions", "expected a `kg extract --json` document with 'articles'")
    out = []
    for n, article in enumerate(articles):
        try:
            out.append(_predicted_article(article))
        except (KeyError, TypeError, AttributeError) as error:
            raise InputError(
                f"predictions: articles[{n}]",
                f"not in the `kg extract --json` shape ({type(error).__name__}: {error})",
            ) from None
    return out


def _predicted_article(a: dict) -> _Predicted:
    merged: dict[tuple[str, str | None], tuple[str, set[str]]] = {}  # same name: one entity
    for e in a.get("entities") or ():
        _, keys = merged.setdefault((e["type"], normalise_name(e["name"])), (e["name"], set()))
        keys |= _norm_all({e["name"], *(m["surface"] for m in e.get("mentions") or ())})
    entities = tuple(
        _Entity(kind, name, frozenset(keys)) for (kind, _), (name, keys) in merged.items()
    )
    tuples: list[Item] = []
    for ev in a.get("events") or ():
        for name in [o["name"] for o in ev.get("organizers") or ()] or [""]:
            tuples.append((name, ev["type"], ev.get("county"), ev.get("date")))
    rel: dict[str, list[Item]] = {"positions": [], "authors": [], "photographers": []}
    for r in a.get("relations") or ():
        person, other = r["source"], r["target"]
        if other.get("type") == "Person" and person.get("type") != "Person":
            person, other = other, person
        props = r.get("props") or {}
        if r["type"] == "HOLDS_POSITION":
            rel["positions"].append((person["name"], props.get("title"), other["name"]))
        elif r["type"] == "WROTE":
            rel["authors"].append((person["name"], props.get("role")))
        elif r["type"] == "PHOTOGRAPHED":
            rel["photographers"].append((person["name"],))
    return _Predicted(
        id=a.get("id"),
        parts=path_parts(a["file"]),
        titles=frozenset({normalise_name(a.get("title")), normalise_name(a.get("record_id"))}),
        entities=entities,
        items={"event_tuples": tuple(tuples), **{k: tuple(v) for k, v in rel.items()}},
    )


def _merged(parts: list[_Predicted]) -> _Predicted | None:
    """One prediction from the articles kg segmented a file into (for a whole-file gold record)."""
    if len(parts) < 2:
        return parts[0] if parts else None
    entities: dict[tuple[str, str | None], _Entity] = {}
    for e in (e for p in parts for e in p.entities):
        key = (e.type, normalise_name(e.name))
        known = entities.get(key)
        entities[key] = e if known is None else _Entity(e.type, known.name, known.keys | e.keys)
    return _Predicted(
        id=parts[0].id,
        parts=parts[0].parts,
        titles=frozenset().union(*(p.titles for p in parts)),
        entities=tuple(entities.values()),
        items={k: tuple(i for p in parts for i in p.items[k]) for k in parts[0].items},
    )


def _norm_all(names: set[str]) -> set[str]:
    return {k for k in map(normalise_name, names) if k}


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """True positive, false positive and false negative counts, and the measures from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "p": self.precision,
            "r": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class Diff:
    """What one comparison got wrong, written as in the inputs (not normalised)."""

    fp: tuple[Item, ...] = ()
    fn: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ArticleErrors:
    """The false positives and negatives of one gold article."""

    file: str
    title: str
    article: str | None  # id of the predicted article; None: no predicted article matched
    diffs: dict[str, Diff]  # entities.strict, entities.lenient, event_tuples, positions, …

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"file": self.file, "title": self.title, "article": self.article}
        for key, diff in self.diffs.items():
            fields = _FIELDS.get(key.split(".")[0])
            sides = {
                side: [dict(zip(fields, i, strict=True)) if fields else i[0] for i in items]
                for side, items in (("fp", diff.fp), ("fn", diff.fn))
            }
            if "." in key:
                out.setdefault("entities", {})[key.split(".")[1]] = sides
            else:
                out[key] = sides
        return out


@dataclass(frozen=True)
class EvalReport:
    """Scores of one prediction document against a set of gold articles."""

    entities: dict[str, dict[str, Score]]  # mode (strict, lenient) → entity type → score
    event_tuples: Score
    positions: Score
    authors: Score
    photographers: Score
    unmatched_gold: tuple[tuple[str, str], ...]  # (file, title) of gold without a prediction
    unmatched_predicted: int  # predicted articles with no gold record (ignored)
    errors: tuple[ArticleErrors, ...]  # gold articles with at least one error, in gold order
    gold_articles: int = 0
    predicted_articles: int = 0
    kg_version: str | None = None
    rules_version: str | None = None
    event_dates: tuple[int, int] = (0, 0)  # matched event tuples with the gold date, all matched

    @property
    def date_accuracy(self) -> float:
        """Share of matched event tuples whose ISO date equals the gold (0.0 when none matched)."""
        correct, matched = self.event_dates
        return correct / matched if matched else 0.0

    def micro(self, mode: str) -> Score:
        """Entity counts summed over all types, for ``strict`` or ``lenient``."""
        return sum(self.entities[mode].values(), Score())

    def to_dict(self) -> dict:
        """A JSON-ready dict: counts and measures, unmatched articles and per-article errors.

        ``entities`` holds ``strict`` and ``lenient``, each with a row per entity
        type and ``micro``; a row is ``{"tp", "fp", "fn", "p", "r", "f1"}``, as are
        ``event_tuples``, ``positions``, ``authors`` and ``photographers``.
        """
        return {
            "kg_version": self.kg_version,
            "rules_version": self.rules_version,
            "articles": {
                "gold": self.gold_articles,
                "predicted": self.predicted_articles,
                "matched": self.gold_articles - len(self.unmatched_gold),
            },
            "entities": {
                mode: {
                    **{t: s.to_dict() for t, s in by_type.items()},
                    "micro": self.micro(mode).to_dict(),
                }
                for mode, by_type in self.entities.items()
            },
            **{c: getattr(self, c).to_dict() for c in CATEGORIES},
            "event_dates": {
                "correct": self.event_dates[0],
                "matched": self.event_dates[1],
                "accuracy": self.date_accuracy,
            },
            "unmatched_gold": [{"file": f, "title": t} for f, t in self.unmatched_gold],
            "unmatched_predicted": self.unmatched_predicted,
            "errors": [e.to_dict() for e in self.errors],
        }


# ---------------------------------------------------------------- evaluation


def evaluate(gold: list[GoldArticle], predicted: dict) -> EvalReport:
    """Score a parsed ``kg extract --json`` document against gold articles.

    A predicted article matches a gold record when the gold ``file`` ends its
    ``file`` (whole path components, after normalising) and the gold ``title``
    equals its ``title`` or ``record_id`` (white space ignored). Each side is
    matched at most once, the first fit in document order. Gold records with no
    prediction count all their items as false negatives.

    Raises:
        InputError: ``predicted`` is not in the ``kg extract --json`` shape.

    Example:
        >>> from kg.eval.gold import parse_gold
        >>> gold = [parse_gold('{"file": "seeds/p.txt", "title": "标题", "events": [], '
        ...     '"entities": [{"type": "Place", "name": "伊宁县", "surface": ["全县"]}], '
        ...     '"positions": [], "authors": [], "photographers": []}')]
        >>> doc = {"articles": [{"file": "/tmp/seeds/p.txt", "title": "标题", "entities": [
        ...     {"type": "Place", "name": "全县", "mentions": [{"surface": "全县"}]}]}]}
        >>> report = evaluate(gold, doc)
        >>> report.micro("strict").f1, report.micro("lenient").f1
        (0.0, 1.0)
    """
    articles = _predicted(predicted)
    used: set[int] = set()
    totals: dict[tuple[str, str | None], Score] = defaultdict(Score)
    entity_types = dict.fromkeys(ENTITY_TYPES)
    unmatched: list[tuple[str, str]] = []
    errors: list[ArticleErrors] = []
    for g in gold:
        parts, title = path_parts(g.file), normalise_name(g.title)
        fits = [
            i
            for i, p in enumerate(articles)
            if i not in used
            and p.parts[-len(parts) :] == parts
            and (title == WHOLE_FILE or title in p.titles)
        ]
        found = fits if title == WHOLE_FILE else fits[:1]
        if not found:
            unmatched.append((g.file, g.title))
        used.update(found)
        p = _merged([articles[i] for i in found])
        if p is not None:
            entity_types.update(dict.fromkeys(e.type for e in p.entities))
        scores, diffs = _score_article(g, p)
        for key, score in scores.items():
            totals[key] += score
        if any(d.fp or d.fn for d in diffs.values()):
            errors.append(ArticleErrors(g.file, g.title, p.id if p else None, diffs))
    return EvalReport(
        entities={
            mode: {t: totals["entities." + mode, t] for t in entity_types}
            for mode in ("strict", "lenient")
        },
        **{c: totals[c, None] for c in CATEGORIES},
        event_dates=(
            totals["event_dates", None].tp,
            totals["event_dates", None].tp + totals["event_dates", None].fn,
        ),
        unmatched_gold=tuple(unmatched),
        unmatched_predicted=len(articles) - len(used),
        errors=tuple(errors),
        gold_articles=len(gold),
        predicted_articles=len(articles),
        kg_version=predicted.get("kg_version"),
        rules_version=predicted.get("rules_version"),
    )


def _score_article(
    g: GoldArticle, p: _Predicted | None
) -> tuple[dict[tuple[str, str | None], Score], dict[str, Diff]]:
    scores: dict[tuple[str, str | None], Score] = {}
    diffs: dict[str, Diff] = {}
    predicted_entities = p.entities if p else ()
    for mode in ("strict", "lenient"):
        by_type, diffs["entities." + mode] = _compare_entities(
            g.entities, predicted_entities, lenient=mode == "lenient"
        )
        scores.update({("entities." + mode, t): s for t, s in by_type.items()})
    canonical = _canonical_of(g)
    for category, (required, optional) in _gold_items(g).items():
        predicted = tuple(_renamed(i, category, canonical) for i in p.items[category]) if p else ()
        width = _KEY_WIDTH.get(category)
        scores[category, None], diffs[category] = _compare_sets(
            required, optional, predicted, width
        )
        if category == "event_tuples":
            scores["event_dates", None] = _dates_of_matched(required, predicted)
    return scores, diffs


def _dates_of_matched(required: list[Item], predicted: tuple[Item, ...]) -> Score:
    """On event tuples matched by (organizer, type, county): tp a date equal to the gold's
    (both null included), fn a different one."""
    gold, pred = _keyed(required, 3), _keyed(predicted, 3)
    same = [
        normalise_name(gold[k][3]) == normalise_name(pred[k][3]) for k in gold.keys() & pred.keys()
    ]
    return Score(tp=sum(same), fn=len(same) - sum(same))


def _canonical_of(g: GoldArticle) -> dict[str, str]:
    """A gold alias → its entity's canonical name, for the names inside facts."""
    return {normalise_name(a): e.name for e in g.entities for a in e.aliases}


_NAME_FIELDS = {"event_tuples": (0,), "positions": (0, 2), "authors": (0,), "photographers": (0,)}


def _renamed(item: Item, category: str, canonical: dict[str, str]) -> Item:
    """``item`` with each name the gold knows as an alias written as its canonical name."""
    if not canonical:
        return item
    fields = _NAME_FIELDS[category]
    return tuple(
        canonical.get(normalise_name(v) or "", v) if i in fields else v for i, v in enumerate(item)
    )


def _gold_items(g: GoldArticle) -> dict[str, tuple[list[Item], list[Item]]]:
    """Gold items per category, as (required, optional) lists (indexed by ``item.optional``)."""
    out: dict[str, tuple[list[Item], list[Item]]] = {c: ([], []) for c in CATEGORIES}
    for ev in g.events:
        for name in [o.name for o in ev.organizers] or [""]:
            out["event_tuples"][ev.optional].append((name, ev.type, ev.county, ev.date))
    for pos in g.positions:
        out["positions"][pos.optional].append((pos.person, pos.title, pos.organization))
    out["authors"][0].extend((a.name, a.role) for a in g.authors)
    out["photographers"][0].extend((name,) for name in g.photographers)
    return out


def _compare_sets(
    required: list[Item],
    optional: list[Item],
    predicted: tuple[Item, ...],
    width: int | None = None,
) -> tuple[Score, Diff]:
    gold, pred = _keyed(required, width), _keyed(predicted, width)
    extra = _keyed(optional, width).keys() - gold.keys()
    fp = tuple(i for k, i in pred.items() if k not in gold and k not in extra)
    fn = tuple(i for k, i in gold.items() if k not in pred)
    return Score(len(gold.keys() & pred.keys()), len(fp), len(fn)), Diff(fp, fn)


def _keyed(items: Iterable[Item], width: int | None = None) -> dict[Item, Item]:
    """Items by the normalised form of their first ``width`` fields (all when None), each
    form once, in the order first written."""
    out: dict[Item, Item] = {}
    for item in items:
        out.setdefault(tuple(map(normalise_name, item[:width])), item)
    return out


def _compare_entities(
    gold: tuple[GoldEntity, ...], predicted: tuple[_Entity, ...], lenient: bool
) -> tuple[dict[str, Score], Diff]:
    scores: dict[str, Score] = {}
    fps: list[Item] = []
    fns: list[Item] = []
    for kind in dict.fromkeys([*ENTITY_TYPES, *(e.type for e in predicted)]):
        required = [g for g in gold if g.type == kind and not g.optional]
        optional = [g for g in gold if g.type == kind and g.optional]
        preds = [e for e in predicted if e.type == kind]
        pred_keys = [e.keys if lenient else {normalise_name(e.name)} for e in preds]
        matched = _max_matching(
            [normalise_name(e.name) for e in preds],
            pred_keys,
            [normalise_name(g.name) for g in required],
            [_gold_keys(g, lenient) for g in required],
        )
        absorbed = set().union(*(_gold_keys(g, lenient) for g in optional))
        fp = [
            (kind, e.name)
            for i, e in enumerate(preds)
            if i not in matched and not pred_keys[i] & absorbed
        ]
        fn = [(kind, g.name) for j, g in enumerate(required) if j not in matched.values()]
        scores[kind] = Score(len(matched), len(fp), len(fn))
        fps += fp
        fns += fn
    return scores, Diff(tuple(fps), tuple(fns))


def _gold_keys(g: GoldEntity, lenient: bool) -> set[str]:
    names = {g.name, *g.aliases}
    return _norm_all(names | set(g.surface)) if lenient else _norm_all(names)


def _max_matching(
    left_names: list[str | None],
    left: list[set[str]],
    right_names: list[str | None],
    right: list[set[str]],
) -> dict[int, int]:
    """A maximum one-to-one matching of items sharing a key (Kuhn's augmenting paths).

    Candidates whose names are equal are tried first, so exact matches pair up
    where the choice does not change the count. Returns left index → right index.
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for j, keys in enumerate(right):
        for k in keys:
            by_key[k].append(j)
    candidates = [
        sorted(
            {j for k in keys for j in by_key[k]},
            key=lambda j, i=i: (right_names[j] != left_names[i], j),
        )
        for i, keys in enumerate(left)
    ]
    owner: dict[int, int] = {}  # right → left

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


# ---------------------------------------------------------------- terminal report


def format_report(report: EvalReport, *, errors: bool = False) -> str:
    """A plain-text table of the scores; with ``errors``, each article's misses too.

    Example:
        >>> print(format_report(evaluate([], {"articles": []})).splitlines()[0])
        articles: 0 gold, 0 predicted, 0 matched; 0 predicted without gold (ignored)
    """
    r = report
    head = f"{'':<14}{'tp':>5}{'fp':>5}{'fn':>5}{'p':>7}{'r':>7}{'f1':>7}"

    def row(label: str, s: Score) -> str:
        return (
            f"{label:<14}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
        )

    out = [
        f"articles: {r.gold_articles} gold, {r.predicted_articles} predicted, "
        f"{r.gold_articles - len(r.unmatched_gold)} matched; "
        f"{r.unmatched_predicted} predicted without gold (ignored)",
    ]
    if r.kg_version or r.rules_version:
        out.append(f"kg {r.kg_version or '?'}, rules {r.rules_version or '?'}")
    for mode, by_type in r.entities.items():
        out += ["", f"entities ({mode})", head]
        out += [row(t, s) for t, s in by_type.items()]
        out.append(row("micro", r.micro(mode)))
    out += ["", "facts", head, *(row(c.replace("_", " "), getattr(r, c)) for c in CATEGORIES)]
    correct, matched = r.event_dates
    out.append(
        f"event dates: {correct} of {matched} matched tuples have the gold date ({r.date_accuracy:.3f})"
    )
    if r.unmatched_gold:
        out += ["", "gold articles with no predicted article (all their items are misses):"]
        out += [f"  {f}  {t}" for f, t in r.unmatched_gold]
    if errors:
        for e in r.errors:
            out += ["", f"{e.file}  {e.title}"]
            for key, diff in e.diffs.items():
                out += [f"  {key} FP: {' | '.join(map(_show, diff.fp))}"] if diff.fp else []
                out += [f"  {key} FN: {' | '.join(map(_show, diff.fn))}"] if diff.fn else []
    out += ["", "p, r and f1 are 0.0 where their denominator is 0."]
    return "\n".join(out)


def _show(item: Item) -> str:
    return "/".join("-" if x is None else x or '""' for x in item)
