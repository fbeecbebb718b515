"""Tests for templates/runtime/errors.py (imported through the ``rt`` fixture)."""

from __future__ import annotations

import enum
import pickle
from dataclasses import dataclass
from email.utils import formatdate
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

SECRET = "sk_live_very_secret_value"

KOMBO_BODY = {
    "status": "error",
    "error": {
        "code": "INTEGRATION.MODEL_NOT_AVAILABLE",
        "title": "Model not available",
        "message": "The model is not available for this integration.",
        "log_url": "https://app.kombo.dev/logs/abc123",
    },
}


def make_error(
    rt: SimpleNamespace,
    status: int,
    body: object = None,
    *,
    headers: dict[str, str] | None = None,
    operation_id: str | None = "GetThing",
) -> Any:
    request = httpx.Request(
        "GET", "https://api.example.com/v1/things/1", headers={"Authorization": SECRET}
    )
    response = httpx.Response(status, headers=headers or {}, request=request)
    cls = rt.errors.error_for_status(status)
    return cls(
        status=status, request=request, response=response, body=body, operation_id=operation_id
    )


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (405, "ApiError"),
        (410, "ApiError"),
        (418, "ApiError"),
        (302, "ApiError"),
        (500, "ServerError"),
        (502, "ServerError"),
        (503, "ServerError"),
        (504, "ServerError"),
        (599, "ServerError"),
    ],
)
def test_error_for_status(rt: SimpleNamespace, status: int, name: str) -> None:
    assert rt.errors.error_for_status(status) is getattr(rt.errors, name)


def test_hierarchy(rt: SimpleNamespace) -> None:
    e = rt.errors
    assert issubclass(e.BadRequestError, e.ServerValidationError)
    assert issubclass(e.UnprocessableEntityError, e.ServerValidationError)
    assert issubclass(e.ServerValidationError, e.ApiError)
    assert issubclass(e.ApiError, e.ApiClientError)
    assert issubclass(e.ApiClientError, Exception)
    assert issubclass(e.RequestValidationError, e.ApiClientError)
    assert issubclass(e.RequestValidationError, ValueError)
    assert issubclass(e.RequestTimeoutError, e.TransportError)
    assert issubclass(e.TransportError, e.ApiClientError)
    assert issubclass(e.DecodeError, e.ApiClientError)
    assert issubclass(e.TaskFailedError, e.TaskError)
    assert issubclass(e.TaskTimeoutError, e.TaskError)
    assert issubclass(e.TaskError, e.ApiClientError)
    for name in ("AuthenticationError", "NotFoundError", "RateLimitError", "ServerError"):
        assert not issubclass(getattr(e, name), e.ServerValidationError)
    err = make_error(rt, 400)
    assert isinstance(err, e.BadRequestError)
    assert isinstance(err, e.ServerValidationError)
    assert isinstance(err, e.ApiError)
    assert isinstance(err, e.ApiClientError)


def test_every_public_name_is_exported(rt: SimpleNamespace) -> None:
    for name in rt.errors.__all__:
        assert hasattr(rt.errors, name)


def test_extracts_nested_error_from_dict(rt: SimpleNamespace) -> None:
    err = make_error(rt, 400, KOMBO_BODY, headers={"x-request-id": "req_42"})
    assert err.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    assert err.title == "Model not available"
    assert err.message == "The model is not available for this integration."
    assert err.log_url == "https://app.kombo.dev/logs/abc123"
    assert err.request_id == "req_42"
    assert err.status == 400
    assert err.body is KOMBO_BODY
    assert err.operation_id == "GetThing"
    assert str(err) == (
        "HTTP 400 Bad Request [INTEGRATION.MODEL_NOT_AVAILABLE]: "
        "The model is not available for this integration. "
        "(operation GetThing, log: https://app.kombo.dev/logs/abc123, request id: req_42)"
    )


def test_unknown_code_kept_as_string(rt: SimpleNamespace) -> None:
    body = {"error": {"code": "SOMETHING.NEW_THIS_YEAR", "message": "x"}}
    assert make_error(rt, 404, body).code == "SOMETHING.NEW_THIS_YEAR"


def test_null_code_gives_none(rt: SimpleNamespace) -> None:
    body = {"status": "error", "error": {"code": None, "title": "Oops", "message": None}}
    err = make_error(rt, 500, body, operation_id=None)
    assert err.code is None
    assert err.title == "Oops"
    assert err.message is None
    assert err.log_url is None
    assert str(err) == "HTTP 500 Internal Server Error: Oops"


