"""kg's spaCy pipeline: ``spacy.blank("zh")`` (one token per character) and rule components.

Components are registered spaCy factories with versioned names (spaCy forbids
dots in factory names, so ``kg_orgs_v1`` rather than ``kg.orgs.v1``); a change
of behaviour gets a new version. Each reads the article context that
:func:`kg.extract.extract_article` puts in ``doc.user_data["kg"]`` and writes
its results to ``doc.spans`` (nested spans allowed: 某县 inside 某县委宣传部)
and to ``doc.user_data["kg"]`` for the next component.

Why character tokens: word segmenters (jieba, pkuseg) split entity boundaries
(奇台|县委|组织部), and pkuseg's models cannot be downloaded here; every
matcher in kg works on character offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.appointments import clause_posts
from kg.nlp.backstop import (
    accept,
    backstop_tagger,
    check_mode,
    gap_windows,
    propose,
    trim_orgs,
)
from kg.nlp.dates import find_times
from kg.nlp.events import Named, find_events
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.orgs import QUOTED_RULE, PlaceRef, Setting, canonical_names, find_org_spans
from kg.nlp.people import LOCAL_TITLES, find_people, posts_at
from kg.nlp.sentences import sentence_spans
from kg.nlp.tagged_places import listed_counties
from kg.nlp.taggers import names
from kg.nlp.words import (
    Words,
    brand_prefixed,
    clause_trimmed,
    generic_names,
    generic_quoted,
    with_placeholders,
)

COMPONENTS = (
    "kg_sentences_v1",
    "kg_words_v1",
    "kg_places_v1",
    "kg_times_v1",
    "kg_orgs_v1",
    "kg_people_v1",
    "kg_ner_v1",
    "kg_appointments_v1",
    "kg_events_v1",
)


def make_nlp(lexicon: Lexicon | None = None, ner: str = "off") -> Language:
    """A blank Chinese pipeline with kg's components, using ``lexicon`` (kg's rules by default).

    ``ner``: how the statistical backstop reads the text (:data:`kg.nlp.backstop.MODES`):
    ``off`` (rules only; the default here), ``gaps``
    or ``all``.

    Example:
        >>> nlp = make_nlp()
        >>> nlp.pipe_names[:2]
        ['kg_sentences_v1', 'kg_places_v1']
    """
    nlp = spacy.blank("zh")
    lexicon = lexicon or Lexicon.load()
    check_mode(ner)
    for name in COMPONENTS:
        nlp.add_pipe(name).lexicon = lexicon  # objects cannot travel in spaCy's config
    nlp.get_pipe("kg_ner_v1").mode = ner
    nlp.get_pipe("kg_words_v1").mode = ner
    return nlp


def _state(doc: Doc) -> dict:
    return doc.user_data.setdefault("kg", {})


def _text(doc: Doc) -> str:
    """The doc's text, built once: spaCy's Doc.text walks every token on each call."""
    state = _state(doc)
    if "text" not in state:
        state["text"] = doc.text
    return state["text"]


def _spans(doc: Doc, key: str, items, label: str) -> None:
    """Put ``items`` (anything with ``start``/``end``) into ``doc.spans[key]``; nesting allowed."""
    spans = (doc.char_span(i.start, i.end, label=label, alignment_mode="expand") for i in items)
    doc.spans[key] = [span for span in spans if span is not None]


class _Component:
    """Base for kg's components: spaCy calls them with a Doc and gets it back."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = Lexicon.load()


class Sentences(_Component):
    def __call__(self, doc: Doc) -> Doc:
        spans = sentence_spans(_text(doc))
        _state(doc)["sentences"] = spans
        if len(doc):
            starts = numpy.array(sorted({0} | {a for a, _ in spans}), dtype="uint64")
            offsets = doc.to_array([IDX]).reshape(-1)
            flags = numpy.where(numpy.isin(offsets, starts), 1, -1).astype("uint64")
            flags[0] = 1
            doc.from_array([SENT_START], flags.reshape(-1, 1))  # one call, not one per token
        return doc


class ReadWords(_Component):
    """In ``all`` mode the tagger reads every sentence once: its words check the rules'
    boundaries (kg.nlp.words) and its names are the backstop's proposals."""

    mode = "off"

    def __call__(self, doc: Doc) -> Doc:
        if self.mode == "all":
            text = _text(doc)
            (words,) = backstop_tagger().words([text]) if text else ([],)
            _state(doc)["words"] = Words(tuple(with_placeholders(text, words)))
        return doc


