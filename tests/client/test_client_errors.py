"""The exception tree of the generated client: one class per kind of failure.

Error statuses are answered to ``upsert_courses`` on a client without retries
(``RetryPolicy.none()``: the upsert is marked safe to retry, so by default 429/502/503 would
be retried), so each test sees exactly one exchange. Whether a POST is retried is the
business of ``test_client_retries.py``.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import (
    API_KEY,
    EU_BASE_URL,
    TASK_ID,
    ClientFactory,
    FakeClock,
    JsonObject,
    Wire,
    json_reply,
    kombo_error,
    raising,
    raw_reply,
    upsert_body,
)

LOG_URL = "https://app.kombo.dev/my-prod/logs?interactionId=42"

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (405, "ApiError"),
    (409, "ConflictError"),
    (410, "ApiError"),
    (418, "ApiError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "ServerError"),
    (502, "ServerError"),
    (503, "ServerError"),
]


def _upsert_error(make_client: ClientFactory, kombo: ModuleType) -> Any:
    """Submit a valid upsert (not retried) and return the ApiError it raised."""
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.ApiError) as caught:
            client.lms.upsert_courses(body=upsert_body())
    return caught.value


@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
def test_each_error_status_raises_its_class_with_the_decoded_body(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, status: int, class_name: str
) -> None:
    body = kombo_error("PLATFORM.INPUT_INVALID", f"Status {status} explained.", "A title", LOG_URL)
    wire.script(json_reply(body, status=status))
    error = _upsert_error(make_client, kombo)

    assert type(error) is getattr(kombo, class_name)
    assert isinstance(error, kombo.ApiClientError)
    assert error.status == status
    assert error.request is wire.last
    assert error.request.method == "POST"
    assert str(error.request.url) == f"{EU_BASE_URL}/lms/courses/bulk"
    assert error.response.status_code == status
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.body.error.message == f"Status {status} explained."
    assert (error.code, error.title, error.message, error.log_url) == (
        "PLATFORM.INPUT_INVALID",
        "A title",
        f"Status {status} explained.",
        LOG_URL,
    )
    assert error.operation_id == "PostLmsCoursesBulk"
    assert str(error).startswith(f"HTTP {status}")
    assert "[PLATFORM.INPUT_INVALID]: Status" in str(error)
    assert API_KEY not in str(error)
    assert API_KEY not in repr(error)
    assert wire.calls == 1


@pytest.mark.parametrize("status", [400, 422])
def test_400_and_422_are_server_validation_errors(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, status: int
) -> None:
    wire.script(json_reply(kombo_error("PLATFORM.INPUT_INVALID", "Bad input."), status=status))
    error = _upsert_error(make_client, kombo)

    assert isinstance(error, kombo.ServerValidationError)
    assert not isinstance(error, kombo.RequestValidationError)


def test_rate_limit_error_carries_retry_after(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    body = kombo_error("PLATFORM.RATE_LIMIT_EXCEEDED", "Slow down.")
    wire.script(json_reply(body, status=429, headers={"Retry-After": "7"}))
    error = _upsert_error(make_client, kombo)

    assert isinstance(error, kombo.RateLimitError)
    assert error.retry_after == 7.0
    assert error.code == "PLATFORM.RATE_LIMIT_EXCEEDED"


def test_rate_limit_error_without_retry_after(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(kombo_error("PLATFORM.RATE_LIMIT_EXCEEDED", "Slow."), status=429))
    error = _upsert_error(make_client, kombo)

    assert error.retry_after is None


def test_the_specs_error_example_keeps_its_unknown_code(
    kombo: ModuleType,
    make_client: ClientFactory,
    wire: Wire,
    error_examples: dict[str, JsonObject],
) -> None:
    example = error_examples["Error Response"]
    wire.script(json_reply(example, status=400))
    error = _upsert_error(make_client, kombo)

    assert isinstance(error, kombo.BadRequestError)
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    assert error.body.error.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    assert error.title == example["error"]["title"]
    assert error.message == example["error"]["message"]
    assert error.log_url == example["error"]["log_url"]
    assert error.body.to_dict() == example


def test_the_specs_minimal_error_example_has_no_code(
    kombo: ModuleType,
    make_client: ClientFactory,
    wire: Wire,
    error_examples: dict[str, JsonObject],
) -> None:
    wire.script(json_reply(error_examples["Minimal Error Response"], status=404))
    error = _upsert_error(make_client, kombo)

    assert isinstance(error, kombo.NotFoundError)
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.code is None
    assert error.body.error.code is None
    assert error.title is None
    assert error.log_url is None
    assert error.message == "The message is always in the response."
    assert str(error) == (
        "HTTP 404 Not Found: The message is always in the response. (operation PostLmsCoursesBulk)"
    )


def test_an_error_body_that_is_not_json(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    wire.script(raw_reply(502, html, "text/html"))
    error = _upsert_error(make_client, kombo)

    assert isinstance(error, kombo.ServerError)
    assert error.body is None
    assert (error.code, error.title, error.message, error.log_url) == (None, None, None, None)
    assert error.response.content == html
    assert str(error) == "HTTP 502 Bad Gateway (operation PostLmsCoursesBulk)"


def test_an_error_body_of_another_shape_is_kept_as_plain_json(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    body = {"error": "upstream_unavailable", "detail": "Try again later."}
    wire.script(json_reply(body, status=500))
    error = _upsert_error(make_client, kombo)

    assert error.data == body  # the JSON value, kept
    assert error.body is None  # typed: not the spec's error model
    assert not error.decoded
    assert isinstance(error, kombo.errors.ServerError)
    assert error.code == "upstream_unavailable"
    assert error.message == "Try again later."


def test_a_request_id_header_is_reported(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(kombo_error(None, "Nope."), status=403, headers={"X-Request-Id": "req-77"})
    )
    error = _upsert_error(make_client, kombo)

    assert error.request_id == "req-77"
    assert "request id: req-77" in str(error)


# --------------------------------------------------------------------------- 2xx that do not decode


def test_a_success_body_that_does_not_match_the_schema_is_a_decode_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply({"status": "success", "data": {"id": 12}}))
    with make_client() as client:
        with pytest.raises(kombo.DecodeError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    error = caught.value
    assert isinstance(error, kombo.ApiClientError)
    assert error.status == 200
    assert error.raw == b'{"status":"success","data":{"id":12}}'
    assert error.response is not None
    paths = {issue.path for issue in error.issues}
    assert {"$.data", "$"} <= paths, paths  # task_id missing in data, warnings missing
    assert "operation PostLmsCoursesBulk" in str(error)


def test_invalid_json_on_a_success_is_a_decode_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(raw_reply(200, b'{"status": "success", "data": ', "application/json"))
    with make_client() as client:
        with pytest.raises(kombo.DecodeError, match="not valid JSON") as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert caught.value.raw == b'{"status": "success", "data": '
    assert caught.value.issues == ()


# --------------------------------------------------------------------------- no response


def test_a_broken_connection_is_a_transport_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(raising(httpx.RemoteProtocolError, "peer closed connection"))
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.TransportError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    error = caught.value
    assert type(error) is kombo.TransportError
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert error.attempts == 1
    assert error.request is wire.last
    assert "RemoteProtocolError on POST https://api.kombo.dev/v1/lms/courses/bulk" in str(error)
    assert wire.calls == 1


def test_a_read_timeout_is_a_request_timeout_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(otherwise=raising(httpx.ReadTimeout, "timed out"))
    policy = kombo.RetryPolicy(max_attempts=2, jitter=0)
    with make_client(retry=policy) as client:
        with pytest.raises(kombo.RequestTimeoutError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    error = caught.value
    assert isinstance(error, kombo.TransportError)
    assert isinstance(error.__cause__, httpx.ReadTimeout)
    assert error.attempts == 2
    assert wire.calls == 2


def test_a_timeout_of_a_post_is_not_retried(
    kombo_unsafe: ModuleType, make_unsafe_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    # kombo_unsafe: generated without gen.yaml, so its upsert is a POST not marked safe.
    wire.script(raising(httpx.WriteTimeout, "timed out"))
    with make_unsafe_client() as client:
        with pytest.raises(kombo_unsafe.RequestTimeoutError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert caught.value.attempts == 1
    assert clock.sleeps == []
    assert wire.calls == 1


def test_a_timeout_of_the_upsert_marked_safe_is_retried(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=raising(httpx.WriteTimeout, "timed out"))
    with make_client(retry=kombo.RetryPolicy(max_attempts=2, jitter=0)) as client:
        with pytest.raises(kombo.RequestTimeoutError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert isinstance(caught.value.__cause__, httpx.WriteTimeout)
    assert caught.value.attempts == 2
    assert clock.sleeps == [0.5]
    assert wire.calls == 2


# --------------------------------------------------------------------------- secrets


def _every_kind_of_failure(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> list[BaseException]:
    leaky = f"connection to api.kombo.dev failed; sent Authorization: Bearer {API_KEY}"
    scenarios: list[tuple[Any, Any]] = [
        (json_reply(kombo_error(None, "Invalid API key."), status=401), upsert_body()),
        (json_reply(kombo_error("X", "Slow."), status=429, headers={"Retry-After": "1"}), None),
        (raw_reply(503, b"unavailable"), upsert_body()),
        (json_reply({"status": "success"}), upsert_body()),
        (raw_reply(200, b"{", "application/json"), upsert_body()),
        (raising(httpx.ConnectError, leaky), upsert_body()),
        (raising(httpx.ReadError, leaky), upsert_body()),
        (raising(httpx.ConnectTimeout, leaky), upsert_body()),
        (None, {"items": [{"origin_id": "course-1"}]}),
    ]
    raised: list[BaseException] = []
    with make_client(retry=kombo.RetryPolicy(max_attempts=2, jitter=0)) as client:
        for reply, body in scenarios:
            wire.script(otherwise=reply)
            try:
                if body is None:
                    client.lms.get_status_of_upsert_courses_task(TASK_ID)
                else:
                    client.lms.upsert_courses(body=body)
            except kombo.ApiClientError as error:
                raised.append(error)
    return raised


def test_the_api_key_never_appears_in_errors_or_logs(
    kombo: ModuleType,
    make_client: ClientFactory,
    wire: Wire,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        raised = _every_kind_of_failure(kombo, make_client, wire)

    assert len(raised) == 9
    for error in raised:
        assert API_KEY not in str(error), type(error)
        assert API_KEY not in repr(error), type(error)
        assert API_KEY not in str(error.args), type(error)
    assert any("Retrying" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        assert API_KEY not in record.getMessage(), record.name
        assert API_KEY not in str(record.__dict__), record.name


def test_a_credential_in_a_network_error_message_is_masked(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(raising(httpx.ReadError, f"reset while sending Bearer {API_KEY}"))
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.TransportError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert str(caught.value).endswith("reset while sending ***")
