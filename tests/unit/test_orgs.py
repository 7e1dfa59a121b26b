"""Organizations: found by structure, named canonically, placed and attached to their parent.

Sentences are invented in the style of local party-building news; place names are real
NBS divisions, every unit and person name is made up. The last section checks that every
mention of any type points at its exact characters in the article text.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import extract_articles
from kg.gazetteer.places import Gazetteer, resolve_places
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.orgs import PlaceRef, Setting, canonical_names, find_org_spans, parent_of, short_prefix

LEX = Lexicon.load()
MATCHERS = matchers_for(LEX)

YINING = "654021"  # 伊宁县
BURQIN = "654321"  # 布尔津县
HAMI = "6505"  # 哈密市
ILI = "6540"  # 伊犁哈萨克自治州


def extract(body, title="标题行", byline="□本报记者 李文博", date="2025-06-20"):
    [article] = segment_source(
        Source("t.txt", f"{title}\n\n{byline}\n\n{body}", Metadata(date=date))
    )
    [result] = extract_articles([article])
    return article, result


def orgs(result):
    """Organization entities as {canonical name: kind}."""
    return {n: e.props["kind"] for (t, n), e in result.entities.items() if t == "Organization"}


def surfaces(result, name):
    return sorted({m.surface for m in result.entities[("Organization", name)].mentions})


def relations(result, kind):
    """Relations of one type as sorted (source name, target name) records."""
    return sorted((r.source[1], r.target[1]) for r in result.relations if r.type == kind)


def place_refs(text):
    """The text's resolved places, as the pipeline hands them to the organization finder."""
    return [
        PlaceRef(
            p.start, p.end, p.surface, p.code, p.name, p.level, p.rule.startswith("place.deixis")
        )
        for p in resolve_places(text, Gazetteer.load())
    ]


def spans(text):
    found = find_org_spans(text, place_refs(text), LEX, MATCHERS)
    return [(text[s.start : s.end], s.kind) for s in found]


def setting(refs, **levels):
    """A Setting naming, for each level given, the first place with that name."""
    return Setting({level: next(r for r in refs if r.name == n) for level, n in levels.items()})


# --- place + unit + kind ---------------------------------------------------------------


def test_a_ministry_is_named_but_the_word_for_departments_is_not():
    _, result = extract(
        "外交部14日举行新闻发布会。各地教育部门、民政部门和国防部门要加强配合。俄罗斯国防部表示。"
    )
    assert set(orgs(result)) == {"外交部", "俄罗斯国防部"}  # another country's is its own


def test_branch_of_a_unit_in_a_county():
    _, result = extract("6月12日，伊宁县人民医院老年病中心党支部组织开展主题党日活动。")
    branch, unit = "伊宁县人民医院老年病中心党支部", "伊宁县人民医院老年病中心"
    assert orgs(result) == {branch: "党支部", unit: "中心"}
    assert (branch, "伊宁县") in relations(result, "LOCATED_IN")
    assert relations(result, "SUB_ORGANIZATION_OF") == [(branch, unit)]
    assert result.entities[("Place", "伊宁县")].props["code"] == YINING


def test_committee_department_is_part_of_its_committee():
    _, result = extract("近日，布尔津县委宣传部召开理论学习会。")
    assert orgs(result) == {"布尔津县委宣传部": "宣传部", "布尔津县委": "党委"}
    assert relations(result, "SUB_ORGANIZATION_OF") == [("布尔津县委宣传部", "布尔津县委")]
    assert ("布尔津县委宣传部", "布尔津县") in relations(result, "LOCATED_IN")


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("伊宁县人民医院党支部", "伊宁县人民医院"),
        ("伊宁县人民医院老年病中心党支部", "伊宁县人民医院老年病中心"),
        ("哈密市统计局机关党总支", "哈密市统计局"),
        ("伊宁县委组织部", "伊宁县委"),
        ("伊宁县委", None),
        ("中共中央组织部", None),
        ("社会福利中心", None),
        ("哈密市人民医院急性病救治中心", "哈密市人民医院"),
        ("哈密市纪委驻哈密市统计局纪检组", "哈密市纪委"),
    ],
)
def test_parent_of(name, parent):
    assert parent_of(name, LEX) == parent


