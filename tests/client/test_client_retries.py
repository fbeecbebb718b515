"""Retries: which calls are retried, how long the client waits, and when it gives up.

The client gets the ``clock`` fixture as its clock and sleep, so waiting is instantaneous
and every delay is recorded in ``clock.sleeps``.

The committed client (``kombo``) is generated with ``specs/gen.yaml``, which marks the bulk
upsert ``PostLmsCoursesBulk`` as safe to retry: it is retried like a GET. How a POST that is
*not* marked safe behaves is tested on ``kombo_unsafe``, generated from the same spec without
that configuration.
"""

from __future__ import annotations

import logging
import re
import time
from email.utils import formatdate
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from client_support import (
    DISTRIBUTION_DIR,
    TASK_ID,
    ClientFactory,
    FakeClock,
    Wire,
    json_reply,
    kombo_error,
    pending_task,
    raising,
    raw_reply,
    upsert_accepted,
    upsert_body,
)

UNAVAILABLE = raw_reply(503, b"Service Unavailable")


def _upsert_retry_safe(ops_source: str) -> str:
    """Whether the request builder of ``PostLmsCoursesBulk`` marks it retry-safe: its
    ``retry_safe=`` literal, else the default of a POST (``"False"``)."""
    start = ops_source.index('RequestBuilder(ctx, "POST", "PostLmsCoursesBulk"')
    found = re.compile(r"rb\.build\(([^\n]*)\)\n").search(ops_source, start)
    assert found is not None, "no rb.build(...) after the PostLmsCoursesBulk builder"
    literal = re.search(r"retry_safe=(True|False)", found.group(1))
    return literal.group(1) if literal else "False"


def _rate_limited(retry_after: str) -> httpx.Response:
    body = kombo_error("PLATFORM.RATE_LIMIT_EXCEEDED", "Too many requests.")
    return httpx.Response(429, json=body, headers={"Retry-After": retry_after})


