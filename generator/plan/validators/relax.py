"""Formats the spec's own request examples break: checked as annotations, not asserted.

Specs often say ``format: date-time`` where the API (and the spec's own example) takes a date.
When a request body example fails *only* on ``format``, asserting that format would make the
client refuse the very request the spec documents; such a field's format is then an
annotation (as JSON Schema 2020-12 allows), and gen says so with a warning. Every other
keyword stays asserted. (With ``--strict``, once it exists, nothing is relaxed: pass
``enabled=False``.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...diagnostics import Reporter
from ...ir.evaluate import problems
from ...ir.nodes import Api, Schema
from .state import ASSERTED_FORMATS

__all__ = ["RelaxedFormat", "relaxed_formats", "schemas_at"]

_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


@dataclass(frozen=True, slots=True)
class RelaxedFormat:
    """A ``format`` a request example breaks, kept as an annotation only (a workaround)."""

    example: str  # pointer of the request example
    path: str  # JSON path of the value in the example
    schema: str  # pointer of the schema whose format is relaxed
    format: str


def relaxed_formats(api: Api, reporter: Reporter, *, enabled: bool = True) -> frozenset[str]:
    """Pointers of the schemas whose ``format`` is not asserted (each one warned about)."""
    if not enabled:
        return frozenset()
    found = list(_relaxed(api))
    for r in found:
        reporter.workaround(
            r.example,
            f"the request example fails only on format ({r.path}: {r.format})",
            f"the format of {r.schema} is checked as an annotation, not asserted",
            hint="fix the example or the schema's format",
        )
    return frozenset(r.schema for r in found)


def _relaxed(api: Api) -> Iterator[RelaxedFormat]:
    for op in api.operations:
        if op.webhook or op.body is None:
            continue
        for media in op.body.contents:
            if media.schema is None:
                continue
            target = api.target(media.schema)
            for example in media.examples:
                value = example.value.value
                found = sorted(set(problems(api, target, value)))
                if not found or any(keyword != "format" for _, keyword in found):
                    continue
                for path, _ in found:
                    for s in schemas_at(api, target, path):
                        if s.format in ASSERTED_FORMATS:
                            yield RelaxedFormat(example.pointer, path, s.pointer, s.format)


def schemas_at(api: Api, schema: Schema, path: str) -> list[Schema]:
    """Every schema that applies to the value at JSON ``path`` (``$.a[0]["b c"]``): through
    ``$ref``, ``allOf``/``anyOf``/``oneOf``, properties, items and additional properties."""
    current = _expand(api, [schema])
    for match in _STEP.finditer(path, 1):
        name, index, quoted = match.groups()
        key = json.loads(quoted) if quoted else name
        following: list[Schema] = []
        for s in current:
            if index is not None:
                i = int(index)
                following += [s.prefix_items[i]] if i < len(s.prefix_items) else []
                following += [s.items] if s.items is not None and i >= len(s.prefix_items) else []
            else:
                props = dict(s.properties)
                if key in props:
                    following.append(props[key])
                elif s.additional_properties is not None:
                    following.append(s.additional_properties)
        current = _expand(api, following)
    return current


def _expand(api: Api, schemas: list[Schema]) -> list[Schema]:
    out: list[Schema] = []
    seen: set[str] = set()
    stack = list(schemas)
    while stack:
        s = stack.pop()
        if s.pointer in seen:
            continue
        seen.add(s.pointer)
        out.append(s)
        if s.ref is not None and s.ref in api.schemas:
            stack.append(api.schemas[s.ref])
        stack += [*s.all_of, *s.any_of, *s.one_of]
    return out
