"""Changes found by ``gen diff`` and the table that classifies them for client users.

A :class:`Change` has a stable machine-readable ``kind`` (``operation-removed``,
``enum-value-removed``...), the JSON pointer it is about (in the new document, or in the old one
for something removed), a message for people and the ``side`` of the API it is on:

* ``request`` — data the client sends (parameters, request bodies): the new spec must accept
  everything the old one did, so a *narrowing* breaks callers and a widening does not;
* ``response`` — data the client receives and decodes: a *widening* breaks (the generated
  client validates responses against every keyword except ``enum`` and
  ``additionalProperties``/``unevaluatedProperties``, see ``templates/runtime/_models.py``),
  a narrowing does not; removed fields break code that reads them;
* ``operation`` — operations, security;
* ``schema`` — component schemas as model classes: added, removed or renamed ones, and changes
  inside a component no operation uses (it may be sent or received, so a change breaks when it
  would on either side);
* ``docs`` — summaries, descriptions, titles, examples, tags: always compatible.

:data:`RULES` gives, for each kind, whether it breaks clients on the request side and on the
response side (the two are equal for kinds whose meaning does not depend on the direction).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["RULES", "Change", "Collector", "Rule", "Side", "bump"]

Side = Literal["request", "response", "operation", "schema", "docs"]


@dataclass(frozen=True, slots=True)
class Rule:
    """Whether a kind of change breaks clients when found on the request / response side."""

    request: bool
    response: bool
    docs: bool = False

    def breaking(self, side: Side) -> bool:
        if side == "schema":  # a model no operation uses: it may be sent or received
            return self.request or self.response
        return self.response if side == "response" else self.request


_B = Rule(request=True, response=True)  # breaking wherever it is
_C = Rule(request=False, response=False)  # compatible wherever it is
_NARROWING = Rule(request=True, response=False)  # the new spec accepts less than the old
_WIDENING = Rule(request=False, response=True)  # the new spec accepts more than the old
_DOCS = Rule(request=False, response=False, docs=True)

RULES: Mapping[str, Rule] = {
    # operations and security
    "operation-removed": _B,
    "operation-added": _C,
    "operation-moved": _B,  # same operationId, new method or path: the URL changes
    "operation-renamed": _B,  # same method and path, new operationId
    "client-method-renamed": _B,  # client.<group>.<method> changes (summary, tag, operationId)
    "operation-deprecated": _C,
    "security-added": _B,  # authentication now required where none was
    "security-removed": _C,
    "security-requirement-removed": _B,
    "security-requirement-added": _C,
    "security-scheme-removed": _B,
    "security-scheme-added": _C,
    "security-scheme-changed": _B,
    # parameters and request bodies
    "parameter-removed": _B,
    "parameter-renamed": _B,
    "parameter-added": _C,
    "parameter-added-required": _B,
    "parameter-required": _B,
    "parameter-optional": _C,
    "parameter-style-changed": _B,
    "parameter-deprecated": _C,
    "request-body-added": _C,
    "request-body-added-required": _B,
    "request-body-removed": _B,
    "request-body-required": _B,
    "request-body-optional": _C,
    "request-media-type-removed": _B,
    "request-media-type-added": _C,
    # responses
    "response-removed": _B,  # a status that had a body
    "response-without-body-removed": _C,
    "response-added": _C,
    "response-media-type-removed": _B,
    "response-media-type-added": _C,
    "response-header-removed": _B,
    "response-header-added": _C,
    # schemas, classified by the side they are reached from
    "type-narrowed": _NARROWING,
    "type-widened": _WIDENING,
    "type-changed": _B,
    "nullable-removed": _NARROWING,
    "nullable-added": _WIDENING,
    "enum-value-removed": _B,  # a client matching on the value breaks either way
    "enum-value-added": _C,  # clients keep unknown enum values from servers
    "enum-added": _NARROWING,
    "enum-removed": _C,
    "constraint-tightened": _NARROWING,
    "constraint-relaxed": _WIDENING,
    "constraint-changed": _B,
    "format-added": _NARROWING,
    "format-removed": _WIDENING,
    "format-changed": _B,
    "property-removed": _B,
    "property-added": _C,
    "required-property-added": _NARROWING,
    "property-required": _NARROWING,
    "property-optional": _WIDENING,
    "additional-properties-restricted": _NARROWING,
    "additional-properties-allowed": _C,  # responses tolerate undeclared properties
    "variant-removed": _NARROWING,
    "variant-added": _WIDENING,
    "discriminator-added": _C,
    "discriminator-removed": _B,
    "discriminator-property-changed": _B,
    "discriminator-mapping-removed": _B,
    "discriminator-mapping-changed": _B,
    "discriminator-mapping-added": _WIDENING,
    "default-changed": _C,
    "schema-deprecated": _C,
    # component schemas (model classes users import)
    "schema-removed": _B,
    "schema-renamed": _B,
    "schema-added": _C,
    # documentation
    "summary-changed": _DOCS,
    "description-changed": _DOCS,
    "title-changed": _DOCS,
    "example-changed": _DOCS,
    "tags-changed": _DOCS,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    pointer: str
    kind: str
    message: str
    side: Side
    breaking: bool

    @property
    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.pointer, self.kind, self.message, self.side)


class Collector:
    """An append-only, de-duplicating sink: a schema shared by many uses reports once."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str, str], Change] = {}

    def add(self, kind: str, pointer: str, message: str, side: Side) -> None:
        rule = RULES[kind]
        side = "docs" if rule.docs else side
        change = Change(
            pointer=pointer, kind=kind, message=message, side=side, breaking=rule.breaking(side)
        )
        self._items.setdefault(change.sort_key, change)

    def changes(self) -> tuple[Change, ...]:
        """Every change, sorted by pointer, then kind (then message and side)."""
        return tuple(sorted(self._items.values(), key=lambda c: c.sort_key))

    def __bool__(self) -> bool:
        return bool(self._items)


def bump(changes: Iterable[Change]) -> str:
    """``major`` if anything breaks, ``minor`` for API additions, ``patch`` for docs, ``none``."""
    changes = tuple(changes)
    if any(c.breaking for c in changes):
        return "major"
    if any(c.side != "docs" for c in changes):
        return "minor"
    return "patch" if changes else "none"
