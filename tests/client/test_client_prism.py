"""The generated client against a real mock server: Stoplight Prism serving specs/kombo.yaml.

``prism_static`` answers with the spec's examples (the first GET example is the COMPLETED
task with one succeeded and one failed item); ``prism_dynamic`` (``-d``) answers with random
schema-valid bodies that also carry undeclared properties. Prism validates every request
too: a request it finds invalid comes back with an ``sl-violations`` header.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import (
    API_KEY,
    DISTRIBUTION_DIR,
    INTEGRATION_ID,
    REPO_ROOT,
    AsyncCountingTransport,
    CountingTransport,
    JsonObject,
    PrismServer,
    course,
    forbid_sleep,
)

README = DISTRIBUTION_DIR / "README.md"
CALLS_PER_OPERATION = 20
PRISM_TASK_ID = "string"  # static Prism fills the submit answer's task_id from the schema

INVALID_BODY: JsonObject = {"items": [course("course-1", duration=0, languages=["EN"])]}


def _prism_client(kombo: ModuleType, server: PrismServer, **overrides: Any) -> Any:
    options: dict[str, Any] = {
        "api_key": API_KEY,
        "integration_id": INTEGRATION_ID,
        "base_url": server.base_url,
        "retry": kombo.RetryPolicy.none(),
        "sleep": forbid_sleep,
    }
    options.update(overrides)
    return kombo.Client(**options)


def _violations(transport: CountingTransport | AsyncCountingTransport) -> list[str]:
    """Prism's complaints about the requests it was sent (none for a valid request)."""
    return [
        response.headers["sl-violations"]
        for _, response in transport.exchanges
        if "sl-violations" in response.headers
    ]


def _assert_the_example_outcome(kombo: ModuleType, result: Any) -> None:
    [succeeded] = result.succeeded
    [failed] = result.failed
    assert isinstance(succeeded, kombo.models.SucceededDataItem)
    assert isinstance(failed, kombo.models.FailedDataItem)
    assert succeeded.origin_id == "course-1"
    assert succeeded.data.id == "26vBqtfFiN1JKcTcWWyZ3uyJ"
    assert failed.origin_id == "course-2"
    assert failed.error.code == "LMS.COURSE_UPDATE_NOT_SUPPORTED"
    assert failed.error.title is None
    assert failed.error.message == "The connected LMS does not allow updating this course."
    assert result["course-1"] is succeeded
    assert isinstance(result.response.data, kombo.models.CompletedData)
    assert result.response.data.task_id == "8kEGWZyVhSjGHn9RYv3RRUcy"


# --------------------------------------------------------------------------- static Prism


def test_the_request_example_round_trips_through_prism(
    kombo: ModuleType, prism_static: PrismServer, request_example: JsonObject
) -> None:
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_static, transport=transport) as client:
        task = client.lms.upsert_courses(body=request_example)
        assert task.task_id == PRISM_TASK_ID
        assert [w.message for w in task.warnings] == ["string"]
        result = task.wait()

    _assert_the_example_outcome(kombo, result)
    sent = [(request.method, request.url.path) for request, _ in transport.exchanges]
    assert sent == [("POST", "/lms/courses/bulk"), ("GET", f"/lms/courses/bulk/{PRISM_TASK_ID}")]
    assert _violations(transport) == []


def test_a_typed_body_round_trips_through_prism(
    kombo: ModuleType, prism_static: PrismServer, request_example: JsonObject
) -> None:
    body = kombo.models.PostLmsCoursesBulkRequestBody.from_dict(request_example)
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_static, transport=transport) as client:
        result = client.lms.upsert_courses(body=body).wait()

    _assert_the_example_outcome(kombo, result)
    assert _violations(transport) == []


def test_an_invalid_body_never_reaches_prism(kombo: ModuleType, prism_static: PrismServer) -> None:
    """Counted on the client's transport, and checked in Prism's own log between two markers."""
    before = "GET /lms/courses/bulk/before-the-invalid-body"
    after = "GET /lms/courses/bulk/after-the-invalid-body"
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_static, transport=transport) as client:
        client.lms.get_status_of_upsert_courses_task("before-the-invalid-body")
        prism_static.wait_until_received(before)
        with pytest.raises(kombo.RequestValidationError) as caught:
            client.lms.upsert_courses(body=INVALID_BODY)
        assert len(transport.exchanges) == 1  # only the first marker went out
        client.lms.get_status_of_upsert_courses_task("after-the-invalid-body")

    assert len(caught.value.issues) == 2
    received = prism_static.wait_until_received(after)
    between = received[received.index(before) + 1 : received.index(after)]
    assert between == []
    assert [request.method for request, _ in transport.exchanges] == ["GET", "GET"]


def test_without_validation_prism_rejects_the_same_body(
    kombo: ModuleType, prism_static: PrismServer
) -> None:
    """The body the client refuses is invalid for the server as well."""
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_static, transport=transport, validate_requests=False) as client:
        with pytest.raises(kombo.UnprocessableEntityError) as caught:
            client.lms.upsert_courses(body=INVALID_BODY)

    [violations] = _violations(transport)
    assert "items.0.course.duration" in violations
    error = caught.value
    assert isinstance(error, kombo.ServerValidationError)
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.code == "INTEGRATION.MODEL_NOT_AVAILABLE"  # the spec's error example
    assert API_KEY not in str(error)


