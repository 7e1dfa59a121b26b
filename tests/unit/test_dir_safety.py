"""A graph directory survives a second build, kill -9, a full disk and damaged contents.

One writer at a time (a lock the kernel drops when its holder dies); outputs are written
aside and swapped in whole, so a kill at any moment leaves the previous graph readable
and a re-run of the same command gives the graph an uninterrupted run gives; damaged
contents and failed writes are one line naming the file.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PAGE_000, PAGE_003

import kg
from kg.atomic import LOCK, OLD, STAGING, locked, pending, recover
from kg.builder import (
    CYPHER_DB,
    EXTRACTED_JSON,
    GRAPH_JSON,
    MANIFEST,
    SPARQL_STORE,
    build,
    check_graph_dir,
)
from kg.errors import BuildError, KGError

KG = str(Path(sys.executable).with_name("kg"))
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    """The previous graph (page 000) and what appending page 003 to it gives."""
    root = tmp_path_factory.mktemp("safety")
    build([PAGE_000], root / "before", ner="off")
    shutil.copytree(root / "before", root / "after")
    build([PAGE_003], root / "after", append=True, ner="off")
    return root / "before", root / "after"


def _copy(graph: Path, to: Path) -> Path:
    shutil.copytree(graph, to, ignore=shutil.ignore_patterns(LOCK))
    return to


def _append(directory: Path, page: Path = PAGE_003) -> list[str]:
    return [KG, "build", str(page), "--append", "--out", str(directory), "--ner", "off", "-q"]


def _tree(directory: Path) -> dict[str, str]:
    """Every file under DIR with a hash of its bytes (the lock file aside)."""
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name != LOCK
    }


def _no_scratch(directory: Path) -> None:
    left = {STAGING, OLD} & set(os.listdir(directory))
    assert not left and not list(directory.glob(f".{CYPHER_DB}.*")), left


def _articles(directory: Path) -> list[int]:
    """The number of articles the report and each store of DIR say (all must open)."""
    from kg.query.cypher import run_cypher
    from kg.query.sparql import run_sparql

    check_graph_dir(directory, CYPHER_DB)
    check_graph_dir(directory, SPARQL_STORE)
    cypher = run_cypher(directory / CYPHER_DB, "MATCH (a:Article) RETURN count(a) AS n")
    sparql = run_sparql(
        directory / SPARQL_STORE,
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }",
    )
    return [_report(directory)["nodes"]["Article"], cypher[1][0][0], int(sparql[1][0][0])]


def _report(directory: Path) -> dict:
    return json.loads((directory / MANIFEST).read_text("utf-8"))


def _holds(directory: Path, graphs: tuple[Path, Path]) -> dict[str, str]:
    """Which graph, "before" or "after", each output of DIR holds (whole, or KeyError)."""
    labelled = dict(zip(graphs, ("before", "after"), strict=True))
    held = {}
    for name in (GRAPH_JSON, EXTRACTED_JSON):
        by_bytes = {(graph / name).read_bytes(): label for graph, label in labelled.items()}
        held[name] = by_bytes[(directory / name).read_bytes()]
    by_count = {_report(graph)["nodes"]["Article"]: label for graph, label in labelled.items()}
    for name, count in zip((MANIFEST, CYPHER_DB, SPARQL_STORE), _articles(directory), strict=True):
        held[name] = by_count[count]
    return held


def _one_error_line(stderr: str, *words: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: "), stderr
    assert "Traceback" not in stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


def _cli(capsys, *args: str) -> tuple[int, str]:
    """Run the kg CLI in this process, as the console script does; (exit code, stderr)."""
    from kg.cli import main

    argv = sys.argv
    sys.argv = ["kg", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    finally:
        sys.argv = argv
    return code, capsys.readouterr().err


# --- one writer at a time -------------------------------------------------------------


def _flocked(path: Path) -> bool:
    """Some process holds a flock on ``path`` (Linux's /proc/locks: asking would race)."""
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        return False
    held = Path("/proc/locks").read_text().splitlines()
    return any("FLOCK" in line and line.split()[5].endswith(f":{inode}") for line in held)


def test_a_second_build_is_refused_at_once_and_a_killed_first_leaves_no_trap(
    graphs, tmp_path, capsys
):
    before, _ = graphs
    mine = tmp_path / "mine"  # a user's directory: refused before the lock, so no lock file
    (mine / "notes").mkdir(parents=True)
    with pytest.raises(BuildError, match="not a graph directory made by kg build"):
        build([PAGE_000], mine)
    assert os.listdir(mine) == ["notes"]
    directory = tmp_path / "g"
    command = [KG, "build", str(PAGE_000), "--out", str(directory), "--ner", "off", "-q"]
    first = subprocess.Popen(command, env=ENV, stderr=subprocess.DEVNULL)
    try:
        while not _flocked(directory / LOCK):  # the first build locks DIR as it starts
            assert first.poll() is None, "the first build finished without locking DIR"
            time.sleep(0.005)
        code, stderr = _cli(capsys, *command[1:])
        assert code == 1
        _one_error_line(stderr, str(directory), "another kg build")
        started = time.monotonic()
        with pytest.raises(BuildError, match="another kg build is writing"):
            build([PAGE_000], directory, append=True, ner="off")
        assert time.monotonic() - started < 1  # refused before reading anything
        while set(os.listdir(directory)) == {LOCK}:  # until it starts writing
            assert first.poll() is None
            time.sleep(0.005)
    finally:
        first.kill()  # kill -9 a first build as it writes
        first.wait()
    if not (directory / MANIFEST).exists():  # killed before its graph was whole: no graph
        with pytest.raises(BuildError, match="not a graph directory made by kg build"):
            check_graph_dir(directory)
    build([PAGE_000], directory, ner="off")  # neither a stale lock nor the leftovers refuse it
    assert (directory / GRAPH_JSON).read_bytes() == (before / GRAPH_JSON).read_bytes()
    _no_scratch(directory)


# Scripts that need kg.atomic alone load it without the package's imports (faster).
_ATOMIC_ONLY = f"""
import sys, types
sys.modules["kg"] = types.ModuleType("kg")
sys.modules["kg"].__path__ = [{str(Path(kg.__file__).parent)!r}]
"""

_HOLD = (
    _ATOMIC_ONLY
    + """
import os, sys, time
from pathlib import Path
from kg.atomic import locked

with locked(Path(sys.argv[1])):
    if os.fork() == 0:  # as --jobs forks its workers, which outlive a killed build
        print(os.getpid(), flush=True)  # once fork has returned here, with its hooks run
        time.sleep(60)
        os._exit(0)
    time.sleep(60)
"""
)


def test_a_killed_holder_leaves_no_stale_lock_even_with_live_workers(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True, env=ENV
    )
    worker = int(holder.stdout.readline())
    try:
        with pytest.raises(BuildError, match="another kg build"), locked(tmp_path):
            pass
        holder.kill()
        holder.wait()
        os.kill(worker, 0)  # the worker lives on
        with locked(tmp_path):  # the kernel dropped the dead holder's lock
            pass
    finally:
        holder.kill()
        holder.stdout.close()
        os.kill(worker, signal.SIGKILL)


# --- kill -9 at any moment ------------------------------------------------------------


def _snapshot(directory: Path) -> dict:
    if not directory.exists():
        return {}
    return {
        e.name: (e.inode(), e.stat(follow_symlinks=False).st_mtime_ns)
        for e in os.scandir(directory)
        if e.name != LOCK
    }


def _kill_at(runs: list[tuple[list[str], Path, str, float]]) -> None:
    """Start every command at once; kill -9 each ``delay`` seconds after its moment:
    "start" (the process starts) or "write" (DIR first changes)."""
    started = time.monotonic()
    live = []
    for command, directory, moment, delay in runs:
        process = subprocess.Popen(
            command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        live.append([process, directory, _snapshot(directory), moment, delay, None])
    while live:
        assert time.monotonic() - started < 180
        now = time.monotonic()
        for run in list(live):
            process, directory, snapshot, moment, delay, wrote = run
            if wrote is None and _snapshot(directory) != snapshot:
                run[5] = wrote = now
            origin = started if moment == "start" else wrote
            if process.poll() is not None or (origin is not None and now >= origin + delay):
                process.kill()  # SIGKILL: no handler, no cleanup
                process.wait()
                live.remove(run)
        time.sleep(0.002)


KILLS = [("start", 0.5), ("write", 0.0), ("write", 0.5), ("write", 1.5)]  # start: importing


def test_kill_9_at_any_moment_leaves_a_readable_graph_and_a_rerun_recovers(graphs, tmp_path):
    before, after = graphs
    runs = [
        (_append(d), d, moment, delay)
        for n, (moment, delay) in enumerate(KILLS)
        for d in [_copy(before, tmp_path / str(n))]
    ]
    _kill_at(runs)

    for _, directory, *_ in runs:
        held = _holds(directory, graphs)  # every output whole, and readable
        # one graph throughout, unless the kill fell within the swap (which a re-run ends)
        assert len(set(held.values())) == 1 or pending(directory), held
        build([PAGE_003], directory, append=True, ner="off")  # the same command again
        assert (directory / GRAPH_JSON).read_bytes() == (after / GRAPH_JSON).read_bytes()
        assert set(_holds(directory, graphs).values()) == {"after"}
        _no_scratch(directory)


_SWAP_AND_DIE = (
    _ATOMIC_ONLY
    + """
import os, signal, sys
from pathlib import Path
import kg.atomic as atomic

directory, die_at, exchange = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
if not exchange:
    atomic._renameat2 = lambda: None  # the fallback: move the old directory aside first
calls = [0]

def counted(rename):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == die_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return rename(*args, **kwargs)
    return call

with atomic.locked(directory), atomic.staged(directory) as stage:
    for name in ("graph.json", "kg.lbug", "kg-build.json"):
        stage.path(name).write_text("new")
    store = stage.path("sparql")
    store.mkdir()
    for name in ("CURRENT", "data"):
        (store / name).write_text("new")
    stage.path("kg-build.json")  # swapped in last
    os.replace, os.rename = counted(os.replace), counted(os.rename)
    atomic._exchange = counted(atomic._exchange)
"""
)


def _versions(directory: Path) -> dict[str, str | None]:
    found = {}
    for name in ("graph.json", "kg.lbug", "sparql", "kg-build.json"):
        path = directory / name
        if path.is_dir():
            texts = {p.read_text() for p in path.iterdir()}
            assert len(texts) == 1 and len(list(path.iterdir())) == 2, texts  # never mixed
            found[name] = texts.pop()
        else:
            found[name] = path.read_text() if path.exists() else None
    return found


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "move-aside"])
def test_a_kill_during_the_swap_leaves_whole_entries_and_recovery_finishes_it(tmp_path, exchange):
    runs = []
    for die_at in range(1, 9):  # the journal, then each rename (or attempt) per entry
        directory = tmp_path / str(die_at)
        (directory / "sparql").mkdir(parents=True)
        for name in ("graph.json", "kg.lbug", "kg-build.json", "sparql/CURRENT", "sparql/data"):
            (directory / name).write_text("old")
        script = [sys.executable, "-c", _SWAP_AND_DIE, str(directory), str(die_at)]
        script.append("1" if exchange else "0")
        runs.append((directory, subprocess.Popen(script, env=ENV)))
    completed, states = 0, set()
    for directory, process in runs:
        completed += process.wait(timeout=60) == 0
        versions = _versions(directory)
        states.add(tuple(versions.values()))
        assert set(versions.values()) <= {"old", "new", None}
        missing = {name for name, text in versions.items() if text is None}
        assert missing <= (set() if exchange else {"sparql"})  # between its two renames
        if versions["kg-build.json"] == "new":  # the report is swapped in last
            assert set(versions.values()) == {"new"}
        with locked(directory):
            recover(directory)
        journal_written = directory.name != "1"  # the first rename puts the journal in place
        assert set(_versions(directory).values()) == {"new" if journal_written else "old"}
        assert set(os.listdir(directory)) == {LOCK, *versions}
    assert completed >= 1  # the last runs got through: every rename was a kill point
    assert len(states) >= 5  # all old, all new and mixes: the kills did land mid-swap


