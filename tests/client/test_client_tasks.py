"""The async-task helper of the sync client: submit, poll, and the outcome per item.

Polling sleeps on the ``clock`` fixture, which advances by each delay, so timeouts are
reached without waiting.
"""

from __future__ import annotations

from itertools import pairwise
from types import ModuleType

import pytest
from client_support import (
    EU_BASE_URL,
    INTEGRATION_ID,
    TASK_ID,
    ClientFactory,
    FakeClock,
    JsonObject,
    Wire,
    completed_task,
    failed_item,
    failed_task,
    json_reply,
    pending_task,
    succeeded_item,
    upsert_accepted,
    upsert_body,
)

NOT_SUPPORTED = "LMS.COURSE_UPDATE_NOT_SUPPORTED"
MIXED_OUTCOME = completed_task(
    succeeded_item("course-1", "26vBqtfFiN1JKcTcWWyZ3uyJ"),
    failed_item("course-2", NOT_SUPPORTED, "The connected LMS does not allow updating this."),
)


def test_wait_polls_until_completed_and_splits_the_items(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task()),
        json_reply(pending_task()),
        json_reply(MIXED_OUTCOME),
    )
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body("course-1", "course-2"))
        result = task.wait()

    assert isinstance(result, kombo.TaskResult)
    assert result.task_id == TASK_ID
    assert not result.ok
    [succeeded] = result.succeeded
    [failed] = result.failed
    assert isinstance(succeeded, kombo.models.SucceededDataItem)
    assert isinstance(failed, kombo.models.FailedDataItem)
    assert succeeded.origin_id == "course-1"
    assert succeeded.data.id == "26vBqtfFiN1JKcTcWWyZ3uyJ"
    assert failed.origin_id == "course-2"
    assert failed.error.code == NOT_SUPPORTED
    assert failed.error.message == "The connected LMS does not allow updating this."
    assert result["course-2"] is failed
    assert result.by_key == {"course-1": succeeded, "course-2": failed}
    assert isinstance(result.response.data, kombo.models.CompletedData)
    assert clock.sleeps == [1.0, 1.5]
    polls = wire.requests[1:]
    assert [(r.method, str(r.url)) for r in polls] == [
        ("GET", f"{EU_BASE_URL}/lms/courses/bulk/{TASK_ID}")
    ] * 3
    assert {r.headers["X-Integration-Id"] for r in polls} == {INTEGRATION_ID}


def test_an_unknown_origin_id_is_a_key_error(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(MIXED_OUTCOME))
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body()).wait()

    with pytest.raises(KeyError):
        result["course-3"]


def test_a_task_where_every_item_succeeded_is_ok(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(completed_task(succeeded_item("a", "1"), succeeded_item("b", "2"))),
    )
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body("a", "b")).wait()

    assert result.ok
    assert [item.data.id for item in result.succeeded] == ["1", "2"]
    assert result.failed == ()
    assert clock.sleeps == []


def test_poll_fetches_the_status_once(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(pending_task()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        status = task.poll()

    assert isinstance(status, kombo.models.GetLmsCoursesBulkTaskIdPositiveResponse)
    assert isinstance(status.data, kombo.models.PendingData)
    assert status.data.completed_at is None
    assert wire.calls == 2


def test_a_failed_task_raises_task_failed_error_with_its_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task()),
        json_reply(failed_task("INTEGRATION.AUTHENTICATION_INVALID", "Reconnect and retry.")),
    )
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.TaskFailedError) as caught:
            task.wait()

    error = caught.value
    assert isinstance(error, kombo.TaskError)
    assert error.task_id == TASK_ID
    assert isinstance(error.error, kombo.models.FailedDataError)
    assert error.error.code == "INTEGRATION.AUTHENTICATION_INVALID"
    assert error.error.message == "Reconnect and retry."
    assert isinstance(error.result.data, kombo.models.FailedData)
    assert str(error) == (
        f"Task {TASK_ID} failed [INTEGRATION.AUTHENTICATION_INVALID]: Reconnect and retry."
    )


def test_a_failed_task_keeps_an_unknown_error_code(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(failed_task("LMS.TENANT_SUSPENDED", "The LMS tenant is suspended.")),
    )
    with make_client() as client:
        with pytest.raises(kombo.TaskFailedError) as caught:
            client.lms.upsert_courses(body=upsert_body()).wait()

    assert caught.value.error.code == "LMS.TENANT_SUSPENDED"


def test_failed_items_keep_unknown_and_null_error_codes(
    make_client: ClientFactory, wire: Wire
) -> None:
    outcome = completed_task(
        failed_item("a", "LMS.COURSE_ARCHIVED", "Archived in the LMS."),
        failed_item("b", None, "Something went wrong."),
    )
    wire.script(json_reply(upsert_accepted()), json_reply(outcome))
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body("a", "b")).wait()

    assert [item.error.code for item in result.failed] == ["LMS.COURSE_ARCHIVED", None]
    assert result["b"].error.message == "Something went wrong."


