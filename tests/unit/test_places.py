"""The administrative-division gazetteer and place resolution, on the shipped data.

Sentences are invented; the place names in them are real NBS divisions.
"""

import gzip
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import RulesError, UsageError
from kg.gazetteer.gazetteer import PLACES_FILE, VILLAGES_FILE
from kg.gazetteer.places import MAX_CANDIDATES, Gazetteer, resolve_places
from kg.resources import rules_dir

G = Gazetteer.load()
CHANGJI = "6523"  # 昌吉回族自治州


def found(text, home=None):
    return [(p.surface, p.code, p.level, p.rule) for p in resolve_places(text, G, home)]


def codes(text, home=None):
    return {p.surface: p.code for p in resolve_places(text, G, home)}


# --- loading and validation ------------------------------------------------------------


def test_load_is_cached_and_versioned():
    assert Gazetteer.load() is G
    assert G.version.startswith("20")
    header = (rules_dir() / PLACES_FILE).read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == f"# places-{G.version}"


def _copy_rules(tmp_path, first_line=None):
    text = (rules_dir() / PLACES_FILE).read_text(encoding="utf-8")
    if first_line is not None:
        text = first_line + "\n" + text.split("\n", 1)[1]
    (tmp_path / PLACES_FILE).write_text(text, encoding="utf-8")
    shutil.copyfile(rules_dir() / VILLAGES_FILE, tmp_path / VILLAGES_FILE)
    return tmp_path


@pytest.mark.parametrize(
    "first_line", ["# places-latest", "code\tname", "# villages-2026.11.1", ""]
)
def test_bad_version_line_names_the_file(tmp_path, first_line):
    _copy_rules(tmp_path, first_line)
    with pytest.raises(RulesError, match="version") as error:
        Gazetteer.load(tmp_path)
    assert str(tmp_path / PLACES_FILE) in str(error.value)


def test_a_copy_with_a_good_header_loads(tmp_path):
    copy = Gazetteer.load(_copy_rules(tmp_path))
    assert copy is not G
    assert copy.get("65").name == "新疆维吾尔自治区"


def test_missing_file_and_bad_rows_are_rules_errors(tmp_path):
    with pytest.raises(RulesError, match=PLACES_FILE):
        Gazetteer.load(tmp_path)
    path = tmp_path / PLACES_FILE
    path.write_text(
        "# places-2026.11.1\ncode\tname\tlevel\tparent\tforms\n65\t新疆维吾尔自治区\tprovince\t\t新疆\n"
        "6523\t昌吉回族自治州\tprefecture\t65\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match=r"places\.tsv:4: expected 5 tab-separated fields"):
        Gazetteer.load(tmp_path)
    path.write_text(
        "# places-2026.11.1\ncode\tname\tlevel\tparent\tforms\n652\t昌吉\tprefecture\t65\t昌吉\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="4-digit prefecture code"):
        Gazetteer.load(tmp_path)


def test_village_table_of_another_version_is_refused_on_first_use(tmp_path):
    _copy_rules(tmp_path)
    with gzip.open(tmp_path / VILLAGES_FILE, "wt", encoding="utf-8") as out:
        out.write("# villages-2000.1.1\ncode\tname\tshort\ttownship\n")
    copy = Gazetteer.load(tmp_path)  # villages are read lazily
    with pytest.raises(RulesError, match="does not match") as error:
        copy.villages("星光社区", "652301")
    assert VILLAGES_FILE in str(error.value)


# --- hierarchy ------------------------------------------------------------------------


def test_township_to_province():
    township = G.find("玛纳斯镇")[0].candidates[0]
    assert G.get(township).level == "township"
    assert [(p.name, p.level) for p in G.ancestors(township)] == [
        ("玛纳斯县", "county"),
        ("昌吉回族自治州", "prefecture"),
        ("新疆维吾尔自治区", "province"),
    ]


def test_municipality_districts_hang_under_the_province_level_city():
    chaoyang = codes("北京市朝阳区")["朝阳区"]
    assert [p.name for p in G.ancestors(chaoyang)] == ["北京市"]
    assert G.find("市辖区") == []  # the placeholder rows are not places


def test_counties_governed_by_a_province_hang_under_it():
    (shihezi,) = G.find("石河子市")
    assert [p.name for p in G.ancestors(shihezi.candidates[0])] == ["新疆维吾尔自治区"]


def test_unknown_code():
    with pytest.raises(KeyError):
        G.get("659999")
    assert "659999" not in G
    assert "6523" in G


# --- surface forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("新疆", "新疆维吾尔自治区"),
        ("内蒙古", "内蒙古自治区"),
        ("广西", "广西壮族自治区"),
        ("宁夏", "宁夏回族自治区"),
        ("西藏", "西藏自治区"),
        ("北京", "北京市"),
        ("河北", "河北省"),
        ("昌吉州", "昌吉回族自治州"),
        ("昌吉", "昌吉回族自治州"),
        ("伊犁州", "伊犁哈萨克自治州"),
        ("乌鲁木齐", "乌鲁木齐市"),
        ("阿克苏", "阿克苏地区"),
        ("木垒县", "木垒哈萨克自治县"),
        ("木垒", "木垒哈萨克自治县"),
        ("吉木萨尔县", "吉木萨尔县"),
        ("天山区", "天山区"),
        ("玛纳斯镇", "玛纳斯镇"),
    ],
)
def test_short_forms(surface, name):
    (place,) = resolve_places(f"这次调研去了{surface}。", G)
    assert (place.surface, place.name, place.rule) == (surface, name, "place.gazetteer.v1")


