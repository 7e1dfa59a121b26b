"""People: a title before a name (or a post after it), the posts they hold, and bylines.

Sentences and names are invented in the style of local party-building news; place names
are real NBS divisions. 习近平 is the one public figure, as the standard case of a name
written before its post.
"""

import pytest

from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.people import find_people

LEX = Lexicon.load()
MATCHERS = matchers_for(LEX)


def extract(body, title="标题行", byline="□本报记者 李文博", date="2025-06-20"):
    [article] = segment_source(
        Source("t.txt", f"{title}\n\n{byline}\n\n{body}", Metadata(date=date))
    )
    [result] = extract_articles([article])
    return article, result


def people(result):
    """Persons found in the text (bylines left out) as {name: titles}."""
    return {
        name: e.props.get("titles", [])
        for (kind, name), e in result.entities.items()
        if kind == "Person" and any(m.rule != "person.byline.v1" for m in e.mentions)
    }


def positions(result):
    """HOLDS_POSITION as sorted (person, title, organization) records."""
    return sorted(
        (r.source[1], dict(r.props)["title"], r.target[1])
        for r in result.relations
        if r.type == "HOLDS_POSITION"
    )


def names(text, org_bounds=()):
    """Names find_people reads in ``text`` (no organizations unless given)."""
    return [p.name for p in find_people(text, list(org_bounds), LEX, MATCHERS)]


# --- a title before a name -------------------------------------------------------------


def test_post_before_a_name_with_a_speech_verb():
    _, result = extract("会上，伊宁县委组织部副部长马晓峰说，要把党员教育抓在日常。")
    assert people(result) == {"马晓峰": ["副部长"]}
    assert positions(result) == [("马晓峰", "副部长", "伊宁县委组织部")]


def test_member_title_before_a_name_with_a_speech_verb():
    _, result = extract("党员陈晓东表示：“能为群众办实事，我们干劲十足。”")
    assert people(result) == {"陈晓东": ["党员"]}
    assert positions(result) == []  # no organization written before the title


def test_member_of_a_named_unit_holds_a_position_there():
    _, result = extract(
        "近日，哈密市第三中学组织党员开展志愿服务。哈密市第三中学党员吕晓燕说：“很有意义。”"
    )
    assert people(result) == {"吕晓燕": ["党员"]}
    assert positions(result) == [("吕晓燕", "党员", "哈密市第三中学")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("副部长马晓峰说，要抓好落实。", ["马晓峰"], id="post-says"),
        pytest.param("副部长马晓峰主持会议。", ["马晓峰"], id="post-chairs"),
        pytest.param("副部长马晓峰，带领党员入户走访。", ["马晓峰"], id="post-comma"),
        pytest.param("副部长马晓峰带队检查党建工作。", ["马晓峰"], id="post-leads-team"),
        pytest.param("党员陈晓东表示，要坚持下去。", ["陈晓东"], id="member-states"),
        pytest.param("党员陈晓东：“我们会坚持下去。”", ["陈晓东"], id="member-colon"),
        # member titles are group words: only a speech verb makes the next words a name
        pytest.param("党员开展志愿服务。", [], id="member-verb"),
        pytest.param("党员韩雪参加活动。", [], id="member-name-no-speech"),
        pytest.param("党员干部带头参加。", [], id="member-compound"),
        pytest.param("志愿者高温下坚守岗位。", [], id="volunteer-verb"),
    ],
)
def test_names_after_a_title_need_a_cue(text, expected):
    assert names(text) == expected


def test_post_chain_gives_one_position_per_organization():
    _, result = extract("伊宁县委组织部副部长、县委机关工委书记孙志强说，要压实基层党建工作责任。")
    assert people(result) == {"孙志强": ["副部长", "书记"]}
    assert positions(result) == [
        ("孙志强", "书记", "伊宁县委机关工委"),
        ("孙志强", "副部长", "伊宁县委组织部"),
    ]


def test_names_listed_after_one_title_share_it():
    _, result = extract("会上，伊宁县人大常委会副主任周文华、吴海燕、郑国庆出席并讲话。")
    assert people(result) == {
        "周文华": ["副主任"],
        "吴海燕": ["副主任"],
        "郑国庆": ["副主任"],
    }
    assert positions(result) == [
        ("吴海燕", "副主任", "伊宁县人大常委会"),
        ("周文华", "副主任", "伊宁县人大常委会"),
        ("郑国庆", "副主任", "伊宁县人大常委会"),
    ]


def test_a_list_stops_at_the_next_title():
    text = "副主任周文华、主任科员吴海燕出席。"
    found = find_people(text, [], LEX, MATCHERS)
    assert [(p.name, [post.title for post in p.posts]) for p in found] == [
        ("周文华", ["副主任"]),
        ("吴海燕", ["主任科员"]),
    ]


@pytest.mark.parametrize(
    "org",
    [
        pytest.param("伊宁县人民医院党支部", id="branch"),
        pytest.param("伊宁县人民医院党委", id="committee"),
    ],
)
def test_secretary_of_a_named_party_organization_holds_a_position_there(org):
    # 伊宁县人民医院党支部书记: the title word 党支部书记 overlaps the organization's name;
    # the position is 书记 of that organization.
    _, result = extract(f"{org}书记冯海涛说，要把服务做细。")
    assert "冯海涛" in people(result)
    assert positions(result) == [("冯海涛", "书记", org)]