class Places(_Component):
    def __call__(self, doc: Doc) -> Doc:
        from kg.gazetteer.places import DEIXIS_RULE, Gazetteer, resolve_places

        state = _state(doc)
        places = resolve_places(_text(doc), Gazetteer.load(), state.get("home"))
        words = state.get("words")
        if words:  # a short form the tagger reads as part of another word: 新平|台, 任新平
            places = [
                p
                for p in places
                if (p.surface == p.name or p.rule == DEIXIS_RULE or not words.cuts(p.start, p.end))
                and not _inside_longer_name(p, places, words)
            ]
            # the tagger's places join before organizations are read, so that an address
            # chain (…街道翠竹社区|党支部) ends at its most specific place
            gazetteer = Gazetteer.load()
            proposals = [w for w in names(words.spans) if w[2] == "LOC"]
            credited = [(a, b) for a, b, _ in state.get("credited", ())]
            got = accept(
                _text(doc),
                proposals,
                [(p.start, p.end) for p in places],
                credited,
                self.lexicon,
                gazetteer,
                words=words,
                context=_context(places, gazetteer),
                tagger=backstop_tagger(),
            )
            places = [*places, *got.places]
            places = sorted(
                [*places, *listed_counties(_text(doc), places, gazetteer)],
                key=lambda p: (p.start, -p.end),
            )
        state["places"] = places
        _spans(doc, "kg_places", places, "Place")
        return doc


def _inside_longer_name(place, places, words: Words) -> bool:
    """A township or village the gazetteer names inside a longer name the tagger reads as one
    place (三|岔河乡: another township, elsewhere), with no place right before it (某县|某乡)."""
    word = words.at(place.start)
    return (
        place.level in ("township", "village")
        and word is not None
        and word[2] in ("LOC", "ORG", "nz")
        and word[0] < place.start
        and not any(q.end == place.start for q in places)
    )


def _context(places, gazetteer) -> frozenset[str]:
    """Codes of the divisions ``places`` name at county level or above, and of theirs."""
    return frozenset(
        a.code
        for p in places
        if p.code and p.level in ("province", "prefecture", "county")
        for a in (gazetteer.get(p.code), *gazetteer.ancestors(p.code))
    )


class Times(_Component):
    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        anchor = dt.date.fromisoformat(state["date"]) if state.get("date") else None
        times = find_times(_text(doc), anchor, state.get("dateline"))
        state["times"] = times
        _spans(doc, "kg_times", times, "Time")
        return doc


class Orgs(_Component):
    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        refs = [_place_ref(p) for p in state.get("places", ())]
        words = state.get("words")
        stops = words.clause_stops() if words else frozenset()
        edges = words.edges() if words else None
        spans = find_org_spans(
            _text(doc), refs, self.lexicon, matchers_for(self.lexicon), stops=stops, edges=edges
        )
        if words:
            spans = clause_trimmed(_text(doc), spans, backstop_tagger(), self.lexicon)
            spans = brand_prefixed(
                _text(doc), spans, words, backstop_tagger(), self.lexicon.org_aliases
            )
        setting = _setting(refs)
        names = canonical_names(_text(doc), spans, setting, self.lexicon)
        kept = [(s, n) for s, n in zip(spans, names, strict=True) if n is not None]
        if words:  # 物业公司, 农民合作社: no word of it is a name, and no fuller name took it
            text = _text(doc)
            unplaced = [
                (s, n)
                for s, n in kept
                if s.place is None
                and s.context is None
                and n == text[s.start : s.core_end]
                and s.rule != QUOTED_RULE
            ]
            generic = {
                id(s)
                for s, n in unplaced
                if s.rule == "org.structure.v1" and not words.names_in(s.start, s.core_end)
            } | generic_names(unplaced, backstop_tagger(), self.lexicon)
            quoted = [s for s, _ in kept if s.rule == QUOTED_RULE]
            generic |= generic_quoted(text, quoted, backstop_tagger(), self.lexicon)
            kept = [(s, n) for s, n in kept if id(s) not in generic]
        state["orgs"] = kept
        spans = [s for s, _ in kept]
        state["setting"] = setting
        _spans(doc, "kg_orgs", spans, "Organization")
        return doc


class People(_Component):
    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        targets = _post_targets(state)
        state["targets"] = targets
        bounds = [(a, b) for a, b, *_ in targets]
        people = find_people(_text(doc), bounds, self.lexicon, matchers_for(self.lexicon))
        words = state.get("words")
        if words:  # the tagger reads the span as an ordinary word: 留言, 讲述·我们都
            people = [p for p in people if not words.not_a_person(p.start, p.end)]
            people = _dotted_people(_dotted_ends(_text(doc), people, words), backstop_tagger())
        credited = state.get("credited", ())  # bylines name their people already
        people = [p for p in people if not any(a < p.end and p.start < b for a, b, _ in credited)]
        people = [_linked(p, targets, state.get("setting")) for p in people]
        state["people"] = people
        _spans(doc, "kg_people", people, "Person")
        return doc


