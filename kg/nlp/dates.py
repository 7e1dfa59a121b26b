"""Chinese time expressions, found in text and normalised against an article's date.

:func:`find_times` finds 2025年9月12日, 九月十二日, 17日, 近日, 今年以来, 9月上旬,
9月12日至14日 … and gives each an ISO value and the window of days it denotes,
keeping the printed text and its exact offsets. Everything below is a guess about
news prose, written down so that a graph built with it can be re-read:

* Reference day: deictic words (今天, 昨天, 近日, 本月, 今年 …) count from the
  dateline's day when the dateline gives month and day (a 电 story's 今天 is the
  day it was filed), else from the anchor (the publication date).
* A year-less 9月12日 is in the anchor's year, or the year before when that would
  put it more than FUTURE_DAYS after the anchor (news announces a month ahead).
* A bare 17日 is in the dateline's month (else the anchor's), in the anchor's year,
  or the month before when that falls after the anchor (28日 under 1月2日电 is last
  December). A bare day right after a date and 、和及与 shares its month (9月12日、13日).
* 近日, 日前, 近期: from RECENT_DAYS (14) days before the reference day to that day
  (value None: they name no unit). 近期 is read as past, though it can announce.
* 上旬/月初 are days 1-10, 中旬/月中 11-20, 下旬/月底/月末 21 to the month's end;
  年初 is January-February, 年底/年末 November-December; 上半年/下半年 the halves.
* 以来 / 至今 after an expression run from its first day to the reference day.
* 2025年度 is the year 2025 (a work or budget year is named by its calendar year),
  and 2025年全年 is one expression.
* Ranges (至, 到, —, -, ～): the end takes year and month from the start, and the
  next year when it would come first (12月30日至1月2日).
* Weeks are ISO weeks, Monday to Sunday: 上周 has value 2025-W46.
* kind: "date", "month", "year" for one unit named with numbers; "range" for spans
  (ranges, parts of a month or year, …以来); "relative" for anything named by words
  alone (近日, 昨天, 上周, 本月底, 今年以来). value is ISO (2025-09-12, 2025-09,
  2025, 2025-W46, or an interval 2025-09-12/2025-09-14), None when unknown: no
  anchor to count from, an invalid date (2月30日), or a vague window (近日).
* Not dates: numbers with other units (12人, 30%, 1.3万名), ordinals (第12届),
  durations (30日内, 3日游, 两年), one-character Chinese bare days (一日三餐),
  numbers of things (12号楼).

* Lunar days (腊月二十六, 正月初七, 大年三十, 除夕, 元宵节, 重阳节; :mod:`kg.nlp.lunar`) are
  dates in the lunar year that puts them nearest before the reference day; the Spring
  Festival's periods (春节期间, 春节前后) are ranges of days.

Full-width digits count as digits; traditional forms (號, 週, 個, 這, 來) are read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.nlp.lunar import find_festival_windows, find_lunar_days

__all__ = ["FUTURE_DAYS", "RECENT_DAYS", "TimeExpr", "find_times", "normalise"]

RECENT_DAYS = 14  # 近日 / 日前 / 近期: from this many days before the reference day to it
FUTURE_DAYS = 31  # a year-less month or date at most this far after the anchor stays in its year

MonthDay = tuple[int | None, int | None]  # (month, day) of 本报西安1月2日电
_Ymd = tuple[int, int | None, int | None]  # year, month (None: a year), day (None: a month)
_Bounds = tuple[str | None, dt.date | None, dt.date | None]  # value, earliest, latest
_NOTHING: _Bounds = (None, None, None)


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: where it is printed, and the days it denotes.

    ``text == source[start:end]``. ``earliest`` and ``latest`` are ISO days bounding
    what it denotes; ``value`` is the ISO form of the unit or interval it names.
    """

    start: int
    end: int
    text: str
    kind: str  # "date", "month", "year", "range", "relative"
    value: str | None
    earliest: str | None
    latest: str | None


@dataclass(frozen=True)
class _Context:
    anchor: dt.date | None
    today: dt.date | None  # the reference day of deictic words
    month: tuple[int, int] | None  # (year, month) of "this month" for bare days


