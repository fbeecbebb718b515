# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Receiving webhooks: signature verification and typed payload parsing (standard library only).

A :class:`SignatureScheme` says how a sender signs its webhook requests:

* ``header`` carries the signature; ``prefix`` (``"sha256="``) is stripped from it;
* ``algorithm`` is ``hmac-sha256`` or ``hmac-sha512``, ``encoding`` is ``hex``, ``base64`` or
  ``base64url`` (padding optional when comparing);
* ``signed`` is the text that is signed: ``{body}`` (the raw body), or a template such as
  ``{timestamp}.{body}`` or ``{id}.{timestamp}.{body}``; ``{timestamp}`` comes from
  ``timestamp_header`` (or from the ``t=`` part of the signature header, ``style="kv"``) and
  ``{id}`` from ``id_header``;
* ``style``: ``plain`` (the header value is one signature), ``versioned`` (space-separated
  ``v1,<signature>`` entries, as in Standard Webhooks) or ``kv`` (``t=<unix time>,v1=<sig>,...``);
* ``tolerance_s``: a signed timestamp further than this from the current time (either way) is
  rejected, so a captured request cannot be replayed later;
* ``secret_format``: ``text`` (the secret's UTF-8 bytes are the key) or ``whsec`` (Standard
  Webhooks: ``whsec_`` followed by the base64 key).

:func:`verify_signature` checks a request against a scheme in constant time (every candidate
signature is compared with :func:`hmac.compare_digest`) and raises
:class:`~.errors.WebhookVerificationError`, whose message never contains the secret or the
expected signature. :func:`parse_event` decodes a verified body into the model its tag selects;
an unknown tag gives an :class:`UnknownWebhookEvent` that keeps the data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol, cast

from ._validation import ValidationError
from .errors import WebhookPayloadError, WebhookVerificationError

__all__ = [
    "PRESETS",
    "SignatureScheme",
    "UnknownWebhookEvent",
    "parse_event",
    "verify_signature",
]

Algorithm = Literal["hmac-sha256", "hmac-sha512"]
Encoding = Literal["hex", "base64", "base64url"]
Style = Literal["plain", "versioned", "kv"]

_DIGESTS: dict[str, Callable[[], Any]] = {
    "hmac-sha256": hashlib.sha256,
    "hmac-sha512": hashlib.sha512,
}


def _hex(digest: bytes) -> str:
    return digest.hex()


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode().rstrip("=")


