"""The rules in rules/: validated when loaded, versioned, and able to leave names out.

Broken rules are made in a copy under tmp_path; kg's own rules are never touched.
"""

import re
import shutil

import pytest

from kg.errors import KGError, RulesError
from kg.extract import extract_articles
from kg.ingest import segment_source
from kg.io import Metadata, Source
from kg.nlp.lexicon import Lexicon
from kg.nlp.matchers import matchers_for
from kg.nlp.orgs import find_org_spans
from kg.resources import rules_dir

LEX = Lexicon.load()
FILES = [
    "org_kinds.tsv",
    "org_suffixes.tsv",
    "org_heads.tsv",
    "org_names.tsv",
    "org_aliases.tsv",
    "boundaries.txt",
    "org_prefixes.txt",
    "titles.tsv",
    "positions.tsv",
    "titles_mined.tsv",
    "surnames.tsv",
    "name_stats.tsv",
    "ner_names.tsv",
    "event_types.toml",
]
LINE_FILES = [f for f in FILES if not f.endswith(".toml")]


def copy_rules(tmp_path):
    for name in FILES:
        shutil.copyfile(rules_dir() / name, tmp_path / name)
    return tmp_path


def rewrite(path, edit):
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def append(path, line):
    rewrite(path, lambda text: text.rstrip("\n") + "\n" + line + "\n")


def load_error(directory, *fragments):
    """Load ``directory``; return the RulesError message after checking it names the fragments."""
    with pytest.raises(RulesError) as error:
        Lexicon.load(directory)
    message = str(error.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message  # the CLI prints it on one line
    return message


# --- kg's own rules -------------------------------------------------------------------------


def test_default_rules_load_once():
    assert Lexicon.load() is LEX


def test_version_names_every_rules_file():
    parts = LEX.version.split("+")
    for name in LINE_FILES:
        header = (rules_dir() / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.removeprefix("# ") in parts, name
    assert any(p.startswith("event-types-") for p in parts)
    assert len(parts) == len(FILES)


def test_rules_version_is_stamped_on_every_extraction():
    [article] = segment_source(
        Source("t.txt", "标题行\n\n近日，伊宁县委组织部召开会议。", Metadata(date="2025-06-20"))
    )
    [result] = extract_articles([article])
    assert result.rules_version == LEX.version


def test_a_faithful_copy_loads_the_same_rules(tmp_path):
    copy = Lexicon.load(copy_rules(tmp_path))
    assert copy is not LEX
    assert copy.version == LEX.version
    assert copy.org_suffixes == LEX.org_suffixes
    assert copy.org_aliases == LEX.org_aliases
    assert copy.titles == LEX.titles
    assert copy.event_triggers == LEX.event_triggers
    assert copy.org_names == LEX.org_names


def test_content_of_the_shipped_rules():
    assert LEX.org_suffixes["党支部"] == "党支部"
    assert LEX.org_suffixes["组织部"] == "组织部"
    assert LEX.org_aliases["中组部"] == "中共中央组织部"
    assert LEX.titles["副部长"] == "post"
    assert LEX.titles["党员"] == "member"
    assert LEX.event_triggers["主题党日活动"] == "主题党日"
    assert LEX.event_triggers["座谈会"] == "座谈会"
    assert {"由", "开展", "邀请"} <= LEX.boundaries
    assert {"中共", "共青团"} <= LEX.org_prefixes
    assert {"王", "欧阳"} <= LEX.surnames
    assert set(LEX.titles.values()) == {"post", "member"}


# --- broken rules ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", LINE_FILES)
@pytest.mark.parametrize(
    "first_line", ["", "# org-kinds", "# org-kinds-latest", "党支部\t党支部", "org-kinds-2026.11.1"]
)
def test_a_file_without_a_version_line_is_refused(tmp_path, name, first_line):
    copy_rules(tmp_path)
    path = tmp_path / name
    rewrite(path, lambda text: first_line + "\n" + text.split("\n", 1)[1])
    load_error(tmp_path, str(path), "version")


@pytest.mark.parametrize("name", LINE_FILES)
def test_an_empty_file_is_refused(tmp_path, name):
    copy_rules(tmp_path)
    (tmp_path / name).write_text("", encoding="utf-8")
    load_error(tmp_path, str(tmp_path / name), "version")


@pytest.mark.parametrize("name", FILES)
def test_a_missing_file_is_refused(tmp_path, name):
    copy_rules(tmp_path)
    (tmp_path / name).unlink()
    load_error(tmp_path, str(tmp_path / name))


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("org_kinds.tsv", "研究室"),  # no kind column
        ("org_kinds.tsv", "研究室\t"),  # an empty kind
        ("org_kinds.tsv", "lab\t研究机构"),  # not Chinese
        ("org_suffixes.tsv", "研究室 研究机构"),  # a space, not a tab
        ("org_aliases.tsv", "中农办"),  # no full name
        ("titles.tsv", "Director\tpost"),
        ("titles.tsv", "书记员"),
        ("surnames.tsv", "O'Neil"),
        ("boundaries.txt", "via"),
        ("org_prefixes.txt", "CPC"),
        ("org_names.tsv", "ACME有限公司"),
    ],
)
def test_a_bad_row_is_refused_with_its_file_and_line(tmp_path, name, row):
    copy_rules(tmp_path)
    path = tmp_path / name
    append(path, row)
    line = len(path.read_text(encoding="utf-8").splitlines())
    message = load_error(tmp_path, f"{path}:{line}:")
    assert repr(row) in message


