"""Tests of the generated package (run with pytest from the distribution folder)."""
