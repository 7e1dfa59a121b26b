"""Events: a typed activity, who organised it and in what role, where, when, on what theme.

Sentences and unit names are invented in the style of local party-building news; place
names are real NBS divisions. Articles are dated 2025-06-20 unless a test says otherwise.
"""

import datetime as dt

import pytest

from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.dates import find_times
from kg.nlp.events import Named, find_events
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.sentences import sentence_spans

LEX = Lexicon.load()
MATCHERS = matchers_for(LEX)
ANCHOR = dt.date(2025, 6, 20)


def extract(body, title="标题行", byline="□本报记者 李文博", date="2025-06-20"):
    [article] = segment_source(
        Source("t.txt", f"{title}\n\n{byline}\n\n{body}", Metadata(date=date))
    )
    [result] = extract_articles([article])
    return article, result


def record(event):
    """An event as one comparable record."""
    return {
        "type": event.type,
        "name": event.name,
        "organizers": sorted(event.organizers),
        "place": event.place,
        "county": event.county,
        "date": event.date,
        "date_text": event.date_text,
        "theme": event.theme,
    }


def drafts(text, orgs=()):
    """find_events on ``text`` with the given organization names located in it."""
    named = []
    for name in orgs:
        start = text.index(name)
        named.append(Named(start, start + len(name), name))
    times = [(t.start, t.end, t.kind, t.value) for t in find_times(text, ANCHOR)]
    return find_events(text, sentence_spans(text), named, [], times, MATCHERS)


# --- organizers and roles --------------------------------------------------------------


def test_theme_party_day_organized_by_a_branch():
    _, result = extract(
        "6月12日，伊宁县第一小学党支部组织开展“童心向党”主题党日活动，全体党员重温入党誓词。"
    )
    [event] = result.events
    assert record(event) == {
        "type": "主题党日",
        "name": "“童心向党”主题党日活动",
        "organizers": [("伊宁县第一小学党支部", "组织")],
        "place": None,
        "county": "伊宁县",
        "date": "2025-06-12",
        "date_text": "6月12日",
        "theme": None,
    }
    organized = [
        (r.source[1], r.target[1], dict(r.props)) for r in result.relations if r.type == "ORGANIZED"
    ]
    assert organized == [("伊宁县第一小学党支部", "“童心向党”主题党日活动", {"role": "组织"})]
    assert result.entities[("Event", "“童心向党”主题党日活动")].props["type"] == "主题党日"


@pytest.mark.parametrize(
    ("verb", "role"),
    [("组织开展", "组织"), ("组织", "组织"), ("开展", "开展"), ("举办", "主办"), ("召开", "主办")],
)
def test_the_verb_gives_the_organizers_role(verb, role):
    text = f"6月12日，阿勒泰地区科技局机关党支部{verb}党建工作座谈会。"
    [draft] = drafts(text, ["阿勒泰地区科技局机关党支部"])
    assert draft.type == "座谈会"
    assert draft.organizers == [("阿勒泰地区科技局机关党支部", role)]
    assert draft.name == "党建工作座谈会"


def test_main_organizer_and_co_organizers_from_the_activity_sentence():
    _, result = extract(
        "6月18日，“初心如磐”党史知识竞赛在哈密市图书馆举行。"
        "本次活动由哈密市委组织部主办，哈密市总工会、共青团哈密市委协办。"
    )
    [event] = result.events
    assert record(event) == {
        "type": "竞赛",
        "name": "“初心如磐”党史知识竞赛",
        "organizers": [
            ("共青团哈密市委", "协办"),
            ("哈密市委组织部", "主办"),
            ("哈密市总工会", "协办"),
        ],
        "place": "哈密市图书馆",
        "county": None,  # a prefecture-level activity has no county
        "date": "2025-06-18",
        "date_text": "6月18日",
        "theme": None,
    }
    assert [e.sentence for e in event.evidence] == [
        "6月18日，“初心如磐”党史知识竞赛在哈密市图书馆举行。",
        "本次活动由哈密市委组织部主办，哈密市总工会、共青团哈密市委协办。",
    ]


