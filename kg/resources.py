"""Where kg's data files are.

``rules/`` sits at the top of the repository and is shipped inside the wheel as
``kg/rules`` (see pyproject.toml). An installed package finds it beside its
modules; an editable install or a source checkout finds the top-level copy.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.errors import RulesError

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def rules_dir() -> Path:
    """Return the directory holding kg's rules and dictionaries."""
    for candidate in (_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent / "rules"):
        if (candidate / "ingest.toml").is_file():
            return candidate
    raise RulesError(
        f"kg's rules directory was not found beside {_PACKAGE_DIR}: the installation is "
        "incomplete; reinstall kg with `pip install .` from a full checkout"
    )