_WIDE = str.maketrans("０１２３４５６７８９", "0123456789")
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_ONE_NINE = "一二三四五六七八九"
_Y = r"[12][0-9]{3}|[〇○零一二三四五六七八九]{4}"
_M = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_D = rf"3[01]|[12][0-9]|0?[1-9]|三十一?|二十[{_ONE_NINE}]?|十[{_ONE_NINE}]?|[{_ONE_NINE}]"
_SEP = r"\s*(?:至|到|——|—|–|－|-|~|～)\s*"
_YEAR_WORDS = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_MONTH_WORDS = {"本月": 0, "这个月": 0, "這個月": 0, "上月": -1, "上个月": -1, "上個月": -1}
_MONTH_WORDS |= {"下月": 1, "下个月": 1, "下個月": 1}
_DAY_WORDS = {"昨天": -1, "昨日": -1, "昨晚": -1, "今天": 0, "今日": 0, "今晚": 0}
_DAY_WORDS |= {"前天": -2, "前日": -2, "明天": 1, "明日": 1}
_WEEK_WORDS = {"上": -1, "本": 0, "这": 0, "這": 0, "下": 1}
_MONTH_PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20)}
_MONTH_PARTS |= {"下旬": (21, 31), "底": (21, 31), "末": (21, 31)}
_MONTH_PARTS |= {"上中旬": (1, 20), "中下旬": (11, 31)}
_YEAR_PARTS = {"上半年": (1, 6), "下半年": (7, 12), "初": (1, 2), "底": (11, 12), "末": (11, 12)}


