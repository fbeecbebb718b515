"""The expected outputs hold test suites of their own: they run in their own folder (see
test_quality.py), never collected as part of this one."""

collect_ignore = ["expected", "specs"]
