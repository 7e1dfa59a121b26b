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


@pytest.fixture
def run_kg():
    """Run the installed ``kg`` console script; return the CompletedProcess (text mode)."""

    def run(
        *args: str, cwd: Path | None = None, env: dict | None = None
    ) -> subprocess.CompletedProcess:
        exe = Path(sys.executable).with_name("kg")
        return subprocess.run(
            [str(exe), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=cwd or ROOT,
            env={**os.environ, **(env or {})},
            timeout=300,
        )

    return run