def test_longest_form_wins():
    assert [m.surface for m in G.find("昌吉回族自治州木垒哈萨克自治县")] == [
        "昌吉回族自治州",
        "木垒哈萨克自治县",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "登上天山看雪景",  # 天山 is a mountain range
        "关注奇台文旅公众号",  # an ordinary county's bare name is a brand, not a place
        "保持社会稳定和长治久安",  # 长治 (a prefecture) inside an idiom
        "打造全国示范县",  # 范县 (Henan)
        "推动城区建设向周边区域延伸",  # 城区 (several districts) is a common word
        "全国党员教育工作会议",  # 全国 is not a place
        "推进和平乡村建设",  # 和平乡 (townships) before 村: 乡村 is "countryside"
    ],
)
def test_words_that_are_not_places(text):
    assert found(text, CHANGJI) == []


def test_district_before_yu_is_a_region():
    assert found("天山区域的冰川") == []
    assert codes("天山区委党校")["天山区"] == "650102"


def test_two_character_county_only_at_a_word_start():
    assert [m.surface for m in G.find("在和县开展调研")] == ["和县"]
    assert G.find("州委和县委联合发文") == []  # not 和县 (Anhui)
    assert [m.surface for m in G.find("易县县委")] == ["易县"]
    assert G.find("容易县委") == []


# --- ambiguity --------------------------------------------------------------------------


def test_ambiguous_township_left_unresolved_without_context():
    assert found("东湾镇举办农民丰收节") == [("东湾镇", None, "township", "place.ambiguous.v1")]


def test_ambiguous_township_resolved_by_the_county_in_the_text():
    text = "奇台县各乡镇积极行动，东湾镇举办农民丰收节"
    assert codes(text)["东湾镇"] == "652325104"
    assert G.get("652325104").parent == "652325"


def test_ambiguous_township_resolved_by_the_place_written_before_it():
    text = "沙湾市东湾镇和奇台县东湾镇结对共建"
    assert [(p.surface, p.code) for p in resolve_places(text, G)] == [
        ("沙湾市", "654203"),
        ("东湾镇", "654203105"),
        ("奇台县", "652325"),
        ("东湾镇", "652325104"),
    ]


