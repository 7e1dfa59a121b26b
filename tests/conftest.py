"""Shared fixtures: paths to the sample pages and a helper to run the real ``kg`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PAGE_000 = SEEDS / "000_06b3d37febc2af4e.txt"
PAGE_003 = SEEDS / "003_aad79934b43c83ad.txt"

# The columns each research question returns: the contract both engines are held to.
CATALOG_COLUMNS = {
    "theme-party-days": [
        "county",
        "date",
        "date_text",
        "event",
        "organizations",
        "sentences",
        "article",
        "article_date",
        "article_title",
    ],
    "events-by-county": ["county", "month", "events"],
    "events": ["type", "family", "event", "county", "date_start", "date_end"],
    "organizers": ["organization", "role", "event", "type", "date"],
    "positions": ["person", "title", "organization"],
    "people-in-news": ["person", "article", "article_date", "title", "role"],
    "people": ["person", "id", "relation", "role", "what", "article", "article_date"],
    "evidence": [
        "source",
        "type",
        "target",
        "article",
        "article_date",
        "article_title",
        "sentence",
        "span",
        "rule",
    ],
}


# The seed pages' one 主题党日, as theme-party-days returns it (its sentences, column 5, aside).
SEED_THEME_ROW = [
    "吉木萨尔县",
    None,
    "近日",
    "“党建聚力践初心、劳动种菜暖民心”主题党日活动",
    ["吉木萨尔县社会福利中心党支部"],
    "art-f237e5167b06b817",
    None,  # the sample pages carry no publication date
    "吉木萨尔县社会福利中心党支部开展主题党日活动 践初心于行动 融真情在田间",
]


def kg(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``kg`` console script; return the CompletedProcess (text mode)."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("kg")), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def run_kg():
    """:func:`kg`, for tests that take it as a fixture."""
    return kg


@pytest.fixture(scope="session")
def seed_graph():
    """The graph of the two sample pages (networkx), built once per test run."""
    from kg.extract import extract_paths
    from kg.graph.build import add_extractions, new_graph

    return add_extractions(new_graph(), extract_paths([str(SEEDS)]).extractions)