def test_timeout_raises_task_timeout_error_and_resume_finishes_the_task(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(json_reply(upsert_accepted()), otherwise=json_reply(pending_task()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body("course-1", "course-2"))
        with pytest.raises(kombo.TaskTimeoutError) as caught:
            task.wait(timeout=10)

        error = caught.value
        assert error.task_id == TASK_ID
        assert error.elapsed == pytest.approx(8.125)
        assert TASK_ID in str(error)
        # polls at t=0, 1, 2.5, 4.75, 8.125; the next 5.06 s sleep would pass 10 s
        assert clock.sleeps == [1.0, 1.5, 2.25, 3.375]
        assert wire.calls == 1 + 5

        wire.script(json_reply(pending_task()), json_reply(MIXED_OUTCOME))
        resumed = client.lms.resume_upsert_courses(error.task_id)
        result = resumed.wait()

    assert resumed.task_id == TASK_ID
    assert resumed.submitted is None
    assert [item.origin_id for item in result.succeeded] == ["course-1"]
    assert [item.origin_id for item in result.failed] == ["course-2"]
    assert wire.last.url.path == f"/v1/lms/courses/bulk/{TASK_ID}"
    assert wire.last.headers["X-Integration-Id"] == INTEGRATION_ID


def test_resume_can_name_another_integration(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(MIXED_OUTCOME))
    with make_client() as client:
        client.lms.resume_upsert_courses(TASK_ID, integration_id="moodle:other").wait()

    assert wire.last.headers["X-Integration-Id"] == "moodle:other"


def test_poll_intervals_back_off_up_to_the_cap(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    pending = [json_reply(pending_task()) for _ in range(6)]
    wire.script(json_reply(upsert_accepted()), *pending, json_reply(MIXED_OUTCOME))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        task.wait(timeout=60, poll_interval=1.0, backoff=2.0, max_interval=4.0)

    assert clock.sleeps == [1.0, 2.0, 4.0, 4.0, 4.0, 4.0]


def test_default_poll_intervals_grow_by_half(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    pending = [json_reply(pending_task()) for _ in range(4)]
    wire.script(json_reply(upsert_accepted()), *pending, json_reply(MIXED_OUTCOME))
    with make_client() as client:
        client.lms.upsert_courses(body=upsert_body()).wait()

    assert clock.sleeps == [1.0, 1.5, 2.25, 3.375]
    assert all(later > earlier for earlier, later in pairwise(clock.sleeps))


def test_a_status_the_client_does_not_know_counts_as_still_running(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    """A newer server may add statuses (here "RUNNING"); ``wait()`` keeps polling.

    This is what ``_tasks.py`` documents ("A status the client does not know (a newer
    server) counts as still running"), and what a tolerant client must do.
    """
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task()),
        json_reply(pending_task(status="RUNNING")),
        json_reply(MIXED_OUTCOME),
    )
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body()).wait()

    assert [item.origin_id for item in result.failed] == ["course-2"]
    assert clock.sleeps == [1.0, 1.5]


def test_errors_while_polling_are_raised_from_wait(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    body = {"status": "error", "error": {"code": None, "title": None, "message": "Gone."}}
    wire.script(json_reply(upsert_accepted()), json_reply(body, status=404))
    with make_client() as client:
        with pytest.raises(kombo.NotFoundError) as caught:
            client.lms.upsert_courses(body=upsert_body()).wait()

    assert caught.value.request.method == "GET"
    assert caught.value.message == "Gone."


# --------------------------------------------------------------------------- tolerant decoding


def _with_surprises(outcome: JsonObject) -> JsonObject:
    """``outcome`` as a newer server might send it: new properties and a new enum value."""
    surprising = {**outcome, "request_id": "req-1"}
    data = {**outcome["data"], "progress": 1.0}
    data["data"] = [
        {**item, "synced_at": "2025-06-01T12:03:00Z"} for item in outcome["data"]["data"]
    ]
    data["data"][1]["error"] = {**data["data"][1]["error"], "code": "LMS.BRAND_NEW_CODE"}
    surprising["data"] = data
    return surprising


def test_unknown_properties_and_enum_values_in_a_200_decode_fine(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    surprising = _with_surprises(MIXED_OUTCOME)
    wire.script(json_reply(surprising))
    with make_client() as client:
        status = client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert status.additional_properties == {"request_id": "req-1"}
    assert isinstance(status.data, kombo.models.CompletedData)
    assert status.data.additional_properties == {"progress": 1.0}
    succeeded, failed = status.data.data
    assert succeeded.additional_properties == {"synced_at": "2025-06-01T12:03:00Z"}
    assert failed.error.code == "LMS.BRAND_NEW_CODE"
    assert status.to_dict() == surprising


def test_unknown_properties_in_the_submit_answer_decode_fine(
    make_client: ClientFactory, wire: Wire
) -> None:
    accepted = upsert_accepted(warnings=["careful"])
    accepted["data"]["queue"] = "bulk"
    accepted["warnings"][0]["severity"] = "low"
    wire.script(json_reply(accepted))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.submitted.data.additional_properties == {"queue": "bulk"}
    assert task.warnings[0].additional_properties == {"severity": "low"}
