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


__all__ = ["Config", "PaginationConfig", "PagingRule"]

#: the paging schemes gen knows (``none``: not paginated)
PAGING_SCHEMES = ("cursor", "after_id", "page", "offset", "link", "next_url", "none")


@dataclass(frozen=True, slots=True, kw_only=True)
class PagingRule:
    """A paging scheme declared in ``gen.yaml``; anything left empty is detected.

    Paths are the JSON names in the response body, dotted (``data.next``); ``items: "."`` means
    the body itself is the list. ``param``/``size`` name query parameters as on the wire.
    """

    scheme: str
    param: str = ""
    items: str = ""
    cursor: str = ""
    has_more: str = ""
    id: str = ""
    size: str = ""
    total: str = ""
    total_pages: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PaginationConfig:
    """``pagination:`` in ``gen.yaml``: detection on/off and rules (operation > tag > all)."""

    detect: bool = True
    all: PagingRule | None = None
    tags: tuple[tuple[str, PagingRule], ...] = ()
    operations: tuple[tuple[str, PagingRule], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The options of one run, as the command line (and the configuration file) give them."""

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
    #: which list operations page themselves, and how
    pagination: PaginationConfig = field(default_factory=PaginationConfig)
    #: header carrying a generated idempotency key on retry-safe non-GET calls
    idempotency_header: str | None = None
    #: ``format: date-time``/``date`` as ``datetime``/``date`` objects (False: strings)
    native_dates: bool = True
    extra: dict[str, str] = field(default_factory=dict)