def test_prism_error_answers_become_typed_errors(
    kombo: ModuleType, prism_static: PrismServer
) -> None:
    with _prism_client(kombo, prism_static, api_key=None) as client:
        with pytest.raises(kombo.AuthenticationError) as caught:
            client.lms.get_status_of_upsert_courses_task("any-task")

    assert caught.value.status == 401
    assert caught.value.code == "INTEGRATION.MODEL_NOT_AVAILABLE"
    assert caught.value.message is not None


def test_no_credentials_in_logs_against_a_real_server(
    kombo: ModuleType,
    prism_static: PrismServer,
    request_example: JsonObject,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG), _prism_client(kombo, prism_static) as client:
        client.lms.upsert_courses(body=request_example).wait()

    assert caplog.records, "expected httpx/httpcore debug records"
    for record in caplog.records:
        assert API_KEY not in record.getMessage(), record.name


@pytest.mark.asyncio
async def test_the_async_client_round_trips_through_prism(
    kombo: ModuleType, prism_static: PrismServer, request_example: JsonObject
) -> None:
    async def no_sleep(seconds: float) -> None:
        raise AssertionError(f"the client tried to sleep {seconds} s")

    transport = AsyncCountingTransport(httpx.AsyncHTTPTransport())
    async with kombo.AsyncClient(
        api_key=API_KEY,
        integration_id=INTEGRATION_ID,
        base_url=prism_static.base_url,
        transport=transport,
        sleep=no_sleep,
    ) as client:
        task = await client.lms.upsert_courses(body=request_example)
        result = await task.wait()

    _assert_the_example_outcome(kombo, result)
    assert len(transport.exchanges) == 2
    assert _violations(transport) == []


# --------------------------------------------------------------------------- dynamic Prism


def _call_repeatedly(call: Callable[[], Any]) -> list[Any]:
    return [call() for _ in range(CALLS_PER_OPERATION)]


def test_random_upsert_answers_decode(
    kombo: ModuleType, prism_dynamic: PrismServer, request_example: JsonObject
) -> None:
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_dynamic, transport=transport) as client:
        tasks = _call_repeatedly(lambda: client.lms.upsert_courses(body=request_example))

    assert all(response.status_code == 200 for _, response in transport.exchanges)
    for task in tasks:
        assert isinstance(task.submitted, kombo.models.PostLmsCoursesBulkPositiveResponse)
        assert isinstance(task.task_id, str)
        assert all(isinstance(w.message, str) for w in task.warnings)
    assert _violations(transport) == []


def test_random_task_statuses_decode(kombo: ModuleType, prism_dynamic: PrismServer) -> None:
    models = kombo.models
    transport = CountingTransport(httpx.HTTPTransport())
    with _prism_client(kombo, prism_dynamic, transport=transport) as client:
        statuses = _call_repeatedly(
            lambda: client.lms.get_status_of_upsert_courses_task("some-task-id")
        )

    assert all(response.status_code == 200 for _, response in transport.exchanges)
    for status in statuses:
        assert isinstance(status, models.GetLmsCoursesBulkTaskIdPositiveResponse)
        data = status.data
        assert isinstance(data, models.PendingData | models.CompletedData | models.FailedData)
        if isinstance(data, models.CompletedData):
            for item in data.data:
                assert isinstance(item, models.SucceededDataItem | models.FailedDataItem)
        if isinstance(data, models.FailedData):
            assert isinstance(data.error, models.FailedDataError)
    assert _violations(transport) == []


def test_random_task_statuses_are_interpreted_by_the_task_handle(
    kombo: ModuleType, prism_dynamic: PrismServer
) -> None:
    """Each random status is PENDING (wait would poll again), COMPLETED or FAILED."""
    outcomes: list[str] = []
    with _prism_client(kombo, prism_dynamic) as client:
        for _ in range(CALLS_PER_OPERATION):
            task = client.lms.resume_upsert_courses("some-task-id")
            try:
                task.wait(timeout=0)
                outcomes.append("completed")
            except kombo.TaskFailedError as error:
                assert error.error.message is not None
                outcomes.append("failed")
            except kombo.TaskTimeoutError:
                outcomes.append("pending")

    assert len(outcomes) == CALLS_PER_OPERATION


# --------------------------------------------------------------------------- README quick start


def _first_python_block(markdown: str) -> str:
    match = re.search(r"^```python\n(.*?)^```", markdown, flags=re.DOTALL | re.MULTILINE)
    assert match is not None, "the README has no ```python block"
    return match.group(1)


def test_the_readme_quick_start_runs_against_prism(prism_static: PrismServer) -> None:
    code = _first_python_block(README.read_text(encoding="utf-8"))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOMBO_")}
    environment.update(
        PYTHONPATH=str(DISTRIBUTION_DIR),
        KOMBO_API_KEY=API_KEY,
        KOMBO_INTEGRATION_ID=INTEGRATION_ID,
        KOMBO_BASE_URL=prism_static.base_url,
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "1 succeeded",
        "course-2: The connected LMS does not allow updating this course.",
    ]
    assert API_KEY not in completed.stdout + completed.stderr
