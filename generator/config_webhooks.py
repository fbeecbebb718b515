"""The ``webhooks:`` setting of ``gen.yaml``: how the API signs the webhooks it sends.

::

    webhooks:
      signature:                    # or a preset name: standard-webhooks | timestamped-kv
        preset: timestamped-kv      # optional: start from a preset, override some fields
        header: X-Kombo-Signature   # the header carrying the signature
        algorithm: hmac-sha256      # hmac-sha256 | hmac-sha512
        encoding: base64url         # hex | base64 | base64url
        signed: body                # body | "{timestamp}.{body}" | "{id}.{timestamp}.{body}"
        timestamp_header: X-Time    # where {timestamp} comes from (kv style: the t= part)
        id_header: X-Id             # where {id} comes from
        prefix: "sha256="           # stripped from the header value
        tolerance_s: 300            # replay window for signed timestamps
        style: plain                # plain | versioned ("v1,<sig> ...") | kv ("t=..,v1=..")
        secret_format: text         # text | whsec (base64 key after "whsec_")

Presets mirror ``PRESETS`` of the generated runtime (``templates/runtime/_webhooks.py``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from .config import WebhookSignature
from .diagnostics import close_matches

__all__ = ["PRESETS", "parse_webhooks"]

Fail = Callable[[str, str], None]

PRESETS: dict[str, WebhookSignature] = {
    "standard-webhooks": WebhookSignature(
        header="webhook-signature",
        encoding="base64",
        signed="{id}.{timestamp}.{body}",
        timestamp_header="webhook-timestamp",
        id_header="webhook-id",
        style="versioned",
        secret_format="whsec",
    ),
    "timestamped-kv": WebhookSignature(header="signature", signed="{timestamp}.{body}", style="kv"),
}

_CHOICES = {
    "algorithm": ("hmac-sha256", "hmac-sha512"),
    "encoding": ("hex", "base64", "base64url"),
    "style": ("plain", "versioned", "kv"),
    "secret_format": ("text", "whsec"),
}
_HEADERS = ("header", "timestamp_header", "id_header")
_FIELDS = tuple(f.name for f in dataclasses.fields(WebhookSignature))
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def parse_webhooks(value: Any, fail: Fail, key: str) -> WebhookSignature | None:
    """The signature scheme ``webhooks:`` describes (None when it names none or is wrong)."""
    if not isinstance(value, dict) or set(value) - {"signature"}:
        fail(key, f"'{key}' must be a mapping with one key, 'signature'")
        return None
    raw = value.get("signature")
    where = f"{key}/signature"
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"preset": raw}
    if not isinstance(raw, dict):
        fail(where, f"'{key}.signature' must be a preset name or a mapping of settings")
        return None
    return _scheme(raw, fail, where)


def _scheme(raw: dict[Any, Any], fail: Fail, where: str) -> WebhookSignature | None:
    problems: list[tuple[str, str]] = []
    base = _preset(raw.get("preset"), problems)
    fields: dict[str, Any] = dataclasses.asdict(base) if base is not None else {}
    for name, item in raw.items():
        if name == "preset":
            continue
        if name not in _FIELDS:
            close = close_matches(str(name), _FIELDS)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append((str(name), f"unknown signature setting {name!r}{hint}"))
            continue
        fields[name] = _field(str(name), item, problems)
    if "header" not in fields:
        problems.append(("header", "the signature needs a 'header' (or a 'preset')"))
    if not problems:
        problems.extend(_consistency(fields))
    for name, message in problems:
        fail(f"{where}/{name}", f"webhooks.signature.{name}: {message}")
    return None if problems else WebhookSignature(**fields)


def _preset(name: Any, problems: list[tuple[str, str]]) -> WebhookSignature | None:
    if name is None:
        return None
    found = PRESETS.get(name) if isinstance(name, str) else None
    if found is None:
        problems.append(("preset", f"{name!r} is not a preset ({', '.join(PRESETS)})"))
    return found


def _field(name: str, item: Any, problems: list[tuple[str, str]]) -> Any:
    if name in _CHOICES and item not in _CHOICES[name]:
        problems.append((name, f"{item!r} is not one of {', '.join(_CHOICES[name])}"))
    elif name in _HEADERS and not (isinstance(item, str) and _TOKEN.fullmatch(item)):
        problems.append((name, f"{item!r} is not an HTTP header name"))
    elif name == "tolerance_s":
        if isinstance(item, bool) or not isinstance(item, int | float) or item <= 0:
            problems.append((name, f"{item!r} is not a positive number of seconds"))
            return item
        return float(item)
    elif name == "signed":
        return _signed(item, problems)
    elif name == "prefix" and not isinstance(item, str):
        problems.append((name, f"{item!r} is not a string"))
    return item


def _signed(item: Any, problems: list[tuple[str, str]]) -> Any:
    if item == "body":
        return "{body}"
    if not isinstance(item, str) or "{body}" not in item:
        problems.append(("signed", f"{item!r} must be 'body' or a template containing {{body}}"))
        return item
    unknown = [p for p in _PLACEHOLDER.findall(item) if p not in ("body", "timestamp", "id")]
    if unknown:
        problems.append(("signed", f"unknown placeholder {{{unknown[0]}}} (body, timestamp, id)"))
    return item


def _consistency(fields: dict[str, Any]) -> list[tuple[str, str]]:
    signed = str(fields.get("signed", "{body}"))
    out = []
    kv = fields.get("style") == "kv"
    if "{timestamp}" in signed and not kv and not fields.get("timestamp_header"):
        out.append(("timestamp_header", "a signed {timestamp} needs a 'timestamp_header'"))
    if kv and "{timestamp}" not in signed:
        out.append(("signed", "the kv style signs the t= timestamp: use '{timestamp}.{body}'"))
    if "{id}" in signed and not fields.get("id_header"):
        out.append(("id_header", "a signed {id} needs an 'id_header'"))
    return out
