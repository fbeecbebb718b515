"""``pagination:`` in ``gen.yaml``: which list operations page themselves, and how.

::

    pagination:
      detect: true                 # recognise the common schemes from the spec (default)
      all: cursor                  # a scheme for every list operation (rarely needed)
      tags:
        Users: {scheme: page, param: page, size: per_page, items: data}
      operations:
        GetLmsCourses: {scheme: cursor, param: cursor, cursor: data.next, items: data.results}
        ListLegacyThings: none     # never paginated

A rule is a scheme name (``cursor``, ``after_id``, ``page``, ``offset``, ``link``, ``next_url``,
``none``) or
a mapping with ``scheme`` and any of ``param``, ``items``, ``cursor``, ``has_more``, ``id``,
``size``, ``total``, ``total_pages``; what a rule leaves out is detected. An operation's rule
wins over its tag's, which wins over ``all``. Problems are reported like every other setting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .config import PAGING_SCHEMES, PaginationConfig, PagingRule
from .diagnostics import close_matches

__all__ = ["parse_pagination"]

Fail = Callable[[str, str], None]
_RULE_KEYS = tuple(k for k in PagingRule.__dataclass_fields__ if k != "scheme")
_SECTIONS = ("detect", "all", "tags", "operations")


def _dot(key: str) -> str:
    return key.replace("/", ".")


def _rule(value: Any, fail: Fail, key: str) -> PagingRule | None:
    if value is False or value is None:
        return PagingRule(scheme="none")
    if isinstance(value, str):
        value = {"scheme": value}
    if not isinstance(value, dict):
        fail(key, f"'{_dot(key)}' must be a scheme name or a mapping with 'scheme'")
        return None
    scheme = value.get("scheme")
    if scheme not in PAGING_SCHEMES:
        fail(
            f"{key}/scheme",
            f"'{_dot(key)}.scheme': {scheme!r} is not one of {', '.join(PAGING_SCHEMES)}",
        )
        return None
    fields: dict[str, str] = {}
    for name, text in value.items():
        if name == "scheme":
            continue
        if name not in _RULE_KEYS:
            close = close_matches(str(name), _RULE_KEYS)
            hint = (
                f" (did you mean {close[0]!r}?)" if close else f" (keys: {', '.join(_RULE_KEYS)})"
            )
            fail(f"{key}/{name}", f"'{_dot(key)}.{name}' is not a paging setting{hint}")
        elif not isinstance(text, str) or not text:
            fail(f"{key}/{name}", f"'{_dot(key)}.{name}' must be a non-empty string")
        else:
            fields[str(name)] = text
    return PagingRule(scheme=scheme, **fields)


def _rules(value: Any, fail: Fail, key: str) -> tuple[tuple[str, PagingRule], ...]:
    if not isinstance(value, dict):
        fail(key, f"'{_dot(key)}' must be a mapping of names to paging rules")
        return ()
    out = []
    for name, rule in value.items():
        parsed = _rule(rule, fail, f"{key}/{name}")
        if parsed is not None:
            out.append((str(name), parsed))
    return tuple(out)


def parse_pagination(value: Any, fail: Fail, key: str) -> PaginationConfig | None:
    """The ``pagination`` setting (``false`` switches detection off)."""
    if value is False:
        return PaginationConfig(detect=False)
    if not isinstance(value, dict):
        fail(key, f"'{_dot(key)}' must be a mapping ({', '.join(_SECTIONS)}) or false")
        return None
    for name in value:
        if name not in _SECTIONS:
            close = close_matches(str(name), _SECTIONS)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (keys: {', '.join(_SECTIONS)})"
            fail(f"{key}/{name}", f"'{_dot(key)}.{name}' is not a pagination setting{hint}")
    detect = value.get("detect", True)
    if not isinstance(detect, bool):
        fail(f"{key}/detect", f"'{_dot(key)}.detect' must be true or false")
        detect = True
    everything = _rule(value["all"], fail, f"{key}/all") if "all" in value else None
    return PaginationConfig(
        detect=detect,
        all=everything,
        tags=_rules(value.get("tags", {}), fail, f"{key}/tags"),
        operations=_rules(value.get("operations", {}), fail, f"{key}/operations"),
    )
