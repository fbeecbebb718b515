"""Render ``gen diff`` results as text for people or JSON for machines.

Text: one line per change, breaking ones first, each group sorted by pointer then kind::

    BREAKING   #/paths/~1pets/get: operation 'listPets' (GET /pets) removed [operation]
    compatible #/components/schemas/Pet/properties/tag: property 'tag' added [response]
    1 breaking, 1 compatible change; suggested version bump: major

The side (request, response, operation, schema, docs) closes each line: a schema used both
ways can hold one change that breaks requests and is harmless in responses.

or ``no changes; suggested version bump: none``. JSON: ``{"breaking": [...], "compatible":
[...], "bump": "major|minor|patch|none"}`` where each change is ``{"pointer", "kind",
"message", "side"}``, in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from operator import attrgetter

from .changes import Change, bump

__all__ = ["RENDERERS", "render_json", "render_text"]

_LABELS = {True: "BREAKING", False: "compatible"}
_WIDTH = max(len(label) for label in _LABELS.values())


def _ordered(changes: Sequence[Change]) -> tuple[list[Change], list[Change]]:
    breaking = sorted((c for c in changes if c.breaking), key=attrgetter("sort_key"))
    compatible = sorted((c for c in changes if not c.breaking), key=attrgetter("sort_key"))
    return breaking, compatible


def render_text(changes: Sequence[Change]) -> str:
    breaking, compatible = _ordered(changes)
    lines = [
        f"{_LABELS[c.breaking]:<{_WIDTH}} {c.pointer}: {c.message} [{c.side}]"
        for c in breaking + compatible
    ]
    lines.append(_summary(len(breaking), len(compatible), bump(changes)))
    return "\n".join(lines) + "\n"


def _summary(breaking: int, compatible: int, suggested: str) -> str:
    if not breaking + compatible:
        return f"no changes; suggested version bump: {suggested}"
    noun = "change" if compatible == 1 else "changes"
    return (
        f"{breaking} breaking, {compatible} compatible {noun}; suggested version bump: {suggested}"
    )


def _entry(change: Change) -> dict[str, str]:
    return {
        "pointer": change.pointer,
        "kind": change.kind,
        "message": change.message,
        "side": change.side,
    }


def render_json(changes: Sequence[Change]) -> str:
    breaking, compatible = _ordered(changes)
    document = {
        "breaking": [_entry(c) for c in breaking],
        "compatible": [_entry(c) for c in compatible],
        "bump": bump(changes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Sequence[Change]], str]] = {
    "text": render_text,
    "json": render_json,
}