# --- names completed from the article's context -------------------------------------------


def test_county_bodies_take_the_articles_county():
    _, result = extract(
        "近日，伊宁县召开党建工作推进会。县委组织部、县教育工委负责同志参加会议。"
        "伊宁县各乡镇党委书记列席。"
    )
    found = orgs(result)
    assert found["伊宁县委组织部"] == "组织部"
    assert found["伊宁县教育工委"] == "工委"
    assert surfaces(result, "伊宁县委组织部") == ["县委组织部"]
    assert surfaces(result, "伊宁县教育工委") == ["县教育工委"]
    assert ("伊宁县委组织部", "伊宁县") in relations(result, "LOCATED_IN")
    assert ("伊宁县教育工委", "伊宁县") in relations(result, "LOCATED_IN")
    assert "县委组织部" not in found


def test_county_completion_unit():
    text = "伊宁县召开党建工作会议。县委组织部、县教育工委负责同志参加。"
    refs = place_refs(text)
    found = find_org_spans(text, refs, LEX, MATCHERS)
    assert [text[s.start : s.end] for s in found] == ["县委组织部", "县教育工委"]
    assert canonical_names(text, found, setting(refs, county="伊宁县"), LEX) == [
        "伊宁县委组织部",
        "伊宁县教育工委",
    ]


def test_prefecture_bureau_takes_the_short_form_of_the_autonomous_prefecture():
    _, result = extract(
        "近日，伊犁哈萨克自治州党委组织部召开党建工作会议。会上，州退役军人事务局作交流发言。"
    )
    found = orgs(result)
    assert found["伊犁州退役军人事务局"] == "局"
    assert surfaces(result, "伊犁州退役军人事务局") == ["州退役军人事务局"]
    assert ("伊犁州退役军人事务局", "伊犁哈萨克自治州") in relations(result, "LOCATED_IN")
    assert found["伊犁哈萨克自治州党委组织部"] == "组织部"


@pytest.mark.parametrize(
    ("prefecture", "short"),
    [
        ("伊犁哈萨克自治州", "伊犁州"),
        ("博尔塔拉蒙古自治州", "博尔塔拉州"),
        ("巴音郭楞蒙古自治州", "巴音郭楞州"),
        ("克孜勒苏柯尔克孜自治州", "克孜勒苏州"),
    ],
)
def test_short_prefix_of_an_autonomous_prefecture(prefecture, short):
    ref = PlaceRef(0, len(prefecture), prefecture, "65xx", prefecture, "prefecture", False)
    assert short_prefix(ref, "州") == short
    assert short_prefix(ref, None) == prefecture  # written in full it stays in full


def test_prefecture_completion_unit():
    text = "伊犁哈萨克自治州召开会议。州退役军人事务局作交流发言。"
    refs = place_refs(text)
    assert (refs[0].name, refs[0].code) == ("伊犁哈萨克自治州", ILI)
    found = find_org_spans(text, refs, LEX, MATCHERS)
    assert [text[s.start : s.end] for s in found] == ["州退役军人事务局"]
    assert canonical_names(text, found, setting(refs, prefecture="伊犁哈萨克自治州"), LEX) == [
        "伊犁州退役军人事务局"
    ]


def test_bracketed_second_name_is_in_the_mention_not_the_name():
    article, result = extract("近日，哈密市委党校（哈密市行政学院）举办青年干部培训班。")
    assert orgs(result) == {"哈密市委党校": "党校", "哈密市委": "党委"}
    [mention] = result.entities[("Organization", "哈密市委党校")].mentions
    assert mention.surface == "哈密市委党校（哈密市行政学院）"
    assert article.text[mention.start : mention.end] == mention.surface
    assert result.entities[("Organization", "哈密市委党校")].props["aliases"] == [
        "哈密市委党校（哈密市行政学院）"
    ]
    assert "哈密市行政学院" not in orgs(result)


