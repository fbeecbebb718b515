"""The committed Kombo client receives its two webhooks: signatures are checked as Kombo's docs
describe (HMAC-SHA256 of the raw body, base64url without padding, ``X-Kombo-Signature``), the
payloads decode into their models, unknown types are kept, and the README receiver works."""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest
import yaml

from .conftest import KOMBO_DIR, ROOT

SECRET = "kombo-webhook-secret-FOR-TESTS-123"
SPEC = yaml.safe_load((ROOT / "specs" / "kombo.yaml").read_text(encoding="utf-8"))


def example(name: str) -> bytes:
    content = SPEC["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]
    value = next(iter(content["examples"].values()))["value"]
    return json.dumps(value).encode()


def sign(body: bytes, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return {"X-Kombo-Signature": base64.urlsafe_b64encode(digest).decode().rstrip("=")}


def test_sync_finished_is_verified_and_decoded(kombo_webhooks: ModuleType) -> None:
    body = example("sync-finished")
    event = kombo_webhooks.unwrap(body, sign(body), secret=SECRET)
    assert type(event).__name__ == "SyncFinishedPayload"
    assert event.data.sync_state == "SUCCEEDED"
    assert event.data.end_user.organization_name == "Acme, Inc."
    assert event.to_dict() == json.loads(body)


def test_data_changed_with_the_secret_from_the_environment(
    kombo_webhooks: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_WEBHOOK_SECRET", SECRET)
    body = example("data-changed")
    event = kombo_webhooks.unwrap(body, sign(body))
    assert type(event).__name__ == "DataChangedPayload"
    assert [m.name for m in event.data.changed_models] == ["lms_course_revisions", "lms_courses"]


@pytest.mark.parametrize("case", ["bad", "tampered", "missing", "wrong-secret"])
def test_rejected_signatures(kombo_webhooks: ModuleType, case: str) -> None:
    body = example("sync-finished")
    headers = {
        "bad": {"X-Kombo-Signature": "not-a-signature"},
        "tampered": sign(body.replace(b"SUCCEEDED", b"FAILED")),
        "missing": {"Content-Type": "application/json"},
        "wrong-secret": sign(body, "another-secret"),
    }[case]
    with pytest.raises(kombo_webhooks.WebhookVerificationError) as info:
        kombo_webhooks.unwrap(body, headers, secret=SECRET)
    assert SECRET not in str(info.value)
    assert sign(body)["X-Kombo-Signature"] not in str(info.value)


def test_unknown_event_type_keeps_the_data(kombo_webhooks: ModuleType) -> None:
    body = b'{"id": "x", "type": "integration-created", "data": {"integration_id": "a:b"}}'
    event = kombo_webhooks.unwrap(body, sign(body), secret=SECRET)
    assert isinstance(event, kombo_webhooks.UnknownWebhookEvent)
    assert event.type == "integration-created" and event.data["data"]["integration_id"] == "a:b"


def test_bodies_that_do_not_decode(kombo_webhooks: ModuleType) -> None:
    for body, message in [
        (b"<html>", "not valid JSON"),
        (b'{"id": "x", "type": "sync-finished", "data": {}}', "does not match"),
    ]:
        with pytest.raises(kombo_webhooks.WebhookPayloadError, match=message):
            kombo_webhooks.unwrap(body, sign(body), secret=SECRET)


def test_no_secret_is_a_clear_error(kombo_webhooks: ModuleType) -> None:
    body = example("data-changed")
    with pytest.raises(kombo_webhooks.WebhookVerificationError, match="KOMBO_WEBHOOK_SECRET"):
        kombo_webhooks.unwrap(body, sign(body))


# --------------------------------------------------------------------------- the README example


def readme_receiver() -> str:
    readme = (KOMBO_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Receiving webhooks", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture
def receiver(
    kombo_webhooks: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[int, Any]]:
    """The README's handler served on 127.0.0.1 (a free port) for the test."""
    monkeypatch.setenv("KOMBO_WEBHOOK_SECRET", SECRET)
    namespace: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(readme_receiver(), "README.md", "exec"), namespace)
    server = ThreadingHTTPServer(("127.0.0.1", 0), namespace["WebhookHandler"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address[1], server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def post(port: int, body: bytes, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("POST", "/webhooks/kombo", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_the_readme_receiver_works_as_written(
    receiver: tuple[int, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    port, _ = receiver
    for name in ("data-changed", "sync-finished"):
        body = example(name)
        assert post(port, body, sign(body)) == 204
    unknown = b'{"type": "connection-flow-failed", "data": {}}'
    assert post(port, unknown, sign(unknown)) == 204
    body = example("sync-finished")
    assert post(port, body, {"X-Kombo-Signature": "forged"}) == 401
    assert post(port, b"{}", sign(b"{}")) == 204  # no type: an unknown event
    broken = b'{"type": "sync-finished"}'
    assert post(port, broken, sign(broken)) == 400
    printed = capsys.readouterr().out
    assert "received data-changed" in printed and "received sync-finished" in printed
    assert "not handled yet: connection-flow-failed" in printed
