"""Typed records of extraction: mentions, entities, events, relations, each with evidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

ENTITY_TYPES = ("Organization", "Place", "Person", "Event")


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: article, sentence, character span in the article text, rule."""

    article: str
    sentence: str
    start: int
    end: int
    rule: str
    rules: str = ""  # digest of the rules version that produced it (Lexicon.digest)

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "rules": self.rules,
        }


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article's text."""

    type: str
    name: str  # canonical
    surface: str  # text[start:end]
    start: int
    end: int
    rule: str
    props: tuple[tuple[str, object], ...] = ()

    def prop(self, key: str, default: object = None) -> object:
        return dict(self.props).get(key, default)


@dataclass
class Entity:
    """An entity of one article: its canonical name, properties and mentions."""

    type: str
    name: str
    props: dict = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def id(self) -> str:
        return entity_id(self.type, self.props.get("code") or self.name)


@dataclass
class Event:
    """An activity: its type, name, organizers with roles, place, date and evidence."""

    type: str
    name: str | None
    family: str | None = None  # the type's broader concept in rules/event_types.toml
    organizers: list[tuple[str, str]] = field(default_factory=list)  # (organization, role)
    acting_places: list[str] = field(default_factory=list)  # organizers that are places (某县开展)
    led_by: str | None = None  # the person whose act it was (习近平到某村考察), no organizer
    participants: list[str] = field(default_factory=list)
    place: str | None = None
    county: str | None = None
    date: str | None = None
    date_text: str | None = None
    date_window: tuple[str, str | None] | None = None  # earliest and latest day it can be (近日)
    theme: str | None = None
    held_in: tuple[str, str] | None = (
        None  # (place, basis): text, venue, organizer, leader, headline
    )
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Its name, or a readable label for an unnamed event: type, organizer or county,
        and date (主题党日 · 某党支部 · 2025-06-12)."""
        if self.name:
            return self.name
        who = self.organizers[0][0] if self.organizers else self.county
        when = self.date or self.date_text
        return " · ".join(x for x in (self.type, who, when) if x)

    @property
    def date_start(self) -> str | None:
        """The earliest day it can be: its date, or the start of its window (近日)."""
        return self.date_window[0] if self.date_window else self.date

    @property
    def date_end(self) -> str | None:
        """The latest day it can be."""
        return self.date_window[1] if self.date_window else self.date

    @property
    def id(self) -> str:
        """Type, name, first organizer (or the person who led it) and date: a named or dated
        event told in two articles is one node. An event with neither name nor day (某人考察,
        某局开展排查) is scoped to its article: two such visits are not one without evidence."""
        first = self.organizers[0][0] if self.organizers else self.led_by or ""
        key = f"{self.type}|{self.name or ''}|{first}|{self.date or ''}"
        if not (self.name or self.date):
            key += "|" + (self.evidence[0].article if self.evidence else "")
        return entity_id("Event", key)


@dataclass(frozen=True)
class Relation:
    """A typed link between two named entities, with its evidence."""

    type: str
    source: tuple[str, str]  # (entity type, canonical name)
    target: tuple[str, str]
    props: tuple[tuple[str, object], ...] = ()
    evidence: tuple[Evidence, ...] = ()


def entity_id(kind: str, key: str) -> str:
    """A stable id for an entity: its type and canonical key (admin code where known)."""
    prefix = {"Organization": "org", "Place": "place", "Person": "per", "Event": "evt"}[kind]
    return f"{prefix}-" + hashlib.sha256(f"{kind}|{key}".encode()).hexdigest()[:16]
