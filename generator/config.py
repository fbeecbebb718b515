"""Run options: what the command line and the generator configuration file decide.

:class:`Config` is frozen and built once by :mod:`generator.cli`; the stages only read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config", "WebhookSignature"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookSignature:
    """How the API signs its webhooks (``webhooks.signature`` in ``gen.yaml``); the fields of
    the generated runtime's ``SignatureScheme``."""

    header: str
    algorithm: str = "hmac-sha256"
    encoding: str = "hex"
    signed: str = "{body}"
    timestamp_header: str | None = None
    id_header: str | None = None
    prefix: str = ""
    tolerance_s: float = 300.0
    style: str = "plain"
    secret_format: str = "text"


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    spec: Path
    out: Path | None = None  # default: generated/<package>
    package_name: str | None = None  # default: snake_case of info.title
    check: bool = False
    templates: Path | None = None
    config: Path | None = None  # the generator configuration file (default: gen.yaml beside)
    verbose: bool = False
    #: every workaround and every warning about the spec is an error (``--strict``)
    strict: bool = False
    #: operationId -> method name
    method_names: tuple[tuple[str, str], ...] = ()
    #: operationIds that may be retried although their method is not idempotent
    retry_safe: tuple[str, ...] = ()
    #: submit operationId -> status operationId, for the async-task helper
    tasks: tuple[tuple[str, str], ...] = ()
    #: parameter names given once to the client (besides those half the operations share)
    client_defaults: tuple[str, ...] = ()
    #: tag or path prefix -> namespace on the client
    namespaces: tuple[tuple[str, str], ...] = ()
    #: how webhooks are signed; None: unwrap() parses without verifying
    webhook_signature: WebhookSignature | None = None
    extra: dict[str, str] = field(default_factory=dict)