def _words(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_POINT = (
    rf"(?:(?P<year>{_Y})(?:年|(?={_SEP}(?:{_Y})年))|(?P<yword>{_words(_YEAR_WORDS)}))?"
    rf"(?:(?P<month>{_M})(?:月份?|(?={_SEP}(?:{_M})月))|(?P<mword>{_words(_MONTH_WORDS)}))?"
    rf"(?:(?<!年)(?P<day>{_D})(?:日(?!元|内|內|以内|之内|游|遊)"
    r"|[号號](?![楼樓院线線文令房馆館门門台机機车車船站口井码碼])"
    rf"|(?={_SEP}(?:{_D})[日号號])))?"
)
_MASTER = re.compile(
    rf"(?<![光黎聪聰])(?P<dayword>{_words(_DAY_WORDS)})"  # 光明日报 is no tomorrow
    r"|(?P<recent>近日|近期|(?<![节節假生念周週期每某当當次翌同首元终終末寿壽祭忌作庆慶])日前)"
    r"|(?P<week>[上本这這下](?:周|週|星期))(?P<weekday>[一二三四五六日末](?![些起切同道]))?(?![边邊期])"
    r"|(?<![安健完])(?P<whole>全年)"
    r"|(?P<iso>(?<![0-9.．])[12][0-9]{3}(?P<s>[-/.])(?:1[0-2]|0?[1-9])(?P=s)(?:3[01]|[12][0-9]|0?[1-9])"
    r"(?![0-9]|\.[0-9]))"
    r"|(?<![0-9.．第〇○零一二三四五六七八九十百千万萬亿億两兩])(?=[0-9〇○零一二三四五六七八九十今本去前明上下这這])"
    rf"(?P<point>{_POINT})"
)
_SEP_RE = re.compile(_SEP)
_LIST_RE = re.compile(r"\s*[、和及与與]\s*")
_DAY_TAIL = re.compile(
    r"上午|下午|中午|晚上|晚间|晚間|傍晚|凌晨|早上|早晨|清晨|夜间|夜間|夜里|夜裡"
    r"|晚(?![会會宴报報餐辈輩年期霞])"
)
_NOT_START = r"(?![中一二三级級])"  # 年初中 (junior school), 初一 (first lunar day / year 7)
_MONTH_TAIL = re.compile(
    rf"上中旬|中下旬|上旬|中旬|下旬|初{_NOT_START}|底|末|中(?![\u3400-\u9fff])"
)
_YEAR_TAIL = re.compile(rf"度|全年|上半年|下半年|年?(?:初{_NOT_START}|底|末)")
_SINCE = re.compile(r"以来|以來|至今")


def find_times(
    text: str, anchor: dt.date | None = None, dateline: MonthDay | None = None
) -> list[TimeExpr]:
    """Every time expression in ``text``, in order, normalised against ``anchor``.

    Args:
        text: any text; offsets of the results point into it.
        anchor: the article's publication date; None leaves only explicit dates resolved.
        dateline: (month, day) of the item's dateline (本报西安1月2日电 → (1, 2)).

    Example:
        >>> [(t.text, t.value) for t in find_times("9月12日至14日召开，近日",
        ...     dt.date(2025, 11, 20))]
        [('9月12日至14日', '2025-09-12/2025-09-14'), ('近日', None)]
    """
    ctx = _context(anchor, dateline)
    norm = text.translate(_WIDE)  # one character for one, so offsets hold
    found: list[TimeExpr] = []
    pos, last = 0, None  # last: end and (year, month, day) of the previous dated point
    while match := _MASTER.search(norm, pos):
        pos = match.start() + 1
        if match.end() == match.start():
            continue
        if match["point"]:
            near = last and _LIST_RE.fullmatch(norm, last[0], match.start())
            read = _point_or_range(match, norm, ctx, last[1] if near and last else None)
            if read is None:
                continue
            end, kind, bounds, ymd = read
            last = (end, ymd) if ymd and ymd[1] else None
        elif match["iso"]:
            year, month, day = map(int, re.split(r"[-/.]", match["iso"]))
            end, kind, bounds, last = match.end(), "date", _bounds((year, month, day), None), None
        else:
            end, kind, bounds = _deictic(match, norm, ctx)
            last = None
        value, low, high = bounds
        iso = (low.isoformat() if low else None, high.isoformat() if high else None)
        found.append(TimeExpr(match.start(), end, text[match.start() : end], kind, value, *iso))
        pos = end
    return _with_lunar_days(text, found, ctx.today)


def _with_lunar_days(text: str, found: list[TimeExpr], today: dt.date | None) -> list[TimeExpr]:
    """``found`` with the lunar days (腊月二十六, 大年初一, 重阳节): a lunar day replaces a solar
    reading it covers (农历|八月|十五: not the month of August), and yields to one it overlaps."""
    for d in find_lunar_days(text, today):
        if any(
            t.start < d.end and d.start < t.end and not (d.start <= t.start and t.end <= d.end)
            for t in found
        ):
            continue
        found = [t for t in found if not (d.start <= t.start and t.end <= d.end)]
        iso = d.day.isoformat() if d.day else None
        found.append(TimeExpr(d.start, d.end, text[d.start : d.end], "date", iso, iso, iso))
    for w in find_festival_windows(text, today):
        if any(t.start < w.end and w.start < t.end for t in found):
            continue
        a, b = w.earliest.isoformat(), w.latest.isoformat()
        found.append(TimeExpr(w.start, w.end, text[w.start : w.end], "range", f"{a}/{b}", a, b))
    return sorted(found, key=lambda t: t.start)


def normalise(
    text: str, anchor: dt.date | None = None, dateline: MonthDay | None = None
) -> TimeExpr | None:
    """``text`` read as one time expression (white space around it allowed), else None.

    Example:
        >>> normalise("9月上旬", dt.date(2025, 11, 20)).value
        '2025-09-01/2025-09-10'
        >>> normalise("二〇二五年九月十二日").value
        '2025-09-12'
        >>> normalise("12人") is None
        True
    """
    found = find_times(text, anchor, dateline)
    lead = len(text) - len(text.lstrip())
    if len(found) == 1 and (found[0].start, found[0].end) == (lead, len(text.rstrip())):
        return found[0]
    return None


def _context(anchor: dt.date | None, dateline: MonthDay | None) -> _Context:
    if anchor is None:
        return _Context(None, None, None)
    month, day = dateline or (None, None)
    if month is None or not 1 <= month <= 12:
        return _Context(anchor, anchor, (anchor.year, anchor.month))
    later = (month, day or 1) > (anchor.month, anchor.day)  # 12月30日电 printed in January
    year = anchor.year - 1 if later else anchor.year
    try:
        today = dt.date(year, month, day) if day else anchor
    except ValueError:
        today = anchor
    return _Context(anchor, today, (year, month))


def _number(value: str | None) -> int | None:
    if not value:
        return None
    if value.isdigit() and value.isascii():
        return int(value)
    tens, ten, ones = value.partition("十")
    if ten:
        return (_CN[tens] if tens else 1) * 10 + (_CN[ones] if ones else 0)
    return int("".join(str(_CN[c]) for c in value))


def _parse(
    match: re.Match[str], norm: str, ctx: _Context, inherit: _Ymd | None
) -> tuple[_Ymd | None, bool] | None:
    """The (year, month, day) a point names, and whether words alone name it.

    The date is None when it cannot be placed (no anchor); the whole is None when
    the match is no date after all (一日三餐). ``inherit`` is the date this one
    continues (the start of a range, or the date before 、).
    """
    words = not (match["year"] or match["month"] or match["day"])
    year, month, day = _number(match["year"]), _number(match["month"]), _number(match["day"])
    lead = None if match["year"] or match["yword"] or match["mword"] else match["month"]
    before = norm[match.start() - 1] if match.start() else ""
    if lead == "一" and before not in "至到" and re.match(r"[\u3400-\u9fff]", before):
        return None  # 统一月度, 唯一月份
    named = lead or inherit or match["year"] or match["yword"] or match["mword"]
    if not named and match["day"] in tuple(_ONE_NINE):
        return None  # 一日三餐, 三日内: a bare one-character Chinese day is a count
    if match["yword"] or match["mword"]:
        if ctx.today is None:
            return None, words
        if match["yword"]:
            year = ctx.today.year + _YEAR_WORDS[match["yword"]]
        if match["mword"]:
            index = ctx.today.year * 12 + ctx.today.month - 1 + _MONTH_WORDS[match["mword"]]
            year, month = index // 12, index % 12 + 1
    if year is None and inherit is not None and inherit[1] is not None:
        if month is None:
            year, month = inherit[0], inherit[1]
        else:  # 12月30日至1月2日: the next year
            year = inherit[0] + ((month, day or 1) < (inherit[1], inherit[2] or 1))
    if year is None:
        if ctx.anchor is None or ctx.month is None:
            return None, words
        anchor = ctx.anchor
        if month is None:
            year, month = ctx.month
            if (year, month, day or 0) > (anchor.year, anchor.month, anchor.day):
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        else:
            first = _clip(anchor.year, month, day or 1)
            ahead = first - anchor > dt.timedelta(days=FUTURE_DAYS)
            year = anchor.year - 1 if ahead else anchor.year
    return (year, month, day), words


def _clip(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _point(
    match: re.Match[str], norm: str, ctx: _Context, ymd: _Ymd | None, words: bool
) -> tuple[int, str, _Bounds, bool]:
    """End (after 上旬, 上午, 以来 …), kind and bounds of a point, and whether 以来 ends it."""
    level = "date" if match["day"] else "month" if match["month"] or match["mword"] else "year"
    tails = {"date": _DAY_TAIL, "month": _MONTH_TAIL, "year": _YEAR_TAIL}
    tail = tails[level].match(norm, match.end())
    end = tail.end() if tail else match.end()
    part = tail.group().lstrip("年") if tail and level != "date" else None
    bounds = _bounds(ymd, part) if ymd else _NOTHING
    since = _SINCE.match(norm, end)
    if since:
        end, bounds = since.end(), _until(bounds[1], ctx.today)
    spanned = since or (part and part not in ("度", "全年"))
    return end, "relative" if words else "range" if spanned else level, bounds, bool(since)


def _bounds(ymd: _Ymd, part: str | None) -> _Bounds:
    year, month, day = ymd
    try:
        if month is None:
            low, high = _YEAR_PARTS.get(part or "", (1, 12))
            first, last = dt.date(year, low, 1), _clip(year, high, 31)
            whole = f"{year:04d}" if (low, high) == (1, 12) else None
        elif day is None:
            low, high = _MONTH_PARTS.get(part or "", (1, 31))
            first, last = dt.date(year, month, low), _clip(year, month, high)
            whole = f"{year:04d}-{month:02d}" if (low, high) == (1, 31) else None
        else:
            first = last = dt.date(year, month, day)
            whole = first.isoformat()
    except ValueError:  # 2月30日, the year 〇〇〇〇
        return _NOTHING
    return whole or f"{first}/{last}", first, last


def _until(first: dt.date | None, today: dt.date | None) -> _Bounds:
    if first and today and first <= today:
        return f"{first}/{today}", first, today
    return None, first, None


def _point_or_range(
    match: re.Match[str], norm: str, ctx: _Context, inherit: _Ymd | None
) -> tuple[int, str, _Bounds, _Ymd | None] | None:
    """A point, or the range 9月12日至14日 it starts; None when it is not a date."""
    parsed = _parse(match, norm, ctx, inherit)
    if parsed is None:
        return None
    ymd, words = parsed
    end, kind, bounds, since = _point(match, norm, ctx, ymd, words)
    sep = None if since else _SEP_RE.match(norm, end)
    other = _MASTER.match(norm, sep.end()) if sep else None
    if other and other["point"] and other.end() > other.start():
        joined = _join(match, other, norm, ctx, ymd, bounds)
        if joined:
            return *joined, None
    if norm[match.end() - 1] not in "年月份日号號":
        return None  # a number that waited for a range that did not come
    return end, kind, bounds, ymd


def _join(
    first: re.Match[str],
    other: re.Match[str],
    norm: str,
    ctx: _Context,
    ymd: _Ymd | None,
    bounds: _Bounds,
) -> tuple[int, str, _Bounds] | None:
    """End, kind and bounds of a range whose second point is ``other``, or None."""
    day_only = not (other["year"] or other["yword"] or other["month"] or other["mword"])
    second = _parse(other, norm, ctx, ymd)
    if second is None or (day_only and not (first["month"] or first["mword"])):
        return None  # 2025年至12日
    stop, _, (value_b, _, high), _ = _point(other, norm, ctx, *second)
    value_a, low, _ = bounds
    if not (value_a and value_b and low and high and low <= high):
        return stop, "range", _NOTHING
    plain = "/" not in value_a + value_b  # 2025-09-12/2025-09-14, else by days
    return stop, "range", (f"{value_a}/{value_b}" if plain else f"{low}/{high}", low, high)


def _deictic(match: re.Match[str], norm: str, ctx: _Context) -> tuple[int, str, _Bounds]:
    """End, kind and bounds of 昨天, 近日, 上周五, 全年 …"""
    today, end = ctx.today, match.end()
    if today is None:
        bounds: _Bounds = _NOTHING
    elif match["dayword"]:
        day = today + dt.timedelta(days=_DAY_WORDS[match["dayword"]])
        bounds = day.isoformat(), day, day
    elif match["recent"]:
        bounds = None, today - dt.timedelta(days=RECENT_DAYS), today
    elif match["week"]:
        monday = today - dt.timedelta(days=today.weekday() - 7 * _WEEK_WORDS[match["week"][0]])
        sunday = monday + dt.timedelta(days=6)
        year, week, _ = monday.isocalendar()
        bounds = f"{year}-W{week:02d}", monday, sunday
        if match["weekday"] == "末":
            bounds = (
                f"{sunday - dt.timedelta(days=1)}/{sunday}",
                sunday - dt.timedelta(days=1),
                sunday,
            )
        elif match["weekday"]:
            day = monday + dt.timedelta(days="一二三四五六日".index(match["weekday"]))
            bounds = day.isoformat(), day, day
    else:
        bounds = _bounds((today.year, None, None), None)
    if match["dayword"] and (tail := _DAY_TAIL.match(norm, end)):
        end = tail.end()
    if not match["recent"] and (since := _SINCE.match(norm, end)):
        end, bounds = since.end(), _until(bounds[1], today)
    return end, "relative", bounds
