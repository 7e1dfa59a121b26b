"""Cross-article resolution: one node per person, organization and activity, as far as the
evidence goes, with the reasons kept; the same articles give the same graph in any order.

Articles are invented in the style of local news; names of people and units are made up,
places are real NBS divisions.
"""

from __future__ import annotations

import random

import pytest
from conftest import SEEDS

import kg
from kg.builder import GRAPH_JSON
from kg.io import Metadata
from kg.sinks.nodelink import read_json


def graph_of(tmp_path, *bodies, name="g", append_from=None):
    """Build one article per body (dated 2025-06-20) and return the resolved graph."""
    files = []
    for i, body in enumerate(bodies):
        path = tmp_path / f"src-{name}" / f"{i:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"标题{i}\n\n本报记者 周文\n\n{body}\n", "utf-8")
        files.append(path)
    out = tmp_path / name
    kg.build(files, out, defaults=Metadata(date="2025-06-20"))
    return read_json(out / GRAPH_JSON)


def nodes(graph, label, name):
    return [d for _, d in graph.nodes(data=True) if d["label"] == label and d.get("name") == name]


def test_one_person_across_articles_when_a_post_is_shared(tmp_path):
    graph = graph_of(
        tmp_path,
        "伊宁县委组织部部长赵承远主持召开会议。",
        "6月12日，伊宁县委常委赵承远到吉里于孜镇调研。",
        "赵承远强调，要做好防汛工作。",  # no post here: the one 赵承远 the corpus knows
    )
    [person] = nodes(graph, "Person", "赵承远")
    assert len(person["merged_ids"]) == 2
    because = person["merged_because"]
    assert "post: 伊宁县委组织部 within 伊宁县委" in because  # a unit and its parent
    assert any(b.startswith("rare name") for b in because)


def test_one_title_at_a_unit_written_fuller_and_shorter_is_one_person(tmp_path):
    graph = graph_of(
        tmp_path,
        "伊宁县公安局吉里于孜派出所所长马建国带队巡逻。",
        "吉里于孜派出所所长马建国说，要守好每一户。",
    )
    [person] = nodes(graph, "Person", "马建国")
    assert [b for b in person["merged_because"] if b.startswith("post: 所长 · ")]
    assert [b for b in person["merged_because"] if b.endswith("吉里于孜派出所")]


def test_an_article_printed_twice_names_one_person(tmp_path):
    body = "村民王芳说，今年收成好。"
    files = []
    for i in range(2):  # the same story on two pages, one with a line more
        path = tmp_path / "src" / f"{i}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"丰收的喜悦写在脸上\n\n{body}{'记者在现场看到。' * i}\n", "utf-8")
        files.append(path)
    kg.build(files, tmp_path / "g", defaults=Metadata(date="2025-06-20"))
    graph = read_json(tmp_path / "g" / GRAPH_JSON)
    [person] = nodes(graph, "Person", "王芳")
    assert person["merged_because"] == ["context: one article printed twice (丰收的喜悦写在脸上)"]


def test_same_name_with_posts_in_two_counties_stays_two_people(tmp_path):
    graph = graph_of(
        tmp_path,
        "伊宁县委书记赵承远主持召开会议。",
        "奎屯市委书记赵承远主持召开会议。",
    )
    assert len(nodes(graph, "Person", "赵承远")) == 2


def test_a_national_post_makes_every_bare_mention_one_person(tmp_path):
    graph = graph_of(
        tmp_path,
        "国务院副总理孙明远出席会议。",
        "孙明远在伊宁县考察。",
        "孙明远指出，要加强防控。",
    )
    [person] = nodes(graph, "Person", "孙明远")
    assert person["merged_because"][0].startswith("national post: 副总理 · 国务院")


def test_a_common_two_character_name_is_not_merged_without_evidence(tmp_path):
    graph = graph_of(tmp_path, "村民王芳说，今年收成好。", "社区居民王芳说，服务很贴心。")
    assert len(nodes(graph, "Person", "王芳")) == 2


def test_a_units_short_form_joins_its_name_with_the_place(tmp_path):
    graph = graph_of(
        tmp_path,
        "武汉明湖山医院正式启用。",
        "明湖山医院的医护人员连续奋战。",
        "武汉市明湖山医院收治患者。",  # the same place written another way
    )
    [hospital] = nodes(graph, "Organization", "武汉明湖山医院")
    assert set(hospital["aliases"]) >= {"明湖山医院", "武汉市明湖山医院"}
    assert hospital["merged_because"] == ["short form of 武汉明湖山医院"]
    assert not nodes(graph, "Organization", "明湖山医院")


