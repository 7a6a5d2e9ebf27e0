"""Helpers shared by every test directory, imported as `helpers.…` (tests/ is on sys.path through
tests/conftest.py)."""
