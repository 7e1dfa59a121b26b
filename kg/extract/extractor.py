"""One article in, its entities, events and relations out — each with its evidence.

:func:`extract_article` is a pure function of the article, the rules and the
gazetteer: the same article gives the same result on any machine, which is
what lets ``kg build`` use all cores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language

from kg.extract.model import Entity, Event, Evidence, Mention, Relation
from kg.ingest import Article
from kg.nlp.orgs import context_place, last_suffix, parent_of
from kg.nlp.people import LOCAL_TITLES


@dataclass
class ArticleExtraction:
    """What kg read in one article."""

    article: Article
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    rules_version: str = ""

    def add(self, mention: Mention, **props) -> Entity:
        key = (mention.type, mention.name)
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(mention.type, mention.name, dict(props))
        else:
            for k, v in props.items():
                entity.props.setdefault(k, v)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
        return entity


# an event whose sentence names the centre is not the local story's own (团拜会, 常务会议)
_NATIONAL = re.compile("中央|全国|国务院|国家|总书记|总理")
_OWN_PAPER = ("本报", "本版", "本期")  # the paper itself, not named: no post recorded
_AGENCY_REACH = 80  # characters before a byline name its agency may stand


def extract_article(article: Article, nlp: Language, home: str | None = None) -> ArticleExtraction:
    """Run the pipeline on ``article`` and collect facts with evidence.

    Args:
        article: a segmented article.
        nlp: from :func:`kg.nlp.make_nlp`.
        home: the newspaper's home prefecture (NBS code) for 全州/州, when known.
    """
    doc = nlp.make_doc(article.text)
    state = doc.user_data.setdefault("kg", {})
    state.update(text=article.text, date=article.date, home=home, dateline=_dateline(article))
    state["credited"] = [
        (p.start, p.end, p.name) for p in (*article.authors, *article.photographers)
    ]
    for _, component in nlp.pipeline:
        doc = component(doc)
    lexicon = nlp.get_pipe("kg_orgs_v1").lexicon
    result = ArticleExtraction(article, rules_version=lexicon.version)
    builder = _Builder(article, state, result, lexicon.digest)
    builder.titles = lexicon.titles
    builder.families = lexicon.event_broader
    builder.places()
    builder.orgs(lexicon)
    builder.credits()
    builder.people()
    builder.events()
    return result


def _dateline(article: Article) -> tuple[int | None, int | None] | None:
    if article.dateline and article.dateline.month:
        return article.dateline.month, article.dateline.day
    return None


class _Builder:
    def __init__(self, article: Article, state: dict, result: ArticleExtraction, rules: str):
        self.rules = rules
        self.titles: dict[str, str] = {}
        self.families: dict[str, str] = {}  # event type -> its broader concept
        self.article, self.state, self.result = article, state, result
        self.text = article.text
        self.sentences: list[tuple[int, int]] = state.get("sentences", [])

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        a, b = self.sentence_of(start)
        return Evidence(self.article.id, self.text[a:b], start, end, rule, self.rules)

    def sentence_of(self, position: int) -> tuple[int, int]:
        for a, b in self.sentences:
            if a <= position < b:
                return a, b
        return position, position

    def sentence_index(self, position: int) -> int:
        return next((i for i, (a, b) in enumerate(self.sentences) if a <= position < b), -1)

    def mention(self, kind: str, name: str, start: int, end: int, rule: str) -> Mention:
        return Mention(
            kind,
            name,
            self.text[start:end],
            start,
            end,
            rule,
            (("sentence", self.sentence_index(start)),),
        )

    def relate(
        self,
        kind: str,
        source: tuple[str, str],
        target: tuple[str, str],
        span: tuple[int, int],
        rule: str,
        **props,
    ) -> None:
        evidence = self.evidence(span[0], span[1], rule)
        for i, existing in enumerate(self.result.relations):
            if (existing.type, existing.source, existing.target, existing.props) == (
                kind,
                source,
                target,
                tuple(sorted(props.items())),
            ):
                if evidence not in existing.evidence:
                    self.result.relations[i] = Relation(
                        kind, source, target, existing.props, (*existing.evidence, evidence)
                    )
                return
        self.result.relations.append(
            Relation(kind, source, target, tuple(sorted(props.items())), (evidence,))
        )

    # -- entities ------------------------------------------------------------

    def places(self) -> None:
        from kg.gazetteer.places import Gazetteer

        gazetteer = Gazetteer.load()
        for place in self.state.get("places", ()):
            mention = self.mention("Place", place.name, place.start, place.end, place.rule)
            self.result.add(mention, code=place.code, level=place.level)
            if not place.code:
                continue
            child = ("Place", place.name)
            for parent in gazetteer.ancestors(place.code):
                self.relate(
                    "PART_OF",
                    child,
                    ("Place", parent.name),
                    (place.start, place.end),
                    "place.hierarchy.v1",
                )
                # the hierarchy, not a mention: ancestors are not entities of this article
                child = ("Place", parent.name)

    def orgs(self, lexicon) -> None:
        for span, name in self.state.get("orgs", ()):
            kind = span.kind
            entity_type = "Place" if kind == "馆" else "Organization"
            mention = self.mention(entity_type, name, span.start, span.end, span.rule)
            if entity_type == "Place":
                self.result.add(mention, code=None, level="venue")
                continue
            entity = self.result.add(mention, kind=kind)
            surface = self.text[span.start : span.end]
            if surface != name:
                aliases = entity.props.setdefault("aliases", [])
                if surface not in aliases:
                    aliases.append(surface)
            place = span.inner if span.inner is not None and span.inner.code else span.place
            where = place.name if place is not None else self._named_place(name)
            if where is not None and self._coded(where):
                # 某村合作社 before the text says where 某村 is: the article's coded 某村
                self.relate(
                    "LOCATED_IN",
                    ("Organization", name),
                    ("Place", where),
                    (span.start, span.end),
                    "org.location.v1",
                )
            elif span.context is not None:
                where = context_place(self.text, span, self.state["setting"])
                if where is not None:
                    self.relate(
                        "LOCATED_IN",
                        ("Organization", name),
                        ("Place", where.name),
                        (span.start, span.end),
                        "org.location.v1",
                    )
            parent = parent_of(name, lexicon)
            if parent:
                inner = Mention(
                    "Organization",
                    parent,
                    surface,
                    span.start,
                    span.end,
                    "org.parent.v1",
                    (("sentence", self.sentence_index(span.start)),),
                )
                self.result.add(
                    inner, kind=lexicon.org_suffixes.get(last_suffix(parent, lexicon), "其他")
                )
                self.relate(
                    "SUB_ORGANIZATION_OF",
                    ("Organization", name),
                    ("Organization", parent),
                    (span.start, span.end),
                    "org.parent.v1",
                )

    def credits(self) -> None:
        article_node = ("Article", self.article.id)
        dateline = self.article.dateline
        if dateline and dateline.agency != "本报":  # 新华社北京1月2日电: the agency reports
            start = dateline.start + self.text[dateline.start : dateline.end].find(dateline.agency)
            mention = self.mention(
                "Organization",
                dateline.agency,
                start,
                start + len(dateline.agency),
                "org.dateline.v1",
            )
            self.result.add(mention, kind="媒体")
        for person in self.article.authors:
            mention = self.mention(
                "Person", person.name, person.start, person.end, "person.byline.v1"
            )
            self.result.add(mention)
            self._agency_post(person)
            self.relate(
                "WROTE",
                ("Person", person.name),
                article_node,
                (person.start, person.end),
                "person.byline.v1",
                role=person.role or "作者",
            )
        for person in self.article.photographers:
            mention = self.mention(
                "Person", person.name, person.start, person.end, "person.credit.v1"
            )
            self.result.add(mention)
            self.relate(
                "PHOTOGRAPHED",
                ("Person", person.name),
                article_node,
                (person.start, person.end),
                "person.credit.v1",
            )

    def _agency_post(self, person) -> None:
        """A reporter named with an agency holds the post at it (新华社记者甲 → 记者 at 新华社)."""
        agency = person.affiliation
        if not agency or agency in _OWN_PAPER or not person.role:
            return
        at = self.text.rfind(agency, max(0, person.start - _AGENCY_REACH), person.start)
        if at < 0:
            return
        mention = self.mention("Organization", agency, at, at + len(agency), "org.byline.v1")
        self.result.add(mention, kind="媒体")
        self.relate(
            "HOLDS_POSITION",
            ("Person", person.name),
            ("Organization", agency),
            (at, person.end),
            "person.byline_post.v1",
            title=person.role,
        )

    def people(self) -> None:
        targets = self.state.get("targets", ())
        for person in self.state.get("people", ()):
            mention = self.mention("Person", person.name, person.start, person.end, person.rule)
            entity = self.result.add(mention)
            for post in person.posts:
                titles = entity.props.setdefault("titles", [])
                if post.title not in titles:
                    titles.append(post.title)
                if post.org_index is None:
                    continue
                start, _, kind, name = targets[post.org_index]
                if (
                    kind == "Place"
                    and self.titles.get(post.title) != "post"
                    and post.title not in LOCAL_TITLES
                ):
                    continue  # 村民, 泰国专家: a member word at a place is no post (网格员 is)
                self.relate(
                    "HOLDS_POSITION",
                    ("Person", person.name),
                    (kind, name),
                    # the name may stand before its post's unit (甲到某村任第一书记)
                    (min(start, person.start), max(person.end, post.end)),
                    "person.post.v1",
                    title=post.title,
                )

    def events(self) -> None:
        times = self.state.get("times", ())
        places = self.state.get("places", ())
        for draft in self.state.get("events", ()):
            when = times[draft.time_index] if draft.time_index is not None else None
            event = Event(
                type=draft.type,
                name=draft.name,
                family=self.families.get(draft.type),
                organizers=list(draft.organizers),
                acting_places=sorted(draft.acting_places),
                led_by=draft.led_by,
                place=draft.place.name if draft.place else None,
                date=when.value if when is not None and when.kind == "date" else None,
                date_text=when.text if when is not None else None,
                date_window=(when.earliest, when.latest)
                if when is not None and when.earliest
                else None,
                theme=draft.theme,
                evidence=[self.evidence(a, b, "event.trigger.v1") for a, b in draft.evidence],
            )
            event.held_in = self._held_in(event)
            event.county = self._county(event, places)
            self.result.events.append(event)
            key = ("Event", event.name or event.id)  # an unnamed event is known by its id only
            if event.name:
                mention = self.mention("Event", event.name, *draft.trigger, "event.trigger.v1")
                self.result.add(mention, type=event.type, event_id=event.id)
            for organizer, role in event.organizers:
                kind = "Place" if organizer in draft.acting_places else "Organization"
                for span in draft.stated.get(organizer) or [draft.sentence]:
                    self.relate(
                        "ORGANIZED", (kind, organizer), key, span, "event.organizer.v1", role=role
                    )
            if event.held_in:
                place, basis = event.held_in
                rule = "event.place.v1" if basis == "text" else "event.place_inferred.v1"
                self.relate("HELD_IN", key, ("Place", place), draft.sentence, rule, basis=basis)
        self._participants()

    def _held_in(self, event: Event) -> tuple[str, str] | None:
        """The most specific place it happened, and the ``basis`` for it: ``text`` (the place
        the text names: a venue, a village), ``venue`` (where the organization the text
        names as venue is) or ``organizer`` (a place acting itself, or where the organizer
        is). The article's own county is not used: too many events in local stories are
        national (review of the corpus build, docs/BENCHMARKS.md)."""
        if event.place and ("Place", event.place) in self.result.entities:
            return event.place, "text"
        if event.place and (located := self._located(event.place)):
            return located, "venue"  # 在某中学举办: the school is an organization; where it is
        for organizer, _ in event.organizers:
            if organizer in event.acting_places:
                return organizer, "organizer"
            located = self._located(organizer)
            if located:
                return located, "organizer"
        if event.led_by and (where := self._post_place(event.led_by)):
            return where, "leader"  # 某社区书记带领党员入户排查: where the leader serves
        if (
            not event.organizers
            and not _NATIONAL.search(self._sentences_of(event))
            and (county := self._headline_county())
        ):
            return county, "headline"  # 某区做好社区疫情排查: the story's county, stated once
        return None

    def _post_place(self, person: str) -> str | None:
        """Where the person's first post in this article is: its village or township, or
        where its organization is located."""
        for r in self.result.relations:
            if r.type == "HOLDS_POSITION" and r.source == ("Person", person):
                kind, name = r.target
                return name if kind == "Place" and self._coded(name) else self._located(name)
        return None

    def _coded(self, place: str) -> bool:
        entity = self.result.entities.get(("Place", place))
        return entity is not None and bool(entity.props.get("code"))

    def _named_place(self, organization: str) -> str | None:
        """The article's village or township that opens the organization's name."""
        owners = [
            name
            for kind, name in self.result.entities
            if kind == "Place"
            and organization.startswith(name)
            and len(name) < len(organization)
            and self.result.entities[kind, name].props.get("level") in ("village", "township")
        ]
        return max(owners, key=len, default=None)

    def _sentences_of(self, event: Event) -> str:
        return "".join(e.sentence for e in event.evidence)

    def _headline_county(self) -> str | None:
        """The one county-level unit the headline names (山东某区做好社区疫情排查), if any."""
        from kg.gazetteer.places import Gazetteer

        if not self.sentences:
            return None
        gazetteer = Gazetteer.load()
        head_start, head_end = self.sentences[0]
        counties = set()
        for place in self.state.get("places", ()):
            if head_start <= place.start < head_end and place.code:
                chain = [gazetteer.get(place.code), *gazetteer.ancestors(place.code)]
                counties |= {p.name for p in chain if p.level == "county"}
        return counties.pop() if len(counties) == 1 else None

    def _located(self, organization: str) -> str | None:
        return next(
            (
                r.target[1]
                for r in self.result.relations
                if r.type == "LOCATED_IN" and r.source == ("Organization", organization)
            ),
            None,
        )

    def _participants(self) -> None:
        """People the article quotes about its main event, unless they speak for its organizers.

        The main event is the first one with an organizer. A person with a post at an
        organizer (副部长 of the organizing department) speaks as host; one who is only a
        member (党员, 青年干部) or holds a post elsewhere (another school's 讲师) took part.
        """
        main = next((e for e in self.result.events if e.organizers), None)
        if main is None:
            return
        hosts = {name for name, _ in main.organizers}
        hosts |= {
            r.target[1]
            for r in self.result.relations
            if r.type == "SUB_ORGANIZATION_OF" and r.source[1] in hosts
        }
        targets = self.state.get("targets", ())
        key = ("Event", main.name or main.id)
        for person in self.state.get("people", ()):
            if person.rule == "person.title_after.v1":
                continue  # 某某总书记指出: a leader quoted, not a participant
            posts = [
                (p.title, targets[p.org_index][3] if p.org_index is not None else None)
                for p in person.posts
            ]
            speaks_as_host = any(
                org in hosts and self.titles.get(title) == "post" for title, org in posts
            )
            if not speaks_as_host and person.name not in main.participants:
                main.participants.append(person.name)
                self.relate(
                    "PARTICIPATED_IN",
                    ("Person", person.name),
                    key,
                    (person.start, person.end),
                    "event.participant.v1",
                )

    def _county(self, event: Event, places) -> str | None:
        """The county-level unit of where it happened (:meth:`_held_in`) or of an organizer;
        None for activities above county level."""
        from kg.gazetteer.places import Gazetteer

        gazetteer = Gazetteer.load()
        names = [event.held_in[0]] if event.held_in else []
        names += [p for p in [self._located(event.held_in[0])] if p] if event.held_in else []
        names += [o for o, _ in event.organizers]
        names += [p for o, _ in event.organizers if (p := self._located(o))]
        for name in names:
            place = next((p for p in places if p.name == name and p.code), None)
            if place is None:
                continue
            chain = [gazetteer.get(place.code), *gazetteer.ancestors(place.code)]
            county = next((p for p in chain if p.level == "county"), None)
            if county:
                return county.name
        return None