def test_a_county_that_acts_itself_organises_and_is_where_it_was_held():
    _, result = extract("近日，伊宁县开展“党建引领促振兴”主题宣讲活动。")
    [event] = result.events
    assert record(event) == {
        "type": "宣讲",
        "name": "“党建引领促振兴”主题宣讲活动",
        "organizers": [("伊宁县", "开展")],
        "place": None,
        "county": "伊宁县",
        "date": None,
        "date_text": "近日",
        "theme": None,
    }
    organized = [(r.source, dict(r.props)) for r in result.relations if r.type == "ORGANIZED"]
    assert organized == [(("Place", "伊宁县"), {"role": "开展"})]
    held = [(r.target, dict(r.props)) for r in result.relations if r.type == "HELD_IN"]
    assert held == [(("Place", "伊宁县"), {"basis": "organizer"})]
    # 近日 is a window ending on the article's date
    assert (event.date_start, event.date_end) == ("2025-06-06", "2025-06-20")


def test_roles_unit():
    text = "近日，“石榴花开”读书分享会举办。本次活动由伊宁县图书馆承办，伊宁县第一中学协办。"
    [draft] = drafts(text, ["伊宁县图书馆", "伊宁县第一中学"])
    assert sorted(draft.organizers) == [("伊宁县图书馆", "承办"), ("伊宁县第一中学", "协办")]


def test_venue_of_a_held_event_is_its_place_not_its_organizer():
    _, result = extract("6月18日，伊宁县委宣传部在伊宁县图书馆举办读书分享会。")
    [event] = result.events
    assert event.place == "伊宁县图书馆"
    assert event.organizers == [("伊宁县委宣传部", "主办")]
    assert result.entities[("Place", "伊宁县图书馆")].props["level"] == "venue"
    held = [r.target[1] for r in result.relations if r.type == "HELD_IN"]
    assert held == ["伊宁县图书馆"]


def test_venue_unit_is_the_longest_named_thing_after_zai():
    text = "6月12日，伊宁县委组织部在伊宁县党员教育中心举办党务干部培训班。"
    [draft] = drafts(text, ["伊宁县委组织部", "伊宁县党员教育中心"])
    assert draft.place == Named(14, 23, "伊宁县党员教育中心")
    assert draft.organizers == [("伊宁县委组织部", "主办")]


# --- dates and themes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "date", "date_text"),
    [
        pytest.param("2025年6月12日", "2025-06-12", "2025年6月12日", id="full-date"),
        pytest.param("6月12日", "2025-06-12", "6月12日", id="month-day"),
        pytest.param("12日", "2025-06-12", "12日", id="bare-day"),
        pytest.param("近日", None, "近日", id="recently"),
        pytest.param("日前", None, "日前", id="the-other-day"),
    ],
)
def test_event_date_is_resolved_against_the_article_date(when, date, date_text):
    _, result = extract(f"{when}，阿勒泰地区科技局机关党支部组织开展主题党日活动。")
    [event] = result.events
    assert (event.date, event.date_text) == (date, date_text)


def test_a_year_less_date_after_the_article_date_is_last_year():
    _, result = extract(
        "12月26日，阿勒泰地区科技局机关党支部组织开展主题党日活动。", date="2025-01-08"
    )
    [event] = result.events
    assert (event.date, event.date_text) == ("2024-12-26", "12月26日")


def test_theme_given_as_main_line():
    _, result = extract(
        "近日，伊宁县第一小学党支部组织开展主题党日活动。"
        "活动以“童心向党、强国有我”为主线，引导党员教师坚定理想信念。"
    )
    [event] = result.events
    assert event.theme == "童心向党、强国有我"
    assert (event.date, event.date_text) == (None, "近日")


# --- what is not an event ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("今年以来，全县各级党组织开展主题党日活动24场。", id="count"),
        pytest.param("各党支部通过主题党日等活动400余场次凝聚人心。", id="deng-count"),
        pytest.param("全县共开展主题党日活动一百余次。", id="chinese-count"),
        pytest.param("各党支部坚持开展“三会一课”等组织生活。", id="kind-of-activity"),
        pytest.param("党员们参观了党建主题展馆。", id="exhibition-hall"),
        pytest.param("大家观看了《主题党日活动纪实》。", id="work-title"),
    ],
)
def test_tallies_kinds_and_titles_are_not_events(text):
    assert drafts(text, []) == []
    _, result = extract(text)
    assert result.events == []


def test_a_routine_without_organizer_date_or_name_is_not_an_event():
    assert drafts("党员要积极参加主题党日活动。") == []


