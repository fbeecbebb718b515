"""Tolerant responses: a JSON 2xx body that breaks its schema still gives the typed result.

The fake server answers with the spec's own example, which breaks the schema three ways:
``start_date`` is declared ``null`` and sent as a date (in both items), ``days`` is sent as
``"half"`` and a nested ``Sick.note`` is longer than its ``maxLength``.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from tolerant_support import INTEGRATION_ID, FakeServer

Factory = Callable[..., Any]
EXPECTED_PATHS = [
    "$.data.results[0].start_date",
    "$.data.results[1].start_date",
    "$.data.results[1].type.note",
    "$.data.results[1].days",
]


def _get(make_client: Factory, **options: Any) -> Any:
    with make_client(**options) as client:
        return client.hris.get_absences(integration_id=INTEGRATION_ID)


def test_warn_is_the_default_and_returns_the_typed_model_with_values_as_received(
    absences: ModuleType, make_client: Factory
) -> None:
    page = _get(make_client)
    models = absences.models

    assert isinstance(page, models.AbsencesPage)
    first, second = page.data.results
    assert isinstance(first, models.Absence) and isinstance(second, models.Absence)
    assert first.start_date == "2024-01-01"  # declared null: kept as received
    assert isinstance(first.type, models.Vacation) and first.type.paid is True
    assert isinstance(first.approver, models.Approver) and first.approver.name == "Ada"
    assert second.days == "half"  # never coerced, never dropped
    assert isinstance(second.type, models.Sick)  # the tag still picks the class
    assert second.type.note == "influenza"
    assert second.approver is None


def test_the_problems_are_available_from_the_result(
    absences: ModuleType, make_client: Factory
) -> None:
    page = _get(make_client)
    found = absences.problems(page)

    assert sorted(issue.path for issue in found) == sorted(EXPECTED_PATHS)
    assert all(isinstance(issue, absences.ValidationIssue) for issue in found)
    by_path = {issue.path: issue for issue in found}
    assert by_path["$.data.results[1].days"].keyword == "type"
    assert by_path["$.data.results[1].type.note"].keyword == "maxLength"
    second = page.data.results[1]
    assert {i.path for i in absences.problems(second)} == set(EXPECTED_PATHS[1:])
    assert [i.path for i in absences.problems(second.type)] == ["$.data.results[1].type.note"]
    assert absences.problems(page.data.results) == absences.problems(page.data)
    assert absences.problems(page.data.results[0].approver) == ()


def test_each_distinct_problem_is_logged_once_per_operation(
    make_client: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="absence_api"):
        with make_client() as client:
            for _ in range(3):
                client.hris.get_absences(integration_id=INTEGRATION_ID)

    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    # start_date fails in two items: one problem at results[*]
    assert len(lines) == 3, lines
    assert all(line.startswith("GetAbsences: the response does not match") for line in lines)
    assert any("$.data.results[*].start_date" in line for line in lines)
    assert any("$.data.results[*].days" in line for line in lines)


def test_strict_raises_a_decode_error_listing_the_problems(
    absences: ModuleType, make_client: Factory
) -> None:
    with pytest.raises(absences.DecodeError) as caught:
        _get(make_client, response_validation="strict")
    assert sorted(i.path for i in caught.value.issues) == sorted(EXPECTED_PATHS)
    assert b'"start_date":"2024-01-01"' in caught.value.raw


def test_off_decodes_without_looking_for_problems_or_logging(
    absences: ModuleType, make_client: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="absence_api"):
        page = _get(make_client, response_validation="off")
    assert page.data.results[1].days == "half"
    assert absences.problems(page) == ()
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_request_option_overrides_the_client_mode(
    absences: ModuleType, make_client: Factory
) -> None:
    strict = absences.RequestOptions(response_validation="strict")
    warn = absences.RequestOptions(response_validation="warn")
    with make_client() as client, pytest.raises(absences.DecodeError):
        client.hris.get_absences(integration_id=INTEGRATION_ID, request_options=strict)
    with make_client(response_validation="strict") as client:
        page = client.hris.get_absences(integration_id=INTEGRATION_ID, request_options=warn)
    assert page.data.results[0].start_date == "2024-01-01"


def test_a_body_matching_the_schema_has_no_problems(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    good = {
        "status": "success",
        "data": {
            "next": None,
            "results": [{"id": "a", "type": {"kind": "SICK"}, "start_date": None, "days": 1}],
        },
    }
    fake_server.handler = lambda request: httpx.Response(200, json=good)
    page = _get(make_client)
    assert absences.problems(page) == ()
    assert page.to_dict() == good


def test_a_missing_required_property_is_left_unset(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    body = {"status": "success", "data": {"results": [{"id": "a", "type": {"kind": "SICK"}}]}}
    fake_server.handler = lambda request: httpx.Response(200, json=body)
    page = _get(make_client)
    item = page.data.results[0]
    assert page.data.next is absences.UNSET
    assert item.days is absences.UNSET and item.start_date is absences.UNSET
    paths = {i.path for i in absences.problems(page)}
    assert paths == {"$.data", "$.data.results[0]"}


def test_an_unknown_tag_keeps_the_value_as_received(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    odd = {"kind": "PARENTAL", "weeks": 12}
    body = {
        "status": "success",
        "data": {
            "next": None,
            "results": [{"id": "a", "type": odd, "start_date": None, "days": 1}],
        },
    }
    fake_server.handler = lambda request: httpx.Response(200, json=body)
    page = _get(make_client)
    assert page.data.results[0].type == odd
    assert [i.path for i in absences.problems(page)] == ["$.data.results[0].type.kind"]


def test_a_list_response_keeps_its_items_and_their_problems(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    fake_server.handler = lambda request: httpx.Response(
        200, json=[{"id": "a", "name": "Ada"}, {"id": 7, "name": "Bob"}]
    )
    with make_client() as client:
        approvers = client.meta.ping()
    assert [type(a).__name__ for a in approvers] == ["Approver", "Approver"]
    assert approvers[1].id == 7
    assert [i.path for i in absences.problems(approvers)] == ["$[1].id"]


@pytest.mark.parametrize("mode", ["strict", "warn", "off"])
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<html>busy</html>", "text/html"),
        (b"", "application/json"),
        (b'{"a": ', "application/json"),
    ],
)
def test_a_body_that_is_not_json_is_a_decode_error_in_every_mode(
    absences: ModuleType,
    make_client: Factory,
    fake_server: FakeServer,
    mode: str,
    content: bytes,
    content_type: str,
) -> None:
    fake_server.handler = lambda request: httpx.Response(
        200, content=content, headers={"Content-Type": content_type}
    )
    with pytest.raises(absences.DecodeError):
        _get(make_client, response_validation=mode)


def test_an_undeclared_2xx_of_an_operation_without_a_success_schema(
    make_client: Factory, fake_server: FakeServer
) -> None:
    fake_server.handler = lambda request: httpx.Response(200, json={"deleted": True})
    with make_client() as client:
        answer = client.hris.delete_absence("abs-1", integration_id=INTEGRATION_ID)
    assert isinstance(answer, httpx.Response)
    assert answer.json() == {"deleted": True}
    fake_server.handler = lambda request: httpx.Response(200)
    with make_client() as client:
        assert client.hris.delete_absence("abs-1", integration_id=INTEGRATION_ID) is None


def test_hostile_values_never_escape_as_foreign_exceptions(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    bodies: list[object] = [
        {"status": "success", "data": {"next": None, "results": "nope"}},
        {"status": "success", "data": {"next": None, "results": [5, None, [], {"type": 3}]}},
        {"status": "success", "data": [[[[]]]]},
        {"data": {"results": [{"type": {"kind": ["SICK"]}, "approver": "x"}]}},
    ]
    for body in bodies:
        fake_server.handler = lambda request, body=body: httpx.Response(200, json=body)
        for mode in ("warn", "off"):
            page = _get(make_client, response_validation=mode)
            assert isinstance(page, absences.models.AbsencesPage)


# --------------------------------------------------------------------------- client defaults


def test_a_parameter_most_operations_take_is_a_client_default(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    # X-Integration-Id: 3 of the 4 operations take it (Ping does not)
    with make_client(integration_id="from-client") as client:
        client.hris.get_absences()
        client.hris.get_absences(integration_id="per-call")
        fake_server.handler = lambda request: httpx.Response(200, json=[])
        client.meta.ping()
    sent = [r.headers.get("X-Integration-Id") for r in fake_server.requests]
    assert sent == ["from-client", "per-call", None]


def test_without_the_default_a_required_parameter_is_asked_for(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    with make_client() as client, pytest.raises(absences.RequestValidationError) as caught:
        client.hris.get_absences()
    assert "integration_id= here or to the client" in str(caught.value)
    assert fake_server.requests == []


# --------------------------------------------------------------------------- after decoding


def test_a_tolerant_model_encodes_back_to_exactly_what_was_received(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    # a required property missing, a count sent as text, an undeclared property, a bad tag
    item = {"id": "a", "type": {"kind": "SICK", "note": "long note"}, "days": "half", "x": 1}
    body = {"status": "success", "data": {"results": [item, {"id": 5}]}}
    fake_server.handler = lambda request: httpx.Response(200, json=body)
    page = _get(make_client)
    first = page.data.results[0]
    assert isinstance(first, absences.models.Absence) and type(first).__name__ == "Absence"
    assert first.start_date is absences.UNSET and first.days == "half"
    assert page.to_dict() == body
    assert json.loads(page.to_json()) == body
    assert absences.problems(page)  # the problems stay with the object


def test_dates_parse_where_they_can_and_stay_as_text_where_they_cannot(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    good = {"id": "a", "type": {"kind": "SICK"}, "start_date": None, "days": 1}
    items = [
        {**good, "reported_at": "2024-03-01T10:00:00Z", "days": -1},  # the page breaks its schema
        {**good, "reported_at": "last tuesday"},
    ]
    body = {"status": "success", "data": {"next": None, "results": items}}
    fake_server.handler = lambda request: httpx.Response(200, json=body)
    page = _get(make_client)
    first, second = page.data.results
    assert first.reported_at == datetime.datetime(2024, 3, 1, 10, tzinfo=datetime.UTC)
    assert second.reported_at == "last tuesday"
    assert {i.path for i in absences.problems(page)} == {
        "$.data.results[0].days",
        "$.data.results[1].reported_at",
    }
    assert page.to_dict() == body  # the date-time written back as received


def test_a_scalar_result_has_its_problems_on_the_raw_response(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    fake_server.handler = lambda request: httpx.Response(200, json="many")
    with make_client() as client:
        raw = client.hris.with_raw_response.count_absences()
        assert raw.parse() == "many"
        assert [(i.path, i.keyword) for i in raw.problems] == [("$", "type")]
        fake_server.handler = lambda request: httpx.Response(200, json=3)
        assert client.hris.with_raw_response.count_absences().problems == ()
    with make_client(response_validation="strict") as client:
        fake_server.handler = lambda request: httpx.Response(200, json="many")
        with pytest.raises(absences.DecodeError):
            client.hris.count_absences()