def test_a_short_form_two_places_have_stays_apart(tmp_path):
    graph = graph_of(
        tmp_path,
        "武汉明湖山医院正式启用。",
        "伊宁县明湖山医院开展义诊。",
        "明湖山医院的医护人员连续奋战。",
    )
    for name in ("武汉明湖山医院", "伊宁县明湖山医院", "明湖山医院"):
        [node] = nodes(graph, "Organization", name)
        assert "merged_ids" not in node


def test_one_activity_told_by_two_articles_is_one_event(tmp_path):
    graph = graph_of(
        tmp_path,
        "6月12日，伊宁县委组织部举办党务干部培训班。",
        "6月12日，伊宁县委组织部举办培训班，100余名党务干部参加。",
        "6月18日，伊宁县委组织部举办培训班。",  # another session: another event
    )
    trainings = [d for _, d in graph.nodes(data=True) if d.get("type") == "培训"]
    assert sorted(d["date"] for d in trainings) == ["2025-06-12", "2025-06-18"]
    [merged] = [d for d in trainings if d.get("merged_ids")]
    assert merged["merged_because"] == ["same activity: 培训 by 伊宁县委组织部"]


def test_the_same_articles_give_the_same_bytes_in_any_order_batches_or_jobs(tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    together = tmp_path / "together"
    kg.build(files, together)
    expected = (together / GRAPH_JSON).read_bytes()
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    parallel = tmp_path / "parallel"
    kg.build(list(reversed(files)), parallel, jobs=2)
    assert (parallel / GRAPH_JSON).read_bytes() == expected
    batched = tmp_path / "batched"
    kg.build(shuffled[:1], batched)
    kg.build(shuffled[1:], batched, append=True)
    assert (batched / GRAPH_JSON).read_bytes() == expected


@pytest.mark.parametrize("label", ["Person", "Organization", "Event"])
def test_every_merged_node_says_why(tmp_path, label):
    graph = read_json(_seed_build(tmp_path) / GRAPH_JSON)
    merged = [
        (n, d) for n, d in graph.nodes(data=True) if d["label"] == label and d.get("merged_ids")
    ]
    assert merged or label != "Person"
    for node, data in merged:
        assert data["merged_because"] and all(data["merged_because"])
        assert node not in data["merged_ids"]


def _seed_build(tmp_path):
    out = tmp_path / "seeds"
    kg.build([SEEDS], out)
    return out


def test_a_window_never_joins_two_meetings_of_different_days(tmp_path):
    graph = graph_of(
        tmp_path,
        "6月10日，伊宁县委召开常委会会议，部署防汛工作。",
        "6月17日，伊宁县委召开常委会会议，研究脱贫工作。",
        "日前，伊宁县委召开常委会会议，研究有关工作。",  # a window over both days
    )
    meetings = [d for _, d in graph.nodes(data=True) if d.get("type") == "会议"]
    days = sorted(d["date"] for d in meetings if d.get("date"))
    assert days == ["2025-06-10", "2025-06-17"]


@pytest.mark.parametrize(
    ("name", "one"),
    [
        ("丁承远", True),  # a given name few share
        ("李建国", False),  # 建国: a given name many share (rules/name_stats.tsv)
        ("洛佩斯", False),  # a short transliteration many foreigners share
        ("安娜·洛佩斯", True),  # a foreign name in full
    ],
)
def test_only_a_distinctive_name_makes_bare_mentions_one_person(tmp_path, name, one):
    graph = graph_of(tmp_path, f"{name}说，今年收成好。", f"记者见到{name}时，他正在地里忙碌。")
    assert len(nodes(graph, "Person", name)) == (1 if one else 2)


_UNITS = "、".join(
    f"伊宁县{u}"
    for u in (
        "委组织部",
        "人民医院",
        "公安局",
        "民政局",
        "财政局",
        "教育局",
        "林业局",
        "水利局",
        "交通局",
        "审计局",
    )
)


def test_one_story_told_twice_the_same_day_names_one_person(tmp_path):
    digest = f"{_UNITS}联合开展志愿服务。王伟说，大家干劲很足。"
    report = f"6月18日，{_UNITS}的党员来到吉里于孜镇。王伟说，大家干劲很足，还要再来。"
    [person] = nodes(graph_of(tmp_path, digest, report), "Person", "王伟")
    assert any(b.startswith("context: one story told twice") for b in person["merged_because"])


def test_two_stories_that_share_a_few_names_keep_a_common_name_apart(tmp_path):
    first = "伊宁县公安局、伊宁县民政局联合开展志愿服务。王伟说，大家干劲很足。"
    second = "伊宁县公安局的民警来到吉里于孜镇。王伟说，要守好每一户。"
    assert len(nodes(graph_of(tmp_path, first, second), "Person", "王伟")) == 2
