"""Time expressions: each form against one anchor, datelines, non-dates, offsets, properties."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.dates import TimeExpr, find_times, normalise

ANCHOR = dt.date(2025, 11, 20)  # a Thursday


def read(sentence, anchor=ANCHOR, dateline=None):
    return [
        (t.text, t.kind, t.value, t.earliest, t.latest)
        for t in find_times(sentence, anchor, dateline)
    ]


def day(text, iso, kind="date"):
    return (text, kind, iso, iso, iso)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # explicit days, months, years
        ("2025年9月12日，县委召开专题会议。", [day("2025年9月12日", "2025-09-12")]),
        ("２０２５年９月１２日，支部开展学习。", [day("２０２５年９月１２日", "2025-09-12")]),
        ("二〇二五年九月十二日，全体党员集中学习。", [day("二〇二五年九月十二日", "2025-09-12")]),
        ("二○二四年三月五日举行。", [day("二○二四年三月五日", "2024-03-05")]),
        ("会议于2025-09-12召开。", [day("2025-09-12", "2025-09-12")]),
        (
            "2025年9月，全市启动培训。",
            [("2025年9月", "month", "2025-09", "2025-09-01", "2025-09-30")],
        ),
        ("2024年2月份完成。", [("2024年2月份", "month", "2024-02", "2024-02-01", "2024-02-29")]),
        ("2025年，各支部完成换届。", [("2025年", "year", "2025", "2025-01-01", "2025-12-31")]),
        ("2025年度考核优秀。", [("2025年度", "year", "2025", "2025-01-01", "2025-12-31")]),
        ("2024年全年共发展党员。", [("2024年全年", "year", "2024", "2024-01-01", "2024-12-31")]),
        # year from the anchor: at most a month ahead, else last year
        ("9月12日，社区举办讲座。", [day("9月12日", "2025-09-12")]),
        ("九月十二日，社区举办讲座。", [day("九月十二日", "2025-09-12")]),
        ("12月20日将召开总结会。", [day("12月20日", "2025-12-20")]),
        ("12月25日举行了联欢。", [day("12月25日", "2024-12-25")]),
        ("今年9月12日举办。", [day("今年9月12日", "2025-09-12")]),
        ("去年3月，村里修路。", [("去年3月", "month", "2024-03", "2024-03-01", "2024-03-31")]),
        ("十月，学校开展活动。", [("十月", "month", "2025-10", "2025-10-01", "2025-10-31")]),
        # bare days: the anchor's month, or the month before when after the anchor
        ("12日，镇党委召开会议。", [day("12日", "2025-11-12")]),
        ("12号上午报到。", [day("12号上午", "2025-11-12")]),
        ("十二日，村民代表开会。", [day("十二日", "2025-11-12")]),
        ("二十三日召开。", [day("二十三日", "2025-10-23")]),
        ("三十一日前完成。", [day("三十一日", "2025-10-31")]),
        ("9月12日、13日分两批进行。", [day("9月12日", "2025-09-12"), day("13日", "2025-09-13")]),
        # a date with a time of day is still a day
        ("9月12日上午，市委召开会议。", [day("9月12日上午", "2025-09-12")]),
        ("9月12日下午，党员志愿者入户。", [day("9月12日下午", "2025-09-12")]),
        ("9月12日晚，文艺演出开始。", [day("9月12日晚", "2025-09-12")]),
        ("9月12日晚会上，", [day("9月12日", "2025-09-12")]),
        # deictic words count from the anchor
        ("近日，某街道党工委召开会议。", [("近日", "relative", None, "2025-11-06", "2025-11-20")]),
        ("书记日前在调研时说。", [("日前", "relative", None, "2025-11-06", "2025-11-20")]),
        ("近期将组织专题培训。", [("近期", "relative", None, "2025-11-06", "2025-11-20")]),
        ("昨天，志愿者走进社区。", [day("昨天", "2025-11-19", "relative")]),
        ("昨日下午举行。", [day("昨日下午", "2025-11-19", "relative")]),
        ("今天上午开幕。", [day("今天上午", "2025-11-20", "relative")]),
        ("今日发布。", [day("今日", "2025-11-20", "relative")]),
        ("前天已经完成。", [day("前天", "2025-11-18", "relative")]),
        ("上周，宣讲团走进乡村。", [("上周", "relative", "2025-W46", "2025-11-10", "2025-11-16")]),
        ("上週舉行。", [("上週", "relative", "2025-W46", "2025-11-10", "2025-11-16")]),
        ("本周开展督查。", [("本周", "relative", "2025-W47", "2025-11-17", "2025-11-23")]),
        ("上周五召开。", [day("上周五", "2025-11-14", "relative")]),
        ("上月举办。", [("上月", "relative", "2025-10", "2025-10-01", "2025-10-31")]),
        ("上个月举办。", [("上个月", "relative", "2025-10", "2025-10-01", "2025-10-31")]),
        ("本月开展。", [("本月", "relative", "2025-11", "2025-11-01", "2025-11-30")]),
        ("本月15日召开。", [day("本月15日", "2025-11-15")]),
        ("今年，全县新建站点。", [("今年", "relative", "2025", "2025-01-01", "2025-12-31")]),
        ("去年，全县新建站点。", [("去年", "relative", "2024", "2024-01-01", "2024-12-31")]),
        ("全年共培训党员。", [("全年", "relative", "2025", "2025-01-01", "2025-12-31")]),
        ("安全年检合格。", []),
        # spans from a year to the reference day
        (
            "今年以来，全县新发展党员。",
            [("今年以来", "relative", "2025-01-01/2025-11-20", "2025-01-01", "2025-11-20")],
        ),
        (
            "今年以來，全縣新發展黨員。",
            [("今年以來", "relative", "2025-01-01/2025-11-20", "2025-01-01", "2025-11-20")],
        ),
        (
            "2024年以来，累计投入资金。",
            [("2024年以来", "range", "2024-01-01/2025-11-20", "2024-01-01", "2025-11-20")],
        ),
        (
            "2023年至今已举办。",
            [("2023年至今", "range", "2023-01-01/2025-11-20", "2023-01-01", "2025-11-20")],
        ),
        # parts of a month or year
        (
            "9月上旬启动。",
            [("9月上旬", "range", "2025-09-01/2025-09-10", "2025-09-01", "2025-09-10")],
        ),
        (
            "9月中旬完成。",
            [("9月中旬", "range", "2025-09-11/2025-09-20", "2025-09-11", "2025-09-20")],
        ),
        (
            "2月下旬验收。",
            [("2月下旬", "range", "2025-02-21/2025-02-28", "2025-02-21", "2025-02-28")],
        ),
        ("9月初，", [("9月初", "range", "2025-09-01/2025-09-10", "2025-09-01", "2025-09-10")]),
        ("9月中，", [("9月中", "range", "2025-09-11/2025-09-20", "2025-09-11", "2025-09-20")]),
        (
            "9月底前完成。",
            [("9月底", "range", "2025-09-21/2025-09-30", "2025-09-21", "2025-09-30")],
        ),
        ("本月底前", [("本月底", "relative", "2025-11-21/2025-11-30", "2025-11-21", "2025-11-30")]),
        (
            "上月中旬",
            [("上月中旬", "relative", "2025-10-11/2025-10-20", "2025-10-11", "2025-10-20")],
        ),
        (
            "今年上半年",
            [("今年上半年", "relative", "2025-01-01/2025-06-30", "2025-01-01", "2025-06-30")],
        ),
        ("2024年底", [("2024年底", "range", "2024-11-01/2024-12-31", "2024-11-01", "2024-12-31")]),
        # ranges
        (
            "9月12日至14日，培训班在党校举办。",
            [("9月12日至14日", "range", "2025-09-12/2025-09-14", "2025-09-12", "2025-09-14")],
        ),
        (
            "9月12日—14日举行。",
            [("9月12日—14日", "range", "2025-09-12/2025-09-14", "2025-09-12", "2025-09-14")],
        ),
        (
            "9月12-14日举行。",
            [("9月12-14日", "range", "2025-09-12/2025-09-14", "2025-09-12", "2025-09-14")],
        ),
        (
            "2025年9月12日至10月3日展出。",
            [
                (
                    "2025年9月12日至10月3日",
                    "range",
                    "2025-09-12/2025-10-03",
                    "2025-09-12",
                    "2025-10-03",
                )
            ],
        ),
        (
            "12月30日至1月2日值班。",
            [("12月30日至1月2日", "range", "2024-12-30/2025-01-02", "2024-12-30", "2025-01-02")],
        ),
        (
            "9月至11月开展。",
            [("9月至11月", "range", "2025-09/2025-11", "2025-09-01", "2025-11-30")],
        ),
        ("2023—2025年规划", [("2023—2025年", "range", "2023/2025", "2023-01-01", "2025-12-31")]),
        (
            "9月上旬至10月中旬",
            [("9月上旬至10月中旬", "range", "2025-09-01/2025-10-20", "2025-09-01", "2025-10-20")],
        ),
        # invalid dates are found, with no value
        ("2月30日召开。", [("2月30日", "date", None, None, None)]),
        ("二月三十日召开。", [("二月三十日", "date", None, None, None)]),
        ("2025年4月31日", [("2025年4月31日", "date", None, None, None)]),
        ("9月14日至12日", [("9月14日至12日", "range", None, None, None)]),
    ],
)
def test_forms(sentence, expected):
    assert read(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "anchor", "dateline", "expected"),
    [
        ("15日，党员大会召开。", dt.date(2025, 9, 17), (9, 17), [day("15日", "2025-09-15")]),
        ("28日，党员大会召开。", dt.date(2026, 1, 2), (1, 2), [day("28日", "2025-12-28")]),
        ("1日起实施。", dt.date(2026, 1, 2), (1, 2), [day("1日", "2026-01-01")]),
        # a dateline from last December, published in January
        ("29日召开。", dt.date(2026, 1, 3), (12, 30), [day("29日", "2025-12-29")]),
        # a 电 story's 今天 is the day it was filed
        ("今天上午", dt.date(2025, 11, 20), (11, 19), [day("今天上午", "2025-11-19", "relative")]),
        ("昨天", dt.date(2025, 11, 20), (11, 19), [day("昨天", "2025-11-18", "relative")]),
        # a dateline with no usable day or month changes nothing it cannot
        ("12日", ANCHOR, (None, None), [day("12日", "2025-11-12")]),
        ("12日", ANCHOR, (13, 40), [day("12日", "2025-11-12")]),
        ("今天", ANCHOR, (2, 30), [day("今天", "2025-11-20", "relative")]),
    ],
)
def test_datelines(sentence, anchor, dateline, expected):
    assert read(sentence, anchor, dateline) == expected


def test_without_an_anchor_only_explicit_dates_resolve():
    sentence = "2025年9月12日，9月12日，12日，近日，今年以来，2025年以来，9月12日至14日。"
    assert read(sentence, anchor=None) == [
        day("2025年9月12日", "2025-09-12"),
        ("9月12日", "date", None, None, None),
        ("12日", "date", None, None, None),
        ("近日", "relative", None, None, None),
        ("今年以来", "relative", None, None, None),
        ("2025年以来", "range", None, "2025-01-01", None),
        ("9月12日至14日", "range", None, None, None),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "共有12人参加。",
        "覆盖率达30%。",
        "第12届运动会",
        "惠及1.3万名群众。",
        "住在12号楼。",
        "须在30日内办结。",
        "3日游线路",
        "一日三餐都在食堂。",
        "两年来变化很大。",
        "统一月度考核",
        "节日前夕走访困难党员。",
        "召开第十二次党代会。",
        "2025-2026学年",
        "价格12.5元",
        "日本周边",
        "上周期的数据",
        "十四五规划",
        "电话13912345678",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    assert read(sentence) == []


def test_offsets_are_exact_with_emoji_traditional_and_ascii_punctuation():
    text = "🎉🎉(2025年9月12日)上午,黨員在12號樓旁,「近日」完成;👍九月十二日晚!"
    found = find_times(text, ANCHOR)
    assert [t.text for t in found] == ["2025年9月12日", "近日", "九月十二日晚"]
    assert [t.start for t in found] == [3, 27, 34]
    for t in found:
        assert text[t.start : t.end] == t.text


def test_normalise_reads_one_expression():
    assert normalise(" 9月12日 ", ANCHOR) == TimeExpr(
        1, 6, "9月12日", "date", "2025-09-12", "2025-09-12", "2025-09-12"
    )
    assert normalise("9月12日会议", ANCHOR) is None
    assert normalise("9月12日，10月3日", ANCHOR) is None
    assert normalise("2月30日", ANCHOR).value is None
    assert normalise("") is None


TOKENS = [
    *"0123456789０１２３４５６７８９〇一二三四五六七八九十两第",
    *"年月日号號份度至到—-~、和，。 .%",
    "上午", "晚", "上旬", "中旬", "底", "初", "中", "以来", "至今", "全年", "近日", "日前",
    "昨天", "今天", "上周", "本周", "上月", "本月", "今年", "去年", "上半年", "🎉", "黨", "人",
]  # fmt: skip
PIECES = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
DATELINES = st.none() | st.tuples(st.none() | st.integers(-1, 14), st.none() | st.integers(-1, 33))
ANCHORS = st.none() | st.dates(dt.date(1000, 2, 1), dt.date(2999, 11, 30))


@settings(max_examples=400, deadline=None)
@given(text=PIECES | st.text(max_size=40), anchor=ANCHORS, dateline=DATELINES)
def test_find_times_never_raises_and_spans_are_exact_and_disjoint(text, anchor, dateline):
    found = find_times(text, anchor, dateline)
    end = 0
    for t in found:
        assert end <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        assert t.kind in {"date", "month", "year", "range", "relative"}
        if t.earliest and t.latest:
            assert t.earliest <= t.latest
        end = t.end


# --- lunar days (kg.nlp.lunar) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        pytest.param(
            "腊月二十六，村里召开分红大会", "2019-02-18", "2019-01-31", id="last-year-12th-month"
        ),
        pytest.param("正月初六那天", "2020-02-12", "2020-01-30", id="first-month"),
        pytest.param("大年三十上午", "2020-02-14", "2020-01-24", id="new-years-eve"),
        pytest.param("除夕夜", "2019-02-10", "2019-02-04", id="chuxi"),
        pytest.param("大年初一", "2020-02-14", "2020-01-25", id="new-year"),
        pytest.param("元宵节当天", "2019-02-20", "2019-02-19", id="lantern"),
        pytest.param("重阳节", "2019-02-20", "2018-10-17", id="double-ninth-last-year"),
        pytest.param("农历八月十五", "2019-10-01", "2019-09-13", id="written-lunar"),
    ],
)
def test_lunar_days_are_dates_in_the_nearest_lunar_year(text, anchor, value):
    [time] = find_times(text, dt.date.fromisoformat(anchor))
    assert (time.kind, time.value, time.earliest, time.latest) == ("date", value, value, value)
    assert text[time.start : time.end] == time.text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("中秋节前夕", id="eve-window"),
        pytest.param("元宵节假期", id="holiday"),
    ],
)
def test_festival_windows_are_not_days(text):
    assert find_times(text, dt.date(2019, 2, 20)) == []


@pytest.mark.parametrize(
    ("text", "anchor", "window"),
    [
        ("春节期间", "2019-02-20", ("2019-02-04", "2019-02-10")),  # 除夕 to 正月初六
        ("春节假期", "2020-02-18", ("2020-01-24", "2020-01-30")),
        ("春节前后", "2019-02-20", ("2019-01-28", "2019-02-19")),  # 小年 to 元宵
    ],
)
def test_the_spring_festivals_periods_are_windows_of_days(text, anchor, window):
    [time] = find_times(f"{text}，党员坚守岗位", dt.date.fromisoformat(anchor))
    assert (time.kind, time.text, (time.earliest, time.latest)) == ("range", text, window)


def test_a_solar_date_in_words_stays_solar():
    [time] = find_times("一月二十日召开", dt.date(2019, 2, 18))
    assert time.value == "2019-01-20"


def test_a_lunar_day_without_an_anchor_has_no_value():
    [time] = find_times("腊月二十六")
    assert (time.kind, time.value) == ("date", None)
