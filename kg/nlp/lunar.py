"""Days of the Chinese lunar calendar in news prose: 腊月二十六, 正月初七, 大年三十, 除夕,
大年初一, 农历八月十五, 元宵节, 端午节, 中秋节, 重阳节.

News around the Spring Festival dates activities this way (腊月二十六，村里召开分红大会).
The lunar year is not written: it is the one that puts the day nearest before the
reference day (or at most FUTURE_DAYS after it, as for solar dates), so 腊月二十六 in a
February 2019 paper is 2019-01-31. The conversion is lunar-python's (MIT), which carries
the calendar's tables; kg computes nothing astronomical itself.

A festival names its day only on its own: 中秋节前夕, 元宵节假期 are windows and are left
to the caller (not read here). 春节 is no day either (春节前后, 春节慰问 use it as a
season far more often than as 正月初一); its periods are windows (:func:`find_festival_windows`):
春节期间 / 春节假期 / 春节长假 the seven-day holiday (除夕 to 正月初六), 春节前后 the season
from 小年 (腊月二十三) to 元宵 (正月十五).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lunar_python import Lunar, LunarYear

__all__ = ["FestivalWindow", "LunarDay", "find_festival_windows", "find_lunar_days"]

_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_MONTHS |= {"八": 8, "九": 9, "十": 10, "十一": 11, "冬": 11, "十二": 12, "腊": 12, "臘": 12}
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FESTIVALS = {"元宵节": (1, 15), "端午节": (5, 5), "七夕节": (7, 7), "中秋节": (8, 15)}
_FESTIVALS |= {"重阳节": (9, 9), "腊八节": (12, 8)}
_DAY = r"初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十"
_MONTH = r"十一|十二|[正一二三四五六七八九十冬腊臘]"
# a window, not the day: 春节期间, 中秋节前夕, 除夕夜 stays a day
_NOT_A_DAY = r"(?!前夕|前后|前後|期间|期間|假期|长假|以来|以來|之前|之后|之後|前|后|後|过后)"
_LUNAR = re.compile(
    rf"(?P<lunar>农历|農曆)?(?P<month>{_MONTH})月(?P<day>{_DAY})(?![日号號]){_NOT_A_DAY}"
    rf"|大年(?P<new_year>初[一二三四五六七八九十]|三十){_NOT_A_DAY}"
    rf"|(?P<eve>除夕){_NOT_A_DAY}"
    rf"|(?P<festival>{'|'.join(_FESTIVALS)}){_NOT_A_DAY}"
)
FUTURE_DAYS = 31
# 春节 periods as (lunar month, day) bounds, the first in the previous lunar year
_SPRING_PERIODS = {
    "期间": ((12, 0), (1, 6)),
    "假期": ((12, 0), (1, 6)),
    "长假": ((12, 0), (1, 6)),
    "前后": ((12, 23), (1, 15)),
}
_SPRING = re.compile(r"春节(?P<period>期间|假期|长假|前后)")


@dataclass(frozen=True)
class LunarDay:
    start: int
    end: int
    day: dt.date | None  # None: no reference day to choose the lunar year


@dataclass(frozen=True)
class FestivalWindow:
    start: int
    end: int
    earliest: dt.date
    latest: dt.date


def find_festival_windows(text: str, today: dt.date | None) -> list[FestivalWindow]:
    """The Spring Festival's periods in ``text`` as windows of days, in the lunar year whose
    new year is nearest before ``today`` (or at most FUTURE_DAYS after it).

    Example:
        >>> [(w.start, w.end, str(w.earliest), str(w.latest)) for w in find_festival_windows(
        ...     "春节期间，党员坚守岗位", dt.date(2020, 2, 18))]
        [(0, 4, '2020-01-24', '2020-01-30')]
    """
    new_year = _solar(1, 1, today)
    if new_year is None:
        return []
    year = Lunar.fromDate(dt.datetime(new_year.year, new_year.month, new_year.day)).getYear()
    out = []
    for match in _SPRING.finditer(text):
        (m1, d1), (m2, d2) = _SPRING_PERIODS[match["period"]]
        out.append(
            FestivalWindow(match.start(), match.end(), _day(year - 1, m1, d1), _day(year, m2, d2))
        )
    return out


def _day(year: int, month: int, day: int) -> dt.date:
    """The solar date of a lunar day (day 0: the month's last, 除夕)."""
    if day == 0:
        day = LunarYear.fromYear(year).getMonth(month).getDayCount()
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def find_lunar_days(text: str, today: dt.date | None) -> list[LunarDay]:
    """Lunar days in ``text`` with their solar date, counted from ``today``.

    Example:
        >>> [(d.start, d.end, str(d.day)) for d in find_lunar_days(
        ...     "腊月二十六，村里召开分红大会", dt.date(2019, 2, 18))]
        [(0, 5, '2019-01-31')]
    """
    out = []
    for match in _LUNAR.finditer(text):
        if match["month"] and not _surely_lunar(match):
            continue  # 一月二十: a solar date written in words
        month, day = _month_day(match)
        if month is None:
            continue
        out.append(LunarDay(match.start(), match.end(), _solar(month, day, today)))
    return out


def _surely_lunar(match: re.Match[str]) -> bool:
    """农历 is written, or the month or day can only be lunar (正月, 腊月, 冬月; 初七, 廿三)."""
    return bool(
        match["lunar"] or match["month"] in ("正", "冬", "腊", "臘") or match["day"][0] in "初廿"
    )


def _month_day(match: re.Match[str]) -> tuple[int | None, int]:
    if match["festival"]:
        return _FESTIVALS[match["festival"]]
    if match["eve"] or match["new_year"] == "三十":
        return 12, 0  # the last day of the twelfth month (29 or 30)
    if match["new_year"]:
        return 1, _lunar_day(match["new_year"])
    return _MONTHS.get(match["month"]), _lunar_day(match["day"])


def _lunar_day(words: str) -> int:
    if words.startswith("初"):
        return 10 if words == "初十" else _DIGITS[words[1]]
    if words == "三十":
        return 30
    if words.startswith("二十"):
        tens, rest = 20, words[2:]
    elif words.startswith("廿"):
        tens, rest = 20, words[1:]
    else:  # 十X
        tens, rest = 10, words[1:]
    return tens + (_DIGITS[rest] if rest else 0)


def _solar(month: int, day: int, today: dt.date | None) -> dt.date | None:
    """The solar date of lunar (month, day) in the lunar year nearest before ``today``."""
    if today is None:
        return None
    latest = today + dt.timedelta(days=FUTURE_DAYS)
    for year in (today.year, today.year - 1, today.year - 2):
        days = LunarYear.fromYear(year).getMonth(month).getDayCount()
        if day == 0:
            day_of_month = days  # 除夕: the month's last day
        elif day > days:
            continue  # 三十 in a 29-day month
        else:
            day_of_month = day
        solar = Lunar.fromYmd(year, month, day_of_month).getSolar()
        found = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
        if found <= latest:
            return found
    return None
