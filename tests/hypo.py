"""Hypothesis profiles: ``ci`` (reproducible), ``dev`` (the default) and ``fast``.

Chosen by ``HYPOTHESIS_PROFILE``; without it, ``ci`` when the ``CI`` variable is set, else
``dev``. Tests that pick their own number of examples go through :func:`examples`, so the
``fast`` profile (``make test-fast``) trims them too.
"""

from __future__ import annotations

import os

from hypothesis import settings

__all__ = ["FAST_EXAMPLES", "examples", "load_profile"]

#: the most examples any property test runs under the ``fast`` profile
FAST_EXAMPLES = 10


def load_profile() -> str:
    settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
    settings.register_profile("dev", deadline=None)
    settings.register_profile("fast", deadline=None, max_examples=FAST_EXAMPLES)
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
    settings.load_profile(name)
    return name


def examples(count: int) -> int:
    """``count`` examples, or at most :data:`FAST_EXAMPLES` under the ``fast`` profile."""
    return min(count, FAST_EXAMPLES) if settings.get_current_profile_name() == "fast" else count