def test_bracket_unit():
    text = "哈密市委党校（哈密市行政学院）举办培训班。"
    refs = place_refs(text)
    [span] = find_org_spans(text, refs, LEX, MATCHERS)
    assert (span.start, span.core_end, span.end, span.kind) == (0, 6, 15, "党校")
    assert span.place.code == HAMI
    assert canonical_names(text, [span], setting(refs, prefecture="哈密市"), LEX) == [
        "哈密市委党校"
    ]


def test_placeless_tail_takes_the_fuller_name_written_in_the_article():
    _, result = extract(
        "布尔津县社会福利中心是一家公办养老机构。"
        "近日，社会福利中心全体党员走进老人房间开展志愿服务。"
    )
    found = orgs(result)
    assert "社会福利中心" not in found
    assert surfaces(result, "布尔津县社会福利中心") == ["布尔津县社会福利中心", "社会福利中心"]
    assert relations(result, "LOCATED_IN") == [("布尔津县社会福利中心", "布尔津县")]
    assert result.entities[("Place", "布尔津县")].props["code"] == BURQIN


def test_placeless_branch_in_the_title_is_the_branch_named_in_the_body():
    _, result = extract(
        "6月3日，布尔津县社会福利中心党支部开展主题党日活动。",
        title="社会福利中心党支部开展主题党日活动",
    )
    found = orgs(result)
    assert "社会福利中心党支部" not in found
    assert surfaces(result, "布尔津县社会福利中心党支部") == [
        "布尔津县社会福利中心党支部",
        "社会福利中心党支部",
    ]


def test_placeless_unit_takes_the_fuller_name_written_only_inside_its_branch():
    # The fuller name 布尔津县社会福利中心 is written in the article, as the unit of the branch.
    _, result = extract(
        "6月3日，布尔津县社会福利中心党支部开展主题党日活动。"
        "社会福利中心全体党员走进菜园，为老人种下蔬菜。"
    )
    found = orgs(result)
    assert "社会福利中心" not in found
    assert "社会福利中心" in surfaces(result, "布尔津县社会福利中心")


def test_office_party_branch_belongs_to_the_articles_main_organization():
    _, result = extract(
        "近日，哈密市统计局开展党纪学习教育。机关党总支组织党员参观学习。哈密市统计局全体干部参加。"
    )
    found = orgs(result)
    assert found["哈密市统计局机关党总支"] == "党总支"
    assert "机关党总支" not in found
    assert surfaces(result, "哈密市统计局机关党总支") == ["机关党总支"]
    assert ("哈密市统计局机关党总支", "哈密市统计局") in relations(result, "SUB_ORGANIZATION_OF")


def test_office_party_branch_unit():
    text = "哈密市统计局开展学习。机关党总支组织党员参观。哈密市统计局干部参加。"
    refs = place_refs(text)
    found = find_org_spans(text, refs, LEX, MATCHERS)
    assert canonical_names(text, found, setting(refs, prefecture="哈密市"), LEX) == [
        "哈密市统计局",
        "哈密市统计局机关党总支",
        "哈密市统计局",
    ]


@pytest.mark.parametrize(
    ("alias", "full", "kind"),
    [
        pytest.param("中组部", "中共中央组织部", "组织部", id="organization-dept"),
        pytest.param("中宣部", "中共中央宣传部", "宣传部", id="publicity-dept"),
        pytest.param("中央纪委", "中共中央纪律检查委员会", "纪委", id="discipline-commission"),
        pytest.param("全国妇联", "中华全国妇女联合会", "群团", id="womens-federation"),
    ],
)
def test_standard_abbreviation_is_expanded(alias, full, kind):
    _, result = extract(f"近日，{alias}印发通知，对基层党建工作作出部署。")
    assert orgs(result) == {full: kind}
    assert surfaces(result, full) == [alias]
    assert result.entities[("Organization", full)].props["aliases"] == [alias]


