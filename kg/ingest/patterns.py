"""Parsers for the formulaic lines of a news page: bylines, datelines, credits, sources.

Each parser takes one line (or the start of a paragraph) and returns what it
found with character offsets relative to that line, or None. The vocabulary
(role words, affiliations, furniture roles) comes from rules/ingest.toml.

Name splitting rule (credits print names with spaces inside: 徐  昱): tokens of
Chinese characters are split at white space and 、，; a one-character token is
never a whole name, so it joins the token after it (徐 + 昱 = 徐昱, 王 + 小明 =
王小明), while two tokens of two or more characters are two people (张晓明 李红梅).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kg.ingest.vocab import IngestVocab, surnames

HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_DOTS = "·•・‧.．"
_NAME_TOKEN = re.compile(rf"[{HAN}]+(?:[{_DOTS}][{HAN}]+)*")
_NAME_SEPARATORS = re.compile(r"^[\s、，,；;和及]*$")
_MARKS = "□■◇◆○●◎"
BYLINE_MAX_CHARS = 240  # a closing credit may list twenty reporters (综合本报记者甲、乙…报道)
# a line of two or three bare names, apart by white space only (张晓明 李红梅)
_BARE_NAMES = re.compile(rf"^[{HAN}]{{2,3}}(?:\s+[{HAN}]{{2,3}}){{1,2}}$")
_CLOSING = re.compile(r"^[（(](?P<inner>[^（）()]{2,238})[）)]$")
MAX_NAME_CHARS = 6  # Han names are 2-4 characters; longer ones without a dot are rare
_DIGIT = "0-9０-９"
TERMINAL = "。！？!?…"
_ANY = "\x00any"  # people(): names without a role word are kept, role unknown
CLOSERS = "”’」』）)》\"'"


@dataclass(frozen=True)
class Named:
    """A person named in a byline or credit, with offsets in the parsed line."""

    name: str
    role: str | None
    affiliation: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Credit:
    """A photo credit: the people who took it, or who provided it."""

    people: tuple[Named, ...] = ()
    provider: str | None = None
    provider_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Dateline:
    """The lead of a news item: 本报讯 通讯员刘阳报道： / 本报西安1月2日电（记者王小明）."""

    end: int  # offset in the paragraph where the dateline stops and the body begins
    agency: str
    place: str | None
    month: int | None
    day: int | None
    people: tuple[Named, ...]


class Patterns:
    """Compiled patterns for one vocabulary."""

    def __init__(self, vocab: IngestVocab):
        self.vocab = vocab

    @cached_property
    def _role_group(self) -> re.Pattern[str]:
        roles = _alternatives(self.vocab.roles)
        names = _alternatives(self.vocab.affiliations.names)
        suffixes = _alternatives(self.vocab.affiliations.suffixes)
        affiliation = rf"{names}|[{HAN}]{{1,10}}?(?:{suffixes})"
        return re.compile(rf"(?:(?P<aff>{affiliation})\s*)?(?P<role>{roles})(?:\s*[:：])?")

    @cached_property
    def _postfix_role(self) -> re.Pattern[str]:
        roles = _alternatives(self.vocab.postfix_roles.markers)
        return re.compile(rf"\s*(?P<role>{roles})\s*$")

    @cached_property
    def _furniture_head(self) -> re.Pattern[str]:
        roles = _alternatives(self.vocab.furniture.roles)
        return re.compile(rf"(?P<role>{roles})\s*[/／:：]\s*")

    @cached_property
    def _source(self) -> re.Pattern[str]:
        markers = _alternatives(self.vocab.source.markers)
        return re.compile(
            rf"^[（(]?(?:{markers})\s*(?:[:：]\s*《?|《)(?P<name>[^）)《》，。；]{{1,40}}?)》?[）)]?$"
        )

    @cached_property
    def _author_marker(self) -> re.Pattern[str]:
        markers = _alternatives(self.vocab.author_markers.markers)
        return re.compile(rf"(?:{markers})\s*[/／:：]\s*")  # used with match(line, pos): no ^

    @cached_property
    def _dateline(self) -> re.Pattern[str]:
        agencies = _alternatives(self.vocab.affiliations.names)
        suffixes = _alternatives(self.vocab.affiliations.suffixes)
        # 电 after a date (本报西安1月2日电, 本报北京、伦敦2月18日电: a round-up may list a
        # dozen cities) or after places and before a space (本报莫斯科、开罗电 记者…); 讯 after a
        # date or a short place (本报讯).
        return re.compile(
            rf"^据?(?P<agency>{agencies}|[{HAN}]{{2,10}}?(?:{suffixes}))"
            rf"(?:(?P<place>[{HAN}、]{{1,120}}?)?(?P<month>[{_DIGIT}]{{1,2}})月(?P<day>[{_DIGIT}]{{1,2}})日[电讯]"
            rf"|(?P<place2>[{HAN}]{{1,6}}?)?讯"
            rf"|(?P<place3>[{HAN}、]{{2,120}}?)电(?=[\s\u3000\xa0]))"
        )

    # -- lines --------------------------------------------------------------

    def furniture(self, line: str) -> list[tuple[str, str]] | None:
        """Production staff of a page (□编辑/杜星星) as (role, name) pairs."""
        if len(line) > 80:
            return None
        heads = list(self._furniture_head.finditer(line))
        if not heads or line[: heads[0].start()].strip(_MARKS + " "):
            return None
        pairs = []
        for head, after in zip(heads, [*heads[1:], None], strict=True):
            name = line[head.end() : after.start() if after else len(line)].strip(_MARKS + " ")
            if not name or len(name) > 20:
                return None
            pairs.append((head["role"], name))
        return pairs

    def source(self, line: str) -> tuple[str, int, int] | None:
        """The publication an article was reprinted from (来源：人民日报)."""
        match = self._source.match(line)
        if not match:
            return None
        return match["name"].strip(), match.start("name"), match.end("name")

    def byline(self, line: str) -> tuple[Named, ...] | None:
        """People in a byline line: □本报通讯员 王小红 / □张晓明 李红梅 / 文/张三 /
        a closing （本报记者甲、乙）, （新华社北京2月4日电  执笔记者：甲；参与记者：乙）,
        （甲整理） / a bare 张晓明 李红梅 line (two or more names, each with a surname)."""
        if len(line) > BYLINE_MAX_CHARS:
            return None
        start, end = 0, len(line)
        closing = _CLOSING.match(line)
        agency, roundup = None, False
        if closing:  # （…）: a closing byline, perhaps after its dateline
            start, end = closing.span("inner")
            if line.startswith("综合", start):  # 综合本报记者甲、乙报道: a round-up's reporters
                start, roundup = start + 2, True
            if line.endswith("报道", start, end):
                end -= 2
            lead = self._dateline.match(line[start:end])
            if lead:
                start, agency = start + lead.end(), lead["agency"]
        body_start = start + len(line[start:end]) - len(line[start:end].lstrip(_MARKS + " "))
        marked = body_start > 0 and not closing
        marker = self._author_marker.match(line, body_start)
        if marker:
            body_start = marker.end()
        postfix = self._postfix_role.search(line, body_start, end)
        if postfix and closing:
            people = self.people(line, body_start, postfix.start(), bare_role=postfix["role"])
            return people if people and self._named(people) else None
        # names with no role word: authors after a marker (文/甲) or a dateline (本报某地电 甲、乙)
        bare = "作者" if (marked or marker or agency or roundup) else None
        people = self.people(line, body_start, end, bare_role=bare, affiliation=agency)
        if not people and not closing and _BARE_NAMES.match(line):
            people = self.people(line, body_start, end, bare_role="作者")  # 张晓明 李红梅
        if people and any(p.role == "作者" for p in people) and not self._named(people):
            return None  # ■创新驱动发展，产业优化升级: a heading, not names
        if any(p.name in self.vocab.column_words.markers for p in people):
            return None  # 记者手记: a column label
        return people or None

    @staticmethod
    def _named(people: tuple[Named, ...]) -> bool:
        """Every name starts with a surname and is at most three characters, four with a
        compound surname, or has a dot (全面推进 is no name)."""
        known = surnames()
        return all(
            any(d in p.name for d in _DOTS)
            or (p.name[:1] in known and len(p.name) <= 3)
            or (p.name[:2] in known and len(p.name) <= 4)
            for p in people
        )

    def credit(self, line: str) -> Credit | None:
        """A photo credit line: □王路摄 / 新华社记者  徐  昱摄 / 图片由…提供."""
        if len(line) > 60:
            return None
        provided = re.match(
            r"^[（(]?(?:图片由|照片由)(?P<who>.{1,40}?)提供[）)]?$", line
        ) or re.match(r"^[（(]?(?:图片来源|供图|图片)\s*[:：/／]\s*(?P<who>.{1,40}?)[）)]?$", line)
        if provided:
            who = provided["who"].strip()
            return Credit(
                provider=who,
                provider_span=(provided.start("who"), provided.start("who") + len(who)),
            )
        # 拍摄, 航摄, 所摄 end sentences, not credits
        inner = re.match(
            rf"^[（(]?[{_MARKS}]?\s*(?P<body>.+?)\s*[/／]?\s*(?<![拍航所])摄影?\s*[）)]?"
            rf"(?:\s*[（(][{HAN}]{{2,12}}发[）)])?$",
            line,
        )
        if inner:
            people = self.people(line, inner.start("body"), inner.end("body"), bare_role=_ANY)
            return Credit(people=people) if people else None
        lead = re.match(r"^[（(]?(?:摄影|图)\s*[:：/／]\s*(?P<body>.+?)[）)]?$", line)
        if lead:
            people = self.people(line, lead.start("body"), lead.end("body"), bare_role=_ANY)
            return Credit(people=people) if people else None
        return None

    def inline_credit(self, line: str) -> tuple[int, Credit] | None:
        """A caption that ends with its credit: ``…交流展示。 □本报记者 王小红摄``.

        Returns the offset where the credit starts, and the credit.
        """
        if not re.search(r"(摄影?[）)]?|提供[）)]?)$", line):
            return None
        cuts = sorted(
            {m.start() for m in re.finditer(rf"[{_MARKS}（(]|\s+", line)}
            | {m.end() for m in re.finditer(rf"[{TERMINAL}][{CLOSERS}]?", line)}
        )
        for cut in cuts:
            if cut == 0 or not line[:cut].strip():
                continue
            tail = line[cut:]
            credit = self.credit(tail.strip())
            if credit:
                offset = cut + (len(tail) - len(tail.lstrip()))
                return offset, _shift_credit(credit, offset)
        return None

    def dateline(self, paragraph: str) -> Dateline | None:
        """The dateline at the start of a news item's first paragraph."""
        match = self._dateline.match(paragraph)
        if not match:
            return None
        end = match.end()
        rest = end + len(paragraph[end : end + 4]) - len(paragraph[end : end + 4].lstrip())
        people: tuple[Named, ...] = ()
        inner = re.compile(r"[（(](?P<inner>[^）)]{1,80})[）)]").match(
            paragraph, rest
        ) or re.compile(r"(?P<inner>[^，。；：:]{1,60}?)报道[：:]").match(paragraph, rest)
        if inner:
            found = self.people(
                paragraph,
                inner.start("inner"),
                inner.end("inner"),
                bare_role="作者",  # 本报合肥2月24日电（甲、乙）: the item's authors
                affiliation=match["agency"],
            )
            if found and not (all(p.role == "作者" for p in found) and not self._named(found)):
                people, end = found, inner.end()
        colon = re.compile(r"\s*[:：]").match(paragraph, end)
        if colon:
            end = colon.end()
        return Dateline(
            end=end,
            agency=match["agency"],
            place=match["place"] or match["place2"] or match["place3"],
            month=_number(match["month"]),
            day=_number(match["day"]),
            people=people,
        )

    # -- names --------------------------------------------------------------

    def people(
        self, text: str, start: int, end: int, bare_role: str | None, affiliation: str | None = None
    ) -> tuple[Named, ...]:
        """Parse ``[affiliation] role names …`` groups in ``text[start:end]``.

        Returns an empty tuple unless the whole range is role groups and names.
        Names before any role word get ``bare_role``; with None they are not
        allowed, with ``_ANY`` they are kept without a role (photo credits).
        """
        groups = list(self._role_group.finditer(text, start, end))
        found: list[Named] = []
        cursor, role, aff = start, bare_role, affiliation
        for group in [*groups, None]:
            stop = group.start() if group else end
            names = split_names(text, cursor, stop)
            if names is None or (names and role is None):
                return ()
            found.extend(Named(n, None if role is _ANY else role, aff, s, e) for n, s, e in names)
            if group:
                role = self.vocab.roles[group["role"]]
                aff = group["aff"] or affiliation
                cursor = group.end()
        return tuple(found)


