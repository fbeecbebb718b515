"""``webhooks:`` in gen.yaml: validated with clear errors, presets equal to the runtime's, and the
generated ``webhooks`` module follows the configured scheme (Standard Webhooks here), tells
payloads apart by their tag or, without one, by trying each, and works without a scheme."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from generator.config import WebhookSignature
from generator.config_file import read_config
from generator.config_webhooks import PRESETS
from generator.diagnostics import Reporter

from .conftest import Generate


def parse(tmp_path: Path, text: str) -> tuple[WebhookSignature | None, list[str]]:
    path = tmp_path / "gen.yaml"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter()
    config = read_config(path, reporter)
    return config.webhook_signature, [d.message for d in reporter.items()]


def test_a_full_scheme_is_read(tmp_path: Path) -> None:
    scheme, problems = parse(
        tmp_path,
        "webhooks:\n  signature:\n    header: X-Sig\n    algorithm: hmac-sha512\n"
        "    encoding: base64\n    signed: '{timestamp}.{body}'\n    timestamp_header: X-T\n"
        "    prefix: 'v0='\n    tolerance_s: 60\n",
    )
    assert problems == []
    assert scheme == WebhookSignature(
        header="X-Sig",
        algorithm="hmac-sha512",
        encoding="base64",
        signed="{timestamp}.{body}",
        timestamp_header="X-T",
        prefix="v0=",
        tolerance_s=60.0,
    )


def test_presets_by_name_and_with_overrides(tmp_path: Path) -> None:
    scheme, problems = parse(tmp_path, "webhooks:\n  signature: standard-webhooks\n")
    assert problems == [] and scheme == PRESETS["standard-webhooks"]
    scheme, problems = parse(
        tmp_path, "webhooks:\n  signature: {preset: timestamped-kv, header: Acme-Signature}\n"
    )
    assert problems == [] and scheme is not None
    assert scheme.header == "Acme-Signature" and scheme.style == "kv"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("webhooks: [1]", "'webhooks' must be a mapping with one key, 'signature'"),
        ("webhooks: {signatur: {}}", "'webhooks' must be a mapping with one key, 'signature'"),
        ("webhooks: {signature: 3}", "must be a preset name or a mapping"),
        ("webhooks: {signature: stripe}", "'stripe' is not a preset"),
        ("webhooks: {signature: {encoding: hex}}", "needs a 'header'"),
        ("webhooks: {signature: {header: X, algorithm: md5}}", "'md5' is not one of"),
        ("webhooks: {signature: {header: X, encoding: b32}}", "'b32' is not one of"),
        ("webhooks: {signature: {header: 'X Y'}}", "not an HTTP header name"),
        ("webhooks: {signature: {header: X, tolerance_s: -1}}", "not a positive number"),
        ("webhooks: {signature: {header: X, signed: '{ts}.{body}'}}", "unknown placeholder {ts}"),
        ("webhooks: {signature: {header: X, signed: 'payload'}}", "must be 'body' or a template"),
        ("webhooks: {signature: {header: X, signed: '{timestamp}.{body}'}}", "timestamp_header"),
        ("webhooks: {signature: {header: X, signed: '{id}.{body}'}}", "needs an 'id_header'"),
        ("webhooks: {signature: {header: X, style: kv}}", "the kv style signs the t= timestamp"),
        ("webhooks: {signature: {header: X, encodng: hex}}", "did you mean 'encoding'?"),
    ],
)
def test_mistakes_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    scheme, problems = parse(tmp_path, text + "\n")
    assert scheme is None
    assert any(message in p for p in problems), problems


def test_generator_presets_equal_the_runtime_presets(kombo_webhooks: ModuleType) -> None:
    runtime = sys.modules["kombo_api._webhooks"].PRESETS
    assert {k: dataclasses.asdict(v) for k, v in runtime.items()} == {
        k: dataclasses.asdict(v) for k, v in PRESETS.items()
    }


# --------------------------------------------------------------------------- generated modules

SPEC = """\
openapi: 3.1.0
info: {title: Hooks, version: '1'}
paths: {}
webhooks:
  invoice.paid:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [event, amount]
              properties:
                event: {type: string, enum: [invoice.paid]}
                amount: {type: integer}
      responses: {'200': {description: ok}}
  invoice.voided:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [event, reason]
              properties:
                event: {const: invoice.voided}
                reason: {type: string}
      responses: {'200': {description: ok}}
"""
SW_SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()


def sw_headers(body: bytes, stamp: int, msg_id: str = "msg_1") -> dict[str, str]:
    key = base64.b64decode(SW_SECRET.removeprefix("whsec_"))
    signed = f"{msg_id}.{stamp}.".encode() + body
    sig = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": str(stamp), "webhook-signature": "v1," + sig}


def test_standard_webhooks_scheme_from_gen_yaml(generate: Generate) -> None:
    pkg = generate(SPEC, "webhooks:\n  signature: standard-webhooks\n")
    webhooks = pkg.webhooks
    body = b'{"event": "invoice.paid", "amount": 120}'
    now = int(time.time())
    event = webhooks.unwrap(body, sw_headers(body, now), secret=SW_SECRET)
    assert type(event).__name__ == "InvoicePaidPayload" and event.amount == 120
    voided = b'{"event": "invoice.voided", "reason": "dup"}'
    assert webhooks.unwrap(voided, sw_headers(voided, now), secret=SW_SECRET).reason == "dup"
    with pytest.raises(pkg.WebhookVerificationError, match="tolerance"):  # replayed an hour later
        webhooks.unwrap(body, sw_headers(body, now - 3600), secret=SW_SECRET)
    with pytest.raises(pkg.WebhookVerificationError, match="does not match"):
        webhooks.unwrap(body + b" ", sw_headers(body, now), secret=SW_SECRET)
    assert webhooks.SECRET_ENV == "HOOKS_WEBHOOK_SECRET"


def test_without_a_scheme_unwrap_only_parses(generate: Generate) -> None:
    pkg = generate(SPEC, None)
    body = b'{"event": "invoice.voided", "reason": "dup"}'
    assert pkg.webhooks.SIGNATURE is None
    assert pkg.webhooks.unwrap(body, {}).reason == "dup"
    with pytest.raises(pkg.WebhookVerificationError, match="no webhook signature scheme"):
        pkg.webhooks.verify(body, {})


def test_payloads_without_a_tag_are_tried_in_order(generate: Generate) -> None:
    spec = SPEC.replace("event: {type: string, enum: [invoice.paid]}", "event: {type: string}")
    pkg = generate(spec, None)
    assert pkg.webhooks._TAG is None
    assert type(pkg.webhooks.parse(b'{"event": "x", "amount": 1}')).__name__ == (
        "InvoicePaidPayload"
    )
    assert type(pkg.webhooks.parse(b'{"event": "invoice.voided", "reason": "r"}')).__name__ == (
        "InvoiceVoidedPayload"
    )
    other = pkg.webhooks.parse(b'{"event": "refund"}')
    assert isinstance(other, pkg.webhooks.UnknownWebhookEvent) and other.data == {"event": "refund"}