def test_ambiguous_township_resolved_by_home_only_when_single():
    assert codes("东湾镇举办农民丰收节", home=CHANGJI)["东湾镇"] == "652325104"
    assert codes("东湾镇举办农民丰收节", home="65")["东湾镇"] is None  # 奇台县 and 沙湾市


def test_too_ambiguous_names_are_dropped_unless_context_decides():
    (mention,) = G.find("城关镇")
    assert len(mention.candidates) > MAX_CANDIDATES
    assert mention.candidates == tuple(sorted(mention.candidates))
    assert found("城关镇召开大会") == []
    assert codes("阜康市城关镇召开大会")["城关镇"] == "652302101"


def test_unknown_home_is_a_usage_error():
    with pytest.raises(UsageError, match="9999"):
        resolve_places("新疆", G, home="9999")


# --- deictic words ----------------------------------------------------------------------


def test_quan_zhou_is_the_home_prefecture_not_quanzhou_county():
    assert found("全州共有党员十万名", CHANGJI) == [
        ("全州", CHANGJI, "prefecture", "place.deixis.v1")
    ]
    assert codes("全州县召开会议", CHANGJI) == {"全州县": "450324"}


def test_zhou_before_an_organization_word():
    text = "近日，州退役军人事务局召开会议，州委组织部参加。"
    assert [(p.surface, p.code, p.start) for p in resolve_places(text, G, CHANGJI)] == [
        ("州", CHANGJI, 3),
        ("州", CHANGJI, 16),
    ]


def test_our_prefecture():
    assert codes("我州积极推进基层治理", CHANGJI) == {"我州": CHANGJI}


def test_zhou_without_home_is_the_single_prefecture_in_the_text():
    assert codes("伊犁州各县市认真落实，全州形成合力")["全州"] == "6540"
    assert found("全州形成合力") == []


def test_zhou_inside_words_is_not_deictic():
    assert found("杭州和广州的企业家", CHANGJI) == [
        ("杭州", "3301", "prefecture", "place.gazetteer.v1"),
        ("广州", "4401", "prefecture", "place.gazetteer.v1"),
    ]


def test_county_word_is_the_county_the_article_names_most():
    text = "由县委组织部主办，吉木萨尔县各单位参加，全县党员踊跃报名"
    assert [(p.surface, p.code) for p in resolve_places(text, G, CHANGJI)] == [
        ("县", "652327"),
        ("吉木萨尔县", "652327"),
        ("全县", "652327"),
    ]
    assert "县" not in codes("县委召开会议，玛纳斯县、呼图壁县参加")  # a tie decides nothing


def test_city_and_district_words():
    text = "乌鲁木齐市天山区召开会议，全区干部参加，市委有关负责同志出席"
    assert codes(text) == {
        "乌鲁木齐市": "6501",
        "天山区": "650102",
        "全区": "650102",
        "市": "6501",
    }


def test_autonomous_region_words():
    assert codes("自治区党委召开会议", CHANGJI) == {"自治区": "65"}
    assert codes("全区各族群众", CHANGJI) == {"全区": "65"}  # no district in the article
    assert found("各省（自治区、直辖市）和自治区级单位", CHANGJI) == []
    assert found("将自治区、自治州的要求落到实处；实行民族自治区制度", CHANGJI) == []
    assert codes("州党校、自治区党校联合办班", CHANGJI) == {"州": CHANGJI, "自治区": "65"}
    assert codes("他获评自治区优秀党员", CHANGJI) == {"自治区": "65"}


@pytest.mark.parametrize("text", ["健全县乡村三级体系", "全市场覆盖", "社区委员会", "城市人民"])
def test_deictic_look_alikes(text):
    assert found(text, CHANGJI) == []


# --- villages, communities and venues ---------------------------------------------------


def test_community_under_the_township_written_before_it():
    text = "昌吉市建国路街道星光社区党支部开展活动"
    assert found(text)[-1] == ("星光社区", "652301004007", "village", "place.village.v1")
    assert G.get("652301004007").name == "星光社区"
    assert G.ancestors("652301004007")[0].name == "建国路街道"