def test_example_one_line_format(rt: SimpleNamespace) -> None:
    body = {
        "error": {
            "code": "PLATFORM.INTEGRATION_NOT_FOUND",
            "message": "The integration does not exist",
            "log_url": "https://app.kombo.dev/logs/1",
        }
    }
    err = make_error(rt, 404, body, operation_id="GetX")
    assert str(err) == (
        "HTTP 404 Not Found [PLATFORM.INTEGRATION_NOT_FOUND]: The integration does not exist "
        "(operation GetX, log: https://app.kombo.dev/logs/1)"
    )


class Code(enum.Enum):
    MISSING = "RESOURCE.MISSING"


@dataclass
class ErrorModel:
    code: Code | str | None
    title: str | None
    message: str | None
    log_url: str | None = None


@dataclass
class EnvelopeModel:
    status: str
    error: ErrorModel


def test_extracts_from_model_objects(rt: SimpleNamespace) -> None:
    body = EnvelopeModel(
        status="error",
        error=ErrorModel(Code.MISSING, "Missing", "It is gone", "https://log/1"),
    )
    err = make_error(rt, 404, body)
    assert (err.code, err.title, err.message, err.log_url) == (
        "RESOURCE.MISSING",
        "Missing",
        "It is gone",
        "https://log/1",
    )
    flat = make_error(rt, 409, ErrorModel("NEW.CODE", None, "Conflict!"))
    assert (flat.code, flat.title, flat.message) == ("NEW.CODE", None, "Conflict!")


def test_extracts_rfc7807_problem(rt: SimpleNamespace) -> None:
    body = {
        "type": "https://example.com/probs/out-of-credit",
        "title": "You do not have enough credit.",
        "detail": "Your current balance is 30, but that costs 50.",
        "status": 403,
        "instance": "/account/12345/msgs/abc",
    }
    err = make_error(rt, 403, body, operation_id=None)
    assert err.code == "https://example.com/probs/out-of-credit"
    assert err.title == "You do not have enough credit."
    assert err.message == "Your current balance is 30, but that costs 50."
    assert str(err).startswith("HTTP 403 Forbidden [https://example.com/probs/out-of-credit]: ")
    blank = make_error(rt, 400, {"type": "about:blank", "title": "Bad Request"})
    assert blank.code is None
    assert blank.title == "Bad Request"


@pytest.mark.parametrize(
    "body",
    [None, "plain text body", 42, [1, 2, 3], {}, {"error": None}, {"error": [1]}, b"bytes"],
)
def test_extraction_of_odd_bodies_gives_none(rt: SimpleNamespace, body: object) -> None:
    err = make_error(rt, 502, body, operation_id=None)
    assert (err.code, err.title, err.message, err.log_url, err.request_id) == (None,) * 5
    assert str(err) == "HTTP 502 Bad Gateway"


def test_extraction_never_raises(rt: SimpleNamespace) -> None:
    class Hostile:
        def __getattr__(self, name: str) -> object:
            raise RuntimeError("boom")

    class HostileMapping(dict[str, object]):
        def get(self, key: str, default: object = None) -> object:
            raise RuntimeError("boom")

    for body in (Hostile(), HostileMapping()):
        err = make_error(rt, 400, body, operation_id=None)
        assert err.code is None
        assert str(err) == "HTTP 400 Bad Request"


def test_oauth_style_error(rt: SimpleNamespace) -> None:
    body = {"error": "invalid_token", "error_description": "The token expired"}
    err = make_error(rt, 401, body, operation_id=None)
    assert err.code == "invalid_token"
    assert err.message == "The token expired"


def test_str_is_one_line_and_truncated(rt: SimpleNamespace) -> None:
    body = {"message": "line one\nline two\t" + "x" * 1000}
    text = str(make_error(rt, 400, body))
    assert "\n" not in text
    assert "line one line two" in text
    assert len(text) < 400


def test_unknown_status_phrase(rt: SimpleNamespace) -> None:
    assert str(make_error(rt, 599, None, operation_id=None)) == "HTTP 599"


