"""China's administrative divisions (NBS codes) from rules/places.tsv and rules/villages.tsv.gz.

Both files are built by ``rules/build_places.py`` and start with a version line
(``# places-2026.11.1``), validated when loaded. Provinces, prefectures, counties and
townships are read at once and their surface forms compiled into one Aho-Corasick
automaton; the 617k villages and communities are read on first use.

Codes are the NBS division codes cut to their level: 2 digits for a province, 4 for a
prefecture, 6 for a county, 9 for a township, 12 for a village. A municipality's districts
(北京市朝阳区) and the counties a province governs directly (石河子市) hang under the
province.
"""

from __future__ import annotations

import gzip
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from kg.errors import RulesError
from kg.resources import rules_dir

PLACES_FILE = "places.tsv"
VILLAGES_FILE = "villages.tsv.gz"
GAZETTEER_RULE = "place.gazetteer.v1"
LEVELS = ("province", "prefecture", "county", "township", "village")
CODE_LENGTH = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}
_COLUMNS = {
    "places": "code\tname\tlevel\tparent\tforms",
    "villages": "code\tname\tshort\ttownship",
}
_HEADER = re.compile(r"^# (?P<kind>places|villages)-(?P<version>\d{4}\.\d{1,2}\.\d+)$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# A two-character form (1-character stem + unit word: 和县, 理县, 范县, 乌镇) stands only where
# it cannot be the tail of a word (州委和县委, 治理县域, 示范县): see is_guarded_match.
_UNIT_WORDS = "县市区旗镇乡"
_LEFT_OK = "在到赴于至往从自与及同"
_RIGHT_BAD = "域级城直属情乡区市"
# A form ending in 区 is not a place before 域 (天山区域), one ending in 乡 before 村 or 镇
# (发展乡村, 全乡镇).
_REFUSED_BEFORE = {"区": "域", "乡": "村镇"}
_VILLAGE_ROW = re.compile(rb"^(\d{9})\d{3}\t", re.M)


@dataclass(frozen=True)
class Place:
    """One administrative division.

    Attributes:
        code: NBS code: 2 digits province, 4 prefecture, 6 county, 9 township, 12 village.
        name: official full name (villages/communities: without 居委会/村委会).
        level: "province" | "prefecture" | "county" | "township" | "village".
        parent: code of the division it belongs to; None for a province.
    """

    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class PlaceMention:
    """A gazetteer surface form found in a text, with every division it may name."""

    start: int
    end: int
    surface: str
    candidates: tuple[str, ...]  # codes, sorted
    rule: str


@dataclass(frozen=True)
class _Form:
    surface: str
    candidates: tuple[str, ...]
    guarded: bool  # two characters ending in a unit word (易县, 乌镇)
    refused_before: str  # next characters that make it a word's head: 区域, 乡村, 乡镇


class Gazetteer:
    """Places, their hierarchy and the surface forms news uses for them.

    Use :meth:`load`; the constructor is for the loader.
    """

    def __init__(
        self, places: dict[str, Place], forms: dict[str, list[str]], version: str, villages: Path
    ):
        self.version = version
        self._places = places
        self._forms = forms  # kept for extended()
        self._villages_path = villages
        self._villages: _Villages | None = None
        automaton = ahocorasick.Automaton()
        for surface, codes in forms.items():
            guarded = len(surface) == 2 and surface[-1] in _UNIT_WORDS
            refused = _REFUSED_BEFORE.get(surface[-1], "")
            form = _Form(surface, tuple(sorted(set(codes))), guarded, refused)
            automaton.add_word(_wide(surface), form)
        automaton.make_automaton()
        self._automaton = automaton
        self.forms = len(forms)
        self.ambiguous_forms = sum(1 for codes in forms.values() if len(set(codes)) > 1)

    @classmethod
    def load(cls, directory: str | Path | None = None) -> Gazetteer:
        """Load the gazetteer from ``directory`` (kg's own rules/ when None, cached).

        Raises:
            RulesError: a file is missing, its version line is wrong, or a row is invalid;
                the message names the file (and line).

        Example:
            >>> g = Gazetteer.load()
            >>> [p.name for p in g.ancestors("652324")]
            ['昌吉回族自治州', '新疆维吾尔自治区']
        """
        if directory is None:
            return _in_force[-1] if _in_force else _default()
        return _read(Path(directory))

    def extended(self, additions: Iterable[tuple[Place, Iterable[str]]]) -> Gazetteer:
        """A new gazetteer: this one with more places and surface forms (a user's
        vocabulary, kg.vocabulary). A place whose code is known already adds its forms only."""
        places = dict(self._places)
        forms = {surface: list(codes) for surface, codes in self._forms.items()}
        for place, surfaces in additions:
            places.setdefault(place.code, place)
            for surface in surfaces:
                forms.setdefault(surface, []).append(place.code)
        return Gazetteer(places, forms, self.version, self._villages_path)

    def get(self, code: str) -> Place:
        """The place with this code (villages are read on first use).

        Raises:
            KeyError: no place has this code.
        """
        place = self._places.get(code)
        if place is None and len(code) == CODE_LENGTH["village"]:
            place = self._village_table().place(code)
        if place is None:
            raise KeyError(code)
        return place

    def __contains__(self, code: object) -> bool:
        try:
            self.get(str(code))
        except KeyError:
            return False
        return True

    def ancestors(self, code: str) -> list[Place]:
        """The places containing ``code``, nearest first (township → … → province).

        Example:
            >>> [p.level for p in Gazetteer.load().ancestors("652324100")]
            ['county', 'prefecture', 'province']
        """
        chain = []
        parent = self.get(code).parent
        while parent is not None:
            place = self.get(parent)
            chain.append(place)
            parent = place.parent
        return chain

    def is_within(self, code: str, container: str) -> bool:
        """True if ``code`` is ``container`` or lies inside it."""
        return code == container or any(p.code == container for p in self.ancestors(code))

    def find(self, text: str) -> list[PlaceMention]:
        """Every gazetteer surface form in ``text``: leftmost-longest, non-overlapping.

        A two-character form whose second character is a unit word (和县, 乌镇) counts only
        at a word start (after a non-Han character, a preposition such as 在/到/赴, or
        another place) and not before 域/级/城/直/属/乡/区/市; a form ending in 区 never counts
        before 域 (区域 "region"), one ending in 乡 never before 村 or 镇 (乡村 "countryside").
        A refused form does not hide a form overlapping it.

        Example:
            >>> [(m.surface, m.candidates) for m in Gazetteer.load().find("赴昌吉州木垒县调研")]
            [('昌吉州', ('6523',)), ('木垒县', ('652328',))]
        """
        hits = []
        for last_byte, form in self._automaton.iter(_wide(text)):
            if (last_byte + 1) % 4 == 0:  # a match aligned on whole characters
                end = (last_byte + 1) // 4
                hits.append((end - len(form.surface), -end, form))
        hits.sort(key=lambda hit: hit[:2])
        found: list[PlaceMention] = []
        last_end = -1
        for start, minus_end, form in hits:
            end = -minus_end
            following = text[end : end + 1]
            if start < last_end or (following and following in form.refused_before):
                continue
            if form.guarded and not _stands_alone(text, start, end, last_end):
                continue
            found.append(PlaceMention(start, end, form.surface, form.candidates, GAZETTEER_RULE))
            last_end = end
        return found

    def villages(self, name: str, within: str) -> list[Place]:
        """Villages/communities called ``name`` (short or official) under township or county ``within``.

        Example:
            >>> [p.code for p in Gazetteer.load().villages("星光社区", "652301")]
            ['652301004007']
        """
        return [place for place, names in self._village_table().under(within) if name in names]

    def knows_village(self, name: str) -> bool:
        """Whether any village or community anywhere is called ``name`` (白杨村, 翠竹社区).

        Example:
            >>> Gazetteer.load().knows_village("星光社区"), Gazetteer.load().knows_village("相邻村")
            (True, False)
        """
        return self._village_table().knows(name)

    def _village_table(self) -> _Villages:
        if self._villages is None:
            self._villages = _Villages(self._villages_path, self.version)
        return self._villages


def _wide(text: str) -> str:
    """``text`` as UTF-32-BE bytes, one str character per byte.

    pyahocorasick searches a node's children linearly, and the root of a trie of Chinese
    names has thousands; over this 4-bytes-a-character alphabet no node has more than 256
    and the search runs ~5x faster (7M chars/s). Offsets divide by 4 exactly.
    """
    return text.encode("utf-32-be").decode("latin-1")


def _stands_alone(text: str, start: int, end: int, last_end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    left = start == last_end or not before or not _HAN.match(before) or before in _LEFT_OK
    following = text[end : end + 1]
    return left and not (following and following in _RIGHT_BAD)


class _Villages:
    """The village table, kept as UTF-8 bytes with an index of each township's rows."""

    def __init__(self, path: Path, version: str):
        try:
            blob = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile) as error:
            raise RulesError(f"{path}: cannot read village table: {error}") from None
        _check_header(path, blob[:400].decode("utf-8", "replace"), "villages", version)
        self._blob = blob
        self._start: dict[str, int] = {}
        for match in _VILLAGE_ROW.finditer(blob):  # rows are sorted by code
            self._start.setdefault(match.group(1).decode(), match.start())
        self._keys = sorted(self._start)
        self._ends = {k: self._start[n] for k, n in zip(self._keys, self._keys[1:], strict=False)}
        self._parsed: dict[str, list[tuple[Place, frozenset[str]]]] = {}

    def _rows(self, key: str) -> list[tuple[Place, frozenset[str]]]:
        rows = self._parsed.get(key)
        if rows is None:
            chunk = self._blob[self._start[key] : self._ends.get(key, len(self._blob))]
            rows = [_village(line) for line in chunk.decode("utf-8").splitlines() if line]
            self._parsed[key] = rows
        return rows

    def under(self, within: str) -> list[tuple[Place, frozenset[str]]]:
        """Rows of the villages in township or county ``within`` (with their names)."""
        found = []
        for key in self._keys[bisect_left(self._keys, within) :]:
            if not key.startswith(within):
                break
            found += [row for row in self._rows(key) if row[0].code.startswith(within)]
        return found

    def knows(self, name: str) -> bool:
        """A village's short or official name anywhere in the table (one scan of the bytes)."""
        stem = name.removesuffix("社区")
        forms = [name] if stem == name else [name, stem + "社区居委会", stem + "居委会"]
        return any(f"\t{form}\t".encode() in self._blob for form in forms)

    def place(self, code: str) -> Place | None:
        if code[:9] not in self._start:
            return None
        return next((p for p, _ in self._rows(code[:9]) if p.code == code), None)


def _village(line: str) -> tuple[Place, frozenset[str]]:
    code, official, short, township = line.split("\t")
    names = {official, short}
    if official.endswith(("居委会", "居民委员会")) and not short.endswith("社区"):
        names.add(short + "社区")  # 新兴里居委会 is called 新兴里社区 too
    return Place(code, short, "village", township), frozenset(names)


@cache
def _default() -> Gazetteer:
    return _read(rules_dir())


# Gazetteers put in force by in_force(), innermost last: load() returns it, because the
# pipeline's components and the graph builder load the gazetteer themselves.
_in_force: list[Gazetteer] = []


@contextmanager
def in_force(gazetteer: Gazetteer) -> Iterator[Gazetteer]:
    """Inside the block, :meth:`Gazetteer.load` (kg's own) returns ``gazetteer`` instead:
    an :meth:`~Gazetteer.extended` one, for a user's vocabulary (kg.vocabulary.applied)."""
    _in_force.append(gazetteer)
    try:
        yield gazetteer
    finally:
        _in_force.pop()


def _check_header(path: Path, text: str, kind: str, version: str | None = None) -> str:
    """Validate the version line and column line; return the header text (up to the columns)."""
    lines = text.split("\n", 20)
    match = _HEADER.match(lines[0].strip()) if lines else None
    if not match or match["kind"] != kind:
        found = lines[0][:60] if lines and lines[0] else "nothing"
        raise RulesError(
            f"{path}: first line must be the version, '# {kind}-YYYY.M.N'; found {found!r}. "
            "Rebuild it with `python rules/build_places.py DATA_DIR`"
        )
    if version is not None and match["version"] != version:
        raise RulesError(
            f"{path}: version {match['version']} does not match {PLACES_FILE} ({version}); "
            "rebuild both with rules/build_places.py"
        )
    index = next((i for i, line in enumerate(lines) if not line.startswith("#")), None)
    if index is None or lines[index].rstrip("\r") != _COLUMNS[kind]:
        raise RulesError(f"{path}: expected the column line {_COLUMNS[kind]!r} after the comments")
    return "\n".join(lines[: index + 1]) + "\n"


def _read(directory: Path) -> Gazetteer:
    path = directory / PLACES_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"{path}: cannot read gazetteer: {error}") from None
    header = _check_header(path, text, "places")
    version = _HEADER.match(header.split("\n", 1)[0].strip())["version"]
    places: dict[str, Place] = {}
    forms: dict[str, list[str]] = {}
    first_line = header.count("\n") + 1
    for number, line in enumerate(text[len(header) :].splitlines(), first_line):
        if not line:
            continue
        fields = line.split("\t")
        reason = _row_problem(fields, places)
        if reason:
            raise RulesError(f"{path}:{number}: {reason}")
        code, name, level, parent, surfaces = fields
        places[code] = Place(code, name, level, parent or None)
        for surface in filter(None, surfaces.split("|")):
            forms.setdefault(surface, []).append(code)
    if not places:
        raise RulesError(f"{path}: no places after the header")
    return Gazetteer(places, forms, version, directory / VILLAGES_FILE)


def _row_problem(fields: list[str], places: dict[str, Place]) -> str | None:
    if len(fields) != 5:
        return f"expected 5 tab-separated fields, found {len(fields)}"
    code, name, level, parent, _ = fields
    if level not in CODE_LENGTH or level == "village":
        return f"level {level!r} is not one of province, prefecture, county, township"
    if not code.isdigit() or len(code) != CODE_LENGTH[level]:
        return f"code {code!r} is not a {CODE_LENGTH[level]}-digit {level} code"
    if not name:
        return "empty name"
    if level == "province":
        return f"a province has no parent, found {parent!r}" if parent else None
    if parent not in places or not code.startswith(parent):
        return f"parent {parent!r} of {code} is not an earlier, enclosing place"
    return None