def test_party_member_is_not_the_party():
    # 中共|党员: the alias 中共 followed by 党员 names a member, not the party.
    assert spans("他是一名中共党员，多年来扎根基层。") == []


# --- what is not an organization -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("各党支部结合实际开展学习。", id="each-branch"),
        pytest.param("基层党组织要发挥战斗堡垒作用。", id="grassroots-party-organizations"),
        pytest.param("着力构建大党建格局。", id="pattern-ju"),
        pytest.param("推进标准化规范化党支部建设。", id="standardised-branch"),
        pytest.param("召开理论学习中心组学习会。", id="theory-study-group"),
        pytest.param("全体党员参加。", id="all-members"),
        pytest.param("伊宁县全面建成五办五中心。", id="five-offices-five-centres"),
        pytest.param("全县建成三个中心。", id="three-centres"),
        pytest.param("支部书记带头讲党课。", id="branch-secretary"),
    ],
)
def test_generic_nouns_are_not_organizations(text):
    assert spans(text) == []


def test_generic_nouns_in_an_article():
    _, result = extract(
        "近日，伊宁县委理论学习中心组召开学习会。各党支部要结合实际抓好落实，"
        "推动基层党组织全面进步、全面过硬，推进标准化党支部建设，构建大党建格局。"
    )
    found = orgs(result)
    assert not any(n.endswith(("中心", "中心组", "党组织", "格局", "党支部")) for n in found), found
    assert found.get("伊宁县委") == "党委"


def test_bare_county_committee_without_a_county_is_not_an_organization():
    # 县委 with no county anywhere in the article has no referent, so it names no
    # organization (tests/gold/README.md: "县委 when used without a referent" is generic).
    _, result = extract("近日，县委理论学习中心组召开学习会，传达学习有关会议精神。")
    assert orgs(result) == {}


def test_names_inside_a_work_title_are_not_organizations():
    text = "近日，伊宁县第二中学党支部组织党员观看《伊宁县第一中学党支部的故事》专题片。"
    assert spans(text) == [("伊宁县第二中学党支部", "党支部")]
    _, result = extract(text)
    assert "伊宁县第一中学党支部" not in orgs(result)
    assert "伊宁县第二中学党支部" in orgs(result)


# --- offsets: every mention points at its characters ---------------------------------------

DECORATED = (
    "🎉6月12日,伊寧縣人民醫院黨支部組織開展主題黨日活動!😀"
    "伊宁县人民医院党支部书记冯海涛说:“服务要做细。”(图为活动现场)👍🏻"
    "伊宁县委组织部副部长、县委机关工委书记孙志强表示,要压实责任。"
    "❤️村民阿依古丽·买买提说:“党的政策好!”"
)


def assert_offsets(article, result):
    text = article.text
    for entity in result.entities.values():
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.surface, mention
    for relation in result.relations:
        for evidence in relation.evidence:
            assert evidence.sentence in text, evidence
            assert text[evidence.start : evidence.end] in evidence.sentence, evidence
    for event in result.events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.sentence, evidence


def test_offsets_with_emoji_traditional_and_half_width_punctuation():
    article, result = extract(DECORATED, title="伊寧縣👍黨建引領,服務群眾")
    assert_offsets(article, result)
    text = article.text
    found = orgs(result)
    assert {"伊宁县人民医院党支部", "伊宁县委组织部", "伊宁县委机关工委"} <= set(found)
    [branch] = result.entities[("Organization", "伊宁县人民医院党支部")].mentions
    assert text[branch.start - 1] == "😀"
    assert text[branch.start : branch.end] == "伊宁县人民医院党支部"


