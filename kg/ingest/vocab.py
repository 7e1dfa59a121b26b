"""The newsroom vocabulary of rules/ingest.toml, validated when loaded."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg.errors import RulesError
from kg.resources import rules_dir

_ROLES = frozenset({"记者", "通讯员", "作者", "整理", "制图", "版式设计"})


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Affiliations(_Words):
    names: tuple[str, ...] = Field(min_length=1)
    suffixes: tuple[str, ...] = Field(min_length=1)


class Furniture(_Words):
    roles: tuple[str, ...] = Field(min_length=1)


class SourceMarkers(_Words):
    markers: tuple[str, ...] = Field(min_length=1)


class IngestVocab(_Words):
    """Role words, affiliations, furniture roles and source markers."""

    version: str = Field(pattern=r"^ingest-\d{4}\.\d{1,2}\.\d+$")
    roles: dict[str, str] = Field(min_length=1)
    affiliations: Affiliations
    furniture: Furniture
    source: SourceMarkers
    author_markers: SourceMarkers
    postfix_roles: SourceMarkers
    column_words: SourceMarkers

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(roles.values()) - _ROLES)
        if unknown:
            raise ValueError(f"roles map to {unknown}; allowed: {sorted(_ROLES)}")
        return roles


def load_vocab(path: Path | None = None) -> IngestVocab:
    """Load and validate an ingest vocabulary (kg's own when ``path`` is None).

    Raises:
        RulesError: the file is missing, not TOML, or does not fit the schema.
    """
    if path is None:
        return _default_vocab()
    return _load(path)


@cache
def _default_vocab() -> IngestVocab:
    return _load(rules_dir() / "ingest.toml")


def _load(path: Path) -> IngestVocab:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return IngestVocab.model_validate(data)
    except OSError as error:
        raise RulesError(f"{path}: cannot read rules file: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{path}: not valid TOML: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RulesError(f"{path}: invalid rules at '{where}': {first['msg']}") from None


@cache
def surnames() -> frozenset[str]:
    """The surnames of rules/surnames.tsv: a byline's bare names must start with one."""
    path = rules_dir() / "surnames.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise RulesError(f"{path}: cannot read rules file: {error.strerror or error}") from None
    return frozenset(
        line.split("\t")[0].strip() for line in lines if line.strip() and not line.startswith("#")
    )
