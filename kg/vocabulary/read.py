"""Reading a user's vocabulary files into one :class:`Collected`, every entry with its place.

Nothing here knows kg's own rules: :mod:`kg.vocabulary` checks the collected entries
against them (a family that exists, a parent division the gazetteer knows). Every
problem is a one-line :class:`~kg.errors.RulesError` naming the file and, where the
entry can be found in it, the line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import RulesError
from kg.gazetteer.gazetteer import CODE_LENGTH
from kg.io import shown

# The files a --rules DIR may hold: named and written as kg's own in rules/.
TSV_FILES = {
    "titles.tsv": "titles",
    "org_kinds.tsv": "org_kinds",
    "org_heads.tsv": "org_heads",
    "org_aliases.tsv": "aliases",
}
EVENT_TYPES_FILE = "event_types.toml"
PLACES_FILE = "places.tsv"
DIRECTORY_FILES = (EVENT_TYPES_FILE, *TSV_FILES, PLACES_FILE)
# kg.toml: these keys, and the [families.NAME] and [types.NAME] tables of event_types.toml
PROJECT_KEYS = ("version", "home", "rules", "venues", "titles", "org_kinds", "org_heads")
PROJECT_KEYS += ("aliases", "places", "families", "types")
TYPE_KEYS = ("broader", "triggers", "named_only", "generic", "label_en")
PLACE_LEVELS = ("province", "prefecture", "county", "township")
VENUE_KIND = "馆"  # the organization kind kg reads as a venue (a Place): …博物馆, …纪念馆

_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff·（）()]+$")  # as rules/ words
_NAME = re.compile(r"^\S+$")
_STATED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$")
_VERSION_LINE = re.compile(r"^#\s*(?P<version>[a-z][a-z-]*-\d{4}\.\d{1,2}\.\d+)\s*$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")
_TITLE_KINDS = ("post", "member")


@dataclass
class TypeDraft:
    """An event type as the files give it (a known type's entry adds triggers to it)."""

    name: str
    where: str
    broader: str | None = None
    triggers: list[str] = field(default_factory=list)
    named_only: bool | None = None
    generic: bool | None = None


@dataclass
class PlaceDraft:
    code: str
    name: str
    level: str
    parent: str | None
    forms: tuple[str, ...]
    where: str


@dataclass
class Collected:
    """Everything read so far; a word given two different values is refused."""

    files: list[str] = field(default_factory=list)
    stated: list[str] = field(default_factory=list)
    home: tuple[str, str] | None = None  # (text, where)
    families: dict[str, str] = field(default_factory=dict)  # name -> where
    types: dict[str, TypeDraft] = field(default_factory=dict)
    tables: dict[str, dict[str, tuple[str, str]]] = field(
        default_factory=lambda: {
            name: {} for name in ("titles", "org_kinds", "org_heads", "aliases")
        }
    )
    places: list[PlaceDraft] = field(default_factory=list)

    def put(self, table: str, key: str, value: str, where: str) -> None:
        given = self.tables[table].setdefault(key, (value, where))
        if given[0] != value:
            raise RulesError(
                f"{where}: {_WHAT[table]} '{key}' is '{value}' here but '{given[0]}' at {given[1]}"
            )


_WHAT = {"titles": "title", "org_kinds": "suffix", "org_heads": "head", "aliases": "alias"}


# --- kg.toml ---------------------------------------------------------------------------------


def read_project(path: Path, into: Collected) -> Path | None:
    """Read a project file into ``into``; return the rules directory it names, if any."""
    text, data = _toml(path)
    where = _Where(path, text)
    into.files.append(shown(path))
    for key in data:
        if key not in PROJECT_KEYS:
            raise RulesError(
                f"{where.key(key)}: unknown key '{key}'; a project file takes "
                f"{', '.join(PROJECT_KEYS)} (docs/VOCABULARY.md)"
            )
    _stated(data, where, into)
    if "home" in data:
        into.home = (_text(data["home"], where.key("home"), "home"), where.key("home"))
    _event_types(data, where, into)
    for table in ("titles", "org_kinds", "org_heads", "aliases"):
        for key, value in _table(data, table, where).items():
            _entry(into, table, key, value, where.entry(table, key))
    venues = data.get("venues", [])
    if not isinstance(venues, list):
        raise RulesError(f"{where.key('venues')}: venues must be a list of words")
    for word in venues:
        if not isinstance(word, str) or not _WORD.match(word):
            raise RulesError(f"{where.value(str(word))}: venue {word!r} is not Chinese text")
        _entry(into, "org_kinds", word, VENUE_KIND, where.value(word))
    _places(data.get("places", []), where, into)
    rules = data.get("rules")
    if rules is None:
        return None
    return path.parent / _text(rules, where.key("rules"), "rules (a directory)")


def _stated(data: dict, where: _Where, into: Collected) -> None:
    if "version" not in data:
        return
    version = data["version"]
    if not isinstance(version, str) or not _STATED.match(version):
        raise RulesError(
            f"{where.key('version')}: version must be letters, digits, '.', '_' or '-' "
            f"(at most 41), found {version!r}"
        )
    into.stated.append(version)


def _table(data: dict, name: str, where: _Where) -> dict:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise RulesError(f"{where.key(name)}: [{name}] must be a table of WORD = VALUE")
    return table


def _entry(into: Collected, table: str, key: str, value: object, where: str) -> None:
    """One row of titles, org_kinds, org_heads or aliases, checked."""
    what = _WHAT[table]
    if not isinstance(key, str) or not key.strip():
        raise RulesError(f"{where}: empty {what}")
    if not _WORD.match(key):
        raise RulesError(f"{where}: {what} '{key}' is not Chinese text")
    if table == "titles":
        if value not in _TITLE_KINDS:
            raise RulesError(f"{where}: title '{key}' must be 'post' or 'member', found {value!r}")
    elif table == "aliases":
        if not isinstance(value, str) or not _NAME.match(value) or value == key:
            raise RulesError(
                f"{where}: alias '{key}' needs a full name (one word, not itself), found {value!r}"
            )
    elif not isinstance(value, str) or not _WORD.match(value):
        raise RulesError(f"{where}: {what} '{key}' needs a kind in Chinese, found {value!r}")
    into.put(table, key, value, where)


def _places(rows: object, where: _Where, into: Collected) -> None:
    if not isinstance(rows, list):
        raise RulesError(f"{where.key('places')}: places must be [[places]] tables")
    for n, row in enumerate(rows, start=1):
        at = where.nth("places", n)
        if not isinstance(row, dict):
            raise RulesError(f"{at}: a place must be a table (code, name, level, parent, forms)")
        if unknown := sorted(set(row) - {"code", "name", "level", "parent", "forms"}):
            raise RulesError(
                f"{at}: unknown key(s) {unknown}; a place takes code, name, level, parent, forms"
            )
        forms = row.get("forms", [])
        if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
            raise RulesError(f"{at}: forms must be a list of names")
        fields = [row.get(k) for k in ("code", "name", "level", "parent")]
        if not all(isinstance(f, str) or f is None for f in fields):
            raise RulesError(f"{at}: code, name, level and parent must be text")
        into.places.append(_place([f or "" for f in fields], forms, at))


# --- event types (kg.toml, or event_types.toml in a rules directory) ---------------------------


def _event_types(data: dict, where: _Where, into: Collected) -> None:
    families = _table(data, "families", where)
    for name in families:
        if not isinstance(name, str) or not _WORD.match(name):
            raise RulesError(
                f"{where.header('families', name)}: family '{name}' is not Chinese text"
            )
        into.families.setdefault(name, where.header("families", name))
    for name, spec in _table(data, "types", where).items():
        at = where.header("types", name)
        if not _WORD.match(name):
            raise RulesError(f"{at}: event type '{name}' is not Chinese text")
        if not isinstance(spec, dict):
            raise RulesError(f"{at}: event type '{name}' must be a [types.\"{name}\"] table")
        if unknown := sorted(set(spec) - set(TYPE_KEYS)):
            raise RulesError(f"{at}: event type '{name}' has unknown key(s) {unknown}")
        draft = into.types.setdefault(name, TypeDraft(name, at))
        _type_fields(draft, spec, at)


def _type_fields(draft: TypeDraft, spec: dict, at: str) -> None:
    words = spec.get("triggers", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and _WORD.match(w) for w in words):
        raise RulesError(f"{at}: event type '{draft.name}' needs triggers, a list of Chinese words")
    broader = spec.get("broader")
    if broader is not None and not isinstance(broader, str):
        raise RulesError(f"{at}: broader of '{draft.name}' must be a family's name")
    if broader is not None and draft.broader not in (None, broader):
        raise RulesError(
            f"{at}: event type '{draft.name}' is under '{broader}' here but '{draft.broader}' at "
            f"{draft.where}"
        )
    draft.broader = broader or draft.broader
    draft.triggers += [w for w in words if w not in draft.triggers]
    for flag in ("named_only", "generic"):
        value = spec.get(flag)
        if value is not None and not isinstance(value, bool):
            raise RulesError(f"{at}: {flag} of '{draft.name}' must be true or false")
        if value is not None:
            setattr(draft, flag, value)


# --- a rules directory -----------------------------------------------------------------------


def read_directory(directory: Path, into: Collected) -> None:
    """Read the rules files in ``directory`` (named as kg's own) into ``into``."""
    if not directory.is_dir():
        raise RulesError(f"{shown(directory)}: no such rules directory")
    for path in sorted(directory.iterdir()):
        if path.suffix in (".tsv", ".toml", ".txt") and path.name not in DIRECTORY_FILES:
            raise RulesError(
                f"{shown(path)}: not a file kg reads from a rules directory; "
                f"it reads {', '.join(DIRECTORY_FILES)}"
            )
    for name in DIRECTORY_FILES:
        path = directory / name
        if not path.is_file():
            continue
        into.files.append(shown(path))
        if name == EVENT_TYPES_FILE:
            _event_types_file(path, into)
        elif name == PLACES_FILE:
            for number, fields in _tsv(path, into, 5):
                forms = [f for f in fields[4].split("|") if f]
                into.places.append(_place(fields[:4], forms, f"{shown(path)}:{number}"))
        else:
            table = TSV_FILES[name]
            for number, fields in _tsv(path, into, 2):
                _entry(into, table, fields[0], fields[1], f"{shown(path)}:{number}")


def _event_types_file(path: Path, into: Collected) -> None:
    text, data = _toml(path)
    where = _Where(path, text)
    if unknown := sorted(set(data) - {"version", "families", "types"}):
        raise RulesError(
            f"{where.key(unknown[0])}: unknown key(s) {unknown}; {EVENT_TYPES_FILE} takes version, [families], [types]"
        )
    _stated(data, where, into)
    _event_types(data, where, into)


def _tsv(path: Path, into: Collected, width: int) -> list[tuple[int, list[str]]]:
    """Rows of a tab-separated rules file: a version line first is optional; comments,
    blank lines and the places column line are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"{shown(path)}: cannot read: {_reason(error)}") from None
    if lines and (header := _VERSION_LINE.match(lines[0])):
        into.stated.append(header["version"])
    rows = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#") or line.startswith("code\tname"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if width == 2 and not fields[0]:
            raise RulesError(f"{shown(path)}:{number}: empty {_WHAT[TSV_FILES[path.name]]}")
        if len(fields) < width or (width == 2 and not fields[1]):
            raise RulesError(
                f"{shown(path)}:{number}: expected {width} tab-separated fields, found {line!r}"
            )
        rows.append((number, fields))
    return rows


# --- shared ----------------------------------------------------------------------------------


def _place(fields: list[str], forms: list[str], where: str) -> PlaceDraft:
    """A gazetteer row checked on its own (its parent is checked against the gazetteer later)."""
    code, name, level, parent = (f.strip() for f in fields)
    if level not in PLACE_LEVELS:
        raise RulesError(f"{where}: level {level!r} is not one of {', '.join(PLACE_LEVELS)}")
    if not code.isdigit() or len(code) != CODE_LENGTH[level]:
        raise RulesError(f"{where}: code {code!r} is not a {CODE_LENGTH[level]}-digit {level} code")
    if not _WORD.match(name):
        raise RulesError(f"{where}: name {name!r} is not Chinese text")
    if level == "province" and parent:
        raise RulesError(f"{where}: a province has no parent, found {parent!r}")
    if level != "province" and not code.startswith(parent or "-"):
        raise RulesError(f"{where}: code {code} does not start with its parent's code {parent!r}")
    if bad := [f for f in forms if not _WORD.match(f)]:
        raise RulesError(f"{where}: form {bad[0]!r} is not Chinese text")
    return PlaceDraft(
        code, name, level, parent or None, tuple(dict.fromkeys([name, *forms])), where
    )


def _toml(path: Path) -> tuple[str, dict]:
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = f":{position[1]}" if position else ""
        raise RulesError(
            f"{shown(path)}{line}: not valid TOML: {_TOML_POSITION.sub('', message)}"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"{shown(path)}: cannot read: {_reason(error)}") from None


def _text(value: object, where: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where}: {what} must be non-empty text, found {value!r}")
    return value.strip()


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or " ".join(str(error).split())


class _Where:
    """``file:line`` of an entry of a TOML file, found in its text (tomllib keeps no
    positions): the line of a key, of a table's header, or of a key inside a table."""

    def __init__(self, path: Path, text: str):
        self.path = shown(path)
        self.lines = text.splitlines()

    def key(self, key: str) -> str:
        return self._at(rf"^\s*{_quoted(key)}\s*=")

    def header(self, table: str, name: str) -> str:
        return self._at(rf"^\s*\[\s*{table}\s*\.\s*{_quoted(name)}\s*\]")

    def entry(self, table: str, key: str) -> str:
        return self._at(rf"^\s*\[\s*{table}\s*\]", rf"^\s*{_quoted(key)}\s*=")

    def value(self, word: str) -> str:
        return self._at(rf"[\"']{re.escape(word)}[\"']")

    def nth(self, table: str, n: int) -> str:
        return self._at(*[rf"^\s*\[\[\s*{table}\s*\]\]"] * n)

    def _at(self, *patterns: str) -> str:
        """The line matching the patterns in turn (each after the previous one's line)."""
        line = -1
        for pattern in patterns:
            compiled = re.compile(pattern)
            line = next(
                (i for i in range(line + 1, len(self.lines)) if compiled.search(self.lines[i])),
                None,
            )
            if line is None:
                return self.path
        return f"{self.path}:{line + 1}"


def _quoted(key: str) -> str:
    """A TOML key as written: bare (ASCII) or in either quotes."""
    escaped = re.escape(key)
    return rf"(?:{escaped}|\"{escaped}\"|'{escaped}')"