_PIECES = [
    "6月12日，伊宁县人民医院党支部组织开展“医心向党”主题党日活动。",
    "哈密市委党校（哈密市行政学院）举办青年干部培训班。",
    "伊宁县委组织部副部长、县委机关工委书记孙志强说，要压实责任。",
    "党员陈晓东表示：“我们会坚持下去。”",
    "会上，伊宁县人大常委会副主任周文华、吴海燕出席。",
    "中组部印发通知。",
    "伊寧縣人民醫院黨支部開展活動。",
]
_NOISE = ["🎉", "👍🏻", "👨\u200d👩\u200d👧", "❤️", ",", "!", "(", ")", ":", "?", " ", "黨", "縣"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PIECES), st.lists(st.sampled_from(_NOISE), max_size=3)),
        min_size=1,
        max_size=5,
    )
)
def test_offsets_hold_for_any_mix_of_noise(parts):
    body = "".join("".join(noise) + piece for piece, noise in parts)
    article, result = extract(body)
    assert_offsets(article, result)


def test_a_prefix_at_the_very_start_of_the_text_does_not_reach_before_it():
    text = "共青团伊宁县委兼职副书记李文博"
    found = find_org_spans(text, place_refs(text), LEX, MATCHERS)
    assert [(text[s.start : s.end], s.start) for s in found] == [("共青团伊宁县委", 0)]


# --- chains of posts, quoted names, mined heads, destinations ------------------------


def test_a_chain_of_posts_shares_the_first_organizations_place():
    _, result = extract("伊宁县人大常委会副主任、政协副主席、县纪委委员、监委副主任周文华出席。")
    found = orgs(result)
    assert {"伊宁县人大常委会", "伊宁县政协", "伊宁县纪委", "伊宁县监委"} <= set(found)
    posts = {
        (r.target[1], dict(r.props)["title"])
        for r in result.relations
        if r.type == "HOLDS_POSITION"
    }
    assert ("伊宁县政协", "副主席") in posts and ("伊宁县监委", "副主任") in posts


def test_a_department_after_a_committee_member_belongs_to_the_committee():
    _, result = extract("哈密市委常委、组织部部长王立新介绍了情况。")
    assert "哈密市委组织部" in orgs(result)


def test_a_list_chains_only_bare_kinds():
    # 某县人大、政协: 政协 is the county's; 党员服务中心 after a list is no county body
    _, result = extract("伊宁县人大、政协负责同志出席。社区公共服务中心、党员服务中心开放。")
    found = orgs(result)
    assert "伊宁县政协" in found
    assert not any(n.endswith("党员服务中心") for n in found)


def test_a_chain_needs_an_organization_before_it():
    assert spans("委员、管委会副主任") == []


def test_a_quoted_name_is_an_organization_without_a_place():
    assert spans("他们修缮了当年创建的“杏林党支部”旧址") == [("杏林党支部", "党支部")]
    assert spans("社区成立“银发之家”党员志愿者工作室") == [("“银发之家”党员志愿者工作室", "工作室")]


def test_quoted_ratings_and_generic_kinds_are_not_names():
    assert spans("争创“五星”党支部") == []
    _, result = extract("在某地，“临时党支部”“党员突击队”迅速行动起来。")
    assert "临时党支部" not in orgs(result)


def test_a_mined_head_names_a_body_only_after_its_owner():
    assert "卫健委" in LEX.org_heads and "文化站" in LEX.org_heads
    _, result = extract("次日，新疆维吾尔自治区卫健委就督促医院处理。")
    assert "新疆维吾尔自治区卫健委" in orgs(result)
    assert spans("他是文化站站长") == []
    assert spans("一位卫健委干部") == []


def test_the_place_a_body_went_to_is_inside_its_name():
    text = "伊宁县赴哈密市医疗队队员孙斌"
    assert spans(text) == [("伊宁县赴哈密市医疗队", "队")]
    _, result = extract(f"{text}说。")
    assert relations(result, "LOCATED_IN") == [("伊宁县赴哈密市医疗队", "伊宁县")]


