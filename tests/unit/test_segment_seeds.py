"""Segmentation of the two sample pages against hand-checked expectations."""

import pytest
from conftest import PAGE_000, PAGE_003

from kg.ingest import read_articles

# (column, title, subtitle, authors as (name, role), photographers, source) per article, in page order.
EXPECTED_000 = [
    (
        None,
        "强化理论武装 创新教育形式 深化阵地建设",
        "奇台县“三维发力”推动党员教育走深走实",
        [("刘晓倩", "通讯员")],
        [],
        None,
    ),
    (
        "争创先优",
        "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动举办",
        None,
        [("刘阳", "通讯员")],
        ["王路"],
        None,
    ),
    (
        None,
        "吉木萨尔县社会福利中心党支部开展主题党日活动 践初心于行动 融真情在田间",
        None,
        [("香文玲", "通讯员")],
        ["香文玲"],
        None,
    ),
    (None, "玛纳斯县引入“社区合伙人” 扩容为民服务“朋友圈”", None, [("陈梦莹", "通讯员")], [], None),
    (
        "党建论坛",
        "把握党的纪律和干事创业的内在统一性",
        None,
        [("吴雅婷", "作者"), ("唐小芹", "作者")],
        [],
        "光明日报",
    ),
    ("评论观点", "立起考核“指挥棒”", None, [("赵成", "作者")], [], "人民日报"),
]
EXPECTED_003 = [
    (None, "昌吉市：“三剂良方”让干部从“要我做”变“我要做”", None, [("陆飞龙", "通讯员")], [], None),
    (
        None,
        "全州党校系统第五届优秀教学成果交流暨第十六届理论研讨会举办",
        None,
        [("付小芳", "记者")],
        ["付小芳"],
        None,
    ),
    (
        None,
        "州退役军人事务局开展“民族团结一家亲”活动",
        "感悟时代变迁 厚植家国情怀",
        [("张庆厚", "通讯员")],
        [],
        None,
    ),
    (
        None,
        "让初心使命融入温情服务",
        "昌吉州退役军人事务局2025年度党建工作综述",
        [("王晓", "通讯员")],
        [],
        None,
    ),
    (None, "党性不容私心侵蚀", None, [("孔令丹", "作者")], [], "人民日报"),
]


@pytest.fixture(scope="module")
def page_000():
    return read_articles([PAGE_000]).articles


@pytest.fixture(scope="module")
def page_003():
    return read_articles([PAGE_003]).articles


def summary(article):
    return (
        article.column,
        article.title,
        article.subtitle,
        [(p.name, p.role) for p in article.authors],
        [p.name for p in article.photographers],
        article.source.name if article.source else None,
    )


def test_page_000_holds_six_articles_with_their_credits(page_000):
    assert [summary(a) for a in page_000] == EXPECTED_000


def test_page_003_holds_five_articles_with_their_credits(page_003):
    assert [summary(a) for a in page_003] == EXPECTED_003


def test_page_furniture_is_kept_as_page_staff_not_article_text(page_000):
    for article in page_000:
        assert article.staff == (("编辑", "杜星星"), ("版式", "张程程"), ("审校", "张鹏"))
        assert "杜星星" not in article.text


def test_captions_and_their_credits(page_000, page_003):
    showcase, party_day = page_000[1], page_000[2]
    assert [c.text for c in showcase.captions] == [
        "玛纳斯县“党课开讲啦”“学习身边榜样”优秀案例展示活动中，玛纳斯县第一小学学生讲述“金色的鱼钩”的故事。"
    ]
    assert showcase.captions[0].credit == "□王路摄"
    assert [c.text for c in party_day.captions] == ["吉木萨尔县社会福利中心党员、职工一起栽菜苗。"]
    seminar, review = page_003[1], page_003[3]
    # printed after the body, with the credit on the same line
    assert seminar.captions[0].text.startswith(
        "在全州党校系统第五届优秀教学成果交流暨第十六届理论研讨会上"
    )
    assert seminar.captions[0].text.endswith("交流展示。")
    assert seminar.captions[0].credit == "□本报记者 付小芳摄"
    assert (
        review.captions[0].text
        == "2025年9月12日，昌吉州退役军人事务局组织开展主题党日，参观新疆新红色记忆博物馆。"
    )
    assert review.captions[0].provider == "昌吉州退役军人事务局"


