"""The ``kg`` command line. Commands register themselves on :data:`app` when imported,
in the order of the data flow: reading text first, then the graph."""

from importlib import import_module

from kg.cli.app import app, main

for _module in ("read", "graph", "info", "export", "neo4j", "ner"):
    import_module(f"kg.cli.{_module}")

__all__ = ["app", "main"]
