"""Tests for templates/runtime/_http.py (imported through the ``rt`` fixture).

No network and no real sleeping: requests go to ``httpx.MockTransport`` handlers and the
transports get a fake monotonic clock, wall clock, sleep and random source.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from email.utils import formatdate
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hypo import examples

BASE_URL = "https://api.example.com/v1"
WALL0 = 1_700_000_000.0  # wall-clock time when each test starts
API_KEY = "sk_live_TOPSECRET_1234567890"
LOGGER_NAME = "tests.runtime.http"

Outcome = int | tuple[int, dict[str, str]] | Exception | Callable[[httpx.Request], Exception]


class FakeTime:
    """Monotonic clock, wall clock and sleep sharing one fake timeline."""

    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.t

    def now(self) -> float:
        return WALL0 + self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


class Script:
    """MockTransport handler that plays a list of outcomes and records the requests."""

    def __init__(self, *outcomes: Outcome, latency: float = 0.0, fake: FakeTime | None = None):
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []
        self.bodies: list[bytes] = []
        self.latency = latency
        self.fake = fake

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.bodies.append(request.read())
        if self.fake is not None:
            self.fake.t += self.latency
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        if callable(outcome):
            raise outcome(request)
        status, headers = outcome if isinstance(outcome, tuple) else (outcome, {})
        headers = {**headers, "x-attempt": str(len(self.requests))}
        return httpx.Response(status, headers=headers, json={"attempt": len(self.requests)})

    @property
    def calls(self) -> int:
        return len(self.requests)


def connect_error(request: httpx.Request) -> Exception:
    return httpx.ConnectError("[Errno 111] Connection refused", request=request)


def read_error(request: httpx.Request) -> Exception:
    return httpx.ReadError("connection reset", request=request)


def read_timeout(request: httpx.Request) -> Exception:
    return httpx.ReadTimeout("timed out", request=request)


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def sync_transport(rt: SimpleNamespace, fake: FakeTime, handler: Script, **kwargs: Any) -> Any:
    kwargs.setdefault("random", lambda: 0.5)  # jitter factor exactly 1
    kwargs.setdefault("base_url", BASE_URL)
    return rt.http.SyncTransport(
        transport=httpx.MockTransport(handler),
        clock=fake.clock,
        now=fake.now,
        sleep=fake.sleep,
        **kwargs,
    )


def async_transport(rt: SimpleNamespace, fake: FakeTime, handler: Script, **kwargs: Any) -> Any:
    kwargs.setdefault("random", lambda: 0.5)
    kwargs.setdefault("base_url", BASE_URL)
    return rt.http.AsyncTransport(
        transport=httpx.MockTransport(handler),
        clock=fake.clock,
        now=fake.now,
        sleep=fake.asleep,
        **kwargs,
    )


def spec(rt: SimpleNamespace, method: str = "GET", **kwargs: Any) -> Any:
    kwargs.setdefault("path", "/things")
    kwargs.setdefault("operation_id", "Op")
    kwargs.setdefault("retry_safe", method in {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
    return rt.http.RequestSpec(method=method, **kwargs)


# --------------------------------------------------------------------------- basics


def test_success_without_retry(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 200
    assert response.json() == {"attempt": 1}
    assert response.is_closed  # body fully read, nothing left streaming
    assert handler.calls == 1
    assert fake.sleeps == []


def test_503_then_200_is_retried_for_get(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503, 200)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 200
    assert handler.calls == 2
    assert fake.sleeps == [0.5]


def test_post_503_not_retried_unless_retry_safe(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503, 503, 200)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt, "POST", content=b"{}"))
        assert response.status_code == 503
        assert handler.calls == 1
        assert fake.sleeps == []
        safe = transport.send(spec(rt, "POST", content=b"{}", retry_safe=True))
    assert safe.status_code == 200
    assert handler.calls == 3
    assert fake.sleeps == [0.5]


def test_post_retry_safe_retries_503(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503, 503, 201)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt, "POST", content=b"{}", retry_safe=True))
    assert response.status_code == 201
    assert handler.calls == 3
    assert handler.bodies == [b"{}"] * 3


@pytest.mark.parametrize("error", [connect_error, httpx.ConnectTimeout])
def test_post_connect_failure_is_retried(
    rt: SimpleNamespace, fake: FakeTime, error: Callable[..., Exception]
) -> None:
    first: Outcome = error if error is connect_error else error("connect timed out")
    handler = Script(first, 201)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt, "POST", content=b'{"a":1}'))
    assert response.status_code == 201
    assert handler.calls == 2
    assert fake.sleeps == [0.5]


def test_post_read_error_not_retried(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_error, 201)
    with (
        sync_transport(rt, fake, handler) as transport,
        pytest.raises(rt.errors.TransportError) as info,
    ):
        transport.send(spec(rt, "POST", content=b"{}"))
    assert handler.calls == 1
    assert info.value.attempts == 1
    assert isinstance(info.value.__cause__, httpx.ReadError)


@pytest.mark.parametrize(
    "error",
    [
        httpx.UnsupportedProtocol("no scheme"),
        httpx.LocalProtocolError("bad header"),
        httpx.DecodingError("bad gzip"),
        httpx.TooManyRedirects("loop"),
    ],
)
def test_permanent_request_errors_are_wrapped_not_retried(
    rt: SimpleNamespace, fake: FakeTime, error: Exception
) -> None:
    handler = Script(error, 200)
    with (
        sync_transport(rt, fake, handler) as transport,
        pytest.raises(rt.errors.TransportError) as info,
    ):
        transport.send(spec(rt))
    assert handler.calls == 1
    assert info.value.__cause__ is error
    assert not isinstance(info.value, rt.errors.RequestTimeoutError)


# --------------------------------------------------------------------------- Retry-After


def test_retry_after_seconds_is_slept_exactly(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((429, {"Retry-After": "7"}), 200)
    with sync_transport(rt, fake, handler, random=lambda: 0.99) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 200
    assert fake.sleeps == [7.0]


def test_retry_after_fractional_and_negative(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((503, {"Retry-After": "1.25"}), (503, {"Retry-After": "-4"}), 200)
    with sync_transport(rt, fake, handler, random=lambda: 0.0) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert fake.sleeps == [1.25, 0.0]


def test_retry_after_http_date_uses_injected_now(rt: SimpleNamespace, fake: FakeTime) -> None:
    fake.t = 100.0  # wall clock is now WALL0 + 100
    date = formatdate(WALL0 + 112, usegmt=True)
    handler = Script((503, {"Retry-After": date}), 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert fake.sleeps == [12.0]


def test_retry_after_date_in_the_past_means_no_wait(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((429, {"Retry-After": formatdate(WALL0 - 60, usegmt=True)}), 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert fake.sleeps == [0.0]


def test_retry_after_above_limit_returns_response(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((429, {"Retry-After": "301"}), 200)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "301"
    assert handler.calls == 1
    assert fake.sleeps == []


def test_retry_after_ignored_when_not_respected(rt: SimpleNamespace, fake: FakeTime) -> None:
    policy = rt.http.RetryPolicy(respect_retry_after=False)
    handler = Script((429, {"Retry-After": "1000"}), 200)
    with sync_transport(rt, fake, handler, retry=policy) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert fake.sleeps == [0.5]


def test_invalid_retry_after_falls_back_to_backoff(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((503, {"Retry-After": "tomorrow-ish"}), 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert fake.sleeps == [0.5]


# --------------------------------------------------------------------------- backoff & limits


@pytest.mark.parametrize(("rand", "factor"), [(0.0, 0.75), (0.5, 1.0), (1.0, 1.25)])
def test_backoff_sequence_with_jitter(
    rt: SimpleNamespace, fake: FakeTime, rand: float, factor: float
) -> None:
    policy = rt.http.RetryPolicy(max_attempts=6, max_backoff=5.0)
    handler = Script(503)
    with sync_transport(rt, fake, handler, retry=policy, random=lambda: rand) as transport:
        transport.send(spec(rt))
    nominal = [0.5, 1.0, 2.0, 4.0, 5.0]
    assert fake.sleeps == pytest.approx([d * factor for d in nominal])


@settings(max_examples=examples(50), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=0.0, max_value=1.0, exclude_max=True), min_size=9))
def test_jittered_delays_stay_within_bounds(rt: SimpleNamespace, randoms: list[float]) -> None:
    fake = FakeTime()
    policy = rt.http.RetryPolicy(max_attempts=10, max_elapsed=10_000.0, jitter=0.25)
    source = iter(randoms)
    handler = Script(503)
    transport = sync_transport(rt, fake, handler, retry=policy, random=lambda: next(source))
    with transport:
        assert transport.send(spec(rt)).status_code == 503
    assert handler.calls == 10
    for k, delay in enumerate(fake.sleeps, start=1):
        nominal = min(30.0, 0.5 * 2.0 ** (k - 1))
        assert nominal * 0.75 <= delay <= nominal * 1.25


def test_max_attempts_exhaustion_returns_last_response(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503)
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 503
    assert response.headers["x-attempt"] == "4"
    assert response.json() == {"attempt": 4}
    assert handler.calls == 4
    assert fake.sleeps == [0.5, 1.0, 2.0]


def test_max_elapsed_budget_stops_retrying(rt: SimpleNamespace, fake: FakeTime) -> None:
    # each attempt takes 1 s; sleeps 0.5, 1.0 fit (t=4.5 after the 3rd try), 2.0 would not
    policy = rt.http.RetryPolicy(max_attempts=10, max_elapsed=6.0)
    handler = Script(503, latency=1.0, fake=fake)
    with sync_transport(rt, fake, handler, retry=policy) as transport:
        response = transport.send(spec(rt))
    assert response.status_code == 503
    assert handler.calls == 3
    assert fake.sleeps == [0.5, 1.0]


def test_retry_after_beyond_budget_stops(rt: SimpleNamespace, fake: FakeTime) -> None:
    policy = rt.http.RetryPolicy(max_elapsed=60.0)
    handler = Script((503, {"Retry-After": "61"}), 200)
    with sync_transport(rt, fake, handler, retry=policy) as transport:
        assert transport.send(spec(rt)).status_code == 503
    assert fake.sleeps == []


@pytest.mark.parametrize("status", [400, 404, 409, 501, 505])
def test_non_retryable_status_returned_immediately(
    rt: SimpleNamespace, fake: FakeTime, status: int
) -> None:
    handler = Script(status, 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == status
    assert handler.calls == 1


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_408_and_500_are_retried_like_502_to_504(
    rt: SimpleNamespace, fake: FakeTime, status: int
) -> None:
    handler = Script(status, 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == 200
    assert handler.calls == 2
    unsafe = Script(status, 200)
    with sync_transport(rt, fake, unsafe) as transport:
        assert transport.send(spec(rt, "POST", retry_safe=False)).status_code == status
    assert unsafe.calls == 1


def test_429_is_retried_for_every_method(rt: SimpleNamespace, fake: FakeTime) -> None:
    # a 429 means the request was not processed: retrying a POST cannot repeat its effect
    handler = Script((429, {"Retry-After": "2"}), 201)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt, "POST", retry_safe=False)).status_code == 201
    assert handler.calls == 2
    assert fake.sleeps == [2.0]


def test_unprocessed_statuses_can_be_narrowed(rt: SimpleNamespace, fake: FakeTime) -> None:
    policy = rt.http.RetryPolicy(unprocessed_statuses=frozenset())
    handler = Script(429, 201)
    with sync_transport(rt, fake, handler, retry=policy) as transport:
        assert transport.send(spec(rt, "POST", retry_safe=False)).status_code == 429
    assert handler.calls == 1


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_failures_before_sending_are_retried_for_every_method(
    rt: SimpleNamespace, fake: FakeTime, failure: type[httpx.RequestError]
) -> None:
    handler = Script(lambda request: failure("not sent", request=request), 201)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt, "POST", retry_safe=False)).status_code == 201
    assert handler.calls == 2


def test_transport_error_exhaustion_raises_with_cause(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_error)
    with (
        sync_transport(rt, fake, handler) as transport,
        pytest.raises(rt.errors.TransportError) as info,
    ):
        transport.send(spec(rt, path="/things/1", query=(("secret_q", "v"),)))
    err = info.value
    assert type(err) is rt.errors.TransportError
    assert isinstance(err.__cause__, httpx.ReadError)
    assert err.request is handler.requests[-1]
    assert err.attempts == 4
    assert handler.calls == 4
    assert fake.sleeps == [0.5, 1.0, 2.0]
    assert str(err) == (
        "ReadError on GET https://api.example.com/v1/things/1 after 4 attempt(s): connection reset"
    )


def test_timeout_raises_request_timeout_error(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_timeout)
    with (
        sync_transport(rt, fake, handler) as transport,
        pytest.raises(rt.errors.RequestTimeoutError) as info,
    ):
        transport.send(spec(rt))
    assert isinstance(info.value, rt.errors.TransportError)
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert handler.calls == 4


def test_timeout_then_success(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_timeout, 200)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt)).status_code == 200


def test_per_call_retry_override(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503)
    with sync_transport(rt, fake, handler) as transport:
        assert transport.send(spec(rt, retry=rt.http.RetryPolicy.none())).status_code == 503
        assert handler.calls == 1
        transport.send(spec(rt, retry=rt.http.RetryPolicy(max_attempts=2, initial_backoff=3)))
    assert handler.calls == 3
    assert fake.sleeps == [3.0]


def test_transport_level_policy_none(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_error)
    none = rt.http.RetryPolicy.none()
    with (
        sync_transport(rt, fake, handler, retry=none) as transport,
        pytest.raises(rt.errors.TransportError),
    ):
        transport.send(spec(rt))
    assert handler.calls == 1


def test_retry_policy_validation_and_defaults(rt: SimpleNamespace) -> None:
    policy = rt.http.RetryPolicy()
    assert (policy.max_attempts, policy.initial_backoff, policy.max_backoff) == (4, 0.5, 30.0)
    assert (policy.multiplier, policy.jitter, policy.max_elapsed) == (2.0, 0.25, 120.0)
    assert policy.retry_statuses == frozenset({408, 429, 500, 502, 503, 504})
    assert policy.unprocessed_statuses == frozenset({429})
    assert policy.respect_retry_after is True
    assert policy.max_retry_after == 300.0
    assert rt.http.RetryPolicy.none().max_attempts == 1
    for bad in (
        {"max_attempts": 0},
        {"initial_backoff": -1.0},
        {"multiplier": 0.5},
        {"jitter": 1.5},
    ):
        with pytest.raises(ValueError):
            rt.http.RetryPolicy(**bad)
    with pytest.raises(AttributeError):
        policy.max_attempts = 3


def test_huge_attempt_counts_do_not_overflow(rt: SimpleNamespace, fake: FakeTime) -> None:
    policy = rt.http.RetryPolicy(
        max_attempts=1200, multiplier=10.0, max_backoff=0.001, max_elapsed=1e9
    )
    handler = Script(503)
    with sync_transport(rt, fake, handler, retry=policy) as transport:
        transport.send(spec(rt))
    assert handler.calls == 1200
    assert max(fake.sleeps) == pytest.approx(0.001)


# --------------------------------------------------------------------------- request building


def test_header_precedence(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    transport = sync_transport(
        rt,
        fake,
        handler,
        user_agent="gen-client/1.0",
        default_headers={"X-A": "default", "X-B": "default", "X-C": "default", "X-D": "default"},
        auth_headers=lambda: {"x-b": "auth", "X-C": "auth", "X-D": "auth"},
    )
    with transport:
        transport.send(
            spec(
                rt,
                headers=(("X-C", "spec"), ("X-D", "spec"), ("X-Multi", "1"), ("X-Multi", "2")),
                extra_headers={"x-d": "extra"},
            )
        )
    headers = handler.requests[0].headers
    assert headers["x-a"] == "default"
    assert headers["x-b"] == "auth"
    assert headers["x-c"] == "spec"
    assert headers["x-d"] == "extra"
    assert headers.get_list("x-multi") == ["1", "2"]
    assert headers["user-agent"] == "gen-client/1.0"


def test_default_headers_override_user_agent(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    transport = sync_transport(
        rt, fake, handler, user_agent="ua/1", default_headers={"User-Agent": "custom"}
    )
    with transport:
        transport.send(spec(rt))
    assert handler.requests[0].headers.get_list("user-agent") == ["custom"]


def test_auth_headers_called_per_attempt(rt: SimpleNamespace, fake: FakeTime) -> None:
    tokens = iter(["Bearer one", "Bearer two"])
    handler = Script(503, 200)
    transport = sync_transport(
        rt, fake, handler, auth_headers=lambda: {"Authorization": next(tokens)}
    )
    with transport:
        transport.send(spec(rt))
    assert [r.headers["authorization"] for r in handler.requests] == ["Bearer one", "Bearer two"]


def test_body_query_cookies_and_content_type(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(201)
    with sync_transport(rt, fake, handler) as transport:
        transport.send(
            spec(
                rt,
                "POST",
                query=(("tag", "a"), ("tag", "b"), ("q", "x y")),
                cookies=(("session", "abc"), ("theme", "dark")),
                content=b'{"name":"x"}',
                content_type="application/json",
            )
        )
    request = handler.requests[0]
    assert request.method == "POST"
    assert request.url.params.get_list("tag") == ["a", "b"]
    assert request.url.params["q"] == "x y"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["cookie"] == "session=abc; theme=dark"
    assert handler.bodies[0] == b'{"name":"x"}'


def test_spec_headers_override_content_type(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    with sync_transport(rt, fake, handler) as transport:
        transport.send(
            spec(
                rt,
                "PUT",
                content=b"hi",
                content_type="text/plain",
                headers=(("Content-Type", "text/x-custom"),),
            )
        )
    assert handler.requests[0].headers.get_list("content-type") == ["text/x-custom"]


def test_form_data(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    with sync_transport(rt, fake, handler) as transport:
        transport.send(spec(rt, "POST", data={"a": "1", "b": "two words"}))
    assert handler.requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert handler.bodies[0] == b"a=1&b=two+words"


def test_multipart_file_is_resent_on_retry(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(connect_error, 201)
    upload = io.BytesIO(b"file-content-123")
    with sync_transport(rt, fake, handler) as transport:
        response = transport.send(
            spec(
                rt,
                "POST",
                data={"kind": "report"},
                files=[("file", ("r.txt", upload, "text/plain"))],
                content_type="multipart/form-data",
            )
        )
    assert response.status_code == 201
    assert handler.calls == 2
    for request, body in zip(handler.requests, handler.bodies, strict=True):
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        assert b"file-content-123" in body
        assert b"report" in body


@pytest.mark.parametrize(
    ("base_url", "path", "expected"),
    [
        (
            "https://api.kombo.dev/v1",
            "/lms/courses/bulk",
            "https://api.kombo.dev/v1/lms/courses/bulk",
        ),
        ("https://api.kombo.dev/v1/", "/lms/courses", "https://api.kombo.dev/v1/lms/courses"),
        ("https://api.example.com", "/things", "https://api.example.com/things"),
        ("https://api.example.com/", "things", "https://api.example.com/things"),
        ("http://localhost:8080/api/v2", "/a%2Fb/c", "http://localhost:8080/api/v2/a%2Fb/c"),
    ],
)
def test_base_url_joining(
    rt: SimpleNamespace, fake: FakeTime, base_url: str, path: str, expected: str
) -> None:
    handler = Script(200)
    with sync_transport(rt, fake, handler, base_url=base_url) as transport:
        transport.send(spec(rt, path=path))
    assert str(handler.requests[0].url) == expected


def test_timeouts(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    with sync_transport(rt, fake, handler, timeout=12.0) as transport:
        transport.send(spec(rt))
        transport.send(spec(rt, timeout=3.0))
    first, second = (r.extensions["timeout"] for r in handler.requests)
    assert first == {"connect": 12.0, "read": 12.0, "write": 12.0, "pool": 12.0}
    assert second == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}


def test_base_url_property_and_repr(rt: SimpleNamespace, fake: FakeTime) -> None:
    transport = sync_transport(rt, fake, Script(200), base_url="https://h/v1/")
    with transport:
        assert transport.base_url == "https://h/v1"
        assert repr(transport) == "SyncTransport(base_url='https://h/v1')"


# --------------------------------------------------------------------------- client ownership


def test_close_only_owned_client(rt: SimpleNamespace, fake: FakeTime) -> None:
    client = httpx.Client(transport=httpx.MockTransport(Script(200)))
    transport = rt.http.SyncTransport(base_url=BASE_URL, http_client=client)
    with transport:
        assert transport.send(spec(rt)).status_code == 200
    assert not client.is_closed
    client.close()
    owned = sync_transport(rt, fake, Script(200))
    owned.close()
    assert owned._client.is_closed


def test_transport_and_client_are_exclusive(rt: SimpleNamespace) -> None:
    with httpx.Client() as client, pytest.raises(ValueError):
        rt.http.SyncTransport(
            base_url=BASE_URL, transport=httpx.MockTransport(Script(200)), http_client=client
        )


# --------------------------------------------------------------------------- secrets & logging


def test_secret_wrapper(rt: SimpleNamespace) -> None:
    secret = rt.http.Secret(API_KEY)
    assert secret.get() == API_KEY
    assert repr(secret) == str(secret) == f"{secret}" == "Secret('***')"
    assert API_KEY not in repr([secret, {"k": secret}])
    assert secret == rt.http.Secret(API_KEY)
    assert secret != rt.http.Secret("other-value")
    assert secret != API_KEY
    assert hash(secret) == hash(rt.http.Secret("other-value"))


def test_request_spec_repr_hides_headers_and_body(rt: SimpleNamespace) -> None:
    s = spec(
        rt,
        headers=(("X-Api-Key", API_KEY),),
        cookies=(("sid", API_KEY),),
        content=API_KEY.encode(),
        extra_headers={"Authorization": API_KEY},
    )
    assert API_KEY not in repr(s)
    assert "operation_id='Op'" in repr(s)


def test_retries_are_logged_without_secrets(
    rt: SimpleNamespace, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    secret = rt.http.Secret(API_KEY)
    handler = Script(503, connect_error, 200)
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    transport = sync_transport(
        rt,
        fake,
        handler,
        logger=logging.getLogger(LOGGER_NAME),
        auth_headers=lambda: {"Authorization": f"Bearer {secret.get()}"},
    )
    with transport:
        transport.send(spec(rt, path="/things/7", query=(("api_key", API_KEY),)))
    records = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert [r.levelno for r in records] == [logging.INFO, logging.INFO]
    first, second = (r.getMessage() for r in records)
    assert first == "Retrying GET /v1/things/7 (attempt 2) in 0.50 s after HTTP 503"
    assert second == "Retrying GET /v1/things/7 (attempt 3) in 1.00 s after ConnectError"
    assert API_KEY not in caplog.text
    assert API_KEY not in repr(transport)


def test_default_logger_is_module_logger(
    rt: SimpleNamespace, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rtpkg._http")
    with sync_transport(rt, fake, Script(503, 200)) as transport:
        transport.send(spec(rt))
    assert [r.name for r in caplog.records] == ["rtpkg._http"]


def test_secret_masked_in_transport_error_message(
    rt: SimpleNamespace, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    def leaky(request: httpx.Request) -> Exception:  # an error that echoes the header
        headers = request.headers
        return httpx.ReadError(f"bad headers {headers['authorization']} {headers['x-api-key']}")

    handler = Script(leaky)
    transport = sync_transport(
        rt,
        fake,
        handler,
        auth_headers=lambda: {"Authorization": f"Bearer {API_KEY}"},
        default_headers={"X-Api-Key": API_KEY[::-1]},
    )
    with transport, pytest.raises(rt.errors.TransportError) as info:
        transport.send(spec(rt))
    assert API_KEY not in str(info.value)
    assert API_KEY not in repr(info.value)
    assert API_KEY[::-1] not in str(info.value)
    assert str(info.value).endswith("after 4 attempt(s): bad headers *** ***")
    assert API_KEY not in caplog.text


def test_secret_not_in_api_error_built_from_response(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(404)
    transport = sync_transport(rt, fake, handler, auth_headers=lambda: {"X-Api-Key": API_KEY})
    with transport:
        response = transport.send(spec(rt))
    err = rt.errors.api_error_from_response(response, operation_id="Op")
    assert err.request.headers["x-api-key"] == API_KEY
    assert API_KEY not in str(err)
    assert API_KEY not in repr(err)


# --------------------------------------------------------------------------- async


@pytest.mark.asyncio
async def test_async_success(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    async with async_transport(rt, fake, handler) as transport:
        response = await transport.send(spec(rt))
    assert response.json() == {"attempt": 1}
    assert handler.calls == 1
    assert fake.sleeps == []
    assert repr(transport) == f"AsyncTransport(base_url={BASE_URL!r})"


@pytest.mark.asyncio
async def test_async_503_then_200(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503, 503, 200)
    async with async_transport(rt, fake, handler) as transport:
        response = await transport.send(spec(rt))
    assert response.status_code == 200
    assert fake.sleeps == [0.5, 1.0]


@pytest.mark.asyncio
async def test_async_post_503_not_retried(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(503, 200)
    async with async_transport(rt, fake, handler) as transport:
        response = await transport.send(spec(rt, "POST", content=b"{}"))
    assert response.status_code == 503
    assert handler.calls == 1


@pytest.mark.asyncio
async def test_async_post_connect_error_retried(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(connect_error, 201)
    async with async_transport(rt, fake, handler) as transport:
        response = await transport.send(spec(rt, "POST", content=b"{}"))
    assert response.status_code == 201
    assert handler.calls == 2


@pytest.mark.asyncio
async def test_async_retry_after(rt: SimpleNamespace, fake: FakeTime) -> None:
    date = formatdate(WALL0 + 30, usegmt=True)
    handler = Script((429, {"Retry-After": "7"}), (503, {"Retry-After": date}), 200)
    async with async_transport(rt, fake, handler, random=lambda: 0.1) as transport:
        response = await transport.send(spec(rt))
    assert response.status_code == 200
    assert fake.sleeps == [7.0, 23.0]  # the date is 30 s after WALL0; 7 s have passed


@pytest.mark.asyncio
async def test_async_retry_after_too_long(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script((429, {"Retry-After": "3600"}), 200)
    async with async_transport(rt, fake, handler) as transport:
        assert (await transport.send(spec(rt))).status_code == 429
    assert fake.sleeps == []


@pytest.mark.asyncio
async def test_async_exhaustion_returns_last_response(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(502)
    async with async_transport(rt, fake, handler) as transport:
        response = await transport.send(spec(rt))
    assert (response.status_code, response.headers["x-attempt"]) == (502, "4")


@pytest.mark.asyncio
async def test_async_transport_error(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_error)
    async with async_transport(rt, fake, handler) as transport:
        with pytest.raises(rt.errors.TransportError) as info:
            await transport.send(spec(rt))
    assert isinstance(info.value.__cause__, httpx.ReadError)
    assert info.value.request is handler.requests[-1]
    assert handler.calls == 4


@pytest.mark.asyncio
async def test_async_timeout(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(read_timeout)
    policy = rt.http.RetryPolicy(max_attempts=2)
    async with async_transport(rt, fake, handler, retry=policy) as transport:
        with pytest.raises(rt.errors.RequestTimeoutError):
            await transport.send(spec(rt))
    assert handler.calls == 2


@pytest.mark.asyncio
async def test_async_max_elapsed(rt: SimpleNamespace, fake: FakeTime) -> None:
    policy = rt.http.RetryPolicy(max_attempts=10, max_elapsed=1.2)
    handler = Script(503)
    async with async_transport(rt, fake, handler, retry=policy) as transport:
        await transport.send(spec(rt))
    assert fake.sleeps == [0.5]


@pytest.mark.asyncio
async def test_async_headers_and_base_url(rt: SimpleNamespace, fake: FakeTime) -> None:
    handler = Script(200)
    transport = async_transport(
        rt,
        fake,
        handler,
        base_url="https://api.kombo.dev/v1",
        default_headers={"X-A": "d", "X-B": "d"},
        auth_headers=lambda: {"X-B": "auth"},
    )
    async with transport:
        await transport.send(spec(rt, path="/lms/courses/bulk", extra_headers={"X-A": "x"}))
    request = handler.requests[0]
    assert str(request.url) == "https://api.kombo.dev/v1/lms/courses/bulk"
    assert (request.headers["x-a"], request.headers["x-b"]) == ("x", "auth")


@pytest.mark.asyncio
async def test_async_secret_not_logged(
    rt: SimpleNamespace, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    handler = Script(503, 200)
    transport = async_transport(
        rt,
        fake,
        handler,
        logger=logging.getLogger(LOGGER_NAME),
        auth_headers=lambda: {"Authorization": f"Bearer {API_KEY}"},
    )
    async with transport:
        await transport.send(spec(rt))
    assert len(caplog.records) == 1
    assert API_KEY not in caplog.text
    assert API_KEY not in repr(transport)


@pytest.mark.asyncio
async def test_async_close_only_owned_client(rt: SimpleNamespace, fake: FakeTime) -> None:
    client = httpx.AsyncClient(transport=httpx.MockTransport(Script(200)))
    async with rt.http.AsyncTransport(base_url=BASE_URL, http_client=client) as transport:
        assert (await transport.send(spec(rt))).status_code == 200
    assert not client.is_closed
    await client.aclose()
    owned = async_transport(rt, fake, Script(200))
    await owned.aclose()
    assert owned._client.is_closed
