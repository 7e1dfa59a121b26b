"""Sinks: the graph written out as JSON, RDF, an embedded store, Neo4j, CSV, GraphML."""
