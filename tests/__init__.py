"""The test suite of gen (a package so that ``python -m tests.golden.regen`` works)."""