def _b64url(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


_ENCODERS: dict[str, Callable[[bytes], str]] = {"hex": _hex, "base64": _b64, "base64url": _b64url}


class _SecretLike(Protocol):
    def get(self) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureScheme:
    """How webhook requests are signed (see the module docstring)."""

    header: str
    algorithm: Algorithm = "hmac-sha256"
    encoding: Encoding = "hex"
    signed: str = "{body}"
    timestamp_header: str | None = None
    id_header: str | None = None
    prefix: str = ""
    tolerance_s: float = 300.0
    style: Style = "plain"
    secret_format: Literal["text", "whsec"] = "text"

    def __post_init__(self) -> None:
        if self.algorithm not in _DIGESTS:
            raise ValueError(f"unknown algorithm {self.algorithm!r}")
        if self.encoding not in _ENCODERS:
            raise ValueError(f"unknown encoding {self.encoding!r}")
        if "{body}" not in self.signed:
            raise ValueError("the signed text must contain {body}")

    @property
    def timestamped(self) -> bool:
        """Whether a timestamp is signed (and so replays are rejected)."""
        return "{timestamp}" in self.signed


#: ready-made schemes; ``replace(PRESETS[name], header=...)`` adapts one
PRESETS: dict[str, SignatureScheme] = {
    "standard-webhooks": SignatureScheme(
        header="webhook-signature",
        encoding="base64",
        signed="{id}.{timestamp}.{body}",
        timestamp_header="webhook-timestamp",
        id_header="webhook-id",
        style="versioned",
        secret_format="whsec",
    ),
    "timestamped-kv": SignatureScheme(header="signature", signed="{timestamp}.{body}", style="kv"),
}


@dataclass(frozen=True, slots=True)
class UnknownWebhookEvent:
    """A webhook whose type this client does not know (a newer server): the data is kept."""

    type: str | None
    data: Any


def verify_signature(
    body: bytes | str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    *,
    scheme: SignatureScheme,
    secret: str | bytes | _SecretLike | None,
    env_var: str,
    now: Callable[[], float] = time.time,
) -> None:
    """Raise :class:`WebhookVerificationError` unless ``body`` carries a valid signature."""
    key = _key(secret, env_var, scheme)
    body = body.encode() if isinstance(body, str) else bytes(body)
    found = _headers(headers)
    value = found.get(scheme.header.lower())
    if value is None:
        raise WebhookVerificationError(f"the {scheme.header} header is missing")
    candidates, kv_timestamp = _candidates(value, scheme)
    fields = {"body": body}
    if scheme.timestamped:
        stamp = kv_timestamp if scheme.style == "kv" else _header(found, scheme.timestamp_header)
        _check_time(stamp, scheme.tolerance_s, now())
        fields["timestamp"] = (stamp or "").encode()
    if "{id}" in scheme.signed:
        fields["id"] = (_header(found, scheme.id_header) or "").encode()
    message = _message(scheme.signed, fields)
    digest = hmac.new(key, message, _DIGESTS[scheme.algorithm]).digest()
    expected = _ENCODERS[scheme.encoding](digest).encode()
    matched = False
    for candidate in candidates:
        offered = candidate.lower() if scheme.encoding == "hex" else candidate.rstrip("=")
        matched |= hmac.compare_digest(expected, offered.encode())
    if not matched:
        raise WebhookVerificationError("the signature does not match the body")


def _key(secret: str | bytes | _SecretLike | None, env_var: str, scheme: SignatureScheme) -> bytes:
    if secret is None:
        secret = os.environ.get(env_var)
    if secret is None or secret in ("", b""):
        raise WebhookVerificationError(f"no webhook secret: pass secret= or set {env_var}")
    raw = secret if isinstance(secret, str | bytes) else secret.get()
    if scheme.secret_format == "whsec" and isinstance(raw, str):
        try:
            return base64.b64decode(raw.removeprefix("whsec_"), validate=True)
        except (binascii.Error, ValueError):
            raise WebhookVerificationError("the webhook secret is not valid base64") from None
    return raw.encode() if isinstance(raw, str) else raw


def _headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    items = getattr(headers, "items", None)  # dict, httpx.Headers, email.message.Message...
    pairs = cast("Iterable[Any]", items() if callable(items) else headers)
    return {str(name).lower(): str(value) for name, value in pairs}


def _header(found: Mapping[str, str], name: str | None) -> str | None:
    if name is None:
        return None
    value = found.get(name.lower())
    if value is None:
        raise WebhookVerificationError(f"the {name} header is missing")
    return value


def _candidates(value: str, scheme: SignatureScheme) -> tuple[list[str], str | None]:
    """The signatures offered by the header value, and the ``t=`` timestamp (kv style)."""
    value = value.strip().removeprefix(scheme.prefix)
    if scheme.style == "versioned":
        entries = [entry.partition(",") for entry in value.split()]
        return [sig for version, _, sig in entries if version == "v1"], None
    if scheme.style == "kv":
        parts = [part.strip().partition("=") for part in value.split(",")]
        stamps = [v for k, _, v in parts if k == "t"]
        return [v for k, _, v in parts if k == "v1"], stamps[0] if stamps else None
    return [value], None


def _check_time(stamp: str | None, tolerance: float, now: float) -> None:
    if stamp is None:
        raise WebhookVerificationError("the signature has no timestamp")
    try:
        sent = float(stamp)
    except ValueError:
        raise WebhookVerificationError("the signature timestamp is not a number") from None
    if not abs(now - sent) <= tolerance:
        raise WebhookVerificationError(
            f"the signature timestamp is outside the {tolerance:g} s tolerance (replayed or late)"
        )


def _message(template: str, fields: Mapping[str, bytes]) -> bytes:
    out = template.encode()
    for name, value in fields.items():
        out = out.replace(b"{" + name.encode() + b"}", value)
    return out


def parse_event(
    body: bytes | str,
    *,
    tag: str | None,
    decoders: Mapping[str, Callable[[Any], Any]],
) -> Any:
    """Decode a webhook body into the model its ``tag`` property selects.

    Without a tag property each decoder is tried in order. An unknown or missing tag gives an
    :class:`UnknownWebhookEvent`; a body that is not a JSON object, or does not match the model
    its tag names, raises :class:`WebhookPayloadError`.
    """
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise WebhookPayloadError(f"the webhook body is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise WebhookPayloadError("the webhook body is not a JSON object")
    if tag is None:
        return _trial(data, decoders)
    value = data.get(tag)
    decode = decoders.get(value) if isinstance(value, str) else None
    if decode is None:
        return UnknownWebhookEvent(type=value if isinstance(value, str) else None, data=data)
    try:
        return decode(data)
    except ValidationError as exc:
        raise WebhookPayloadError(
            f"the {value!r} webhook body does not match its schema", issues=exc.issues
        ) from None


def _trial(data: dict[str, Any], decoders: Mapping[str, Callable[[Any], Any]]) -> Any:
    for decode in decoders.values():
        try:
            return decode(data)
        except ValidationError:
            continue
    return UnknownWebhookEvent(type=None, data=data)


def preset(name: str, **changes: Any) -> SignatureScheme:
    """The preset ``name`` with some fields changed (``header=...``)."""
    return replace(PRESETS[name], **changes)
