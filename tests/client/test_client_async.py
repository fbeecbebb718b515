"""The async client: the same behaviour as the sync one, awaited.

The ``make_async_client`` fixture uses an ``async`` handler on ``httpx.MockTransport`` and
an async fake sleep that records each delay.
"""

from __future__ import annotations

import json
import logging
from types import ModuleType

import httpx
import pytest
from client_support import (
    API_KEY,
    EU_BASE_URL,
    INTEGRATION_ID,
    TASK_ID,
    US_BASE_URL,
    ClientFactory,
    FakeClock,
    JsonObject,
    Wire,
    completed_task,
    course,
    failed_item,
    failed_task,
    json_reply,
    kombo_error,
    pending_task,
    raising,
    raw_reply,
    succeeded_item,
    upsert_accepted,
    upsert_body,
)

pytestmark = pytest.mark.asyncio

MIXED_OUTCOME = completed_task(
    succeeded_item("course-1", "26vBqtfFiN1JKcTcWWyZ3uyJ"),
    failed_item("course-2", "LMS.COURSE_UPDATE_NOT_SUPPORTED", "Updating is not supported."),
)


async def test_async_upsert_sends_the_same_request_as_the_sync_client(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, request_example: JsonObject
) -> None:
    wire.script(json_reply(upsert_accepted(warnings=["w"])))
    body = kombo.models.PostLmsCoursesBulkRequestBody.from_dict(request_example)
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=body)

    request = wire.last
    assert (request.method, str(request.url)) == ("POST", f"{EU_BASE_URL}/lms/courses/bulk")
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["X-Integration-Id"] == INTEGRATION_ID
    assert json.loads(request.content) == request_example
    assert isinstance(task, kombo.AsyncTaskHandle)
    assert task.task_id == TASK_ID
    assert [w.message for w in task.warnings] == ["w"]


async def test_async_server_base_url_and_per_call_options(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(pending_task()), json_reply(pending_task()))
    options = kombo.RequestOptions(headers={"X-Request-Source": "tests"}, timeout=3.0)
    async with make_async_client(server="us") as client:
        await client.lms.get_status_of_upsert_courses_task(
            TASK_ID, integration_id="moodle:other", request_options=options
        )
    async with make_async_client(base_url="http://localhost:9999") as client:
        await client.lms.get_status_of_upsert_courses_task(TASK_ID)

    us_request, local_request = wire.requests
    assert str(us_request.url) == f"{US_BASE_URL}/lms/courses/bulk/{TASK_ID}"
    assert us_request.headers["X-Integration-Id"] == "moodle:other"
    assert us_request.headers["X-Request-Source"] == "tests"
    assert us_request.extensions["timeout"]["read"] == 3.0
    assert str(local_request.url) == f"http://localhost:9999/lms/courses/bulk/{TASK_ID}"


async def test_async_api_key_from_the_environment_and_not_in_repr(
    make_async_client: ClientFactory, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_API_KEY", "key-from-the-environment")
    wire.script(json_reply(pending_task()))
    async with make_async_client(api_key=None) as client:
        await client.lms.get_status_of_upsert_courses_task(TASK_ID)
        text = repr(client)

    assert wire.last.headers["Authorization"] == "Bearer key-from-the-environment"
    assert text == f"AsyncClient(base_url='{EU_BASE_URL}')"
    assert "key-from-the-environment" not in text


async def test_async_invalid_body_is_refused_before_sending(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire
) -> None:
    body = {"items": [course("course-1", duration=0, languages=["EN"])]}
    async with make_async_client() as client:
        with pytest.raises(kombo.RequestValidationError) as caught:
            await client.lms.upsert_courses(body=body)
        assert wire.calls == 0

        wire.script(json_reply(upsert_accepted()))
        await client.lms.upsert_courses(
            body=body, request_options=kombo.RequestOptions(validate=False)
        )

    assert [issue.path for issue in caught.value.issues] == [
        "$.items[0].course.duration",
        "$.items[0].course.languages[0]",
    ]
    assert wire.calls == 1


@pytest.mark.parametrize(
    ("status", "class_name"),
    [(400, "BadRequestError"), (401, "AuthenticationError"), (429, "RateLimitError")],
)
async def test_async_error_statuses_raise_their_class(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, status: int, class_name: str
) -> None:
    wire.script(json_reply(kombo_error("INTEGRATION.INACTIVE", "Inactive."), status=status))
    async with make_async_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.ApiError) as caught:
            await client.lms.upsert_courses(body=upsert_body())

    error = caught.value
    assert type(error) is getattr(kombo, class_name)
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.status == status
    assert (error.code, error.message) == ("INTEGRATION.INACTIVE", "Inactive.")
    assert API_KEY not in str(error)


async def test_async_decode_and_transport_errors(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        raw_reply(200, b"not json", "application/json"),
        raising(httpx.ReadTimeout, "timed out"),
    )
    async with make_async_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.DecodeError) as decode_error:
            await client.lms.get_status_of_upsert_courses_task(TASK_ID)
        with pytest.raises(kombo.RequestTimeoutError) as timeout_error:
            await client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert decode_error.value.raw == b"not json"
    assert isinstance(timeout_error.value.__cause__, httpx.ReadTimeout)


