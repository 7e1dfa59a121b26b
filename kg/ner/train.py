"""``kg train ner``: train a spaCy NER model (PER/LOC/ORG) on Chinese NER corpora.

The pipeline is ``spacy.blank("zh")`` with character segmentation (no word
segmenter, nothing downloaded), a CNN ``tok2vec`` over hashed character
features and spaCy's transition-based ``ner``. Corpora are read with
:mod:`kg.ner.corpora` (so with its tag mapping) and written as DocBins; one
sentence in twenty is held out as the dev set that picks the best epoch.

Training is seeded; on one machine the same data, seed and epochs give the same
model. Never train on a set you evaluate on (docs/NER.md lists which are which).
"""

from __future__ import annotations

import json
import platform
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kg.errors import UsageError
from kg.ner.corpora import FORMATS, LABELS, Sentence, read_corpus

CONFIG = Path(__file__).with_name("ner.cfg")
DEV_EVERY = 20  # one sentence in DEV_EVERY goes to the dev set


@dataclass(frozen=True)
class CorpusSpec:
    """A corpus given as ``FORMAT:PATH`` (``msra:SENTENCES[,TAGS]``)."""

    format: str
    path: Path
    tags: Path | None = None

    @classmethod
    def parse(cls, spec: str) -> CorpusSpec:
        """Example:
        >>> CorpusSpec.parse("weibo:data/weibo.train").format
        'weibo'
        """
        fmt, sep, rest = spec.partition(":")
        if not sep or fmt not in FORMATS or not rest:
            raise UsageError(
                f"corpus '{spec}' is not FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}"
            )
        path, _, tags = rest.partition(",")
        return cls(fmt, Path(path), Path(tags) if tags else None)

    def read(self) -> list[Sentence]:
        return read_corpus(self.format, self.path, self.tags)

    def __str__(self) -> str:
        return f"{self.format}:{self.path}" + (f",{self.tags}" if self.tags else "")


def to_docbin(sentences: list[Sentence]):
    """A spaCy DocBin with each sentence's spans as ``doc.ents`` (overlaps: longest kept)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("zh")
    docs = DocBin()
    for sentence in sentences:
        doc = nlp.make_doc(sentence.text)
        spans = [doc.char_span(s, e, label=label) for s, e, label in sentence.spans]
        doc.ents = filter_spans([s for s in spans if s is not None])
        docs.add(doc)
    return docs


def train_ner(
    corpora: list[CorpusSpec],
    out: Path,
    epochs: int = 10,
    seed: int = 0,
    dev: list[CorpusSpec] | None = None,
) -> dict:
    """Train on ``corpora`` and write the model to ``out`` (loadable with ``spacy.load``).

    Args:
        corpora: training corpora.
        out: the model directory to write (replaced if it exists).
        epochs: passes over the training data; the epoch best on dev is kept.
        seed: random seed of initialisation and shuffling.
        dev: dev corpora; by default one sentence in twenty of ``corpora``.

    Returns:
        What was done, also written to ``out/training.json``: data, counts,
        seed, epochs, seconds, dev scores.
    """
    from spacy.cli.train import train

    if epochs < 1:
        raise UsageError("--epochs must be at least 1")
    sentences = {str(c): c.read() for c in corpora}
    every = [s for items in sentences.values() for s in items]
    if dev is not None:
        train_set, dev_set = every, [s for c in dev for s in c.read()]
    else:  # one in DEV_EVERY, and at least one
        held = set(range(DEV_EVERY - 1, len(every), DEV_EVERY)) or {len(every) - 1}
        train_set = [s for n, s in enumerate(every) if n not in held]
        dev_set = [s for n, s in enumerate(every) if n in held]
    if not train_set or not dev_set:
        raise UsageError("the training corpora hold too few sentences (need 2 or more)")
    work = out.with_name(out.name + ".training")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    to_docbin(train_set).to_disk(work / "train.spacy")
    to_docbin(dev_set).to_disk(work / "dev.spacy")
    overrides = {
        "paths.train": str(work / "train.spacy"),
        "paths.dev": str(work / "dev.spacy"),
        "system.seed": seed,
        "training.max_epochs": epochs,
        # evaluate (and keep the best model) a few times an epoch, also on small corpora
        "training.eval_frequency": max(20, min(1000, sum(len(s.text) for s in train_set) // 2000)),
    }
    started = time.perf_counter()
    train(CONFIG, work / "model", overrides=overrides, use_gpu=-1)
    seconds = time.perf_counter() - started
    best = work / "model" / "model-best"
    meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(best, out)
    shutil.rmtree(work)
    report = {
        "corpora": {name: len(items) for name, items in sentences.items()},
        "dev": [str(c) for c in dev] if dev else f"1 sentence in {DEV_EVERY} of the corpora",
        "train_sentences": len(train_set),
        "dev_sentences": len(dev_set),
        "labels": list(LABELS),
        "seed": seed,
        "epochs": epochs,
        "seconds": round(seconds, 1),
        "machine": f"{platform.machine()}, python {platform.python_version()}",
        "dev_scores": meta.get("performance", {}),
    }
    (out / "training.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return report
