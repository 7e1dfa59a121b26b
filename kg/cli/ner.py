"""Placeholder: filled in by the ner work; registers its commands on kg.cli.app."""