def test_comments_and_blank_lines_are_allowed(tmp_path):
    copy_rules(tmp_path)
    append(tmp_path / "org_kinds.tsv", "\n# a comment the team wrote\n\n研究室\t研究机构")
    assert Lexicon.load(tmp_path).org_suffixes["研究室"] == "研究机构"


def test_a_title_of_an_unknown_kind_is_refused(tmp_path):
    copy_rules(tmp_path)
    append(tmp_path / "titles.tsv", "网格长\tleader")
    message = load_error(tmp_path, str(tmp_path / "titles.tsv"), "post", "member")
    assert "网格长" in message


def test_a_trigger_given_to_two_event_types_is_refused(tmp_path):
    copy_rules(tmp_path)
    append(tmp_path / "event_types.toml", '\n[types."茶叙"]\ntriggers = ["茶叙", "座谈会"]')
    message = load_error(tmp_path, str(tmp_path / "event_types.toml"), "座谈会")
    assert "茶叙" in message


def test_an_event_type_whose_broader_is_no_family_is_refused(tmp_path):
    copy_rules(tmp_path)
    append(
        tmp_path / "event_types.toml", '\n[types."茶叙"]\nbroader = "无此类"\ntriggers = ["茶叙"]'
    )
    message = load_error(tmp_path, str(tmp_path / "event_types.toml"), "茶叙")
    assert "无此类" in message


def test_event_types_form_a_taxonomy():
    lexicon = Lexicon.load()
    assert lexicon.event_broader["主题党日"] == "组织生活"
    assert lexicon.event_broader["巡查"] == "调研督查"
    assert lexicon.event_triggers["巡河"] == "巡查"
    assert "专项行动" in lexicon.event_named_only


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda t: re.sub(r"(?m)^version =", "edition =", t), "version"),
        (lambda t: re.sub(r'(?m)^version = ".*"$', "version = 3", t), "version"),
        (lambda t: t + '\n[types."空类型"]\ntriggers = []\n', "空类型"),
        (lambda t: t + '\n[types."坏类型"]\ntriggers = "学习会"\n', "坏类型"),
        (lambda t: t + '\n[types."坏类型"]\ntriggers = ["学习会", ""]\n', "坏类型"),
        (lambda t: t + "\n[types\n", "cannot read"),
        (lambda t: re.search(r'(?m)^version = ".*"$', t)[0] + "\n", "types"),
    ],
)
def test_a_broken_event_types_file_is_refused(tmp_path, edit, fragment):
    copy_rules(tmp_path)
    rewrite(tmp_path / "event_types.toml", edit)
    load_error(tmp_path, str(tmp_path / "event_types.toml"), fragment)


def test_rules_errors_are_kg_errors():
    assert issubclass(RulesError, KGError)


# --- leaving names out ----------------------------------------------------------------------


def test_excluded_alias_is_gone_from_the_aliases():
    lexicon = Lexicon.load(exclude={"中组部"})
    assert "中组部" not in lexicon.org_aliases
    assert lexicon.org_aliases["中宣部"] == "中共中央宣传部"
    assert LEX.org_aliases["中组部"] == "中共中央组织部"  # the default rules are untouched


def test_excluded_full_name_removes_every_alias_of_it():
    lexicon = Lexicon.load(exclude={"中共中央纪律检查委员会"})
    assert "中纪委" not in lexicon.org_aliases
    assert "中央纪委" not in lexicon.org_aliases
    assert "中纪委" in LEX.org_aliases


def test_excluded_name_is_gone_from_the_names():
    known = sorted(LEX.org_names)[:2]
    lexicon = Lexicon.load(exclude={known[0]})
    assert known[0] not in lexicon.org_names
    assert known[1] in lexicon.org_names
    assert len(lexicon.org_names) == len(LEX.org_names) - 1
    assert lexicon.version == LEX.version


def test_exclusion_is_not_cached_as_the_default():
    excluded = Lexicon.load(exclude={"中组部"})
    assert excluded is not LEX
    assert Lexicon.load() is LEX


def test_excluded_alias_is_no_longer_found_in_text():
    text = "近日，中组部印发通知。"
    lexicon = Lexicon.load(exclude={"中组部"})
    with_alias = find_org_spans(text, [], LEX, matchers_for(LEX))
    without = find_org_spans(text, [], lexicon, matchers_for(lexicon))
    assert [text[s.start : s.end] for s in with_alias] == ["中组部"]
    assert without == []


def test_exclusion_applies_to_a_given_directory(tmp_path):
    lexicon = Lexicon.load(copy_rules(tmp_path), exclude={"中宣部"})
    assert "中宣部" not in lexicon.org_aliases
    assert "中组部" in lexicon.org_aliases
