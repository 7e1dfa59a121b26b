"""Extraction on the sample pages: the facts the issue names, each with exact evidence."""

import pytest
from conftest import SEEDS

from kg.extract import extract_articles
from kg.ingest import read_articles


@pytest.fixture(scope="module")
def results():
    return {r.article.title: r for r in extract_articles(read_articles([SEEDS]).articles)}


def article(results, start):
    return next(r for title, r in results.items() if title.startswith(start))


def relations(result, kind):
    return {
        (r.source[1], r.target[1], tuple(sorted(dict(r.props).items())))
        for r in result.relations
        if r.type == kind
    }


def test_party_branch_ran_its_theme_party_day_in_its_county(results):
    result = article(results, "吉木萨尔县社会福利中心党支部")
    [event] = [e for e in result.events if e.type == "主题党日"]
    assert event.name == "“党建聚力践初心、劳动种菜暖民心”主题党日活动"
    assert event.organizers == [("吉木萨尔县社会福利中心党支部", "组织")]
    assert event.county == "吉木萨尔县"
    assert event.date is None and event.date_text == "近日"
    assert len(event.evidence) >= 2  # the title and the body both state it
    org = result.entities[("Organization", "吉木萨尔县社会福利中心党支部")]
    assert org.props["kind"] == "党支部"
    assert ("吉木萨尔县社会福利中心党支部", "吉木萨尔县社会福利中心", ()) in relations(
        result, "SUB_ORGANIZATION_OF"
    )
    assert ("吉木萨尔县社会福利中心党支部", "吉木萨尔县", ()) in relations(result, "LOCATED_IN")


def test_showcase_hosted_by_the_organization_department_with_co_organizers(results):
    result = article(results, "玛纳斯县“党课开讲啦”")
    [event] = result.events
    assert event.type == "展示活动"
    assert sorted(event.organizers) == [
        ("玛纳斯县委组织部", "主办"),
        ("玛纳斯县教育工委", "协办"),
        ("玛纳斯县机关工委", "协办"),
    ]
    assert event.place == "玛纳斯县第一小学"
    assert event.county == "玛纳斯县"
    assert event.theme == "铸牢中华民族共同体意识"
    assert result.entities[("Organization", "玛纳斯县委组织部")].props["aliases"] == ["县委组织部"]
    posts = relations(result, "HOLDS_POSITION")
    assert ("朱帆", "玛纳斯县委组织部", (("title", "副部长"),)) in posts
    assert ("朱帆", "玛纳斯县机关工委", (("title", "书记"),)) in posts


def test_party_school_seminar_with_experts_from_three_institutions(results):
    result = article(results, "全州党校系统")
    [event] = result.events
    assert event.type == "研讨会"
    assert event.organizers == [("昌吉州党委党校", "主办")]
    orgs = {n for t, n in result.entities if t == "Organization"}
    assert {"新疆师范大学", "福建省委党校", "新疆维吾尔自治区党委党校", "昌吉市委党校"} <= orgs
    assert (
        "昌吉州党委党校（行政学院）"
        in result.entities[("Organization", "昌吉州党委党校")].props["aliases"]
    )
    assert ("左珊", "昌吉市委党校", (("title", "讲师"),)) in relations(result, "HOLDS_POSITION")


def test_veterans_bureau_activities_and_dated_theme_party_day(results):
    unity = article(results, "州退役军人事务局开展")
    assert [(e.type, e.organizers) for e in unity.events if e.organizers] == [
        ("参观", [("昌吉州退役军人事务局", "组织")])
    ]
    review = article(results, "让初心使命融入温情服务")
    [party_day] = [e for e in review.events if e.type == "主题党日"]
    assert party_day.date == "2025-09-12"
    assert party_day.organizers == [("昌吉州退役军人事务局", "组织")]
    assert party_day.place == "新疆新红色记忆博物馆"
    assert ("Place", "新疆新红色记忆博物馆") in review.entities
    assert ("昌吉州退役军人事务局机关党总支", "昌吉州退役军人事务局", ()) in relations(
        review, "SUB_ORGANIZATION_OF"
    )


def test_places_carry_codes_and_hierarchy(results):
    review = article(results, "让初心使命融入温情服务")
    community = review.entities[("Place", "星光社区")]
    assert community.props["level"] == "village" and community.props["code"].startswith("652301")
    part_of = {(s, t) for s, t, _ in relations(review, "PART_OF")}
    assert {
        ("星光社区", "建国路街道"),
        ("建国路街道", "昌吉市"),
        ("昌吉市", "昌吉回族自治州"),
    } <= part_of
    qitai = article(results, "强化理论武装")
    assert qitai.entities[("Place", "昌吉回族自治州")].mentions[0].surface == "全州"


def test_bylines_credits_and_titles_of_works(results):
    showcase = article(results, "玛纳斯县“党课开讲啦”")
    assert relations(showcase, "WROTE") == {("刘阳", showcase.article.id, (("role", "通讯员"),))}
    assert {s for s, _, _ in relations(showcase, "PHOTOGRAPHED")} == {"王路"}
    people = {n for t, n in showcase.entities if t == "Person"}
    assert "胡廷珍" not in people  # named only inside 《革命战士胡廷珍》


def test_every_span_is_the_article_text_at_its_offsets(results):
    for result in results.values():
        text = result.article.text
        for entity in result.entities.values():
            for mention in entity.mentions:
                assert text[mention.start : mention.end] == mention.surface
        evidence = [e for r in result.relations for e in r.evidence]
        evidence += [e for event in result.events for e in event.evidence]
        for item in evidence:
            assert item.article == result.article.id
            assert item.sentence in text
            start = text.index(item.sentence) if item.sentence else item.start
            assert (
                start <= item.start <= item.end <= start + len(item.sentence) or item.sentence == ""
            )
            assert item.rule


def test_extraction_is_deterministic(results):
    again = {r.article.title: r for r in extract_articles(read_articles([SEEDS]).articles)}
    for title, result in results.items():
        assert list(again[title].entities) == list(result.entities)
        assert [e.id for e in again[title].events] == [e.id for e in result.events]
        assert again[title].relations == result.relations


def test_participants_are_the_people_quoted_who_do_not_speak_for_the_host(results):
    assert article(results, "吉木萨尔县社会福利中心党支部").events[0].participants == ["冯吉超"]
    assert article(results, "全州党校系统").events[0].participants == [
        "左珊"
    ]  # not the host's 副院长
    assert article(results, "玛纳斯县“党课开讲啦”").events[0].participants == []  # 朱帆 is the host
    unity = article(results, "州退役军人事务局开展")
    assert unity.events[0].participants == ["李俊毅", "王晓", "谢伟"]
    assert ("李俊毅", unity.events[0].name, ()) in relations(unity, "PARTICIPATED_IN")


def test_recent_dates_become_a_window_before_the_publication_date():
    from kg.io import Metadata

    dated = read_articles([SEEDS], Metadata(date="2025-11-20")).articles
    result = next(r for r in extract_articles(dated) if r.article.title.startswith("全州党校系统"))
    [event] = result.events
    assert (event.date, event.date_text, event.date_window) == (
        None,
        "近日",
        ("2025-11-06", "2025-11-20"),
    )


def test_every_fact_is_stamped_with_the_rules_that_made_it(results):
    stamps = {e.rules for r in results.values() for rel in r.relations for e in rel.evidence}
    assert len(stamps) == 1 and stamps.pop().startswith("rules-")