# --- a full disk ----------------------------------------------------------------------

_FULL_DISK = """
import resource, signal, sys
from kg.cli import main

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG
page, *runs = sys.argv[1:]
for limit, directory in zip(runs[::2], runs[1::2]):
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limit), resource.RLIM_INFINITY))
    sys.argv = ["kg", "build", page, "--append", "--out", directory, "--ner", "off"]
    try:
        main()
    except SystemExit as exit_:
        print(f"exit {exit_.code}", file=sys.stderr, flush=True)
"""


def test_a_full_disk_is_one_line_and_the_previous_graph_stays(graphs, tmp_path):
    before, _ = graphs
    # 50 kB: extracted.json, the first file written, fails; 1 MB: the LadybugDB store
    limits = {"50000": EXTRACTED_JSON, "1000000": CYPHER_DB}
    dirs = {limit: _copy(before, tmp_path / limit) for limit in limits}
    script = [sys.executable, "-c", _FULL_DISK, str(PAGE_003)]
    for limit, directory in dirs.items():
        script += [limit, str(directory)]
    done = subprocess.run(script, env=ENV, capture_output=True, text=True, timeout=180)
    lines = done.stderr.splitlines()
    assert len(lines) == 4 and lines[1::2] == ["exit 1", "exit 1"], done.stderr
    expected = _tree(before)
    for (limit, directory), line in zip(dirs.items(), lines[::2], strict=True):
        _one_error_line(line, str(directory / limits[limit]), "not written")
        assert limit != "50000" or "File too large" in line  # the OS's words
        assert _tree(directory) == expected
        _no_scratch(directory)