def test_a_get_is_retried_on_503_until_it_succeeds(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(UNAVAILABLE, UNAVAILABLE, json_reply(pending_task()))
    with make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        status = client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert status.data.status == "PENDING"
    assert wire.calls == 3
    assert clock.sleeps == [0.5, 1.0]


def test_default_backoff_has_bounded_jitter(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE, json_reply(pending_task()))
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    nominal = [0.5, 1.0, 2.0]
    assert len(clock.sleeps) == 3
    for slept, expected in zip(clock.sleeps, nominal, strict=True):
        assert expected * 0.75 <= slept <= expected * 1.25


@pytest.mark.parametrize("status", [408, 429, 500, 502, 504])
def test_other_retryable_statuses_are_retried_for_a_get(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, status: int
) -> None:
    wire.script(raw_reply(status, b""), json_reply(pending_task()))
    with make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert wire.calls == 2


def test_501_is_not_retried(kombo: ModuleType, make_client: ClientFactory, wire: Wire) -> None:
    wire.script(raw_reply(501, b"boom"))
    with make_client() as client:
        with pytest.raises(kombo.ServerError):
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert wire.calls == 1


def test_retry_after_seconds_are_waited_exactly(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(lambda request: _rate_limited("2"), json_reply(pending_task()))
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert clock.sleeps == [2.0]
    assert wire.calls == 2


def test_retry_after_as_an_http_date(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    # The client reads the wall clock (time.time) for HTTP dates; they have 1 s resolution.
    retry_at = formatdate(time.time() + 30, usegmt=True)
    wire.script(lambda request: _rate_limited(retry_at), json_reply(pending_task()))
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert len(clock.sleeps) == 1
    assert 28.0 <= clock.sleeps[0] <= 30.0


def test_a_retry_after_beyond_the_limit_is_not_waited_for(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(lambda request: _rate_limited("3600"))
    with make_client() as client:
        with pytest.raises(kombo.RateLimitError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert caught.value.retry_after == 3600.0
    assert clock.sleeps == []
    assert wire.calls == 1


def test_rate_limit_error_after_the_last_attempt(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=lambda request: _rate_limited("1.5"))
    with make_client(retry=kombo.RetryPolicy(max_attempts=3)) as client:
        with pytest.raises(kombo.RateLimitError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert caught.value.retry_after == 1.5
    assert clock.sleeps == [1.5, 1.5]
    assert wire.calls == 3


# --------------------------------------------------------------------------- a POST not marked safe
# kombo_unsafe is generated without gen.yaml: its upsert is an ordinary, non-idempotent POST.


def test_the_unsafe_copy_does_not_mark_the_upsert_safe(unsafe_distribution_dir: Path) -> None:
    ops = (unsafe_distribution_dir / "kombo_unsafe" / "_ops" / "lms.py").read_text("utf-8")
    readme = (unsafe_distribution_dir / "README.md").read_text("utf-8")

    assert _upsert_retry_safe(ops) == "False"
    assert "`PostLmsCoursesBulk` is marked safe." not in readme


def test_upsert_is_not_retried_on_503(
    kombo_unsafe: ModuleType, make_unsafe_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(UNAVAILABLE)
    with make_unsafe_client() as client:
        with pytest.raises(kombo_unsafe.ServerError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert caught.value.status == 503
    assert wire.calls == 1
    assert clock.sleeps == []


def test_upsert_is_retried_on_429_although_not_retry_safe(
    make_unsafe_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    # a 429 says the request was not processed: sending it again cannot repeat its effect
    wire.script(lambda request: _rate_limited("1"), json_reply(upsert_accepted()))
    with make_unsafe_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    assert wire.calls == 2
    assert clock.sleeps == [1.0]


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_connect_failures_are_retried_for_the_upsert_too(
    kombo_unsafe: ModuleType,
    make_unsafe_client: ClientFactory,
    wire: Wire,
    clock: FakeClock,
    failure: type[httpx.RequestError],
) -> None:
    wire.script(raising(failure, "connection refused"), json_reply(upsert_accepted()))
    with make_unsafe_client(retry=kombo_unsafe.RetryPolicy(jitter=0)) as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    assert wire.calls == 2
    assert clock.sleeps == [0.5]
    first, second = wire.requests
    assert first.content == second.content


def test_a_read_error_of_the_upsert_is_not_retried(
    kombo_unsafe: ModuleType, make_unsafe_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(raising(httpx.ReadError, "connection reset"))
    with make_unsafe_client() as client:
        with pytest.raises(kombo_unsafe.TransportError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert caught.value.attempts == 1
    assert wire.calls == 1
    assert clock.sleeps == []


# --------------------------------------------------------------------------- the upsert marked safe
# The committed client: gen.yaml lists PostLmsCoursesBulk under retry_safe.


def test_the_committed_client_marks_the_upsert_safe() -> None:
    ops = (DISTRIBUTION_DIR / "kombo_api" / "_ops" / "lms.py").read_text("utf-8")
    readme = (DISTRIBUTION_DIR / "README.md").read_text("utf-8")

    assert _upsert_retry_safe(ops) == "True"
    assert "`PostLmsCoursesBulk` is marked safe." in readme


def test_the_upsert_marked_safe_is_retried_on_503(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(UNAVAILABLE, UNAVAILABLE, json_reply(upsert_accepted()))
    with make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        task = client.lms.upsert_courses(body=upsert_body("course-1", "course-2"))

    assert task.task_id == TASK_ID
    assert wire.calls == 3
    assert clock.sleeps == [0.5, 1.0]
    assert [r.method for r in wire.requests] == ["POST", "POST", "POST"]
    assert len({r.content for r in wire.requests}) == 1


def test_the_upsert_marked_safe_gives_up_on_503_after_max_attempts(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=UNAVAILABLE)
    with make_client(retry=kombo.RetryPolicy(max_attempts=3, jitter=0)) as client:
        with pytest.raises(kombo.ServerError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert caught.value.status == 503
    assert wire.calls == 3
    assert clock.sleeps == [0.5, 1.0]


def test_the_upsert_marked_safe_is_retried_on_429_after_retry_after(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(lambda request: _rate_limited("3"), json_reply(upsert_accepted()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    assert clock.sleeps == [3.0]  # exactly Retry-After, without jitter
    assert wire.calls == 2
    first, second = wire.requests
    assert first.content == second.content


def test_the_upsert_marked_safe_is_retried_after_a_read_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(raising(httpx.ReadError, "connection reset"), json_reply(upsert_accepted()))
    with make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    assert wire.calls == 2
    assert clock.sleeps == [0.5]
    first, second = wire.requests
    assert first.content == second.content


def test_the_upsert_marked_safe_is_not_retried_on_501(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(raw_reply(501, b"boom"))
    with make_client() as client:
        with pytest.raises(kombo.ServerError):
            client.lms.upsert_courses(body=upsert_body())

    assert wire.calls == 1
    assert clock.sleeps == []


def test_retry_policy_none_turns_off_retries_of_the_upsert_marked_safe(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(UNAVAILABLE)
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.ServerError):
            client.lms.upsert_courses(body=upsert_body())

    assert wire.calls == 1
    assert clock.sleeps == []


# --------------------------------------------------------------------------- attempts and logging


def test_max_attempts_bounds_the_tries(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=UNAVAILABLE)
    policy = kombo.RetryPolicy(max_attempts=3, initial_backoff=1.0, jitter=0)
    with make_client(retry=policy) as client:
        with pytest.raises(kombo.ServerError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert caught.value.status == 503
    assert wire.calls == 3
    assert clock.sleeps == [1.0, 2.0]


def test_connect_errors_give_up_after_max_attempts(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=raising(httpx.ConnectError, "connection refused"))
    with make_client(retry=kombo.RetryPolicy(max_attempts=4, jitter=0)) as client:
        with pytest.raises(kombo.TransportError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    assert caught.value.attempts == 4
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_max_elapsed_stops_before_a_sleep_that_would_exceed_it(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(otherwise=UNAVAILABLE)
    policy = kombo.RetryPolicy(max_attempts=10, initial_backoff=2.0, max_elapsed=5.0, jitter=0)
    with make_client(retry=policy) as client:
        with pytest.raises(kombo.ServerError):
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    # t=0 fail, sleep 2 (t=2); fail, the next sleep (4) would end at 6 > 5: give up.
    assert clock.sleeps == [2.0]
    assert wire.calls == 2


def test_time_spent_in_attempts_counts_against_max_elapsed(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    def slow_unavailable(request: httpx.Request) -> httpx.Response:
        clock.now += 4.0  # the server took 4 s to answer
        return httpx.Response(503)

    wire.script(otherwise=slow_unavailable)
    policy = kombo.RetryPolicy(max_attempts=10, initial_backoff=1.0, max_elapsed=10.0, jitter=0)
    with make_client(retry=policy) as client:
        with pytest.raises(kombo.ServerError):
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    # t=4 fail, sleep 1 (t=5); t=9 fail, a 2 s sleep would end at 11 > 10: give up.
    assert clock.sleeps == [1.0]
    assert wire.calls == 2


def test_a_per_call_retry_policy_overrides_the_clients(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(otherwise=UNAVAILABLE)
    options = kombo.RequestOptions(retry=kombo.RetryPolicy.none())
    with make_client(retry=kombo.RetryPolicy(max_attempts=5)) as client:
        with pytest.raises(kombo.ServerError):
            client.lms.get_status_of_upsert_courses_task(TASK_ID, request_options=options)

    assert wire.calls == 1


def test_each_retry_is_logged_without_headers(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.script(UNAVAILABLE, json_reply(pending_task()))
    with caplog.at_level(logging.INFO), make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert retries == [
        f"Retrying GET /v1/lms/courses/bulk/{TASK_ID} (attempt 2) in 0.50 s after HTTP 503"
    ]


def test_every_attempt_sends_the_credentials_again(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(UNAVAILABLE, json_reply(pending_task()))
    with make_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    first, second = wire.requests
    assert first.headers["Authorization"] == second.headers["Authorization"]
    assert first.headers["X-Integration-Id"] == second.headers["X-Integration-Id"]
