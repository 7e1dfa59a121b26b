"""The test server gets its password without exposing it: not in argv (``ps`` shows that
to every user), not in the environment."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.neo4j

PROC = Path("/proc")


def _process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux: /proc/PID/task/TID/children)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for children in (PROC / str(current) / "task").glob("*/children"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                todo += [int(child) for child in children.read_text().split()]
    return found


def test_the_server_is_started_without_its_password_on_a_command_line(bolt_server):
    if bolt_server.product != "arcadedb":
        pytest.skip("a server these tests did not start (NEO4J_URI)")
    if not (PROC / "self" / "cmdline").is_file():
        pytest.skip("no /proc to read command lines from")
    below = _process_tree(os.getpid())[1:]  # every process the tests started
    lines = {pid: _read(pid, "cmdline") for pid in below}
    assert any(b"arcadedb" in line for line in lines.values()), "no ArcadeDB process found"
    secret = bolt_server.password.encode()
    for pid, line in lines.items():
        assert secret not in line, pid
        assert secret not in _read(pid, "environ"), pid


def _read(pid: int, name: str) -> bytes:
    try:
        return (PROC / str(pid) / name).read_bytes()
    except (FileNotFoundError, ProcessLookupError):  # it has just exited
        return b""