def test_community_under_a_county():
    assert codes("昌吉市星光社区居民")["星光社区"] == "652301004007"


def test_official_community_name_is_found_too():
    assert [p.code for p in G.villages("星光社区居委会", "652301004")] == ["652301004007"]


def test_community_without_a_known_township_is_not_resolved():
    assert found("星光社区开展活动") == []


def test_new_community_after_a_known_township_keeps_no_code():
    text = "玛纳斯镇晨曦苑社区组织党员学习"  # not in the 2021 table
    assert found(text)[-1] == ("晨曦苑社区", None, "village", "place.village.v1")
    township = [("玛纳斯镇", "652324100", "township", "place.gazetteer.v1")]
    assert found("玛纳斯镇各社区组织学习") == township
    assert found("玛纳斯镇党委到社区走访") == township
    assert [p[0] for p in found("县委组织部到社区走访", CHANGJI)] == []  # no county in sight


def test_venue_after_a_place():
    text = "参观昌吉州玛纳斯县革命历史纪念馆"
    assert found(text)[0] == ("昌吉州玛纳斯县革命历史纪念馆", None, "venue", "place.venue.v1")
    assert [p for p in found("玛纳斯县的博物馆") if p[2] == "venue"] == []


# --- offsets ----------------------------------------------------------------------------


def test_offsets_with_emoji_traditional_and_half_width_punctuation():
    text = "😀🎉乌鲁木齐市(天山区)，們的「昌吉州」!木垒县...👍"
    places = resolve_places(text, G)
    assert [(p.surface, p.start) for p in places] == [
        ("乌鲁木齐市", 2),
        ("天山区", 8),
        ("昌吉州", 16),
        ("木垒县", 21),
    ]
    assert all(text[p.start : p.end] == p.surface for p in places)


NOISE = st.text(
    alphabet=st.sampled_from("😀🎉👍👨‍👩‍👧們們個國說,.!?()[]\"' \n\t：“”「」、abc123"),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(before=NOISE, between=NOISE, after=NOISE)
def test_offsets_hold_whatever_surrounds_the_names(before, between, after):
    text = f"{before}新疆{between}州委组织部联合玛纳斯镇晨曦苑社区{after}"
    places = resolve_places(text, G, CHANGJI)
    assert all(text[p.start : p.end] == p.surface for p in places)
    surfaces = [p.surface for p in places]
    assert surfaces[0] == "新疆"
    assert {"玛纳斯镇", "晨曦苑社区"} <= set(surfaces)


def test_a_county_level_city_is_found_by_its_former_county_name():
    assert codes("贵州黔西县素朴镇")["黔西县"] == "520581"  # 黔西市 since 2021


def test_an_action_on_communities_is_no_community():
    assert "做好社区" not in codes("山东青岛李沧区做好社区疫情排查")


# --- places the tagger reads, resolved against the gazetteer ------------------------------


def _extracted_places(body):
    from kg.extract import extract_articles
    from kg.ingest import segment_source
    from kg.io import Metadata, Source

    [article] = segment_source(Source("t.txt", f"标题行\n\n{body}", Metadata(date="2025-06-20")))
    [result] = extract_articles([article])
    return {n for (t, n) in result.entities if t == "Place"}


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("阿图什市松他克乡克青孜村的党员开展巡查。", "松他克镇"),  # 乡 since made a 镇
        ("武汉市江汉区民意街多闻社区党总支开展排查。", "民意街街道"),  # 街 for 街街道
    ],
)
def test_a_township_written_in_an_older_or_short_form_is_the_gazetteers(body, name):
    assert name in _extracted_places(body)


def test_a_township_name_inside_a_longer_one_is_not_that_township():
    # 岔河乡 is a township in Yunnan; 三岔河乡 of 昭觉县 is now its 三岔河镇
    places = _extracted_places("四川凉山昭觉县三岔河乡三河村的村民说。")
    assert "三岔河镇" in places and "岔河乡" not in places
