"""Placeholder: filled in by the neo4j work; registers its commands on kg.cli.app."""
