"""Plan of ``<pkg>/webhooks.py``: the webhooks the API sends, their payload types, the tag
that tells them apart and the signature scheme from ``gen.yaml``.

Each webhook (OpenAPI 3.1 ``webhooks``) with a JSON request body gets its payload model (named
``<Webhook>Payload`` when inline). The tag is the property every payload declares with one
constant string value (``type: {const: data-changed}``), different for each webhook, preferring
``type`` and ``event``; without one, decoding tries each payload type in spec order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..config import WebhookSignature
from ..ir.nodes import Api, Operation, Schema
from ..naming.client import env_var_name
from ..naming.models import NameContext
from ..naming.words import pascal
from . import types as t
from .models import ModelPlanner

__all__ = ["WebhookEventPlan", "WebhooksPlan", "plan_webhook_payloads", "plan_webhooks"]

_PREFERRED_TAGS = ("type", "event", "event_type", "kind")


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookEventPlan:
    """One webhook event: its payload type and how it is decoded."""

    name: str  # the webhook's key in the spec
    summary: str | None
    tag_value: str | None
    type_name: str  # the payload's class or alias
    decode: str  # expression decoding a JSON value into it (raises ValidationError)
    imports: tuple[str, ...]  # names imported from the models package


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhooksPlan:
    """The webhooks of the spec, with how events are told apart and signed."""

    events: tuple[WebhookEventPlan, ...]
    tag: str | None
    signature: WebhookSignature | None
    secret_env: str

    @property
    def imports(self) -> tuple[str, ...]:
        return tuple(sorted({name for e in self.events for name in e.imports}))


@dataclass(frozen=True, slots=True)
class _Payload:
    """A webhook's payload schema and its Python type."""

    op: Operation
    schema: Schema
    type: t.TypeExpr


def plan_webhook_payloads(api: Api, models: ModelPlanner) -> tuple[_Payload, ...]:
    """Plan a model for each webhook's JSON payload (the API sends them; no client method)."""
    out = []
    for op in api.operations:
        if op.webhook and op.body is not None:
            for media in op.body.contents[:1]:
                if media.schema is not None:
                    word = pascal(op.path) + "Payload"
                    expr = models.type_for(
                        media.schema, NameContext(role="place", stem="", word=word)
                    )
                    out.append(_Payload(op, media.schema, expr))
    return tuple(out)


def plan_webhooks(
    api: Api,
    payloads: tuple[_Payload, ...],
    models: ModelPlanner,
    signature: WebhookSignature | None,
) -> WebhooksPlan | None:
    """The webhooks module's plan, or None when the spec has no webhook payload to decode."""
    decodable = [(p, event) for p in payloads if (event := _decoding(p, models)) is not None]
    if not decodable:
        return None
    tag = _tag(api, [p.schema for p, _ in decodable])
    events = tuple(
        WebhookEventPlan(
            name=p.op.path,
            summary=p.op.summary,
            tag_value=_const(api, p.schema, tag) if tag is not None else None,
            type_name=name,
            decode=decode,
            imports=(name, decode.split(".")[0]),
        )
        for p, (name, decode) in decodable
    )
    return WebhooksPlan(
        events=events,
        tag=tag,
        signature=signature,
        secret_env=env_var_name(api.title, "WEBHOOK_SECRET"),
    )


def _decoding(payload: _Payload, models: ModelPlanner) -> tuple[str, str] | None:
    """(type name, decode expression) of a payload declared as a class or a codec."""
    declaration = models.declaration(payload.type)
    if isinstance(declaration, t.ModelClass):
        return declaration.name, f"{declaration.name}.from_dict"
    codec = getattr(declaration, "codec", None) if declaration is not None else None
    if declaration is not None and isinstance(codec, t.Codec):
        return declaration.name, codec.decode_fn
    return None


def _tag(api: Api, schemas: list[Schema]) -> str | None:
    """The property whose constant value differs for every payload, if there is one."""
    first = api.target(schemas[0])
    names = [n for n in _PREFERRED_TAGS if n in dict(first.properties)]
    names += [n for n, _ in first.properties if n not in names]
    for name in names:
        values = [_const(api, s, name) for s in schemas]
        if None not in values and len(set(values)) == len(values):
            return name
    return None


def _const(api: Api, schema: Schema, name: str) -> str | None:
    target = api.target(schema)
    if name not in target.required:
        return None
    prop = dict(target.properties).get(name)
    return next(_single_string(api.target(prop)), None) if prop is not None else None


def _single_string(schema: Schema) -> Iterator[str]:
    values = [schema.const] if schema.const is not None else list(schema.enum or ())
    if len(values) == 1 and isinstance(values[0].value, str):
        yield values[0].value