def test_datelines_of_news_items(page_000, page_003):
    assert page_000[1].dateline.text == "本报讯 通讯员刘阳报道："
    assert page_003[1].dateline.text == "本报讯 记者付小芳报道："
    assert page_000[0].dateline is None  # a feature with a □ byline has no dateline


def test_column_breaks_inside_sentences_are_joined(page_000, page_003):
    body = "\n".join(a.body() for a in page_000 + page_003)
    for joined in [
        "开展党史国史的学习或主题党日等活动400余场次",  # …开 | 展党史国史…
        "新增电视机43台、投影仪39台",  # …电视机43 | 台、投影仪…
        "（初心、警示、实训、体验、感悟课堂）",
        "我深有感触",
        "承平日久",
        "理论研讨会以深入学习贯彻习近平新时代中国特色社会主义思想为主题，推动科研与咨政融合发展。",
        "全体人员认真聆听讲解",
        "按照重要性",
    ]:
        assert joined in body, joined
    assert "\n\n" not in body


def test_subheadings_stay_paragraphs_of_their_article(page_000):
    qitai = page_000[0]
    headings = [qitai.text[p.start : p.end] for p in qitai.paragraphs if p.kind == "heading"]
    assert headings == [
        "理论武装扎实有效 政治根基更加稳固",
        "教育形式守正创新 品牌影响持续扩大",
        "阵地建设提质增效 服务效能全面提升",
    ]
    assert len(qitai.paragraphs) == 13


def test_block_repeated_inside_the_review_is_kept_once_and_recorded(page_003):
    review = page_003[3]
    repeated = "依托四级退役军人服务体系，建立“一人一档”信息库，确保每名退役军人“兵心向党”品牌效应逐步显现。"
    assert review.body().count(repeated) == 1
    assert [(d.text, d.kept_in) for d in review.duplicates] == [(repeated, None)]
    source = PAGE_003.read_text(encoding="utf-8")
    offset = review.duplicates[0].source_offset
    assert source[offset : offset + len(repeated)] == repeated
    assert source.count(repeated) == 2


def test_paragraphs_printed_twice_on_a_page_are_kept_where_they_fit(page_000):
    forum, commentary = page_000[4], page_000[5]
    assert [d.kept_in for d in forum.duplicates] == [commentary.id, commentary.id]
    assert all(d.text in commentary.body() and d.text not in forum.body() for d in forum.duplicates)
    assert commentary.duplicates == ()
    assert forum.body().startswith("位、深层次影响。")  # the page's fragment is kept, not dropped


def test_every_structured_span_points_at_its_text(page_000, page_003):
    for article in page_000 + page_003:
        for person in article.authors + article.photographers:
            assert "".join(article.text[person.start : person.end].split()) == person.name
        for caption in article.captions:
            assert article.text[caption.start : caption.end] == caption.text
        if article.source:
            assert article.text[article.source.start : article.source.end] == article.source.name
        if article.dateline:
            assert (
                article.text[article.dateline.start : article.dateline.end].strip()
                == article.dateline.text
            )
        kinds = {b.kind for b in article.blocks}
        assert "title" in kinds
        for block in article.blocks:
            assert 0 <= block.start <= block.end <= len(article.text)


def test_blocks_point_back_into_the_page(page_000):
    source = PAGE_000.read_text(encoding="utf-8")
    for article in page_000:
        for block in article.blocks:
            first_line = article.text[block.start : block.end][:10]
            assert source[block.source_offset : block.source_offset + len(first_line)] == first_line


def test_articles_are_numbered_in_page_order(page_000):
    assert [a.seq for a in page_000] == [1, 2, 3, 4, 5, 6]


def test_a_closing_byline_after_an_attribution_closes_the_article_it_follows():
    from kg.ingest import segment_source
    from kg.io import Metadata, Source

    text = (
        "让群众有更多获得感（声音）\n\n"
        "　　坚定不移做好基层党建工作，离不开扎实的作风。\n"
        "　　——某某县委书记日前接受本报记者采访\n"
        "　　（本报记者 张晓明 李红梅整理）\n"
    )
    [article] = segment_source(Source("page.txt", text, Metadata()))
    assert [a.name for a in article.authors] == ["张晓明", "李红梅"]