def test_request_id_from_body_and_headers(rt: SimpleNamespace) -> None:
    assert make_error(rt, 500, {"request_id": "b1"}).request_id == "b1"
    amz = make_error(rt, 500, None, headers={"x-amzn-RequestId": "amz-1"})
    assert amz.request_id == "amz-1"


def test_secret_never_in_message_or_repr(rt: SimpleNamespace) -> None:
    for status in (400, 401, 403, 404, 409, 422, 429, 500, 418):
        err = make_error(rt, status, KOMBO_BODY)
        assert SECRET not in str(err)
        assert SECRET not in repr(err)


def test_rate_limit_retry_after_seconds(rt: SimpleNamespace) -> None:
    err = make_error(rt, 429, None, headers={"Retry-After": "7"})
    assert isinstance(err, rt.errors.RateLimitError)
    assert err.retry_after == 7.0
    assert make_error(rt, 429, None, headers={"Retry-After": "1.5"}).retry_after == 1.5
    assert make_error(rt, 429, None).retry_after is None
    assert make_error(rt, 429, None, headers={"Retry-After": "soon"}).retry_after is None


def test_rate_limit_retry_after_http_date(rt: SimpleNamespace) -> None:
    import time

    header = formatdate(time.time() + 120, usegmt=True)
    err = make_error(rt, 429, None, headers={"Retry-After": header})
    assert err.retry_after is not None
    assert 100 <= err.retry_after <= 121


def test_rate_limit_without_response(rt: SimpleNamespace) -> None:
    err = rt.errors.RateLimitError(status=429, request=None, response=None)
    assert err.retry_after is None
    assert str(err) == "HTTP 429 Too Many Requests"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("7", 7.0),
        (" 0.25 ", 0.25),
        ("-3", 0.0),
        ("nan", None),
        ("inf", None),
        ("garbage", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:28:00 -0000", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
    ],
)
def test_parse_retry_after(rt: SimpleNamespace, value: str | None, expected: float | None) -> None:
    now = 1445412450.0  # 2015-10-21 07:27:30 UTC
    assert rt.errors.parse_retry_after(value, now=now) == expected


def test_api_error_from_response_decodes_json(rt: SimpleNamespace) -> None:
    request = httpx.Request("POST", "https://api.example.com/v1/things")
    response = httpx.Response(422, json=KOMBO_BODY, request=request)
    err = rt.errors.api_error_from_response(response, operation_id="CreateThing")
    assert isinstance(err, rt.errors.UnprocessableEntityError)
    assert err.body == KOMBO_BODY
    assert err.request is request
    assert err.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    html = httpx.Response(502, text="<html>Bad gateway</html>")
    err = rt.errors.api_error_from_response(html)
    assert isinstance(err, rt.errors.ServerError)
    assert err.body is None
    assert err.request is None
    explicit = rt.errors.api_error_from_response(html, body={"message": "typed"})
    assert explicit.message == "typed"


def test_request_validation_error(rt: SimpleNamespace) -> None:
    issues = [
        "$.items[0].course.duration: must be > 0",
        "$.items[1].title: is required",
        "$.items[2].url: is not a valid URI",
    ]
    err = rt.errors.RequestValidationError(issues)
    assert err.issues == tuple(issues)
    assert isinstance(err, ValueError)
    assert str(err) == (
        "3 problems in the request body:\n"
        "  $.items[0].course.duration: must be > 0\n"
        "  $.items[1].title: is required\n"
        "  $.items[2].url: is not a valid URI"
    )
    one = rt.errors.RequestValidationError(["$.id: must be a string"], location="path parameters")
    assert str(one) == "1 problem in the path parameters:\n  $.id: must be a string"


def test_transport_error_attributes(rt: SimpleNamespace) -> None:
    request = httpx.Request("GET", "https://api.example.com/")
    err = rt.errors.RequestTimeoutError("timed out", request=request, attempts=3)
    assert (err.request, err.attempts, str(err)) == (request, 3, "timed out")
    assert isinstance(err, rt.errors.TransportError)


def test_decode_error(rt: SimpleNamespace) -> None:
    request = httpx.Request("GET", "https://api.example.com/v1/things")
    response = httpx.Response(200, content=b"{not json", request=request)
    err = rt.errors.DecodeError("Response body is not valid JSON", response=response)
    assert (err.status, err.raw, err.issues, err.response) == (200, b"{not json", (), response)
    assert str(err) == "Response body is not valid JSON (HTTP 200)"
    err = rt.errors.DecodeError(
        "Response body does not match the schema",
        response=response,
        issues=["$.id: is required"],
        operation_id="GetThing",
    )
    assert err.issues == ("$.id: is required",)
    assert str(err) == (
        "Response body does not match the schema (HTTP 200, operation GetThing)\n"
        "1 problem in the response body:\n  $.id: is required"
    )


