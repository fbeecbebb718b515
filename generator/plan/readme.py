"""What the generated README shows: a quick start built from the spec's own operations.

The quick start calls the first operation that starts an asynchronous task (else the first
operation with a request body, else the first operation), with the request example the spec
gives for it, so that the snippet runs as written against a mock server of the spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ir.nodes import Api
from ..naming.client import env_var_name
from .client.plans import ClientPlan, OperationPlan

__all__ = ["ReadmeContext", "readme_context"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadmeContext:
    """What the package README shows: an example call and the features the spec uses."""

    operation: OperationPlan | None
    body: Any  # the example request body (plain JSON), or None
    has_body: bool
    path_args: tuple[tuple[str, str], ...]  # keyword -> example text
    default_envs: tuple[tuple[str, str], ...]  # client default parameter -> env variable
    #: "group.method" of the operations that stream (SSE / NDJSON) with the keyword that asks
    #: for the stream ("stream=True", or ""), that download (with their ``_streaming``
    #: method) or upload files
    streams: tuple[tuple[str, str], ...] = ()
    downloads: tuple[tuple[str, str], ...] = ()
    uploads: tuple[str, ...] = ()
    paginated: tuple[OperationPlan, ...] = ()  # operations that page themselves
    idempotent: tuple[OperationPlan, ...] = ()  # operations that send an idempotency key


def _example_body(api: Api, op: OperationPlan) -> tuple[bool, Any]:
    for operation in api.operations:
        if operation.operation_id == op.operation_id and operation.body is not None:
            for media in operation.body.contents:
                if media.examples:
                    return True, media.examples[0].value.value
    return False, None


def _files_and_streams(client: ClientPlan) -> dict[str, tuple[Any, ...]]:
    ops = [(f"{ns.name}.{op.name}", op) for ns in client.namespaces for op in ns.operations]
    switched = [(n, f"{op.stream_switch.kwarg}=True") for n, op in ops if op.stream_switch]
    return {
        "streams": tuple([(n, "") for n, op in ops if op.streaming] + switched),
        "downloads": tuple(
            (n, n.rsplit(".", 1)[0] + "." + op.names.stream_method)
            for n, op in ops
            if op.names.stream_method
        ),
        "uploads": tuple(
            n for n, op in ops if op.body is not None and op.body.kind in ("multipart", "bytes")
        ),
    }


def readme_context(api: Api, client: ClientPlan) -> ReadmeContext:
    envs = tuple((d.attr, env_var_name(api.title, d.attr.upper())) for d in client.defaults)
    ops = [op for ns in client.namespaces for op in ns.operations]
    extra = _files_and_streams(client)
    paginated = tuple(op for op in ops if op.paging is not None)
    idempotent = tuple(op for op in ops if op.idempotency_header is not None)
    chosen = (
        next((op for op in ops if op.task is not None), None)
        or next((op for op in ops if op.body is not None), None)
        or (ops[0] if ops else None)
    )
    if chosen is None:
        return ReadmeContext(
            operation=None,
            body=None,
            has_body=False,
            path_args=(),
            default_envs=envs,
            paginated=paginated,
            idempotent=idempotent,
            **extra,
        )
    has_body, body = _example_body(api, chosen)
    args = tuple((p.attr, "...") for p in chosen.params if p.required)
    return ReadmeContext(
        operation=chosen,
        body=body,
        has_body=has_body,
        path_args=args,
        default_envs=envs,
        paginated=paginated,
        idempotent=idempotent,
        **extra,
    )
