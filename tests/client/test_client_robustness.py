"""Faults a real server (or a bad proxy) can produce, against the generated Kombo client.

Each test is one fault from the field: statuses the spec does not list, empty or absurd
bodies, task items of a status the client does not know, nonsensical polling arguments,
huge error lists, duplicate keys, control characters in server text. The client must answer
each with a typed result or one of its own exceptions, never a raw ``AttributeError``,
``RecursionError`` or an endless loop.
"""

from __future__ import annotations

import math
from types import ModuleType

import pytest
from client_support import (
    TASK_ID,
    ClientFactory,
    FakeClock,
    Wire,
    completed_task,
    failed_item,
    json_reply,
    kombo_error,
    pending_task,
    raw_reply,
    succeeded_item,
    upsert_accepted,
    upsert_body,
)


def _status(make_client: ClientFactory, **options: object) -> object:
    with make_client(**options) as client:
        return client.lms.get_status_of_upsert_courses_task(TASK_ID)


# --------------------------------------------------------------------------- statuses, bodies


@pytest.mark.parametrize("status", [201, 202, 299])
def test_an_undeclared_2xx_status_decodes_with_the_success_schema(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, status: int
) -> None:
    wire.script(json_reply(pending_task(), status=status))
    result = _status(make_client)
    assert isinstance(result, kombo.models.GetLmsCoursesBulkTaskIdPositiveResponse)
    assert isinstance(result.data, kombo.models.PendingData)


@pytest.mark.parametrize("mode", ["strict", "warn", "off"])
def test_an_empty_body_where_json_is_expected_is_a_decode_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, mode: str
) -> None:
    wire.script(raw_reply(200, b"", "application/json"))
    with pytest.raises(kombo.DecodeError) as caught:
        _status(make_client, response_validation=mode)
    assert "empty" in str(caught.value)
    assert caught.value.raw == b""


def test_an_empty_body_of_the_upsert_is_a_decode_error_not_an_attribute_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(raw_reply(200, b"", "application/json"))
    with make_client() as client, pytest.raises(kombo.DecodeError):
        client.lms.upsert_courses(body=upsert_body())


@pytest.mark.parametrize("mode", ["strict", "warn", "off"])
def test_deeply_nested_json_is_a_decode_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, mode: str
) -> None:
    deep = b'{"status": "success", "data": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    wire.script(raw_reply(200, deep, "application/json"))
    with pytest.raises(kombo.DecodeError):
        _status(make_client, response_validation=mode)


@pytest.mark.parametrize("mode", ["strict", "warn", "off"])
@pytest.mark.parametrize(
    "body", [[], "text", 7, None, {"data": []}, {"status": "success", "data": {"status": 5}}]
)
def test_odd_json_never_escapes_as_a_foreign_exception(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, mode: str, body: object
) -> None:
    wire.script(json_reply(body))
    try:
        _status(make_client, response_validation=mode)
    except kombo.ApiClientError:
        pass


def test_a_non_json_body_is_a_decode_error_in_every_mode(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    for mode in ("strict", "warn", "off"):
        wire.script(raw_reply(200, b"<html>maintenance</html>", "text/html"))
        with pytest.raises(kombo.DecodeError, match="not valid JSON"):
            _status(make_client, response_validation=mode)


def test_a_bad_response_validation_mode_is_refused(kombo: ModuleType) -> None:
    with pytest.raises(ValueError, match="response_validation"):
        kombo.Client(api_key="k" * 8, response_validation="loose")
    with pytest.raises(ValueError, match="response_validation"):
        kombo.RequestOptions(response_validation="loose")


# --------------------------------------------------------------------------- tasks


UNKNOWN_ITEM = {"origin_id": "course-3", "status": "SKIPPED", "reason": "unchanged"}


def test_a_completed_task_with_an_unknown_item_status_keeps_the_item(
    make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(
            completed_task(
                succeeded_item("course-1", "id-1"),
                failed_item("course-2", None, "No."),
                UNKNOWN_ITEM,
            )
        ),
    )
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body()).wait()

    assert [item.origin_id for item in result.succeeded] == ["course-1"]
    assert [item.origin_id for item in result.failed] == ["course-2"]
    assert result.unknown == (UNKNOWN_ITEM,)
    assert not result.ok
    assert result["course-3"] == UNKNOWN_ITEM
    assert set(result.by_key) == {"course-1", "course-2", "course-3"}
    assert clock.sleeps == []