def _dotted_ends(text: str, people: list, words: Words) -> list:
    """A dotted name ends where the tagger's person word ends (伊某·汗|表示, 克某·金|放弃):
    the rules close it at a cue two to five characters on, which a one-character family
    name and a verb outrun."""
    out = []
    for person in people:
        word = words.at(person.start)
        if (
            person.rule == "person.dotname.v1"
            and word is not None
            and word[2] == "PER"
            and word[0] == person.start
            and person.start < text.find("·", person.start, word[1]) < word[1] < person.end
        ):
            person = replace(person, end=word[1], name=text[person.start : word[1]])
        out.append(person)
    return out


def _dotted_people(people: list, tagger) -> list:
    """Dotted names the tagger, reading each alone, finds a person in (某某·某某); a column
    tag with a dot (新春走基层·特别报道, 新时代·面孔) holds none."""
    dotted = [p for p in people if p.rule == "person.dotname.v1"]
    if not dotted:
        return people
    read = tagger.words([p.name for p in dotted])
    bad = {
        id(p) for p, words in zip(dotted, read, strict=True) if all(w[2] != "PER" for w in words)
    }
    return [p for p in people if id(p) not in bad]


class Backstop(_Component):
    """Names a NER model proposes where rules leave gaps, accepted by the rules (backstop.py)."""

    mode = "off"

    def __call__(self, doc: Doc) -> Doc:
        if self.mode == "off":
            return doc
        from kg.gazetteer.places import Gazetteer

        state = _state(doc)
        text = _text(doc)
        people = [(p.start, p.end) for p in state.get("people", ())]
        sentences = state.get("sentences", [])
        chosen = (
            sentences
            if self.mode == "all"
            else gap_windows(text, sentences, people, self.lexicon.surnames)
        )
        if not chosen:
            return doc
        if "words" in state:  # read already, every sentence; its places joined the rules'
            proposals = [w for w in names(state["words"].spans) if w[2] != "LOC"]
            proposals = trim_orgs(backstop_tagger(), text, proposals)
        else:
            proposals = propose(backstop_tagger(), text, chosen, joined=self.mode == "gaps")
        places = [(p.start, p.end) for p in state.get("places", ())]
        others = [(s.start, s.end) for s, _ in state.get("orgs", ())] + people
        others += [(t.start, t.end) for t in state.get("times", ())]
        credited = state.get("credited", ())
        others += [(a, b) for a, b, _ in credited]
        known = frozenset(name for *_, name in credited) | {p.name for p in state.get("people", ())}
        gazetteer = Gazetteer.load()
        context = _context(state.get("places", ()), gazetteer)
        got = accept(
            text,
            proposals,
            places,
            others,
            self.lexicon,
            gazetteer,
            known,
            state.get("words"),
            context,
        )
        generic = generic_names(got.orgs, backstop_tagger(), self.lexicon)
        got.orgs = [(s, n) for s, n in got.orgs if id(s) not in generic]
        if not (got.places or got.orgs or got.people):
            return doc
        # appended, never re-sorted: people's posts point into the orgs list by index
        state["places"] = [*state.get("places", ()), *got.places]
        state["orgs"] = [*state.get("orgs", ()), *got.orgs]
        # posts point into the targets by index: new organizations go at the end
        targets = state.get("targets") or state.setdefault("targets", _post_targets(state))
        targets += [(s.start, s.end, "Organization", name) for s, name in got.orgs]
        bounds = [(a, b) for a, b, *_ in targets]
        matchers = matchers_for(self.lexicon)
        added = [
            replace(p, posts=posts_at(text, p.start, bounds, self.lexicon, matchers))
            for p in got.people
        ]
        state["people"] = [
            _linked(p, targets, state.get("setting")) for p in [*state.get("people", ()), *added]
        ]
        _spans(doc, "kg_places", state["places"], "Place")
        _spans(doc, "kg_orgs", [s for s, _ in state["orgs"]], "Organization")
        _spans(doc, "kg_people", state["people"], "Person")
        return doc


class Appointments(_Component):
    """Posts stated by a clause about a person named away from the title (appointments.py)."""

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        if state.get("people"):
            targets = state.get("targets") or state.setdefault("targets", _post_targets(state))
            state["people"] = clause_posts(
                _text(doc), state["people"], targets, self.lexicon, matchers_for(self.lexicon)
            )
        return doc


class Events(_Component):
    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        found = state.get("orgs", ())
        orgs = [Named(s.start, s.end, name, s.kind) for s, name in found if s.kind != "馆"]
        inside = [(s.start, s.end) for s, _ in found]
        places = [
            Named(p.start, p.end, p.name, p.level or "")
            for p in state.get("places", ())
            if not any(a <= p.start and p.end <= b for a, b in inside)
        ]
        places += [Named(s.start, s.end, name, "venue") for s, name in found if s.kind == "馆"]
        places += _deictic_actors(_text(doc), state.get("setting"), places)
        places.sort(key=lambda p: p.start)
        people = [Named(p.start, p.end, p.name, "person") for p in state.get("people", ())]
        times = [(t.start, t.end, t.kind, t.value) for t in state.get("times", ())]
        state["events"] = find_events(
            _text(doc),
            state.get("sentences", []),
            orgs,
            places,
            times,
            matchers_for(self.lexicon),
            words=state.get("words"),
            people=people,
            named_only=self.lexicon.event_named_only,
            generic=self.lexicon.event_generic,
        )
        return doc