# --- one event, several mentions ---------------------------------------------------------


def test_title_and_body_mentions_are_one_event_with_both_as_evidence():
    article, result = extract(
        "6月12日，伊宁县人民医院党支部组织开展“医心向党”主题党日活动。"
        "在主题党日活动中，党员们重温入党誓词。",
        title="伊宁县人民医院党支部开展主题党日活动",
    )
    [event] = result.events
    assert record(event) == {
        "type": "主题党日",
        "name": "“医心向党”主题党日活动",
        "organizers": [("伊宁县人民医院党支部", "组织")],
        "place": None,
        "county": "伊宁县",
        "date": "2025-06-12",
        "date_text": "6月12日",
        "theme": None,
    }
    assert [e.sentence for e in event.evidence] == [
        "伊宁县人民医院党支部开展主题党日活动",
        "6月12日，伊宁县人民医院党支部组织开展“医心向党”主题党日活动。",
    ]
    for evidence in event.evidence:
        assert article.text[evidence.start : evidence.end] == evidence.sentence


def test_two_branches_two_events():
    _, result = extract(
        "6月12日，伊宁县人民医院党支部组织开展主题党日活动。"
        "6月13日，伊宁县第一小学党支部组织开展主题党日活动。"
    )
    assert sorted((e.organizers[0][0], e.date) for e in result.events) == [
        ("伊宁县人民医院党支部", "2025-06-12"),
        ("伊宁县第一小学党支部", "2025-06-13"),
    ]


# --- open vocabulary and clause structure (issue 12) ---------------------------------------


def test_an_activity_verb_outside_the_old_vocabulary_is_an_event_typed_in_the_taxonomy():
    _, result = extract("6月12日，伊宁县第一小学党支部组织党员巡河，清理河道垃圾。")
    [event] = result.events
    assert (event.type, event.family) == ("巡查", "调研督查")
    assert event.organizers == [("伊宁县第一小学党支部", "组织")]
    assert (event.county, event.date) == ("伊宁县", "2025-06-12")


def test_a_person_who_visits_leads_it_and_no_organization_organised_it():
    _, result = extract("6月12日，伊宁县委书记李建国到伊宁县第一小学调研。")
    [event] = result.events
    assert event.type == "调研"
    assert event.organizers == []
    assert event.led_by == "李建国"
    assert (event.place, event.county, event.date) == ("伊宁县第一小学", "伊宁县", "2025-06-12")
    # the school is an organization: the event is held where it is
    held = [(r.target, dict(r.props)) for r in result.relations if r.type == "HELD_IN"]
    assert held == [(("Place", "伊宁县"), {"basis": "venue"})]


def test_a_news_agency_in_a_dateline_never_organises_and_its_date_is_not_the_events():
    _, result = extract(
        "新华社乌鲁木齐6月18日电 近日，伊宁县委组织部举办党务干部培训班。",
        byline="",
    )
    [event] = result.events
    assert event.organizers == [("伊宁县委组织部", "主办")]
    assert (event.date, event.date_text) == (None, "近日")
    # 近日 counts back from the day the dateline filed it
    assert (event.date_start, event.date_end) == ("2025-06-04", "2025-06-18")


def test_organizers_listed_together_all_organise():
    _, result = extract("6月12日，伊宁县委组织部、伊宁县总工会联合举办职工运动会。")
    [event] = result.events
    assert event.type == "竞赛"
    assert event.organizers == [("伊宁县委组织部", "主办"), ("伊宁县总工会", "主办")]


def test_a_prepositional_or_possessive_name_is_not_the_subject():
    _, result = extract("6月12日，在伊宁县委组织部的指导下，伊宁县第一小学党支部开展主题党日活动。")
    [event] = result.events
    assert event.organizers == [("伊宁县第一小学党支部", "开展")]


def test_a_headline_is_the_body_events_first_mention():
    _, result = extract(
        "6月12日，伊宁县委组织部为全县党务干部举办“强基固本”专题培训。",
        title="伊宁：开展党务干部培训",
    )
    [event] = result.events
    assert event.organizers == [("伊宁县委组织部", "主办")]
    assert event.name == "“强基固本”专题培训"
    assert event.evidence[0].sentence == "伊宁：开展党务干部培训"


