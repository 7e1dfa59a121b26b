"""A Bolt server for the integration tests, and a graph directory of the sample pages.

With NEO4J_URI set (and NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), the tests use that
server, a real Neo4j 5. Otherwise they start ArcadeDB (``arcadedb-embedded``, which
speaks Bolt and Neo4j 5's Cypher) in a child process on 127.0.0.1 with free ports: its
JVM (~1 GB) and its log lines stay out of the test process, and it is stopped at the end.
Its root password goes to the child through its stdin, never its command line.
:class:`CuttingProxy` stands between a loader and the server to cut connections mid-load.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# Runs in the child: read the root password from the first line of stdin (never argv,
# which `ps` shows to every user), start the server with a Bolt listener, create the
# database, say so, and stop when the parent closes stdin.
_ARCADEDB = """\
import pathlib, sys
import arcadedb_embedded as arcadedb
root, http_port, bolt_port, database, ready = sys.argv[1:6]
password = sys.stdin.readline().rstrip("\\n")
server = arcadedb.create_server(root_path=root, root_password=password, config={
    "host": "127.0.0.1", "http_port": int(http_port),
    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": int(bolt_port)})
server.start()
server.create_database(database)
pathlib.Path(ready).write_text("ready")
sys.stdin.read()
server.stop()
"""


@dataclass(frozen=True)
class BoltServer:
    """Where the tests load: ``uri``, ``user``, ``password``, ``database`` (None: home db)."""

    uri: str
    user: str
    password: str
    database: str | None
    product: str  # "arcadedb" or "neo4j"


def free_port() -> int:
    """A TCP port nothing listens on at the moment (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ArcadeDB:
    """An ArcadeDB server in a child process; ``with ArcadeDB(tmp) as server: ...``."""

    def __init__(self, directory: Path, database: str = "kg", timeout: float = 120.0):
        self.directory, self.database, self.timeout = Path(directory), database, timeout
        self.password = "kg-test-" + secrets.token_hex(8)
        self.bolt_port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> BoltServer:
        self.directory.mkdir(parents=True, exist_ok=True)
        ready = self.directory / "ready"
        log = (self.directory / "arcadedb.log").open("wb")
        args = [str(self.directory / "databases"), str(free_port())]
        args += [str(self.bolt_port), self.database, str(ready)]
        self.process = subprocess.Popen(
            [sys.executable, "-c", _ARCADEDB, *args],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.directory,  # ArcadeDB writes ./log/ where it runs
            text=True,
        )
        log.close()
        self.process.stdin.write(self.password + "\n")  # through a pipe: no argv, no environ
        self.process.stdin.flush()
        deadline = time.monotonic() + self.timeout
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                tail = (self.directory / "arcadedb.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"ArcadeDB did not start:\n{tail}")
            time.sleep(0.1)
        uri = f"bolt://127.0.0.1:{self.bolt_port}"
        return BoltServer(uri, "root", self.password, self.database, "arcadedb")

    def __exit__(self, *exc) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()  # the child stops the server and exits
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """The server the tests load into: NEO4J_URI's, or an ArcadeDB started here."""
    if os.environ.get("NEO4J_URI"):
        yield BoltServer(
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None,
            "neo4j",
        )
        return
    with ArcadeDB(tmp_path_factory.mktemp("arcadedb")) as server:
        yield server


@pytest.fixture(scope="session")
def bolt_driver(bolt_server):
    """An official ``neo4j`` driver on the test server, for reading back what was loaded."""
    import neo4j

    driver = neo4j.GraphDatabase.driver(
        bolt_server.uri, auth=(bolt_server.user, bolt_server.password)
    )
    yield driver
    driver.close()


@pytest.fixture
def empty_db(bolt_server, bolt_driver):
    """The test server's database with every node and relationship deleted first."""
    bolt_driver.execute_query("MATCH (n) DETACH DELETE n", database_=bolt_server.database)
    return bolt_server


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory) -> Path:
    """A graph directory built from seeds/ by ``kg build`` (once per run; do not modify)."""
    from kg.builder import build

    out = tmp_path_factory.mktemp("graph") / "seeds"
    build([str(SEEDS)], out)
    return out


class CuttingProxy:
    """A TCP proxy to the Bolt server that can cut every connection after N more bytes
    from the client (mid-transaction), then refuse new connections or let them through."""

    def __init__(self, upstream: str):
        host, port = upstream.rsplit("//", 1)[1].rsplit(":", 1)
        self.upstream = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self.listener.getsockname()[1]}"
        self.lock = threading.Lock()
        self.budget: int | None = None  # client bytes still forwarded before the cut
        self.refuse = self.refuse_after_cut = False
        self.cuts = 0
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, nbytes: int, *, refuse: bool) -> None:
        with self.lock:
            self.budget, self.refuse_after_cut = nbytes, refuse

    def close(self) -> None:
        self.listener.close()
        self._drop_all()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                refused = self.refuse
            if refused:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                with self.lock:
                    budget = self.budget if from_client else None
                    if budget is not None and len(data) >= budget:
                        data, cut = data[:budget], True
                    else:
                        cut = False
                        if budget is not None:
                            self.budget = budget - len(data)
                sink.sendall(data)
                if cut:
                    with self.lock:
                        self.budget, self.cuts = None, self.cuts + 1
                        self.refuse = self.refuse_after_cut
                    self._drop_all()
                    return
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _drop_all(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@pytest.fixture
def proxy(bolt_server):
    """A :class:`CuttingProxy` in front of the test server, closed after the test."""
    cutter = CuttingProxy(bolt_server.uri)
    yield cutter
    cutter.close()