# 村里举办…, 社区对居民展开排查, 区里组建专班: the unit word stands for the article's place of
# that unit (the nearest village or community written before it; the county for 县里/区里)
_DEICTIC_ACTOR = re.compile(r"(村里|社区|镇里|乡里|街道|县里|区里)(?=[\u4e00-\u9fff])")
_DEICTIC_UNIT = {"村里": "村", "社区": "社区", "镇里": "镇", "乡里": "乡", "街道": "街道"}
_DEICTIC_UNIT |= {"县里": "县", "区里": "区"}


def _deictic_actors(text: str, setting: Setting | None, places: list[Named]) -> list[Named]:
    """The unit words at a clause's head that stand for a place of the story, as actors.

    Only where the word begins a clause (after punctuation or the text's start), so
    各社区, 社区工作者 and 城乡社区 are not read."""
    if setting is None:
        return []
    out = []
    for match in _DEICTIC_ACTOR.finditer(text):
        if match.start() and text[match.start() - 1] not in "，。；：！？、\n　 “":
            continue
        if any(p.start <= match.start() < p.end for p in places):
            continue
        place = setting.place_for(_DEICTIC_UNIT[match[1]], match.start())
        if place is not None and place.level in ("county", "township", "village"):
            out.append(Named(match.start(), match.end(), place.name, place.level))
    return out


def _post_targets(state: dict) -> list[tuple[int, int, str, str]]:
    """What a title may be held at, as ``(start, end, type, name)``: the organizations, then
    the places outside them (白杨村第一书记: the village's own first secretary)."""
    orgs = [(s.start, s.end, "Organization", name) for s, name in state.get("orgs", ())]
    places = [
        (p.start, p.end, "Place", p.name)
        for p in state.get("places", ())
        if p.rule != "place.deixis.v1"
        and p.level != "venue"
        and not any(a <= p.start and p.end <= b for a, b, *_ in orgs)
    ]
    return orgs + places


def _linked(person, targets: list[tuple[int, int, str, str]], setting: Setting | None):
    """``person`` with each post that has no organization linked: to the one ending where the
    title starts (found after the rules read the posts), else, for a local title, to the
    nearest village or township written before it (:meth:`Setting.place_for`)."""
    if all(p.org_index is not None for p in person.posts):
        return person
    by_end = {b: i for i, (_, b, *_) in enumerate(targets)}
    places = {(a, b): i for i, (a, b, kind, _) in enumerate(targets) if kind == "Place"}
    posts = []
    for post in person.posts:
        if post.org_index is None:
            index = by_end.get(post.start)
            if index is None and setting is not None:
                index = _local_place(post, setting, places)
            post = replace(post, org_index=index)
        posts.append(post)
    return replace(person, posts=tuple(posts))


def _local_place(post, setting: Setting, places: dict[tuple[int, int], int]) -> int | None:
    unit = LOCAL_TITLES.get(post.title) or next(
        (u for u in ("村", "社区", "镇", "乡") if post.title.startswith(u)), None
    )
    if unit is None:
        return None
    units = ("村", "社区") if unit in ("村", "社区") else (unit,)
    near = [p for u in units if (p := setting.place_for(u, post.start)) is not None]
    found = [places[p.start, p.end] for p in near if (p.start, p.end) in places]
    return max(found, default=None)  # targets keep text order: the last is the nearest


def _place_ref(place) -> PlaceRef:
    return PlaceRef(
        place.start,
        place.end,
        place.surface,
        place.code,
        place.name,
        place.level,
        place.rule.startswith("place.deixis"),
    )


def _setting(places: list[PlaceRef]) -> Setting:
    """The article's place at each level: the one it mentions most (first on a tie)."""
    chosen: dict[str, PlaceRef] = {}
    for level in ("province", "prefecture", "county", "township"):
        found = [p for p in places if p.level == level and p.code]
        if found:
            counts = Counter(p.code for p in found)
            best = max(found, key=lambda p: (counts[p.code], -p.start))
            chosen[level] = best
    return Setting(chosen, tuple(p for p in places if not p.contextual))


_CLASSES = (Sentences, ReadWords, Places, Times, Orgs, People, Backstop, Appointments, Events)
for _name, _cls in zip(COMPONENTS, _CLASSES, strict=True):
    Language.factory(_name, func=_cls)