def test_a_bodys_numbered_session_is_its_meeting():
    _, result = extract("6月12日，伊宁县人大常委会第十次会议表决通过了有关决定。")
    [event] = result.events
    assert (event.type, event.name) == ("会议", "伊宁县人大常委会第十次会议")
    assert event.organizers == [("伊宁县人大常委会", "主办")]
    assert (event.date, event.county) == ("2025-06-12", "伊宁县")


def test_a_name_starts_after_particles_and_counts():
    _, result = extract("6月12日，伊宁县第一小学党支部举办了一场“书香润心”读书分享会。")
    [event] = result.events
    assert event.name == "“书香润心”读书分享会"


def test_an_unnamed_event_has_a_generated_label_in_the_graph():
    from kg.graph.build import add_extractions, new_graph

    _, result = extract("6月12日，伊宁县第一小学党支部开展走访慰问。")
    [event] = result.events
    assert event.name is None
    assert event.label == "慰问 · 伊宁县第一小学党支部 · 2025-06-12"
    graph = add_extractions(new_graph(), [result])
    [node] = [d for _, d in graph.nodes(data=True) if d.get("label") == "Event"]
    assert (node["name"], node["name_source"], node["family"]) == (
        event.label,
        "generated",
        "服务帮扶",
    )
    assert (node["date_start"], node["date_end"]) == ("2025-06-12", "2025-06-12")


def test_a_national_event_in_a_local_story_is_not_given_the_storys_county():
    _, result = extract(
        "6月12日，伊宁县第一小学党支部开展主题党日活动。6月10日，国务院召开常务会议，部署有关工作。"
    )
    meeting = next(e for e in result.events if e.type == "会议")
    assert meeting.organizers == [("国务院", "主办")]
    assert (meeting.county, meeting.held_in) == (None, None)


def test_a_leaders_titles_do_not_make_his_offices_the_organizer():
    _, result = extract(
        "6月12日，自治区党委常委、伊宁县委书记、县第一小学工作领导小组组长李建国主持召开座谈会。"
    )
    [event] = result.events
    assert (event.organizers, event.led_by) == ([], "李建国")


def test_the_actor_of_a_relative_clause_organised_the_event():
    _, result = extract("记者从伊宁县18日召开的新闻发布会获悉：伊宁县加强管控。")
    [event] = result.events
    assert (event.type, event.organizers) == ("发布会", [("伊宁县", "主办")])


def test_two_meetings_on_different_days_stay_two():
    _, result = extract(
        "6月10日，伊宁县委召开常委会会议。6月15日，伊宁县委组织部召开会议，部署有关工作。"
    )
    assert sorted(e.date for e in result.events) == ["2025-06-10", "2025-06-15"]


def test_a_numbered_session_with_its_kind_is_the_bodys_meeting():
    _, result = extract("6月18日，伊宁县人大常委会第二十次主任会议在伊宁县召开。")
    [event] = result.events
    assert event.name == "伊宁县人大常委会第二十次主任会议"
    assert event.organizers == [("伊宁县人大常委会", "主办")]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("伊宁县委组织部将于下月举办党务干部培训班。", id="plan"),
        pytest.param("伊宁县第一小学党支部每月开展主题党日活动。", id="routine"),
        pytest.param("各党支部要加强排查，做好防控。", id="obligation"),
        pytest.param("党员干部参加了培训，提升了能力。", id="no-actor-no-day"),
        pytest.param("受疫情影响，伊宁县委组织部暂停举办线下培训班。", id="called-off"),
        pytest.param("近年来，伊宁县第一小学党支部广泛开展志愿服务。", id="years-summary"),
        pytest.param("截至6月18日，伊宁县委组织部累计开展培训。", id="running-total"),
        pytest.param("6月12日，伊宁县委连续召开三次会议。", id="counted"),
        pytest.param("6月4日，伊宁县出台精准帮扶和联点包干等五项制度。", id="kinds-with-and"),
    ],
)
def test_what_did_not_happen_once_is_no_event(text):
    # a plan, a routine, an obligation, a cancellation, a summary, a total or a count
    _, result = extract(text)
    assert result.events == []


def test_a_meeting_named_after_its_body_is_held_by_that_body():
    _, result = extract("6月3日召开的伊宁县人大常务委员会会议强调，要加强防控。")
    [event] = result.events
    assert event.organizers == [("伊宁县人大常务委员会", "主办")]
    assert event.date == "2025-06-03"


