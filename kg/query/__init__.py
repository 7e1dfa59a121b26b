"""Queries over the graph: named research queries, Cypher and SPARQL."""