def test_deputy_secretary_of_a_branch_holds_a_position_there():
    _, result = extract("伊宁县人民医院党支部副书记冯海涛说，要把服务做细。")
    assert positions(result) == [("冯海涛", "副书记", "伊宁县人民医院党支部")]


# --- a name before its post --------------------------------------------------------------


def test_name_before_its_post():
    _, result = extract("习近平总书记指出，党的力量来自组织。")
    assert people(result) == {"习近平": ["总书记"]}
    [mention] = result.entities[("Person", "习近平")].mentions
    assert mention.rule == "person.title_after.v1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 强 and 谈 are surnames, but the speech verb after the post is not a name
        pytest.param("会上，刘振华书记强调，要把责任扛在肩上。", ["刘振华"], id="stresses"),
        pytest.param("刘振华书记指出，要抓好落实。", ["刘振华"], id="points-out"),
        pytest.param("刘振华书记谈到，要抓好落实。", ["刘振华"], id="mentions"),
        pytest.param("会上，刘振华书记带队检查。", [], id="no-speech-verb"),
        pytest.param("他向刘振华书记汇报。", [], id="after-a-verb"),
    ],
)
def test_name_before_a_post_needs_a_speech_verb(text, expected):
    assert names(text) == expected


# --- transliterated names with a middle dot ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "会上，艾尔肯·吐尔逊、努尔兰·哈力别克作交流发言。",
            ["艾尔肯·吐尔逊", "努尔兰·哈力别克"],
            id="list-then-verb",
        ),
        pytest.param("会上，艾尔肯·吐尔逊说：“要把好事办好。”", ["艾尔肯·吐尔逊"], id="says"),
        pytest.param("村民阿依古丽·买买提说：“党的政策好。”", ["阿依古丽·买买提"], id="title-says"),
        pytest.param(
            "驻村第一书记艾尔肯·吐尔逊带领党员入户走访。", ["艾尔肯·吐尔逊"], id="post-leads"
        ),
        pytest.param("（艾尔肯•吐尔逊）", ["艾尔肯•吐尔逊"], id="bracketed-bullet-dot"),
    ],
)
def test_middle_dot_names(text, expected):
    assert names(text) == expected


def test_middle_dot_name_with_a_title_keeps_the_title():
    _, result = extract("驻村第一书记艾尔肯·吐尔逊说：“要让村民的日子越过越好。”")
    assert people(result) == {"艾尔肯·吐尔逊": ["第一书记"]}


def test_a_quoted_middle_dot_phrase_is_not_a_name():
    assert names("活动以“石榴·同心”为主题。") == []


# --- titles of works ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("大家观看了《书记杨光明》专题片。", id="post-name"),
        pytest.param("党员们学习了《老党员陈守义说》一文。", id="member-name-says"),
        pytest.param("他创作了《艾尔肯·吐尔逊的故事》。", id="dot-name"),
        pytest.param("《习近平总书记指出的方向》读本发放到支部。", id="name-before-post"),
    ],
)
def test_names_inside_a_work_title_are_not_people(text):
    assert names(text) == []


def test_person_beside_a_work_title_is_found():
    _, result = extract("讲师高文静说，《红色家书》让她深受触动。")
    assert people(result) == {"高文静": ["讲师"]}


# --- bylines -----------------------------------------------------------------------------


def test_byline_people_wrote_the_article_with_their_role():
    article, result = extract(
        "近日，伊宁县委组织部召开会议。", byline="□本报记者 李文博 通讯员 何静"
    )
    wrote = sorted(
        (r.source[1], dict(r.props)["role"], r.target)
        for r in result.relations
        if r.type == "WROTE"
    )
    assert wrote == [
        ("何静", "通讯员", ("Article", article.id)),
        ("李文博", "记者", ("Article", article.id)),
    ]
    for name in ("李文博", "何静"):
        [mention] = result.entities[("Person", name)].mentions
        assert mention.rule == "person.byline.v1"
        assert article.text[mention.start : mention.end] == name


def test_a_grid_worker_holds_the_post_at_the_community_written_before():
    _, result = extract(
        "记者来到伊宁县吉里于孜村。我们见到了刚给村民送物资的网格员王丽华，她说：“放心吧。”"
    )
    assert ("王丽华", "网格员", "吉里于孜村") in positions(result)


def test_mined_titles_link_a_person_to_the_organization_before_them():
    _, result = extract("伊宁县人民医院消毒学首席专家王丽华建议，要做好防护。")
    assert ("王丽华", "消毒学首席专家", "伊宁县人民医院") in positions(result)


def test_a_chain_of_posts_keeps_the_committee_members_post():
    _, result = extract("哈密市委常委、组织部部长王立新介绍，要办好事。")
    held = positions(result)
    assert ("王立新", "常委", "哈密市委") in held
    assert ("王立新", "部长", "哈密市委组织部") in held


def test_a_column_tag_with_a_dot_is_no_person_and_a_dotted_name_is():
    _, result = extract("美丽中国·深度。南希·佩洛西说，这很重要。")
    people = {n for (t, n) in result.entities if t == "Person"}
    assert "南希·佩洛西" in people and "美丽中国·深度" not in people


def test_a_dotted_name_ends_where_the_person_does_not_at_the_next_cue():
    _, result = extract("巴基斯坦总理伊姆兰·汗表示，中国是朋友。比尔·盖茨创立的基金会捐款。")
    people = {n for (t, n) in result.entities if t == "Person"}
    assert {"伊姆兰·汗", "比尔·盖茨"} <= people
    assert not any(n.endswith(("表示", "创立")) for n in people)