def test_a_unit_word_at_a_clause_head_stands_for_the_storys_place():
    _, result = extract(
        "伊宁县吉里于孜镇近日开展防疫宣传。6月12日，镇里组织党员开展疫情排查，逐户登记。"
    )
    patrol = next(e for e in result.events if e.type == "巡查")
    assert patrol.organizers == [("吉里于孜镇", "组织")]
    assert patrol.county == "伊宁县"
    organized = [r.source for r in result.relations if r.type == "ORGANIZED"]
    assert ("Place", "吉里于孜镇") in organized


def test_an_event_is_one_node_across_articles_only_with_a_name_or_a_day():
    from kg.graph.build import add_extractions, new_graph

    def events(*bodies):
        pages = [
            Source(f"{n}.txt", f"标题{n}\n\n{body}", Metadata(date="2025-06-20"))
            for n, body in enumerate(bodies)
        ]
        results = extract_articles([a for page in pages for a in segment_source(page)])
        graph = add_extractions(new_graph(), results)
        return [d for _, d in graph.nodes(data=True) if d["label"] == "Event"]

    visit = "伊宁县委书记李建国到伊宁县第一小学调研。"
    assert len(events(visit, visit)) == 2  # no day: two visits are not one without evidence
    dated = "6月12日，伊宁县委书记李建国到伊宁县第一小学调研。"
    assert len(events(dated, dated)) == 1  # the same leader's 调研 on the same day


def test_an_unowned_event_of_a_county_story_is_held_in_the_county_its_headline_names():
    _, result = extract(
        "6月12日，社区党员开展拉网式排查，逐户登记。6月13日，全国政协召开座谈会。",
        title="伊宁县做好社区疫情排查",
    )
    patrol = next(e for e in result.events if e.type == "巡查")
    assert (patrol.county, patrol.held_in) == ("伊宁县", ("伊宁县", "headline"))
    meeting = next(e for e in result.events if e.type == "座谈会")
    assert (meeting.county, meeting.held_in) == (None, None)  # organised by a national body


def test_an_organization_that_opens_an_events_name_holds_it():
    _, result = extract(
        "伊宁县吉里于孜镇吉里于孜村位于城郊。6月12日，村民参加吉里于孜村合作社分红大会。"
    )
    [event] = result.events
    assert event.organizers == [("吉里于孜村合作社", "主办")]
    # the cooperative is where its village is, which the article placed before
    assert (event.held_in, event.county) == (("吉里于孜村", "organizer"), "伊宁县")


def test_a_bodys_meeting_matched_as_one_trigger_is_held_by_the_body():
    _, result = extract("习近平总书记在6月3日的中央政治局常委会会议上强调，要加强防控。")
    [event] = result.events
    assert event.organizers == [("中共中央政治局常务委员会", "主办")]
    assert event.date == "2025-06-03"


def test_actions_listed_one_after_another_are_done_not_kinds_named():
    _, result = extract("6月12日，伊宁县吉里于孜镇党委组织党员开展疫情排查、宣传防疫知识。")
    assert [e.type for e in result.events] == ["巡查"]


def test_the_place_a_clause_goes_to_is_where_the_activity_was():
    _, result = extract("6月12日下午，镇干部去伊宁县吉里于孜镇吉里于孜村卡口督导。")
    [event] = result.events
    assert (event.type, event.place, event.county) == ("督导", "吉里于孜村", "伊宁县")


def test_a_campaign_named_right_after_a_place_is_that_places_own():
    _, result = extract("6月12日起，全县推行网格化管理。", title="伊宁县“三亮一争”行动夯实基层党建")
    [event] = result.events
    assert (event.type, event.organizers) == ("专项行动", [("伊宁县", "开展")])


def test_what_was_said_at_a_named_meeting_tells_that_it_took_place():
    _, result = extract("6月3日，县委书记在伊宁县委组织部工作会议上强调，要加强防控。")
    [event] = result.events
    # 组织 inside 组织部 is no verb: the department holds its own meeting
    assert (event.name, event.organizers) == (
        "伊宁县委组织部工作会议",
        [("伊宁县委组织部", "主办")],
    )
    assert event.date == "2025-06-03"