# --- damaged contents -----------------------------------------------------------------

DAMAGED_JSON = [
    (MANIFEST, "[]", ["query", "sparql", "ask-cypher", "ask-sparql", "append"]),
    (GRAPH_JSON, "[1, 2]", ["append", "export"]),
    (GRAPH_JSON, '{"nodes": [', ["append", "export"]),
    (EXTRACTED_JSON, "[]", ["append"]),
]


def _command(kind: str, directory: Path, tmp_path: Path) -> list[str]:
    return {
        "query": ["query", "MATCH (n) RETURN count(n)", "--db", str(directory)],
        "sparql": ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--db", str(directory)],
        "ask-cypher": ["ask", "positions", "--db", str(directory)],
        "ask-sparql": ["ask", "positions", "--db", str(directory), "--engine", "sparql"],
        "append": _append(directory)[1:],
        "export": ["export", "neo4j-admin", str(directory), "--out", str(tmp_path / "csv")],
    }[kind]


@pytest.mark.parametrize(("name", "text", "commands"), DAMAGED_JSON)
def test_damaged_json_in_dir_is_one_line_naming_the_file(
    graphs, tmp_path, capsys, name, text, commands
):
    directory = _copy(graphs[0], tmp_path / "g")
    (directory / name).write_text(text, "utf-8")
    expected = _tree(directory)
    for kind in commands:
        code, stderr = _cli(capsys, *_command(kind, directory, tmp_path))
        assert code == 1, kind
        _one_error_line(stderr, str(directory / name))
    assert _tree(directory) == expected


