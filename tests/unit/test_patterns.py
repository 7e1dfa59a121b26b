"""Each byline, dateline, caption, credit, source and furniture form, one case a form."""

import pytest

from kg.ingest.patterns import Patterns, ends_sentence, split_names
from kg.ingest.vocab import load_vocab

P = Patterns(load_vocab())


def people(found):
    return [(p.name, p.role, p.affiliation) for p in found]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("□本报通讯员 刘晓倩", [("刘晓倩", "通讯员", "本报")]),
        ("□本报记者 付小芳", [("付小芳", "记者", "本报")]),
        ("□吴雅婷 唐小芹", [("吴雅婷", "作者", None), ("唐小芹", "作者", None)]),
        ("□赵成", [("赵成", "作者", None)]),
        (
            "本报记者 张三 通讯员 李四、王五",
            [("张三", "记者", "本报"), ("李四", "通讯员", None), ("王五", "通讯员", None)],
        ),
        ("文/张三", [("张三", "作者", None)]),
        ("□本报记者 艾买提·图尔逊", [("艾买提·图尔逊", "记者", "本报")]),
        ("新华社记者 徐  昱", [("徐昱", "记者", "新华社")]),
        ("昌吉日报记者 王小明", [("王小明", "记者", "昌吉日报")]),
        ("（本报记者刘大勇、陈小红）", [("刘大勇", "记者", "本报"), ("陈小红", "记者", "本报")]),
        (
            "（新华社北京2月4日电  执笔记者：丁一鸣、姜晓；参与记者：吴晶晶）",
            [
                ("丁一鸣", "记者", "新华社"),
                ("姜晓", "记者", "新华社"),
                ("吴晶晶", "记者", "新华社"),
            ],
        ),
        (
            "（本报北京、伦敦、开罗2月18日电  记者张晓明、李红梅）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "本报")],
        ),
        (
            "（本报莫斯科、开罗电 记者张晓明、李红梅）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "本报")],
        ),
        (
            "（综合本报记者张晓明、李红梅报道）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "本报")],
        ),
        ("（综合张晓明、李红梅报道）", [("张晓明", "作者", None), ("李红梅", "作者", None)]),
        (
            "（本报北京、开罗电  张晓明、李红梅）",
            [("张晓明", "作者", "本报"), ("李红梅", "作者", "本报")],
        ),
        ("张晓明 李红梅", [("张晓明", "作者", None), ("李红梅", "作者", None)]),
        ("张晓明\u00a0李红梅", [("张晓明", "作者", None), ("李红梅", "作者", None)]),
        ("（李小华整理）", [("李小华", "整理", None)]),
        (  # a round-up's dateline lists a dozen cities
            "（本报北京、联合国、亚的斯亚贝巴、墨西哥城、华盛顿、马德里、巴黎、罗马、曼谷、首尔、"
            "柏林2月16日电  记者张晓明、李红梅）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "本报")],
        ),
        (
            "（本报记者张晓明、李红梅采访整理）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "本报")],
        ),
        (
            "（本报记者张晓明，生命时报记者李红梅）",
            [("张晓明", "记者", "本报"), ("李红梅", "记者", "生命时报")],
        ),
        ("本版制图：郭 祥", [("郭祥", "制图", "本版")]),
        ("版式设计：王小丽", [("王小丽", "版式设计", None)]),
    ],
)
def test_byline_forms(line, expected):
    found = P.byline(line)
    assert people(found) == expected
    for person in found:  # offsets point at the printed name, spaces and all
        assert "".join(line[person.start : person.end].split()) == person.name


@pytest.mark.parametrize(
    "line",
    [
        "近年来，奇台县锚定铸魂育人根本任务",
        "党性不容私心侵蚀",
        "理论武装扎实有效 政治根基更加稳固",
        "吉木萨尔县社会福利中心党支部开展主题党日活动",
        "□",
        "■创新驱动发展，产业优化升级",  # marked, but no names
        "上一，中一",  # bare names are apart by white space only
        "依法治国 从严治党",  # four-character phrases are no bare names
        "（作者为本报记者）",
    ],
)
def test_titles_headings_and_body_are_not_bylines(line):
    assert P.byline(line) is None


