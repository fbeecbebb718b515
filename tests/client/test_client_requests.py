"""What the generated client puts on the wire: URL, credentials, headers, body, options.

Every test talks to an ``httpx.MockTransport`` (the ``wire`` fixture); nothing leaves the
process.
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
    JsonObject,
    Wire,
    completed_task,
    course,
    json_reply,
    pending_task,
    upsert_accepted,
    upsert_body,
)

# --------------------------------------------------------------------------- URL


def test_upsert_posts_json_to_the_eu_server_by_default(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body("course-1"))

    request = wire.last
    assert request.method == "POST"
    assert str(request.url) == f"{EU_BASE_URL}/lms/courses/bulk"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == upsert_body("course-1")
    assert task.task_id == TASK_ID


def test_status_is_a_get_on_the_task_path(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(pending_task(task_id="task/with space")))
    with make_client() as client:
        status = client.lms.get_status_of_upsert_courses_task("task/with space")

    assert wire.last.method == "GET"
    assert wire.last.url.raw_path == b"/v1/lms/courses/bulk/task%2Fwith%20space"
    assert wire.last.content == b""
    assert status.data.task_id == "task/with space"


def test_server_us_selects_the_us_url(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(upsert_accepted()))
    with make_client(server="us") as client:
        client.lms.upsert_courses(body=upsert_body())

    assert str(wire.last.url) == f"{US_BASE_URL}/lms/courses/bulk"


def test_base_url_overrides_the_server_and_keeps_its_path(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(pending_task()))
    with make_client(base_url="http://localhost:8080/kombo/v1/", server="us") as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert str(wire.last.url) == f"http://localhost:8080/kombo/v1/lms/courses/bulk/{TASK_ID}"


def test_kombo_base_url_variable_is_used_when_no_server_is_given(
    make_client: ClientFactory, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_BASE_URL", "http://127.0.0.1:4010")
    wire.script(json_reply(pending_task()), json_reply(pending_task()))
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)
    with make_client(server="us") as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    first, second = wire.requests
    assert str(first.url) == f"http://127.0.0.1:4010/lms/courses/bulk/{TASK_ID}"
    assert str(second.url) == f"{US_BASE_URL}/lms/courses/bulk/{TASK_ID}"


def test_an_unknown_server_name_is_refused(make_client: ClientFactory) -> None:
    with pytest.raises(ValueError, match="unknown server 'asia'"):
        make_client(server="asia")


# --------------------------------------------------------------------------- credentials


def test_api_key_is_sent_as_a_bearer_token(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(pending_task()))
    with make_client() as client:
        client.lms.upsert_courses(body=upsert_body())
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert [r.headers["Authorization"] for r in wire.requests] == [f"Bearer {API_KEY}"] * 2


def test_api_key_comes_from_kombo_api_key_when_not_given(
    make_client: ClientFactory, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_API_KEY", "key-from-the-environment")
    wire.script(json_reply(pending_task()))
    with make_client(api_key=None) as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert wire.last.headers["Authorization"] == "Bearer key-from-the-environment"


def test_an_explicit_api_key_beats_the_environment(
    make_client: ClientFactory, wire: Wire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_API_KEY", "key-from-the-environment")
    wire.script(json_reply(pending_task()))
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert wire.last.headers["Authorization"] == f"Bearer {API_KEY}"


def test_the_api_key_is_not_in_the_client_repr(make_client: ClientFactory) -> None:
    with make_client() as client:
        text = repr(client)
        group_text = repr(client.lms)

    assert API_KEY not in text
    assert API_KEY not in group_text
    assert API_KEY not in repr(vars(client))  # what a debugger or a `locals()` dump shows
    assert text == f"Client(base_url='{EU_BASE_URL}')"


def test_an_own_http_client_is_used_and_left_open(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    seen: list[str] = []

    def remember(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url.path}")

    wire.script(json_reply(pending_task()))
    own = httpx.Client(transport=httpx.MockTransport(wire), event_hooks={"request": [remember]})
    with own, make_client(transport=None, http_client=own, timeout=4.0) as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)
        client.close()
        assert not own.is_closed

    assert seen == [f"GET /v1/lms/courses/bulk/{TASK_ID}"]
    assert wire.last.extensions["timeout"]["read"] == 4.0


def test_transport_and_http_client_together_are_refused(make_client: ClientFactory) -> None:
    with httpx.Client() as own, pytest.raises(ValueError, match="not both"):
        make_client(http_client=own)


# --------------------------------------------------------------------------- X-Integration-Id


def test_integration_id_defaults_to_the_clients_and_can_be_overridden_per_call(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted()),
        json_reply(upsert_accepted()),
        json_reply(pending_task()),
        json_reply(pending_task()),
    )
    with make_client() as client:
        client.lms.upsert_courses(body=upsert_body())
        client.lms.upsert_courses(body=upsert_body(), integration_id="moodle:other")
        client.lms.get_status_of_upsert_courses_task(TASK_ID)
        client.lms.get_status_of_upsert_courses_task(TASK_ID, integration_id="moodle:other")

    sent = [r.headers["X-Integration-Id"] for r in wire.requests]
    assert sent == [INTEGRATION_ID, "moodle:other", INTEGRATION_ID, "moodle:other"]


def test_a_missing_integration_id_is_refused_before_sending(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    with make_client(integration_id=None) as client:
        with pytest.raises(kombo.RequestValidationError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)

    assert [issue.path for issue in caught.value.issues] == ["X-Integration-Id"]
    assert "integration_id" in str(caught.value)
    assert wire.calls == 0


def test_the_task_handle_polls_with_the_integration_id_of_the_upsert_call(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(completed_task()))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body(), integration_id="moodle:other")
        task.wait()

    assert [r.headers["X-Integration-Id"] for r in wire.requests] == ["moodle:other"] * 2


# --------------------------------------------------------------------------- body


def test_a_typed_model_body_is_sent_as_its_json(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, request_example: JsonObject
) -> None:
    body = kombo.models.PostLmsCoursesBulkRequestBody.from_dict(request_example)
    assert isinstance(body.items[0].course, kombo.models.ExternalCourse)
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        client.lms.upsert_courses(body=body)

    assert json.loads(wire.last.content) == request_example


def test_optional_fields_left_unset_are_not_sent(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    body = kombo.models.PostLmsCoursesBulkRequestBody.from_dict(upsert_body("course-1"))
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        client.lms.upsert_courses(body=body)

    sent_course = json.loads(wire.last.content)["items"][0]["course"]
    assert set(sent_course) == {"type", "title", "course_url"}


def test_explicit_nulls_are_sent_as_null(make_client: ClientFactory, wire: Wire) -> None:
    body = {"items": [course("course-1", description=None, duration=None, languages=None)]}
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        client.lms.upsert_courses(body=body)

    sent_course = json.loads(wire.last.content)["items"][0]["course"]
    assert sent_course["description"] is None
    assert sent_course["duration"] is None
    assert sent_course["languages"] is None


# --------------------------------------------------------------------------- request options


def test_request_options_add_headers_and_set_the_timeout(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(upsert_accepted()))
    options = kombo.RequestOptions(headers={"X-Request-Source": "tests"}, timeout=2.5)
    with make_client(headers={"X-Client-Default": "yes"}, timeout=30.0) as client:
        client.lms.upsert_courses(body=upsert_body(), request_options=options)
        client.lms.upsert_courses(body=upsert_body())

    with_options, without = wire.requests
    assert with_options.headers["X-Request-Source"] == "tests"
    assert with_options.headers["X-Client-Default"] == "yes"
    assert with_options.extensions["timeout"] == dict.fromkeys(
        ("connect", "read", "write", "pool"), 2.5
    )
    assert "X-Request-Source" not in without.headers
    assert without.extensions["timeout"]["read"] == 30.0


def test_request_option_headers_can_override_the_integration_id(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(pending_task()))
    options = kombo.RequestOptions(headers={"X-Integration-Id": "workday:abc"})
    with make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID, request_options=options)

    assert wire.last.headers.get_list("X-Integration-Id") == ["workday:abc"]


# --------------------------------------------------------------------------- client-side validation

INVALID_BODY: JsonObject = {
    "items": [
        {"course": course("no-origin")["course"]},
        course("course-2", duration=0, languages=["EN"]),
        course("course-3", type="INTERNAL"),
    ]
}
INVALID_BODY_PROBLEMS = {
    "$.items[0]": "origin_id",
    "$.items[1].course.duration": "> 0",
    "$.items[1].course.languages[0]": "pattern",
    "$.items[2].course.type": "INTERNAL",
}


def test_an_invalid_body_lists_every_problem_and_is_never_sent(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    with make_client() as client:
        with pytest.raises(kombo.RequestValidationError) as caught:
            client.lms.upsert_courses(body=INVALID_BODY)

    error = caught.value
    found = {issue.path: issue.message for issue in error.issues}
    assert set(found) == set(INVALID_BODY_PROBLEMS)
    for path, fragment in INVALID_BODY_PROBLEMS.items():
        assert fragment in found[path], (path, found[path])
        assert path in str(error)
    assert str(error).startswith("4 problems in the request")
    assert wire.calls == 0
    assert issubclass(kombo.RequestValidationError, kombo.ApiClientError)
    assert issubclass(kombo.RequestValidationError, ValueError)


def test_validate_requests_false_sends_an_invalid_body(
    make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()))
    with make_client(validate_requests=False) as client:
        client.lms.upsert_courses(body=INVALID_BODY)

    assert wire.calls == 1
    assert json.loads(wire.last.content) == INVALID_BODY


def test_request_options_validate_false_sends_an_invalid_body(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()))
    with make_client() as client:
        client.lms.upsert_courses(
            body=INVALID_BODY, request_options=kombo.RequestOptions(validate=False)
        )
        with pytest.raises(kombo.RequestValidationError):
            client.lms.upsert_courses(body=INVALID_BODY)

    assert wire.calls == 1


def test_request_options_validate_true_beats_the_client_setting(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    with make_client(validate_requests=False) as client:
        with pytest.raises(kombo.RequestValidationError):
            client.lms.upsert_courses(
                body=INVALID_BODY, request_options=kombo.RequestOptions(validate=True)
            )

    assert wire.calls == 0


def test_a_body_that_is_not_json_is_refused_even_without_validation(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    with make_client(validate_requests=False) as client:
        with pytest.raises(kombo.RequestValidationError, match="cannot be sent as JSON"):
            client.lms.upsert_courses(body={"items": [{"origin_id": object()}]})

    assert wire.calls == 0


# --------------------------------------------------------------------------- warnings


def test_upsert_warnings_are_logged_and_kept_on_the_task(
    make_client: ClientFactory, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    warnings = ["Course 'course-2' has no thumbnail.", "Language 'pl-PL' is not supported."]
    wire.script(json_reply(upsert_accepted(warnings=warnings)))
    with caplog.at_level(logging.WARNING, logger="kombo_api"), make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert [w.message for w in task.warnings] == warnings
    logged = [r for r in caplog.records if r.name == "kombo_api"]
    assert [r.levelno for r in logged] == [logging.WARNING] * 2
    assert [r.getMessage() for r in logged] == [f"PostLmsCoursesBulk: {w}" for w in warnings]


def test_the_task_handle_keeps_the_submit_response(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted(warnings=[])))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert isinstance(task.submitted, kombo.models.PostLmsCoursesBulkPositiveResponse)
    assert task.submitted.data.task_id == TASK_ID
    assert task.warnings == ()
    assert repr(task) == f"UpsertCoursesTask(task_id='{TASK_ID}')"