def test_a_village_branch_is_its_party_branch():
    _, result = extract("伊宁县吉里于孜村召开大会。村支部书记王立新说。")
    assert "吉里于孜村党支部" in orgs(result)


def test_a_quoted_coined_term_is_not_an_organization():
    _, result = extract("当地连夜抢建“方舱医院”，推进“最多跑一次”改革涉及政府治理。")
    assert orgs(result) == {}


def test_a_county_word_stands_for_the_nearest_county_before_it():
    _, result = extract(
        "伊宁县的经验在布尔津县推广。布尔津县委组织部的同志说，县委高度重视。"
        "伊宁县召开会议，县委书记出席。"
    )
    names = [n for n, _ in orgs(result).items()]
    assert "布尔津县委" in names and "伊宁县委" in names


@pytest.mark.parametrize(
    "text, name, located",
    [
        ("伊宁县萨地克于孜乡新建村党支部书记王立新说。", "新建村党支部", "萨地克于孜乡"),
        (
            "新疆伊宁县城区向阳社区卫生服务中心党支部书记王立新说。",
            "向阳社区卫生服务中心党支部",
            "伊宁县",
        ),
    ],
)
def test_a_village_the_gazetteer_lacks_starts_the_name_after_an_address_chain(text, name, located):
    _, result = extract(text)
    assert name in orgs(result)
    assert (name, located) in relations(result, "LOCATED_IN")


def test_a_county_committee_and_government_stay_two_bodies():
    _, result = extract("伊宁县委县政府高度重视。")
    assert {"伊宁县委", "伊宁县政府"} <= set(orgs(result))


@pytest.mark.parametrize(
    "text, name",
    [
        pytest.param(
            "新疆医科大学附属哈密市人民医院护士长王丽华说。",
            "新疆医科大学附属哈密市人民医院",
            id="attached",
        ),
        pytest.param(
            "哈密市纪委驻哈密市统计局纪检组组长王丽华说。",
            "哈密市纪委驻哈密市统计局纪检组",
            id="stationed",
        ),
        pytest.param("哈密市委、人大、政府、政协四大班子领导出席。", "哈密市政协", id="list-place"),
        pytest.param(
            "新疆伊宁县人民医院党支部书记、工会主席王丽华说。",
            "伊宁县人民医院工会",
            id="chain-parent",
        ),
        pytest.param(
            "新疆维吾尔自治区市场监管局、林业局等六部门联合发文。",
            "新疆维吾尔自治区林业局",
            id="list-not-body",
        ),
    ],
)
def test_a_body_takes_its_name_from_the_one_written_before_it(text, name):
    # after 附属/驻 it carries that one's name; in a list or a chain of posts it shares that
    # one's place (not its body), or belongs to that one's parent
    _, result = extract(text)
    assert name in orgs(result)


def test_a_chain_never_joins_a_full_name_or_a_generic_owner():
    _, result = extract(
        "各市州党委、政府要负责。他曾任中共伊宁县委书记、中共中央某局委员。乡党委、政府要落实。"
    )
    found = orgs(result)
    assert not any(n.endswith("州政府") or "县中共" in n for n in found)
    assert not any(n in ("政府", "乡政府") for n in found)  # an owner with no place to share


def test_a_village_party_branch_deep_in_its_story_is_the_villages():
    # 600 characters with no village in them (distinct: repeated lines are deduplicated)
    filler = "".join(f"第{i}位老人在院里晒太阳，聊着家常。" for i in range(40))
    _, result = extract(f"记者来到伊宁县吉里于孜村。{filler}村党支部书记王丽华说，要办好事。")
    assert "吉里于孜村党支部" in orgs(result)
    assert ("吉里于孜村党支部", "吉里于孜村") in relations(result, "LOCATED_IN")