def split_names(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """Names in ``text[start:end]`` as (name, start, end); None if anything else is there."""
    tokens = list(_NAME_TOKEN.finditer(text, start, end))
    gaps = [
        text[a:b]
        for a, b in zip(
            [start] + [t.end() for t in tokens], [t.start() for t in tokens] + [end], strict=True
        )
    ]
    if any(not _NAME_SEPARATORS.match(gap) for gap in gaps):
        return None
    names: list[tuple[str, int, int]] = []
    pending: tuple[str, int] | None = None  # a one-character token waiting for its other half
    for token, gap_before in zip(tokens, gaps, strict=False):
        value, begin = token.group(), token.start()
        if pending and gap_before.strip() == "":
            value, begin = pending[0] + value, pending[1]
        elif pending:
            return None
        pending = None
        if len(value) == 1:
            pending = (value, begin)
            continue
        if len(value) > MAX_NAME_CHARS and not any(dot in value for dot in _DOTS):
            return None
        names.append((value, begin, token.end()))
    return None if pending else names


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends a sentence (。 ！ ？ …, possibly inside a closing quote)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in TERMINAL + "；;：:"


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _number(value: str | None) -> int | None:
    if value is None:
        return None
    return int(value.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


def _shift_credit(credit: Credit, offset: int) -> Credit:
    people = tuple(
        Named(p.name, p.role, p.affiliation, p.start + offset, p.end + offset)
        for p in credit.people
    )
    span = credit.provider_span
    return Credit(people, credit.provider, (span[0] + offset, span[1] + offset) if span else None)
