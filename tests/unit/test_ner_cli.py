"""``kg eval ner`` and ``kg train ner`` through the installed ``kg`` script."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

DATA = ROOT / "tests" / "data" / "ner"


def test_eval_ner_json_has_exactly_the_issue_s_shape(run_kg):
    done = run_kg("eval", "ner", "--format", "bio", str(DATA / "peoplesdaily.bio"), "--json")
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert list(scores) == ["PER", "LOC", "ORG", "micro"]
    assert all(sorted(v) == ["f1", "p", "r"] for v in scores.values())
    assert all(0.0 <= x <= 1.0 for v in scores.values() for x in v.values())
    assert "chars/s" in done.stderr  # speed is reported, but not in the JSON


def test_eval_ner_table_msra_with_explicit_tags_and_limit(run_kg):
    done = run_kg(
        "eval",
        "ner",
        "-f",
        "msra",
        str(DATA / "msra_sentences.txt"),
        str(DATA / "msra_tags.txt"),
        "--tagger",
        "lac",
        "--limit",
        "4",
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:4] == ["type", "gold", "found", "right"]
    micro = next(line for line in lines if line.startswith("micro")).split()
    assert micro[1] == "14"  # the gold entities of the first 4 MSRA sentences: 3+3+4+4
    assert "lac: 4 sentences" in done.stdout


def test_eval_ner_gold_finds_its_sources(run_kg, tmp_path):
    done = run_kg(
        "eval",
        "ner",
        "-f",
        "gold",
        str(ROOT / "tests" / "gold" / "seeds.jsonl"),
        "--json",
        cwd=tmp_path,  # the sources are found beside the gold file, not in the cwd
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ORG"]["f1"] > 0.5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "cluener", "missing.json"], "kg: error: missing.json: no such file"),
        (["-f", "weibo", "tests/data/ner/cluener.json"], "cluener.json:1: expected a character"),
        (
            [
                "-f",
                "bio",
                "tests/data/ner/peoplesdaily.bio",
                "--tagger",
                "spacy",
                "--model",
                "tests",
            ],
            "tests: not a spaCy model directory",
        ),
    ],
)
def test_eval_ner_bad_input_is_one_line(run_kg, args, message):
    done = run_kg("eval", "ner", *args)
    assert done.returncode == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_eval_ner_combined_tagger_and_bad_tagger(run_kg):
    sample = str(DATA / "peoplesdaily.bio")
    done = run_kg("eval", "ner", "-f", "bio", sample, "--tagger", "rules+lac:PER", "--json")
    assert done.returncode == 0, done.stderr
    assert "rules+lac:PER: 8 sentences" in done.stderr
    bad = run_kg("eval", "ner", "-f", "bio", sample, "--tagger", "rules+crf")
    assert bad.returncode == 2 and "'rules+crf' is not one of" in bad.stderr


def test_eval_ner_bad_format_is_usage_error(run_kg):
    done = run_kg("eval", "ner", "-f", "conll", str(DATA / "weibo.conll"))
    assert done.returncode == 2
    assert "'conll' is not one of" in done.stderr


def test_train_ner_tiny_corpus_gives_a_model_that_loads(run_kg, tmp_path):
    import spacy

    out = tmp_path / "model"
    done = run_kg(
        "train",
        "ner",
        f"cluener:{DATA / 'cluener.json'}",
        f"weibo:{DATA / 'weibo.conll'}",
        "--out",
        str(out),
        "--epochs",
        "1",
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stdout
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    report = json.loads((out / "training.json").read_text(encoding="utf-8"))
    assert report["train_sentences"] + report["dev_sentences"] == 20
    assert not out.with_name("model.training").exists()


def test_train_ner_bad_corpus_spec(run_kg, tmp_path):
    done = run_kg("train", "ner", "cluener.json", "--out", str(tmp_path / "m"))
    assert done.returncode == 1
    assert "kg: error: corpus 'cluener.json' is not FORMAT:PATH" in done.stderr


def test_every_new_command_has_help(run_kg):
    for args in (["eval", "ner"], ["train"], ["train", "ner"]):
        done = run_kg(*args, "--help")
        assert done.returncode == 0 and len(done.stdout) > 200
