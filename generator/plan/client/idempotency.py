"""Which operations send an idempotency key, and in which header.

The header comes from ``gen.yaml`` (``idempotency_header: Idempotency-Key``) or, failing that,
from an ``x-gen-idempotency-header`` extension at the root of the spec. Operations that are
safe to retry and do not use ``GET``/``HEAD``/``OPTIONS``/``TRACE`` send it: one generated key
per call (the same on every retry), or ``RequestOptions(idempotency_key=...)``.
"""

from __future__ import annotations

from ...config import Config
from ...ir.nodes import Api, Operation

__all__ = ["EXTENSION", "idempotency_header"]

EXTENSION = "x-gen-idempotency-header"
_SAFE_METHODS = frozenset({"get", "head", "options", "trace"})


def _declared(api: Api, config: Config) -> str | None:
    if config.idempotency_header:
        return config.idempotency_header
    value = next((v.value for k, v in api.extensions if k == EXTENSION), None)
    valid = isinstance(value, str) and value and all(c.isalnum() or c in "-_" for c in value)
    return value if valid else None


def idempotency_header(api: Api, config: Config, op: Operation, retry_safe: bool) -> str | None:
    """The header carrying ``op``'s idempotency key, or None when it sends none."""
    if not retry_safe or op.method.lower() in _SAFE_METHODS:
        return None
    return _declared(api, config)
