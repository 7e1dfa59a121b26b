"""``kg eval ner`` (score a NER tagger on an annotated corpus) and ``kg train ner``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import _NER, _ner_mode, _say, _state, app, eval_app

train_app = typer.Typer(
    help="Train kg's statistical models.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(train_app, name="train")


class CorpusFormat(StrEnum):
    msra = "msra"
    bio = "bio"
    cluener = "cluener"
    weibo = "weibo"
    gold = "gold"


def _tagger_name(value: str) -> str:
    from kg.ner.taggers import TAGGERS

    first, _, rest = value.partition("+")
    backstop, _, labels = rest.partition(":")
    names = [first, backstop] if rest else [first]
    if any(n not in TAGGERS for n in names) or any(
        label not in ("PER", "LOC", "ORG") for label in filter(None, labels.split(","))
    ):
        raise typer.BadParameter(
            f"'{value}' is not one of {', '.join(TAGGERS)} nor FIRST+BACKSTOP[:LABELS] "
            "(e.g. rules+lac:PER)"
        )
    return value


_MODEL = typer.Option(
    "--model",
    help="A spaCy model directory (tagger spacy; default: the one kg ships).",
    metavar="DIR",
)


@eval_app.command("ner")
def eval_ner_command(
    path: Annotated[
        Path,
        typer.Argument(help="The annotated corpus file.", metavar="PATH", show_default=False),
    ],
    fmt: Annotated[
        CorpusFormat, typer.Option("--format", "-f", help="The corpus format.", show_default=False)
    ],
    tags: Annotated[
        Path | None,
        typer.Argument(
            help="msra: the tags file (default: *_sentences.txt -> *_tags.txt); gold: the "
            "directory the records' source files are relative to.",
            metavar="TAGS",
            show_default=False,
        ),
    ] = None,
    tagger: Annotated[
        str,
        typer.Option(
            help="The tagger: rules, lac, spacy, or FIRST+BACKSTOP[:LABELS] — the first's spans "
            "plus the backstop's (of LABELS) where the first found none, e.g. rules+lac:PER.",
            callback=_tagger_name,
            metavar="NAME",
        ),
    ] = "rules",
    model: Annotated[Path | None, _MODEL] = None,
    ner: Annotated[str, _NER] = "off",
    limit: Annotated[
        int | None, typer.Option(help="Score only the first N sentences.", min=1, metavar="N")
    ] = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help='Print {"PER": {"p", "r", "f1"}, "LOC": …, "ORG": …, "micro": …}; speed '
            "goes to stderr.",
        ),
    ] = False,
) -> None:
    """Score a NER tagger on an annotated corpus: exact-match precision, recall and F1 per
    type (PER, LOC, ORG; each corpus' tags mapped as in docs/NER.md) and micro-averaged."""
    from kg.ner.corpora import read_corpus
    from kg.ner.score import evaluate_tagger, format_table, to_json
    from kg.ner.taggers import get_tagger

    sentences = read_corpus(fmt.value, path, tags)[:limit]
    chosen = get_tagger(tagger, model, _ner_mode(ner))
    report = evaluate_tagger(chosen, sentences)
    speed = (
        f"{chosen.name}: {report.sentences} sentences, {report.chars:,} chars in "
        f"{report.seconds:.2f} s ({report.chars_per_s:,.0f} chars/s)"
    )
    if as_json:
        json.dump(to_json(report.counts), sys.stdout, indent=1)
        sys.stdout.write("\n")
        if not _state["quiet"]:
            _say("info", speed)
    else:
        typer.echo(format_table(report.counts))
        typer.echo(speed)


@train_app.command("ner")
def train_ner_command(
    corpora: Annotated[
        list[str],
        typer.Argument(
            help="Training corpora as FORMAT:PATH (msra:SENTENCES[,TAGS]); never a set you "
            "evaluate on.",
            metavar="CORPUS",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="The model directory to write.", metavar="DIR")
    ],
    epochs: Annotated[int, typer.Option(help="Passes over the training data.", min=1)] = 10,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    dev: Annotated[
        list[str] | None,
        typer.Option(
            help="A dev corpus FORMAT:PATH that picks the best epoch (repeatable; default: "
            "one sentence in 20 of the training corpora).",
            metavar="CORPUS",
        ),
    ] = None,
) -> None:
    """Train a spaCy NER model (PER, LOC, ORG) on Chinese NER corpora; write it to DIR."""
    from kg.ner.train import CorpusSpec, train_ner

    specs = [CorpusSpec.parse(c) for c in corpora]
    dev_specs = [CorpusSpec.parse(c) for c in dev] if dev else None
    report = train_ner(specs, out, epochs=epochs, seed=seed, dev=dev_specs)
    scores = report["dev_scores"]
    typer.echo(
        f"wrote {out}: {report['train_sentences']} training sentences, {epochs} epochs, "
        f"{report['seconds']:.0f} s; dev F1 {scores.get('ents_f', 0.0):.3f}"
    )