def test_a_village_office_far_from_its_village_is_not_named_after_it():
    filler = "".join(f"第{i}位老人在院里晒太阳，聊着家常。" for i in range(40))
    _, result = extract(f"记者来到伊宁县吉里于孜村。{filler}村办公室里很暖和。")
    assert "吉里于孜村办公室" not in orgs(result)


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("获得市级、县级党委、政府以及省级部门表彰。", "县级政府"),
        ("新疆维吾尔自治区召开会议。各省级党委要负责。", "省级党委"),
        ("哈密市行政区域内中小学、幼儿园2月17日前不开学。", "哈密市幼儿园"),
        ("新疆大学校长、对外经贸大学教授王丽华认为。", "新疆对外经贸大学"),
    ],
)
def test_a_chain_shares_no_place_with_a_level_a_list_of_facilities_or_a_full_name(text, wrong):
    _, result = extract(text)
    assert not any(wrong in n for n in orgs(result))


def test_a_team_named_by_where_it_went_needs_whose_it_is():
    _, result = extract("伊宁县人民医院援助哈密市医疗队出发。首批支援哈密市医疗队已经抵达。")
    found = orgs(result)
    assert "伊宁县人民医院援助哈密市医疗队" in found
    assert "哈密市医疗队" not in found  # the city is where it went, not whose team it is


@pytest.mark.parametrize(
    "text",
    [
        "在北京一家医院病房内。",
        "新疆维吾尔自治区内银行放贷。",
        "伊宁县一处工业园复工。",
        "伊宁县乡政府要负责。",
        "某乡镇卫生院开诊。",
    ],
)
def test_a_count_or_a_class_of_bodies_is_not_one_body(text):
    _, result = extract(text)
    assert orgs(result) == {}


def test_an_embassy_is_an_organization_and_a_hall_is_no_body():
    _, result = extract("进入中国驻美国大使馆主楼大厅，一面墙上挂着灯笼。")
    assert orgs(result) == {"中国驻美国大使馆": "使馆"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("国家电网杭州供电公司运维检修部职工王立新说，抢修已经完成。", "国家电网杭州供电公司"),
        ("中国中车株洲电力机车公司的工人说，订单很多。", "中国中车株洲电力机车公司"),
        ("南方电网广西电网公司桂林供电局职工说。", "南方电网广西电网公司桂林供电局"),
    ],
)
def test_a_group_written_before_its_company_is_part_of_the_name(text, name):
    _, result = extract(text)
    assert name in orgs(result)


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("会议强调，要展现新时代杭州政协的新担当。", "新时代杭州政协"),
        ("浙江省委省政府高度重视这项工作。", "浙江省委省政府"),
    ],
)
def test_an_era_or_a_second_body_is_no_group_before_a_name(text, whole):
    _, result = extract(text)
    assert whole not in orgs(result)


def test_a_democratic_partys_central_committee_is_named_in_full_and_short_forms_stay_apart():
    _, result = extract("九三学社中央副主席李明华说，人民进行了选举，农民建房有补贴。")
    assert set(orgs(result)) == {"九三学社中央委员会"}


def test_a_national_team_is_its_countrys_and_a_tournament_is_no_team():
    _, result = extract(
        "奥运会女篮预选赛在塞尔维亚举行，中国女篮战胜欧洲劲旅英国女篮，中国女篮主教练李明华说。"
    )
    assert set(orgs(result)) == {"中国女篮", "英国女篮"}
    assert ("李明华", "主教练", "中国女篮") in {
        (r.source[1], dict(r.props).get("title"), r.target[1])
        for r in result.relations
        if r.type == "HOLDS_POSITION"
    }


def test_a_school_word_before_students_is_no_organization():
    _, result = extract("湖南省大学生创业大赛在长沙举行，贵州省中小学生参加。")
    assert not [n for n in orgs(result) if n.endswith(("大学", "小学"))]