async def test_async_get_is_retried_with_async_sleeps(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    rate_limited = json_reply(kombo_error(None, "Slow."), status=429, headers={"Retry-After": "2"})
    wire.script(raw_reply(503, b""), rate_limited, json_reply(pending_task()))
    async with make_async_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        await client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert clock.sleeps == [0.5, 2.0]
    assert wire.calls == 3


async def test_async_upsert_is_retried_only_on_connect_errors(
    kombo_unsafe: ModuleType, make_unsafe_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    # kombo_unsafe: generated without gen.yaml, so its upsert is a POST not marked safe.
    wire.script(
        raising(httpx.ConnectError, "refused"),
        json_reply(upsert_accepted()),
        raw_reply(503, b""),
    )
    async with make_unsafe_async_client(retry=kombo_unsafe.RetryPolicy(jitter=0)) as client:
        await client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo_unsafe.ServerError):
            await client.lms.upsert_courses(body=upsert_body())

    assert wire.calls == 3
    assert clock.sleeps == [0.5]


async def test_async_upsert_marked_safe_is_retried_on_503_and_read_errors(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        raw_reply(503, b""),
        raising(httpx.ReadError, "connection reset"),
        json_reply(upsert_accepted()),
    )
    async with make_async_client(retry=kombo.RetryPolicy(jitter=0)) as client:
        task = await client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    assert [r.method for r in wire.requests] == ["POST", "POST", "POST"]
    assert len({r.content for r in wire.requests}) == 1
    assert clock.sleeps == [0.5, 1.0]


async def test_async_wait_polls_until_completed(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task()),
        json_reply(pending_task()),
        json_reply(MIXED_OUTCOME),
    )
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=upsert_body("course-1", "course-2"))
        result = await task.wait()

    [succeeded] = result.succeeded
    [failed] = result.failed
    assert isinstance(succeeded, kombo.models.SucceededDataItem)
    assert isinstance(failed, kombo.models.FailedDataItem)
    assert succeeded.data.id == "26vBqtfFiN1JKcTcWWyZ3uyJ"
    assert failed.error.message == "Updating is not supported."
    assert result["course-2"] is failed
    assert clock.sleeps == [1.0, 1.5]
    assert [r.method for r in wire.requests] == ["POST", "GET", "GET", "GET"]


async def test_async_failed_task_raises_task_failed_error(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(failed_task("INTEGRATION.AUTHENTICATION_INVALID", "Reconnect.")),
    )
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.TaskFailedError) as caught:
            await task.wait()

    assert caught.value.task_id == TASK_ID
    assert caught.value.error.code == "INTEGRATION.AUTHENTICATION_INVALID"
    assert caught.value.error.message == "Reconnect."


async def test_async_timeout_then_resume(
    kombo: ModuleType, make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(json_reply(upsert_accepted()), otherwise=json_reply(pending_task()))
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.TaskTimeoutError) as caught:
            await task.wait(timeout=4.5, poll_interval=1.0, backoff=2.0, max_interval=2.0)

        assert caught.value.task_id == TASK_ID
        assert clock.sleeps == [1.0, 2.0]  # at t=3 the next 2 s sleep would pass 4.5 s

        wire.script(json_reply(MIXED_OUTCOME))
        result = await client.lms.resume_upsert_courses(caught.value.task_id).wait()

    assert [item.origin_id for item in result.succeeded] == ["course-1"]


async def test_async_poll_intervals_are_capped(
    make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    pending = [json_reply(pending_task()) for _ in range(5)]
    wire.script(json_reply(upsert_accepted()), *pending, json_reply(MIXED_OUTCOME))
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=upsert_body())
        await task.wait(poll_interval=2.0, backoff=3.0, max_interval=10.0)

    assert clock.sleeps == [2.0, 6.0, 10.0, 10.0, 10.0]


async def test_async_unknown_status_counts_as_still_running(
    make_async_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task(status="RUNNING")),
        json_reply(MIXED_OUTCOME),
    )
    async with make_async_client() as client:
        task = await client.lms.upsert_courses(body=upsert_body())
        result = await task.wait()

    assert [item.origin_id for item in result.failed] == ["course-2"]
    assert clock.sleeps == [1.0]


async def test_async_warnings_are_logged(
    make_async_client: ClientFactory, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.script(json_reply(upsert_accepted(warnings=["Thumbnail missing."])))
    with caplog.at_level(logging.DEBUG):
        async with make_async_client() as client:
            task = await client.lms.upsert_courses(body=upsert_body())

    assert [w.message for w in task.warnings] == ["Thumbnail missing."]
    assert "PostLmsCoursesBulk: Thumbnail missing." in [
        r.getMessage() for r in caplog.records if r.name == "kombo_api"
    ]
    assert all(API_KEY not in r.getMessage() for r in caplog.records)
