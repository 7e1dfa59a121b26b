"""A researcher's own vocabulary (kg.toml, --config, --rules DIR) on top of kg's rules.

The sentences, units and the township 雪莲谷镇 are invented for these tests; the other
places are real NBS divisions. Vocabulary files are written under tmp_path.
"""

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.builder import build
from kg.cli import app
from kg.errors import BuildError, RulesError
from kg.extract import extract_articles
from kg.gazetteer.gazetteer import Gazetteer
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.lexicon import Lexicon
from kg.vocabulary import applied, load_vocabulary

ROOT = Path(__file__).resolve().parents[2]

PROJECT = """\
version = "2025.6"
home = "博尔塔拉蒙古自治州"   # what 全州 means
venues = ["纪念园"]

[types."植树"]
broader = "服务帮扶"
triggers = ["植树活动", "义务植树"]

[titles]
"护林员" = "post"

[aliases]
"县林草局" = "某县林业和草原局"
"""
PLACES = (
    "# places-2025.6.1\n"
    "code\tname\tlevel\tparent\tforms\n"
    "652328199\t雪莲谷镇\ttownship\t652328\t雪莲谷\n"
)

TREES = "6月18日，某县林业局组织开展植树活动。"
RANGER = "护林员张建华说，很好。"
ALIAS = "县林草局召开会议。"
PREFECTURE = "全州各县市积极响应。"
TOWNSHIP = "雪莲谷镇党委组织开展主题党日活动。"
VENUE = "党员们在某县烈士纪念园开展活动。"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A working directory with kg.toml, and a rules directory it does not name."""
    directory = tmp_path_factory.mktemp("project")
    (directory / "kg.toml").write_text(PROJECT, encoding="utf-8")
    rules = directory / "vocab"
    rules.mkdir()
    (rules / "places.tsv").write_text(PLACES, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def vocabulary(project):
    return load_vocabulary(rules=project / "vocab", cwd=project)


def extract(body, vocabulary=None, jobs=1):
    """One article per paragraph of ``body``, extracted in-process (rules only)."""
    articles = [article(paragraph, n) for n, paragraph in enumerate(body.split("\n"))]
    return extract_articles(articles, jobs=jobs, ner="off", vocabulary=vocabulary)


def article(text, n=0):
    [a] = segment_source(
        Source(f"t{n}.txt", f"标题行\n\n□本报记者 李文博\n\n{text}", Metadata(date="2025-06-20"))
    )
    return a


def entity(result, kind, name):
    return result.entities.get((kind, name))


# --- what a vocabulary adds ------------------------------------------------------------------


def test_a_custom_event_type_is_found_only_with_the_vocabulary(vocabulary):
    [before] = extract(TREES)
    assert before.events == []
    [after] = extract(TREES, vocabulary)
    [event] = after.events
    assert (event.type, event.family, event.organizers) == (
        "植树",
        "服务帮扶",
        [("某县林业局", "组织")],
    )
    assert event.date == "2025-06-18"


def test_a_custom_title_makes_a_person(vocabulary):
    [before] = extract(RANGER)
    assert entity(before, "Person", "张建华") is None
    [after] = extract(RANGER, vocabulary)
    assert entity(after, "Person", "张建华").props["titles"] == ["护林员"]


def test_a_custom_abbreviation_names_the_organization_in_full(vocabulary):
    [before] = extract(ALIAS)
    assert entity(before, "Organization", "县林草局") is not None
    [after] = extract(ALIAS, vocabulary)
    org = entity(after, "Organization", "某县林业和草原局")
    assert org.props["aliases"] == ["县林草局"]


def test_a_custom_home_says_what_quanzhou_means(vocabulary):
    [before] = extract(PREFECTURE)
    assert not [e for e in before.entities if e[0] == "Place"]
    [after] = extract(PREFECTURE, vocabulary)
    assert entity(after, "Place", "博尔塔拉蒙古自治州").props["code"] == "6527"
    # --home (here: the home argument) wins over the vocabulary's
    [other] = extract_articles([article(PREFECTURE)], home="6523", ner="off", vocabulary=vocabulary)
    assert entity(other, "Place", "昌吉回族自治州") is not None


def test_a_venue_and_a_place_of_the_rules_directory(vocabulary):
    [venue] = extract(VENUE, vocabulary)
    assert entity(venue, "Place", "某县烈士纪念园").props["level"] == "venue"
    [before] = extract(TOWNSHIP)
    assert entity(before, "Place", "雪莲谷镇") is None
    [after] = extract(TOWNSHIP, vocabulary)
    assert entity(after, "Place", "雪莲谷镇").props["code"] == "652328199"
    assert after.events[0].county == "木垒哈萨克自治县"
    assert "652328199" not in Gazetteer.load()  # kg's own gazetteer is untouched after
    with applied(vocabulary):
        assert Gazetteer.load().get("652328199").parent == "652328"


def test_worker_processes_get_the_vocabulary(vocabulary):
    # nine articles: two chunks, so --jobs 2 sends both to worker processes
    results = extract("\n".join(["今天天气很好。"] * 8 + [TREES]), vocabulary, jobs=2)
    assert [e.type for e in results[-1].events] == ["植树"]
    assert results[-1].rules_version == vocabulary.lexicon().version


# --- versions ---------------------------------------------------------------------------------


def test_its_version_is_stamped_on_every_fact(vocabulary):
    assert re.fullmatch(r"vocabulary-2025\.6-places-2025\.6\.1-[0-9a-f]{12}", vocabulary.version)
    [result] = extract(TREES, vocabulary)
    lexicon = vocabulary.lexicon()
    assert result.rules_version == f"{Lexicon.load().version}+{vocabulary.version}"
    stamps = {e.rules for r in result.relations for e in r.evidence}
    assert stamps == {lexicon.digest} != {Lexicon.load().digest}


def test_one_content_one_version_wherever_it_lies(vocabulary, project, tmp_path):
    copy = tmp_path / "elsewhere.toml"
    rules = f"# the same, elsewhere\nrules = {json.dumps(str(project / 'vocab'))}\n"
    copy.write_text(rules + PROJECT, encoding="utf-8")
    assert load_vocabulary(config=copy).version == vocabulary.version
    copy.write_text(rules + PROJECT.replace("义务植树", "植树造林"), encoding="utf-8")
    assert load_vocabulary(config=copy).version != vocabulary.version


def test_no_vocabulary_is_kgs_own_rules(tmp_path):
    assert load_vocabulary(cwd=tmp_path) is None
    with applied(None):
        assert Gazetteer.load() is Gazetteer.load()


def test_build_records_it_and_append_refuses_another(vocabulary, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"标题行\n\n□本报记者 李文博\n\n{TREES}", encoding="utf-8")
    out = tmp_path / "out"
    build([page], out, ner="off", vocabulary=vocabulary)
    report = json.loads((out / "kg-build.json").read_text(encoding="utf-8"))
    assert report["vocabulary"]["version"] == vocabulary.version
    assert report["rules_version"].endswith("+" + vocabulary.version)
    with pytest.raises(
        BuildError, match=r"read with vocabulary-2025\.6-.*, this build's with no vocabulary"
    ):
        build([page], out, ner="off", append=True)


# --- bad input: one line naming the file and line ------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('version = "1"\n[titles\n', 2, "not valid TOML"),
        ('[types."植树"]\nbroader = "绿化"\ntriggers = ["植树活动"]\n', 1, "unknown family '绿化'"),
        ('[titles]\n"河长" = "post"\n"" = "post"\n', 3, "empty title"),
        ('\n[titles]\n"河长" = "boss"\n', 3, "must be 'post' or 'member'"),
        ('version = "1"\nhomee = "x"\n', 2, "unknown key 'homee'"),
        ('\nhome = "木垒县"\n', 2, "is not a prefecture"),
        ('[types."植树"]\ntriggers = ["植树活动"]\n', 1, "needs broader"),
        (
            '[[places]]\ncode = "659999"\nname = "某县"\nlevel = "county"\nparent = "6599"\n',
            1,
            "parent 6599",
        ),
    ],
)
def test_a_bad_project_file_is_one_line_with_its_line(tmp_path, text, line, fragment):
    (tmp_path / "kg.toml").write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as error:
        load_vocabulary(cwd=tmp_path)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'kg.toml'}:{line}: "), message
    assert fragment in message, message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        (
            "titles.tsv",
            "# titles-2025.1.1\n河长\tpost\n护林员\n",
            "titles.tsv:3: expected 2 tab-separated",
        ),
        ("titles.tsv", "河长\tpost\n\tmember\n", "titles.tsv:2: empty title"),
        ("org_aliases.tsv", "县林草局\n", "org_aliases.tsv:1: expected 2"),
        (
            "places.tsv",
            "65232\t某县\tcounty\t6523\t\n",
            "places.tsv:1: code '65232' is not a 6-digit",
        ),
        ("title.tsv", "河长\tpost\n", "title.tsv: not a file kg reads"),
    ],
)
def test_a_bad_rules_directory_is_one_line_with_its_line(tmp_path, name, text, fragment):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=re.escape(fragment)):
        load_vocabulary(rules=tmp_path, cwd=tmp_path)


def test_the_cli_refuses_a_bad_vocabulary_with_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[titles]\n"" = "post"\n', encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("标题行\n\n正文。", encoding="utf-8")
    for command in (
        ["extract"],
        ["build", "--out", str(tmp_path / "out")],
        ["eval", "extract", str(page)],
    ):
        result = CliRunner().invoke(app, [*command, str(page), "--config", str(bad)])
        assert result.exit_code == 2, result.output
        assert result.stderr == f"kg: error: {bad}:2: empty title\n"
    result = CliRunner().invoke(app, ["extract", str(page), "--rules", str(tmp_path / "none")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"kg: error: {tmp_path / 'none'}: no such rules directory\n",
    )


# --- the command, and the documented example -------------------------------------------------


def test_kg_extract_reads_kg_toml_from_the_working_directory(run_kg, project):
    page = project / "page.txt"
    page.write_text(f"标题行\n\n□本报记者 李文博\n\n{TREES}{PREFECTURE}", encoding="utf-8")
    done = run_kg("extract", "page.txt", "--json", "--ner", "off", "--rules", "vocab", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        "kg: note: vocabulary kg.toml, vocab/places.tsv (vocabulary-2025.6-"
    )
    document = json.loads(done.stdout)
    assert "+vocabulary-2025.6-" in document["rules_version"]
    [article] = document["articles"]
    assert [e["type"] for e in article["events"]] == ["植树"]
    places = {e["name"]: e["props"]["code"] for e in article["entities"] if e["type"] == "Place"}
    assert places == {"博尔塔拉蒙古自治州": "6527"}


def test_the_documented_example_is_a_valid_vocabulary(tmp_path):
    doc = (ROOT / "docs" / "VOCABULARY.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n# kg\.toml\n(.*?)```", doc, re.S)[1]
    (tmp_path / "kg.toml").write_text(example, encoding="utf-8")
    vocabulary = load_vocabulary(cwd=tmp_path)
    assert vocabulary.home == "6527" and vocabulary.event_types and vocabulary.titles
