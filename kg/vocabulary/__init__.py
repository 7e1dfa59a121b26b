"""A researcher's own vocabulary on top of kg's rules, without editing the installed package.

Read from a project file (``kg.toml`` in the working directory, or ``--config FILE``)
and/or a rules directory (``--rules DIR``: files named and written as kg's own in
rules/, whose rows are added to kg's); docs/VOCABULARY.md has the format. It adds event
types (under a family of the taxonomy), titles, organization kinds and heads,
abbreviations, venues and gazetteer places, and may say which prefecture is home
(what 全州 means).

:func:`load_vocabulary` checks everything against kg's rules; an error is one line
naming the file and line. :meth:`Vocabulary.lexicon` is kg's lexicon with the
vocabulary added, its version ``kg's version + vocabulary-…`` (what the files state and
a hash of the content), so every fact it helps make carries its stamp (Evidence.rules)
and kg-build.json records it. Without a vocabulary nothing changes: kg's cached lexicon
and gazetteer are used as they are.

Example:
    >>> from pathlib import Path
    >>> load_vocabulary(cwd=Path("/nonexistent")) is None
    True
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

from kg.errors import RulesError
from kg.gazetteer.gazetteer import Gazetteer, Place, in_force
from kg.io import shown
from kg.nlp.lexicon import Lexicon
from kg.vocabulary.read import Collected, read_directory, read_project

__all__ = ["PROJECT_FILE", "EventType", "Vocabulary", "applied", "home_code", "load_vocabulary"]

PROJECT_FILE = "kg.toml"  # read from the working directory when --config is not given


@dataclass(frozen=True)
class EventType:
    """An event type the vocabulary adds, or more triggers (and flags) for one of kg's."""

    name: str
    broader: str | None
    triggers: tuple[str, ...]
    named_only: bool | None = None
    generic: bool | None = None


@dataclass(frozen=True)
class Vocabulary:
    """A user's vocabulary, checked; hashable, so worker processes cache on it."""

    stated: tuple[str, ...] = ()  # versions its files state
    event_types: tuple[EventType, ...] = ()
    titles: tuple[tuple[str, str], ...] = ()  # (title, post | member)
    org_kinds: tuple[tuple[str, str], ...] = ()  # (suffix, kind); venues have kind 馆
    org_heads: tuple[tuple[str, str], ...] = ()  # (head, kind): read only after an owner
    aliases: tuple[tuple[str, str], ...] = ()  # (abbreviation, full name)
    places: tuple[tuple[Place, tuple[str, ...]], ...] = ()  # (division, surface forms)
    home: str | None = None  # NBS code of the home prefecture
    files: tuple[str, ...] = field(default=(), compare=False)  # where it was read from

    @cached_property
    def version(self) -> str:
        """``vocabulary-`` + what the files state + 12 hex of the content: one content, one
        version, wherever its files lie."""
        content = {k: v for k, v in self.__dict__.items() if k not in ("files", "version")}
        digest = hashlib.sha256(json.dumps(content, default=_plain, ensure_ascii=False).encode())
        return "-".join(["vocabulary", *self.stated, digest.hexdigest()[:12]])

    def lexicon(self) -> Lexicon:
        """kg's lexicon with this vocabulary added (once per process)."""
        return _lexicon(self)

    def gazetteer(self) -> Gazetteer:
        """kg's gazetteer with this vocabulary's places (once per process)."""
        return _gazetteer(self)

    def report(self) -> dict:
        """What kg-build.json records."""
        return {"version": self.version, "files": list(self.files)}


def load_vocabulary(
    config: str | os.PathLike[str] | None = None,
    rules: str | os.PathLike[str] | None = None,
    cwd: Path | None = None,
) -> Vocabulary | None:
    """The vocabulary of ``config`` (else ``cwd``/kg.toml, if there is one) and ``rules``;
    None when there is neither.

    Raises:
        RulesError: a file is missing or unreadable, or an entry is invalid or contradicts
            another; one line naming the file and line.
    """
    into = Collected()
    project = Path(config) if config is not None else Path(cwd or "") / PROJECT_FILE
    if config is not None and not project.is_file():
        raise RulesError(f"{shown(project)}: no such vocabulary file (--config)")
    if project.is_file():
        named = read_project(project, into)
        if named is not None:
            read_directory(named, into)
    if rules is not None:
        read_directory(Path(rules), into)
    if not into.files:
        return None
    return _checked(into)


@contextmanager
def applied(vocabulary: Vocabulary | None) -> Iterator[None]:
    """Inside the block, code that loads kg's gazetteer itself (the pipeline, the graph
    builder) gets the vocabulary's places too. Nothing changes without places."""
    if vocabulary is None or not vocabulary.places:
        yield
        return
    with in_force(vocabulary.gazetteer()):
        yield


def home_code(text: str, gazetteer: Gazetteer) -> str | None:
    """The prefecture ``text`` names (its name, a short form or its NBS code), else None."""
    text = text.strip()
    codes = [text] if text in gazetteer else []
    codes += [
        c for m in gazetteer.find(text) if (m.start, m.end) == (0, len(text)) for c in m.candidates
    ]
    return next((c for c in codes if gazetteer.get(c).level == "prefecture"), None)


