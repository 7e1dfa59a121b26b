"""Extraction rules and dictionaries from rules/, validated when loaded.

Each file starts with a version line (``# org-kinds-2026.11.1``; TOML files a
``version`` key). :attr:`Lexicon.version` joins them and is stamped on every
fact, so a graph says which rules made it.

``Lexicon.load(exclude=...)`` leaves names out of every name list: the
generalisation test removes all organization and person names of the seed
pages and checks that extraction still finds them by structure.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from kg.errors import RulesError
from kg.resources import rules_dir

_VERSION = re.compile(r"^#\s*(?P<version>[a-z][a-z-]*-\d{4}\.\d{1,2}\.\d+)\s*$")
_HAN = re.compile(r"^[\u3400-\u9fff·（）()]+$")


@dataclass(frozen=True, eq=False)  # hashed by identity: one compiled matcher set per load
class Lexicon:
    """Everything the extraction components look words up in."""

    version: str
    org_suffixes: dict[str, str]  # suffix -> kind
    org_names: frozenset[str]  # known full names (HanLP organization dictionary, filtered)
    org_aliases: dict[str, str]  # abbreviation -> full name
    boundaries: frozenset[str]  # words that end an organization name on its left
    org_prefixes: frozenset[str]  # 共青团 / 中共 before a place, inside an organization's name
    titles: dict[str, str]  # title -> post | member
    surnames: frozenset[str]
    event_triggers: dict[str, str]  # trigger word -> event type
    event_broader: dict[str, str] = field(default_factory=dict)  # type -> its family (SKOS)
    event_named_only: frozenset[str] = frozenset()  # types that are events only when named
    event_generic: frozenset[str] = frozenset()  # types the sentence's specific type replaces
    tagged_places: frozenset[str] = frozenset()  # LOC names of the annotated NER corpora
    tagged_orgs: dict[str, int] = field(default_factory=dict)  # ORG name -> times annotated
    # heads mined from corpora (rules/org_heads.tsv), in org_suffixes too: they name an
    # organization only where its owner is written (a place, 县/镇 …, a chain, quotes)
    org_heads: frozenset[str] = frozenset()
    # rules/name_stats.tsv: given names many people share (建国), characters of
    # transliterated names (斯, 尔): what makes a person's name no evidence of one person
    common_given_names: frozenset[str] = frozenset()
    foreign_name_chars: frozenset[str] = frozenset()

    @property
    def digest(self) -> str:
        """A short stamp for every fact: ``rules-`` and 8 hex of the joined file versions."""
        return rules_digest(self.version)

    @classmethod
    def load(cls, directory: Path | None = None, exclude: Iterable[str] = ()) -> Lexicon:
        """Load and validate the rules (kg's own when ``directory`` is None).

        Raises:
            RulesError: a file is missing, has no valid version line, or a bad row.
        """
        excluded = frozenset(exclude)
        if directory is None and not excluded:
            return _default()
        return _load(directory or rules_dir(), excluded)


def rules_digest(version: str) -> str:
    """``rules-`` and 8 hex of a joined rules version: the stamp every fact carries."""
    return "rules-" + hashlib.sha256(version.encode()).hexdigest()[:8]


@cache
def _default() -> Lexicon:
    return _load(rules_dir(), frozenset())


def _load(directory: Path, exclude: frozenset[str]) -> Lexicon:
    versions: list[str] = []
    kinds = dict(_rows(directory / "org_kinds.tsv", 2, versions))
    suffixes = {**dict(_rows(directory / "org_suffixes.tsv", 2, versions)), **kinds}
    heads = {h: k for h, k in _rows(directory / "org_heads.tsv", 2, versions) if h not in suffixes}
    names = frozenset(
        n for (n,) in _rows(directory / "org_names.tsv", 1, versions) if n not in exclude
    )
    aliases = {
        a: f
        for a, f in _rows(directory / "org_aliases.tsv", 2, versions)
        if a not in exclude and f not in exclude
    }
    boundaries = frozenset(w for (w,) in _rows(directory / "boundaries.txt", 1, versions))
    prefixes = frozenset(w for (w,) in _rows(directory / "org_prefixes.txt", 1, versions))
    # posts mined from CLUENER and from news, under the hand-written titles (which win)
    titles = {
        **dict(_rows(directory / "positions.tsv", 2, versions)),
        **dict(_rows(directory / "titles_mined.tsv", 2, versions)),  # mined from news
        **dict(_rows(directory / "titles.tsv", 2, versions)),
    }
    if bad := sorted(t for t, kind in titles.items() if kind not in ("post", "member")):
        raise RulesError(
            f"{directory / 'titles.tsv'}: kind must be 'post' or 'member' (titles {bad})"
        )
    surnames = frozenset(w for (w,) in _rows(directory / "surnames.tsv", 1, versions))
    name_stats = _rows(directory / "name_stats.tsv", 3, versions)
    triggers, broader, named_only, generic = _event_types(directory / "event_types.toml", versions)
    tagged = [
        (n, label, count)
        for n, label, count in _rows(directory / "ner_names.tsv", 3, versions)
        if n not in exclude
    ]
    return Lexicon(
        version="+".join(versions),
        org_suffixes={**heads, **suffixes},
        org_names=names,
        org_aliases=aliases,
        boundaries=boundaries,
        org_prefixes=prefixes,
        titles=titles,
        surnames=surnames,
        common_given_names=frozenset(v for v, kind, _ in name_stats if kind == "given"),
        foreign_name_chars=frozenset(v for v, kind, _ in name_stats if kind == "foreign"),
        event_triggers=triggers,
        event_broader=broader,
        event_named_only=named_only,
        event_generic=generic,
        tagged_places=frozenset(n for n, label, _ in tagged if label == "LOC"),
        tagged_orgs={n: int(c) for n, label, c in tagged if label == "ORG"},
        org_heads=frozenset(heads),
    )


def _rows(path: Path, width: int, versions: list[str]) -> Iterable[tuple[str, ...]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RulesError(f"{path}: cannot read rules file: {error.strerror or error}") from None
    header = _VERSION.match(lines[0]) if lines else None
    if not header:
        raise RulesError(f"{path}: first line must be a version comment such as '# name-2026.11.1'")
    versions.append(header["version"])
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))[:width]
        if len(fields) < width or not all(fields) or not _HAN.match(fields[0]):
            raise RulesError(
                f"{path}:{number}: expected {width} tab-separated field(s) of Chinese text, found {line!r}"
            )
        rows.append(fields)
    return rows


def _event_types(
    path: Path, versions: list[str]
) -> tuple[dict[str, str], dict[str, str], frozenset[str], frozenset[str]]:
    """Trigger word → type, type → its family (``broader``), the types that need a name of
    their own (``named_only``) and the generic ones (``generic``), from event_types.toml."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RulesError(f"{path}: cannot read event types: {error}") from None
    version = data.get("version")
    types = data.get("types")
    if not isinstance(version, str) or not isinstance(types, dict) or not types:
        raise RulesError(
            f"{path}: expected a 'version' string and a [types.NAME] table per event type"
        )
    versions.append(version)
    families = data.get("families", {})
    if not isinstance(families, dict):
        raise RulesError(f"{path}: [families.NAME] tables expected")
    triggers: dict[str, str] = {}
    broader: dict[str, str] = {}
    for name, spec in types.items():
        words = spec.get("triggers") if isinstance(spec, dict) else None
        if (
            not isinstance(words, list)
            or not words
            or not all(isinstance(w, str) and w for w in words)
        ):
            raise RulesError(f"{path}: event type '{name}' needs a non-empty list of trigger words")
        for word in words:
            if word in triggers:
                raise RulesError(
                    f"{path}: trigger '{word}' is given to both '{triggers[word]}' and '{name}'"
                )
            triggers[word] = name
        family = spec.get("broader")
        if family is not None:
            if family not in families or family in types:
                raise RulesError(
                    f"{path}: event type '{name}' has broader '{family}', which is not a "
                    "[families.NAME] table (or is also a type)"
                )
            broader[name] = family
    named_only = frozenset(n for n, spec in types.items() if spec.get("named_only") is True)
    generic = frozenset(n for n, spec in types.items() if spec.get("generic") is True)
    return triggers, broader, named_only, generic