@pytest.mark.parametrize(
    ("paragraph", "lead", "expected", "place", "day"),
    [
        (
            "本报讯 通讯员刘阳报道：近日，玛纳斯县",
            "本报讯 通讯员刘阳报道：",
            [("刘阳", "通讯员", "本报")],
            None,
            None,
        ),
        (
            "本报讯 记者付小芳报道：近日，昌吉州",
            "本报讯 记者付小芳报道：",
            [("付小芳", "记者", "本报")],
            None,
            None,
        ),
        (
            "本报讯（记者 张三 通讯员 李四）近日",
            "本报讯（记者 张三 通讯员 李四）",
            [("张三", "记者", "本报"), ("李四", "通讯员", "本报")],
            None,
            None,
        ),
        (
            "本报西安1月2日电（记者龚仕建）陕西省",
            "本报西安1月2日电（记者龚仕建）",
            [("龚仕建", "记者", "本报")],
            "西安",
            2,
        ),
        (
            "新华社北京12月1日电 （记者 张三、李四）近日",
            "新华社北京12月1日电 （记者 张三、李四）",
            [("张三", "记者", "新华社"), ("李四", "记者", "新华社")],
            "北京",
            1,
        ),
        ("本报讯 近日，某社区开展活动。", "本报讯", [], None, None),
        (
            "本报合肥2月24日电  （张晓明、李红梅）锣鼓敲起来",
            "本报合肥2月24日电  （张晓明、李红梅）",
            [("张晓明", "作者", "本报"), ("李红梅", "作者", "本报")],
            "合肥",
            24,
        ),
        ("本报北京2月24日电  （全面推进）今天", "本报北京2月24日电", [], "北京", 24),
        (
            "据新华社华盛顿2月1日电  （记者张三）美国国家科学基金会日前发布公告",
            "据新华社华盛顿2月1日电  （记者张三）",
            [("张三", "记者", "新华社")],
            "华盛顿",
            1,
        ),
    ],
)
def test_dateline_forms(paragraph, lead, expected, place, day):
    found = P.dateline(paragraph)
    assert found is not None
    assert paragraph[: found.end].strip() == lead
    assert people(found.people) == expected
    assert found.place == place
    assert found.day == day


@pytest.mark.parametrize(
    "paragraph",
    ["本报记者走访电力公司时发现", "近日，本报讯息平台上线", "报道：近日", "本报今年开展活动。"],
)
def test_body_text_is_not_a_dateline(paragraph):
    assert P.dateline(paragraph) is None


@pytest.mark.parametrize(
    ("line", "expected", "provider"),
    [
        ("□王路摄", [("王路", None, None)], None),
        ("□本报记者 付小芳摄", [("付小芳", "记者", "本报")], None),
        ("新华社记者  徐  昱摄", [("徐昱", "记者", "新华社")], None),
        ("（新华社记者 徐昱 摄）", [("徐昱", "记者", "新华社")], None),
        ("张三 李四摄", [("张三", None, None), ("李四", None, None)], None),
        ("摄影：张三", [("张三", None, None)], None),
        ("图片由昌吉州退役军人事务局提供", [], "昌吉州退役军人事务局"),
        ("（图片由县委组织部提供）", [], "县委组织部"),
        ("李明摄（新华社发）", [("李明", None, None)], None),
    ],
)
def test_photo_credit_forms(line, expected, provider):
    credit = P.credit(line)
    assert credit is not None
    assert people(credit.people) == expected
    assert credit.provider == provider
    if provider:
        start, end = credit.provider_span
        assert line[start:end] == provider


@pytest.mark.parametrize("line", ["他用手机拍摄", "参观新疆新红色记忆博物馆。", "提供优质服务"])
def test_text_is_not_a_credit(line):
    assert P.credit(line) is None


def test_caption_with_its_credit_inline():
    line = "在研讨会上，教师代表正在进行教学成果交流展示。 □本报记者 付小芳摄"
    at, credit = P.inline_credit(line)
    assert line[:at].rstrip() == "在研讨会上，教师代表正在进行教学成果交流展示。"
    assert people(credit.people) == [("付小芳", "记者", "本报")]
    assert line[credit.people[0].start : credit.people[0].end] == "付小芳"


def test_caption_with_parenthesised_credit():
    line = "游客在景区参观。（新华社记者 徐  昱摄）"
    at, credit = P.inline_credit(line)
    assert line[:at] == "游客在景区参观。"
    assert people(credit.people) == [("徐昱", "记者", "新华社")]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("来源：人民日报", "人民日报"),
        ("（来源：光明日报）", "光明日报"),
        ("原载《求是》", "求是"),
        ("转自：新华网", "新华网"),
    ],
)
def test_source_line_forms(line, name):
    found, start, end = P.source(line)
    assert found == name
    assert line[start:end] == name


def test_source_needs_a_marker():
    assert P.source("人民日报") is None
    assert P.source("来源于群众的智慧，服务于群众的需要，这是我们的原则。") is None


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("□编辑/杜星星", [("编辑", "杜星星")]),
        ("□版式/张程程", [("版式", "张程程")]),
        ("□审校/张鹏", [("审校", "张鹏")]),
        ("责任编辑：张三 校对：李四", [("责任编辑", "张三"), ("校对", "李四")]),
    ],
)
def test_page_furniture_forms(line, pairs):
    assert P.furniture(line) == pairs


def test_body_mentioning_an_editor_is_not_furniture():
    assert P.furniture("他曾担任报社编辑/记者多年，熟悉新闻业务，深受读者喜爱。") is None


def test_name_splitting_rule():
    assert split_names("徐  昱", 0, 5) == [("徐昱", 0, 4)]
    assert [n for n, _, _ in split_names("吴雅婷 唐小芹", 0, 7)] == ["吴雅婷", "唐小芹"]
    assert [n for n, _, _ in split_names("王 小明、李四", 0, 7)] == ["王小明", "李四"]
    assert split_names("社会福利中心党支部", 0, 9) is None
    assert split_names("张三：", 0, 3) is None


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("筑牢思想根基。", True),
        ("“我们必须倍加珍惜。”", True),
        ("新增电视机43", False),
        ("主题，", False),
        ("开", False),
    ],
)
def test_sentence_ends(text, ends):
    assert ends_sentence(text) is ends
