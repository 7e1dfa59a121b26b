"""The ``kg`` command as a user runs it: help, version, output, errors on one line, exit codes."""

import json
import shutil

import pytest
import typer.main
from conftest import PAGE_000, SEEDS

from kg.cli import app


def all_commands():
    root = typer.main.get_command(app)
    yield [], root
    for name, command in root.commands.items():
        yield [name], command


@pytest.mark.parametrize(
    ("path", "command"),
    list(all_commands()),
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_every_command_has_help(run_kg, path, command):
    assert command.help and len(command.help.strip()) > 20
    result = run_kg(*path, "--help")
    assert result.returncode == 0
    assert "Usage: kg" in result.stdout
    for param in command.params:
        if param.param_type_name == "option":
            assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_version(run_kg):
    result = run_kg("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("kg ")


def test_articles_summary_on_the_seed_pages(run_kg):
    result = run_kg("articles", "seeds/")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "[1] 强化理论武装 创新教育形式 深化阵地建设" in result.stdout
    assert "by: 刘晓倩（通讯员）" in result.stdout
    assert "source: 人民日报" in result.stdout
    assert result.stdout.rstrip().endswith("11 articles from 2 of 2 inputs")


def test_articles_json_is_one_document_with_offsets(run_kg):
    result = run_kg(
        "articles", "--json", "--newspaper", "昌吉日报", "--date", "2025-11-20", str(SEEDS)
    )
    assert result.returncode == 0, result.stderr
    articles = json.loads(result.stdout)
    assert len(articles) == 11
    first = articles[0]
    assert first["newspaper"] == "昌吉日报" and first["date"] == "2025-11-20"
    assert first["authors"] == [
        {
            "name": "刘晓倩",
            "role": "通讯员",
            "affiliation": "本报",
            "start": first["authors"][0]["start"],
            "end": first["authors"][0]["end"],
        }
    ]
    for article in articles:
        text = article["text"]
        for paragraph in article["paragraphs"]:
            assert text[paragraph["start"] : paragraph["end"]].strip()
        for person in article["authors"] + article["photographers"]:
            assert "".join(text[person["start"] : person["end"]].split()) == person["name"]
        assert article["rules_version"].startswith("ingest-")


def test_bad_files_are_named_on_one_line_each_and_the_rest_is_read(run_kg, tmp_path):
    shutil.copy(PAGE_000, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "gb.txt").write_bytes(PAGE_000.read_text("utf-8").encode("gb18030"))
    (tmp_path / "huge.txt").write_bytes(b"x" * 1_500_000)
    result = run_kg("articles", "--json", str(tmp_path))
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == 12  # good.txt and its GB18030 copy
    errors = result.stderr.strip().split("\n")
    assert sorted(line.split(": ")[2].rsplit("/", 1)[-1] for line in errors) == [
        "binary.txt",
        "empty.txt",
        "huge.txt",
    ]
    assert all(line.startswith("kg: error: ") for line in errors)
    assert "Traceback" not in result.stderr


def test_nothing_readable_exits_1_without_traceback(run_kg, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_kg("articles", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"kg: error: {tmp_path / 'missing.txt'}: no such file or directory",
        f"kg: error: {tmp_path / 'empty.txt'}: empty file",
    ]


def test_invalid_date_is_a_usage_error(run_kg):
    result = run_kg("articles", "--date", "2025-02-30", "seeds/")
    assert result.returncode == 2
    assert "not a date in YYYY-MM-DD form" in result.stderr
    assert "Traceback" not in result.stderr


def test_quiet_hides_warnings_but_not_errors(run_kg, tmp_path):
    (tmp_path / "truncated.txt").write_bytes(
        "标题\n\n□本报记者 张三\n\n正文。".encode() + "党".encode()[:2]
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    loud = run_kg("articles", str(tmp_path))
    quiet = run_kg("--quiet", "articles", str(tmp_path))
    assert "warning" in loud.stderr and "truncated UTF-8" in loud.stderr
    assert quiet.stderr.splitlines() == [f"kg: error: {tmp_path / 'empty.txt'}: empty file"]
    assert loud.returncode == quiet.returncode == 0


def test_extract_json_has_entities_events_and_relations_with_evidence(run_kg):
    result = run_kg("extract", "--json", "--date", "2025-11-20", "seeds/")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rules_version"]
    articles = document["articles"]
    assert len(articles) == 11
    party_day = next(a for a in articles if a["title"].startswith("吉木萨尔县"))
    [event] = party_day["events"]
    assert event["organizers"] == [
        {"name": "吉木萨尔县社会福利中心党支部", "role": "组织", "type": "Organization"}
    ]
    assert event["held_in"] == {"place": "吉木萨尔县", "basis": "organizer"}
    assert event["county"] == "吉木萨尔县"
    assert event["date_text"] == "近日"
    for article in articles:
        for entity in article["entities"]:
            for mention in entity["mentions"]:
                assert article["text"][mention["start"] : mention["end"]] == mention["surface"]
        for relation in article["relations"]:
            assert relation["evidence"] and all(e["sentence"] for e in relation["evidence"])


def test_extract_summary_and_bad_home(run_kg):
    result = run_kg("extract", "--home", "昌吉州", "seeds/003_aad79934b43c83ad.txt")
    assert result.returncode == 0, result.stderr
    assert "Event 研讨会" in result.stdout
    assert "左珊 holds 讲师 at 昌吉市委党校" in result.stdout
    bad = run_kg("extract", "--home", "不存在州", "seeds/")
    assert bad.returncode == 2
    assert "not a prefecture-level unit" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_eval_extract_reports_scores_per_type(run_kg):
    result = run_kg("eval", "extract", "--json", "tests/gold/seeds.jsonl", "seeds/")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    micro = report["entities"]["strict"]["micro"]
    assert micro["tp"] > 0 and 0 < micro["f1"] <= 1
    assert set(report["entities"]["strict"]) >= {
        "Organization",
        "Place",
        "Person",
        "Event",
        "micro",
    }
    assert {"tp", "fp", "fn", "p", "r", "f1"} <= set(report["event_tuples"])
    assert report["articles"]["matched"] == 11


def test_eval_with_a_broken_gold_file_names_the_line(run_kg, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"file": "x"}\n', "utf-8")
    result = run_kg("eval", "extract", str(gold), "seeds/")
    assert result.returncode == 1
    assert result.stderr.startswith(f"kg: error: {gold}:1")
    assert "Traceback" not in result.stderr
