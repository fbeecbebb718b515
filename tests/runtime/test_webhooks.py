"""Tests for templates/runtime/_webhooks.py: signature schemes, replay window, payload parsing.

Expected signatures are computed here with ``hmac`` directly (an independent computation of
what the sender does), plus the published Standard Webhooks test vector.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

SECRET = "kombo_whsec_TOPSECRET_0123456789"
BODY = b'{"id":"5gjAtURLPbnTiwgkaBfiA3WJ","type":"sync-finished","data":{"sync_id":"B8"}}'
NOW = 1_700_000_000.0
ENV = "KOMBO_API_WEBHOOK_SECRET"


@pytest.fixture
def wh(runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_webhooks")


@pytest.fixture
def errors(wh: ModuleType, runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("errors")


def b64url(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def kombo_signature(body: bytes, secret: str = SECRET) -> str:
    return b64url(hmac.new(secret.encode(), body, hashlib.sha256).digest())


def kombo(wh: ModuleType) -> Any:
    return wh.SignatureScheme(header="X-Kombo-Signature", encoding="base64url")


def verify(wh: ModuleType, scheme: Any, headers: Any, body: bytes = BODY, **kw: Any) -> None:
    kw.setdefault("secret", SECRET)
    wh.verify_signature(body, headers, scheme=scheme, env_var=ENV, now=lambda: NOW, **kw)


# --------------------------------------------------------------------------- plain signatures


def test_good_signature_passes(wh: ModuleType) -> None:
    verify(wh, kombo(wh), {"x-kombo-signature": kombo_signature(BODY)})


def test_header_names_compare_case_insensitively_and_pairs_are_accepted(wh: ModuleType) -> None:
    verify(wh, kombo(wh), [("X-KOMBO-SIGNATURE", kombo_signature(BODY))])


def test_padded_base64url_is_accepted(wh: ModuleType) -> None:
    padded = base64.urlsafe_b64encode(hmac.new(SECRET.encode(), BODY, "sha256").digest())
    assert padded.endswith(b"=")
    verify(wh, kombo(wh), {"X-Kombo-Signature": padded.decode()})


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"X-Kombo-Signature": "AAAA"}, "does not match"),
        ({}, "X-Kombo-Signature header is missing"),
        ({"X-Kombo-Signature": kombo_signature(BODY, "other-secret")}, "does not match"),
    ],
    ids=["bad", "missing-header", "wrong-secret"],
)
def test_bad_signatures_are_rejected_without_echoing_secrets(
    wh: ModuleType, errors: ModuleType, headers: dict[str, str], message: str
) -> None:
    with pytest.raises(errors.WebhookVerificationError, match=message) as info:
        verify(wh, kombo(wh), headers)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert kombo_signature(BODY) not in str(info.value)
    assert isinstance(info.value, errors.ApiClientError)


def test_tampered_body_is_rejected(wh: ModuleType, errors: ModuleType) -> None:
    tampered = BODY.replace(b"B8", b"B9")
    with pytest.raises(errors.WebhookVerificationError, match="does not match"):
        verify(wh, kombo(wh), {"X-Kombo-Signature": kombo_signature(BODY)}, body=tampered)


def test_secret_from_environment(wh: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, SECRET)
    verify(wh, kombo(wh), {"X-Kombo-Signature": kombo_signature(BODY)}, secret=None)


def test_no_secret_at_all_is_an_error(
    wh: ModuleType, errors: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    with pytest.raises(errors.WebhookVerificationError, match=f"set {ENV}"):
        verify(wh, kombo(wh), {"X-Kombo-Signature": "x"}, secret=None)


def test_secret_objects_with_get_are_accepted(wh: ModuleType) -> None:
    class Secret:
        def get(self) -> str:
            return SECRET

    verify(wh, kombo(wh), {"X-Kombo-Signature": kombo_signature(BODY)}, secret=Secret())


def test_hex_sha512_with_prefix(wh: ModuleType, errors: ModuleType) -> None:
    scheme = wh.SignatureScheme(
        header="X-Hub-Signature", algorithm="hmac-sha512", encoding="hex", prefix="sha512="
    )
    digest = hmac.new(SECRET.encode(), BODY, hashlib.sha512).hexdigest()
    verify(wh, scheme, {"X-Hub-Signature": "sha512=" + digest})
    verify(wh, scheme, {"X-Hub-Signature": "sha512=" + digest.upper()})
    sha256 = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    with pytest.raises(errors.WebhookVerificationError):
        verify(wh, scheme, {"X-Hub-Signature": "sha512=" + sha256})


def test_scheme_rejects_unknown_settings(wh: ModuleType) -> None:
    with pytest.raises(ValueError, match="algorithm"):
        wh.SignatureScheme(header="h", algorithm="md5")
    with pytest.raises(ValueError, match="encoding"):
        wh.SignatureScheme(header="h", encoding="base32")
    with pytest.raises(ValueError, match="body"):
        wh.SignatureScheme(header="h", signed="{timestamp}")


# --------------------------------------------------------------------------- timestamps


def kv_header(timestamp: int, *signatures: str) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={s}" for s in signatures)])


def kv_signature(timestamp: int, body: bytes = BODY) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(SECRET.encode(), signed, hashlib.sha256).hexdigest()


def test_kv_style_good_and_with_several_signatures(wh: ModuleType) -> None:
    scheme = wh.preset("timestamped-kv", header="Acme-Signature")
    stamp = int(NOW) - 10
    verify(wh, scheme, {"Acme-Signature": kv_header(stamp, kv_signature(stamp))})
    verify(wh, scheme, {"Acme-Signature": kv_header(stamp, "00" * 32, kv_signature(stamp))})


@pytest.mark.parametrize("offset", [-301, 301, -10_000])
def test_kv_style_replay_outside_tolerance_is_rejected(
    wh: ModuleType, errors: ModuleType, offset: int
) -> None:
    scheme = wh.preset("timestamped-kv", header="Acme-Signature")
    stamp = int(NOW) + offset
    with pytest.raises(errors.WebhookVerificationError, match="tolerance"):
        verify(wh, scheme, {"Acme-Signature": kv_header(stamp, kv_signature(stamp))})


def test_kv_style_timestamp_is_signed(wh: ModuleType, errors: ModuleType) -> None:
    scheme = wh.preset("timestamped-kv", header="Acme-Signature")
    stamp = int(NOW)
    forged = kv_header(stamp - 1, kv_signature(stamp))  # valid signature, other timestamp
    with pytest.raises(errors.WebhookVerificationError, match="does not match"):
        verify(wh, scheme, {"Acme-Signature": forged})


def test_kv_style_without_timestamp(wh: ModuleType, errors: ModuleType) -> None:
    scheme = wh.preset("timestamped-kv", header="Acme-Signature")
    with pytest.raises(errors.WebhookVerificationError, match="no timestamp"):
        verify(wh, scheme, {"Acme-Signature": "v1=" + kv_signature(int(NOW))})


def test_timestamp_header_scheme(wh: ModuleType, errors: ModuleType) -> None:
    scheme = wh.SignatureScheme(
        header="X-Sig", signed="{timestamp}.{body}", timestamp_header="X-Time", tolerance_s=60
    )
    stamp = int(NOW) - 30
    headers = {"X-Sig": kv_signature(stamp), "X-Time": str(stamp)}
    verify(wh, scheme, headers)
    with pytest.raises(errors.WebhookVerificationError, match="X-Time header is missing"):
        verify(wh, scheme, {"X-Sig": kv_signature(stamp)})
    with pytest.raises(errors.WebhookVerificationError, match="not a number"):
        verify(wh, scheme, {**headers, "X-Time": "yesterday"})
    old = int(NOW) - 61
    with pytest.raises(errors.WebhookVerificationError, match="tolerance"):
        verify(wh, scheme, {"X-Sig": kv_signature(old), "X-Time": str(old)})


# --------------------------------------------------------------------------- Standard Webhooks

# The test vector published with the Standard Webhooks specification.
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_TIME = 1614265330
SW_BODY = b'{"test": 2432232314}'
SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def sw_verify(wh: ModuleType, headers: dict[str, str], body: bytes = SW_BODY) -> None:
    wh.verify_signature(
        body,
        headers,
        scheme=wh.PRESETS["standard-webhooks"],
        secret=SW_SECRET,
        env_var=ENV,
        now=lambda: SW_TIME + 5.0,
    )


def sw_headers(signature: str = SW_SIGNATURE) -> dict[str, str]:
    return {"webhook-id": SW_ID, "webhook-timestamp": str(SW_TIME), "webhook-signature": signature}


def test_standard_webhooks_vector(wh: ModuleType) -> None:
    sw_verify(wh, sw_headers())
    sw_verify(wh, sw_headers("v1,bm90IHRoaXMgb25l " + SW_SIGNATURE))  # one of several


def test_standard_webhooks_rejections(wh: ModuleType, errors: ModuleType) -> None:
    with pytest.raises(errors.WebhookVerificationError, match="does not match"):
        sw_verify(wh, sw_headers(), body=b'{"test": 2432232315}')
    with pytest.raises(errors.WebhookVerificationError, match="does not match"):
        sw_verify(wh, sw_headers("v2," + SW_SIGNATURE[3:]))
    with pytest.raises(errors.WebhookVerificationError, match="webhook-id header is missing"):
        sw_verify(wh, {k: v for k, v in sw_headers().items() if k != "webhook-id"})
    with pytest.raises(errors.WebhookVerificationError, match="tolerance"):
        wh.verify_signature(
            SW_BODY,
            sw_headers(),
            scheme=wh.PRESETS["standard-webhooks"],
            secret=SW_SECRET,
            env_var=ENV,
            now=lambda: SW_TIME + 3600.0,
        )


def test_presets_can_be_adapted(wh: ModuleType) -> None:
    scheme = wh.preset("standard-webhooks", header="X-Sig")
    assert scheme.header == "X-Sig" and scheme.style == "versioned"
    assert dataclasses.replace(scheme, tolerance_s=5).tolerance_s == 5


# --------------------------------------------------------------------------- payloads


class Payload:
    def __init__(self, data: Any) -> None:
        self.data = data


def decoders(wh: ModuleType, validation: ModuleType) -> dict[str, Callable[[Any], Any]]:
    def strict(data: Any) -> Payload:
        if not isinstance(data.get("data"), dict):
            issue = validation.ValidationIssue("$.data", "is not an object", "type")
            raise validation.ValidationError([issue])
        return Payload(data)

    return {"sync-finished": strict}


@pytest.fixture
def validation(wh: ModuleType, runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_validation")


def test_parse_known_tag(wh: ModuleType, validation: ModuleType) -> None:
    event = wh.parse_event(BODY, tag="type", decoders=decoders(wh, validation))
    assert isinstance(event, Payload) and event.data["data"] == {"sync_id": "B8"}


def test_parse_unknown_tag_keeps_data(wh: ModuleType, validation: ModuleType) -> None:
    body = b'{"type":"integration-created","data":{"x":1}}'
    event = wh.parse_event(body, tag="type", decoders=decoders(wh, validation))
    assert event == wh.UnknownWebhookEvent(type="integration-created", data=json.loads(body))
    missing = wh.parse_event(b'{"data":1}', tag="type", decoders=decoders(wh, validation))
    assert missing == wh.UnknownWebhookEvent(type=None, data={"data": 1})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
        (b'{"type":"sync-finished","data":3}', "does not match its schema"),
    ],
)
def test_parse_rejects_bad_bodies(
    wh: ModuleType, errors: ModuleType, validation: ModuleType, body: bytes, message: str
) -> None:
    with pytest.raises(errors.WebhookPayloadError, match=message) as info:
        wh.parse_event(body, tag="type", decoders=decoders(wh, validation))
    assert isinstance(info.value, ValueError)
    if b"data" in body:
        assert [str(i) for i in info.value.issues] == ["$.data: is not an object"]


def test_parse_without_tag_tries_each_decoder(wh: ModuleType, validation: ModuleType) -> None:
    table = decoders(wh, validation)
    assert isinstance(wh.parse_event(BODY, tag=None, decoders=table), Payload)
    other = wh.parse_event(b'{"data":1}', tag=None, decoders=table)
    assert other == wh.UnknownWebhookEvent(type=None, data={"data": 1})