def test_an_ordinal_session_is_one_meeting_not_a_count():
    _, result = extract("2019年1月28日，他参加十三届自治区人大二次会议代表团审议。")
    [event] = result.events
    assert (event.name, event.date) == ("十三届自治区人大二次会议", "2019-01-28")


def test_an_activity_launched_is_organised_by_who_launched_it():
    _, result = extract("6月12日，伊宁县委组织部推出“党员先锋”网上征集活动。")
    [event] = result.events
    assert (event.type, event.organizers) == ("征集活动", [("伊宁县委组织部", "开展")])


def test_door_to_door_is_how_an_activity_was_done_not_its_type():
    _, result = extract("6月12日，伊宁县吉里于孜镇党委组织党员入户排查，逐户登记。")
    [event] = result.events
    assert event.type == "巡查"


def test_an_activity_a_cadre_led_is_where_the_cadre_serves():
    _, result = extract("6月12日，伊宁县吉里于孜镇吉里于孜村党支部书记李建国带领党员到田间调研。")
    [event] = result.events
    assert event.led_by == "李建国"
    assert event.held_in[1] == "leader" and event.county == "伊宁县"


def test_a_later_mention_that_names_the_day_dates_the_event():
    # a subtitle gives only the year inside the name; the body gives the day
    _, result = extract(
        "——李明华在2025年春节团拜会上的讲话凝聚人心\n"
        "6月18日，李明华在2025年春节团拜会上的讲话引发热烈反响。"
    )
    [event] = [e for e in result.events if e.type == "团拜会"]
    assert event.date == "2025-06-18"


def test_mentions_dated_to_times_that_exclude_each_other_are_two_events():
    _, result = extract("2015年初，李明华到红星村考察。2017年12月13日，李明华再次到红星村考察。")
    dates = sorted(e.date or e.date_text for e in result.events if e.type == "考察")
    assert dates == ["2015年初", "2017-12-13"]


def test_a_named_meeting_someone_spoke_at_took_place_and_keeps_its_verbs():
    _, result = extract("2024年8月，李明华在全县组织工作会议上强调要抓好党建。")
    [event] = result.events
    assert (event.type, event.name, event.date_text) == ("会议", "全县组织工作会议", "2024年8月")


@pytest.mark.parametrize(
    "body",
    [
        "李明华在会议上强调，要抓好落实。",  # no name, no time: a routine mention
        "2024年8月，李明华在红星村举行的座谈会上发言。",  # 举行的: the name starts after it
    ],
)
def test_the_spoken_at_frame_needs_a_name_and_a_time_and_leaves_relative_verbs(body):
    _, result = extract(body)
    assert all(e.name in (None, "座谈会") for e in result.events)


def test_a_verbal_noun_that_is_the_subject_of_a_predicate_is_no_event():
    _, result = extract("湖南省宁远县虽然邻近市区，但卫生评比一度落后，县里推行党员包户。")
    assert [e for e in result.events if e.type == "评比"] == []


def test_a_leader_chairing_a_bodys_standing_meeting_leaves_the_body_its_organizer():
    _, result = extract("李明华6月18日主持召开国务院常务会议，部署防汛工作。")
    [event] = result.events
    assert (event.name, event.organizers) == ("国务院常务会议", [("国务院", "主办")])


@pytest.mark.parametrize(
    "body",
    ["李明华获得2024年全省职业技能竞赛一等奖。", "2023年，李明华曾获湖南省创业大赛金奖。"],
)
def test_an_award_told_in_a_list_of_honours_is_no_event(body):
    _, result = extract(body)
    assert result.events == []


def test_a_headline_exhibition_and_its_body_sentence_are_one_dated_event():
    _, result = extract(
        "由伊宁县委组织部举办的“初心如磐”主题展览18日在县文化馆开幕。",
        title="“初心如磐”主题展开幕",
    )
    [event] = [e for e in result.events if e.type == "展示活动"]
    assert event.date == "2025-06-18"
    assert len(event.evidence) == 2  # the headline and the body sentence


def test_the_place_a_relative_clause_says_it_was_held_in_is_no_organizer():
    _, result = extract("6月18日在伊宁县举行的全县表彰大会上，李明华发表讲话。")
    [event] = result.events
    assert event.organizers == [] and event.place == "伊宁县"