def test_a_damaged_store_is_one_line_for_the_readers(graphs, tmp_path, capsys):
    directory = _copy(graphs[0], tmp_path / "g")
    for path in (directory / SPARQL_STORE).iterdir():
        path.write_text("junk")  # RocksDB: "Corruption: CURRENT file corrupted"
    for kind in ("sparql", "ask-sparql"):
        code, stderr = _cli(capsys, *_command(kind, directory, tmp_path))
        assert code == 1
        _one_error_line(stderr, str(directory / SPARQL_STORE), "cannot be opened")
    shutil.rmtree(directory / SPARQL_STORE)
    (directory / SPARQL_STORE).write_text("a file")
    code, stderr = _cli(capsys, *_command("sparql", directory, tmp_path))
    _one_error_line(stderr, str(directory / SPARQL_STORE), "a file, expected")


def test_append_writes_damaged_stores_again(graphs, tmp_path):
    before, after = graphs
    directory = _copy(before, tmp_path / "g")
    shutil.rmtree(directory / SPARQL_STORE)
    (directory / SPARQL_STORE).write_text("a file where the store was")
    (directory / CYPHER_DB).unlink()
    (directory / CYPHER_DB).mkdir()
    build([PAGE_003], directory, append=True, ner="off")
    assert (directory / GRAPH_JSON).read_bytes() == (after / GRAPH_JSON).read_bytes()
    assert set(_holds(directory, graphs).values()) == {"after"}
    _no_scratch(directory)


def test_read_json_refuses_what_is_not_a_graph(tmp_path):
    from kg.sinks.nodelink import read_json

    path = tmp_path / GRAPH_JSON
    for text in ("[]", '"x"', '{"nodes": {}}', '{"nodes": [1], "edges": []}', "\xff"):
        path.write_text(text, "utf-8")
        with pytest.raises(KGError, match=f"{GRAPH_JSON}: cannot read the graph"):
            read_json(path)