def test_in_strict_mode_an_unknown_item_status_raises_instead_of_polling_on(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(completed_task(succeeded_item("course-1", "id-1"), UNKNOWN_ITEM)),
    )
    with make_client(response_validation="strict") as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.DecodeError):
            task.wait()
    assert wire.calls == 2
    assert clock.sleeps == []


@pytest.mark.parametrize("mode", ["strict", "warn"])
def test_an_unknown_task_status_still_counts_as_running(
    make_client: ClientFactory, wire: Wire, mode: str
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(pending_task(status="QUEUED_BY_A_NEWER_SERVER")),
        json_reply(completed_task(succeeded_item("course-1", "id-1"))),
    )
    with make_client(response_validation=mode) as client:
        result = client.lms.upsert_courses(body=upsert_body()).wait()
    assert result.ok
    assert wire.calls == 3


@pytest.mark.parametrize(
    "arguments",
    [
        {"poll_interval": 0},
        {"poll_interval": -1.0},
        {"poll_interval": math.nan},
        {"timeout": math.nan},
        {"timeout": math.inf},
        {"timeout": -1},
        {"max_interval": 0},
        {"backoff": 0.5},
        {"backoff": math.inf},
        {"poll_interval": True},
    ],
)
def test_wait_refuses_arguments_that_would_busy_loop_or_never_end(
    make_client: ClientFactory, wire: Wire, arguments: dict[str, float]
) -> None:
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(ValueError):
            task.wait(**arguments)
    assert wire.calls == 1  # nothing was polled


def test_by_key_refuses_duplicate_keys_and_groups_keeps_them(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(
            completed_task(succeeded_item("dup", "id-1"), failed_item("dup", "X", "Conflict."))
        ),
    )
    with make_client() as client:
        result = client.lms.upsert_courses(body=upsert_body()).wait()

    with pytest.raises(ValueError, match="'dup'"):
        result.by_key  # noqa: B018 - the property raises
    with pytest.raises(ValueError):
        result["dup"]
    first, second = result.groups["dup"]
    assert first is result.succeeded[0]
    assert second is result.failed[0]


# --------------------------------------------------------------------------- messages


def test_a_decode_error_over_many_bad_items_has_a_short_message(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    items = [{"origin_id": 1, "status": "SUCCEEDED", "data": {"id": 2}} for _ in range(100_000)]
    wire.script(json_reply(completed_task(*items)))
    with pytest.raises(kombo.DecodeError) as caught:
        _status(make_client, response_validation="strict")

    message = str(caught.value)
    assert len(caught.value.issues) >= 100_000
    assert len(message) < 5_000
    assert message.count("\n  $") == 20
    assert f"and {len(caught.value.issues) - 20} more" in message


def test_control_characters_from_the_server_never_reach_a_message(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    hostile = "Bad\x1b[31m request\x00\x07\u202e\r\nFAKE: all good\x9b"
    body = kombo_error("PLATFORM.INPUT_INVALID\x1b[0m", hostile, title="T\x08itle")
    wire.script(json_reply(body, status=400))
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.BadRequestError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    message = str(caught.value)
    assert message.isprintable()
    assert "\x1b" not in message and "\u202e" not in message and "\n" not in message
    assert "Bad[31m request FAKE: all good" in message
    assert caught.value.message == hostile  # the property keeps the server's text


def test_a_submit_answer_without_warnings_still_gives_a_handle(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    answer = upsert_accepted()
    del answer["warnings"]
    wire.script(json_reply(answer))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
    assert task.task_id == TASK_ID
    assert task.warnings == ()
    assert [i.path for i in kombo.problems(task.submitted)] == ["$"]


def test_task_warnings_are_typed_models(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted(warnings=["Course title was truncated."])))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
    [warning] = task.warnings
    assert warning.message == "Course title was truncated."


def test_wait_with_a_zero_timeout_polls_once(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, clock: FakeClock
) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(pending_task()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.TaskTimeoutError):
            task.wait(timeout=0)
    assert wire.calls == 2
    assert clock.sleeps == []
