"""One root exception for everything kg reports to a user.

Each message says what was expected, what was found and, where useful, what to
do. The CLI prints ``str(error)`` on one line; no traceback reaches a user for
an error of this family.
"""

from __future__ import annotations


class KGError(Exception):
    """Root of kg's user-facing errors."""


class InputError(KGError):
    """A file or record could not be read as input.

    Attributes:
        path: the file (and, for JSONL, ``file:line``) the problem is in.
        reason: one short sentence, without the path.
    """

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RulesError(KGError):
    """A rules file shipped with kg (or given by the user) is invalid."""


class UsageError(KGError):
    """An option or argument has an invalid value."""


class QueryError(KGError):
    """A query could not run: no database, a syntax error, an unknown name or parameter.

    The message is one line: what failed, then the engine's own words.
    """


class BuildError(KGError):
    """A graph directory cannot be used: missing, not kg's, made by an incompatible
    version, damaged, held by another build, or a write into it failed (disk full)."""