def test_task_failed_error(rt: SimpleNamespace) -> None:
    status = {"id": "task_1", "status": "FAILED"}
    err = rt.errors.TaskFailedError(
        task_id="task_1",
        error={"code": "SYNC.FAILED", "message": "Remote system rejected the data"},
        result=status,
    )
    assert (err.task_id, err.result) == ("task_1", status)
    assert err.error == {"code": "SYNC.FAILED", "message": "Remote system rejected the data"}
    assert str(err) == "Task task_1 failed [SYNC.FAILED]: Remote system rejected the data"
    assert str(rt.errors.TaskFailedError(task_id="t", error="boom")) == "Task t failed: boom"
    assert str(rt.errors.TaskFailedError(task_id="t", error=None)) == "Task t failed"
    assert isinstance(err, rt.errors.TaskError)


def test_task_timeout_error(rt: SimpleNamespace) -> None:
    err = rt.errors.TaskTimeoutError(task_id="task_9", elapsed=61.25)
    assert (err.task_id, err.elapsed) == ("task_9", 61.25)
    assert "61.2 s" in str(err) or "61.3 s" in str(err)
    assert "task_id='task_9'" in str(err)
    assert "resume polling" in str(err).lower()


def test_errors_can_be_pickled(rt: SimpleNamespace) -> None:
    err = make_error(rt, 404, KOMBO_BODY, headers={"x-request-id": "r1"})
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert (str(copy), copy.code, copy.request_id, copy.body) == (
        str(err),
        err.code,
        "r1",
        KOMBO_BODY,
    )
    limited = pickle.loads(pickle.dumps(make_error(rt, 429, None, headers={"Retry-After": "3"})))
    assert limited.retry_after == 3.0
    task = pickle.loads(pickle.dumps(rt.errors.TaskTimeoutError(task_id="t", elapsed=1.0)))
    assert (task.task_id, task.elapsed) == ("t", 1.0)


def test_classes_replace_the_raised_class_and_typed_body_needs_a_decoded_body(
    rt: SimpleNamespace,
) -> None:
    class TypedNotFound(rt.errors.NotFoundError):  # what a package's _errors.py declares
        pass

    classes = {rt.errors.NotFoundError: TypedNotFound}
    response = httpx.Response(404, json=KOMBO_BODY)
    model = SimpleNamespace(message="the model")
    err = rt.errors.api_error_from_response(
        response, body=model, data=KOMBO_BODY, decoded=True, classes=classes
    )
    assert type(err) is TypedNotFound
    assert (err.body, err.data, err.decoded) == (model, KOMBO_BODY, True)
    assert rt.errors.typed_body(err) is model
    plain = rt.errors.api_error_from_response(response, classes=classes)
    assert type(plain) is TypedNotFound
    assert (plain.body, plain.data, plain.decoded) == (KOMBO_BODY, KOMBO_BODY, False)
    assert rt.errors.typed_body(plain) is None  # not the spec's model: the typed body is None
    other = rt.errors.api_error_from_response(httpx.Response(409, json={}), classes=classes)
    assert type(other) is rt.errors.ConflictError  # not in the table: the runtime's class
    original = rt.errors.NotFoundError(
        status=404, request=None, response=None, body="b", data={"d": 1}, decoded=True
    )
    copy = pickle.loads(pickle.dumps(original))
    assert (copy.body, copy.data, copy.decoded) == ("b", {"d": 1}, True)


def test_an_unset_member_of_a_model_is_not_a_message(rt: SimpleNamespace) -> None:
    """A decoded model's optional members left UNSET are absent, not the text ``UNSET``."""
    from rtpkg._unset import UNSET

    body = SimpleNamespace(error="Record not found", error_description=UNSET, message=UNSET)
    err = rt.errors.api_error_from_response(httpx.Response(404), body=body)
    assert err.message is None
    assert err.code == "Record not found"
    assert str(err) == "HTTP 404 Not Found [Record not found]"
