"""Golden tests: small specs, one per feature, and the packages gen makes of them.

* ``specs/`` — the input specs (``common/`` holds files they reference);
* ``expected/<spec-stem>/`` — the reviewed output for each spec, package ``golden_<stem>``;
* ``regen.py`` — rewrites ``expected/`` (``make regen``; review the diff before committing);
* ``test_golden.py`` — a fresh generation equals ``expected/`` byte for byte;
* ``test_behaviour.py`` — what each expected package does at run time, feature by feature;
* ``test_quality.py`` — mypy --strict, ruff, the packages' own tests, determinism.
"""
