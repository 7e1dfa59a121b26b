"""Placeholder: filled in by the export work; registers its commands on kg.cli.app."""
