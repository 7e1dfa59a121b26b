"""Integration tests against real servers (a package, so its conftest does not shadow tests/conftest.py)."""