# --- checking against kg's rules ---------------------------------------------------------------


def _checked(into: Collected) -> Vocabulary:
    base = Lexicon.load()
    places = _places(into)
    home = None
    if into.home is not None:
        text, where = into.home
        gazetteer = Gazetteer.load().extended(places) if places else Gazetteer.load()
        home = home_code(text, gazetteer)
        if home is None:
            raise RulesError(f"{where}: home '{text}' is not a prefecture (name or NBS code)")
    tables = {
        name: tuple(sorted((k, v) for k, (v, _) in rows.items()))
        for name, rows in into.tables.items()
    }
    return Vocabulary(
        stated=tuple(into.stated),
        event_types=_event_types(into, base),
        titles=tables["titles"],
        org_kinds=tables["org_kinds"],
        org_heads=tables["org_heads"],
        aliases=tables["aliases"],
        places=tuple(places),
        home=home,
        files=tuple(into.files),
    )


def _event_types(into: Collected, base: Lexicon) -> tuple[EventType, ...]:
    """The types, checked: a new one needs a family and triggers; a family is kg's or the
    vocabulary's, never a type; a trigger names one type of the vocabulary."""
    families = set(base.event_broader.values()) | set(into.families)
    known_types = set(base.event_triggers.values())
    owner: dict[str, str] = {}
    for draft in into.types.values():
        if draft.name in families:
            raise RulesError(f"{draft.where}: '{draft.name}' is a family, not an event type")
        if draft.name not in known_types and (draft.broader is None or not draft.triggers):
            raise RulesError(
                f"{draft.where}: new event type '{draft.name}' needs broader (its family) and triggers"
            )
        if draft.broader is not None and draft.broader not in families:
            raise RulesError(
                f"{draft.where}: unknown family '{draft.broader}' for '{draft.name}'; families: "
                f'{", ".join(sorted(families))} (or add [families."{draft.broader}"])'
            )
        for word in draft.triggers:
            if owner.setdefault(word, draft.name) != draft.name:
                raise RulesError(
                    f"{draft.where}: trigger '{word}' is given to both '{owner[word]}' and '{draft.name}'"
                )
    return tuple(
        EventType(d.name, d.broader, tuple(d.triggers), d.named_only, d.generic)
        for d in sorted(into.types.values(), key=lambda d: d.name)
    )


def _places(into: Collected) -> list[tuple[Place, tuple[str, ...]]]:
    """The gazetteer additions, checked: a parent the gazetteer (or an earlier row) knows; a
    known code only with its own name and level (its forms are added)."""
    gazetteer = Gazetteer.load()
    added: dict[str, Place] = {}
    out = []
    for draft in into.places:
        known = added.get(draft.code) or (
            gazetteer.get(draft.code) if draft.code in gazetteer else None
        )
        if known is not None and (known.name, known.level) != (draft.name, draft.level):
            raise RulesError(
                f"{draft.where}: code {draft.code} is {known.name} ({known.level}) already"
            )
        if draft.parent is not None and draft.parent not in added and draft.parent not in gazetteer:
            raise RulesError(f"{draft.where}: parent {draft.parent} is not a division kg knows")
        place = known or Place(draft.code, draft.name, draft.level, draft.parent)
        added[place.code] = place
        out.append((place, draft.forms))
    return sorted(out, key=lambda item: item[0].code)


# --- merging ----------------------------------------------------------------------------------


@cache
def _lexicon(vocabulary: Vocabulary) -> Lexicon:
    """kg's lexicon with the vocabulary added; where both give a word, the vocabulary's wins."""
    base = Lexicon.load()
    kinds = dict(vocabulary.org_kinds)
    heads = {h: k for h, k in vocabulary.org_heads if h not in kinds}
    triggers = dict(base.event_triggers)
    broader = dict(base.event_broader)
    flags = {"named_only": set(base.event_named_only), "generic": set(base.event_generic)}
    for kind in vocabulary.event_types:
        triggers.update(dict.fromkeys(kind.triggers, kind.name))
        if kind.broader is not None:
            broader[kind.name] = kind.broader
        for flag, names in flags.items():
            value = getattr(kind, flag)
            if value is not None:
                (names.add if value else names.discard)(kind.name)
    return replace(
        base,
        version=f"{base.version}+{vocabulary.version}",
        org_suffixes={**base.org_suffixes, **heads, **kinds},
        org_heads=(base.org_heads - kinds.keys()) | heads.keys(),
        org_aliases={**base.org_aliases, **dict(vocabulary.aliases)},
        titles={**base.titles, **dict(vocabulary.titles)},
        event_triggers=triggers,
        event_broader=broader,
        event_named_only=frozenset(flags["named_only"]),
        event_generic=frozenset(flags["generic"]),
    )


@cache
def _gazetteer(vocabulary: Vocabulary) -> Gazetteer:
    return Gazetteer.load().extended(vocabulary.places)


def _plain(value: object) -> object:
    """JSON for the version hash: dataclasses (EventType, Place) as their fields."""
    return value.__dict__
