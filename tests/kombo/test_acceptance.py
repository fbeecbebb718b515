"""The Kombo checks the generator core must pass (issue "Generator core", done-when list):
the seed's example body validates and decodes; each listed mistake is rejected at its path;
a PENDING task with a completion time is rejected; a COMPLETED task with one SUCCEEDED and one
FAILED item validates; the error examples of the spec decode (an unknown code is kept)."""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "specs" / "kombo.yaml").read_text())
BULK = SPEC["paths"]["/lms/courses/bulk"]["post"]
EXAMPLE = BULK["requestBody"]["content"]["application/json"]["examples"]["example1"]["value"]
ERRORS = SPEC["components"]["responses"]["ErrorResponseGeneral"]["content"]["application/json"]


@pytest.fixture(scope="module")
def kombo() -> Iterator[Any]:
    sys.path.insert(0, str(ROOT / "generated" / "kombo_api"))
    try:
        import kombo_api

        yield kombo_api
    finally:
        sys.path.remove(str(ROOT / "generated" / "kombo_api"))


def issues(kombo: Any, value: object) -> list[tuple[str, str]]:
    found = kombo.validators.validate_post_lms_courses_bulk_request_body(value)
    return [(i.path, i.keyword) for i in found]


def test_the_seed_example_validates_decodes_and_round_trips(kombo: Any) -> None:
    assert issues(kombo, EXAMPLE) == []
    body = kombo.models.PostLmsCoursesBulkRequestBody.from_dict(EXAMPLE)
    assert isinstance(body.items[0].course, kombo.models.ExternalCourse)
    assert body.items[1].course.languages == ["en-US", "pl-PL"]
    assert body.to_dict() == EXAMPLE


def _with(path: tuple[Any, ...], value: Any) -> Any:
    body = copy.deepcopy(EXAMPLE)
    node = body
    for key in path[:-1]:
        node = node[key]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


DELETE = object()
COURSE = ("items", 1, "course")


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ((*COURSE, "languages"), ["EN"], ("$.items[1].course.languages[0]", "pattern")),
        ((*COURSE, "duration"), 0, ("$.items[1].course.duration", "exclusiveMinimum")),
        ((*COURSE, "duration"), True, ("$.items[1].course.duration", "type")),
        ((*COURSE, "duration"), "45", ("$.items[1].course.duration", "type")),
        ((*COURSE, "title"), DELETE, ("$.items[1].course", "required")),
        ((*COURSE, "type"), "INTERNAL", ("$.items[1].course.type", "discriminator")),
        (("items", 1, "origin_id"), DELETE, ("$.items[1]", "required")),
    ],
)
def test_each_mistake_is_rejected_at_its_path(
    kombo: Any, where: tuple[Any, ...], value: Any, expected: tuple[str, str]
) -> None:
    broken = _with(where, value)
    assert issues(kombo, broken) == [expected]
    with pytest.raises(kombo.ValidationError) as caught:
        kombo.models.PostLmsCoursesBulkRequestBody.from_dict(broken)
    assert expected[0] in str(caught.value)


def _task(data: dict[str, Any]) -> dict[str, Any]:
    return {"status": "success", "data": data}


PENDING = {
    "task_id": "t",
    "created_at": "2025-06-01T12:00:00Z",
    "status": "PENDING",
    "completed_at": None,
}
COMPLETED = {
    "task_id": "t",
    "created_at": "2025-06-01T12:00:00Z",
    "status": "COMPLETED",
    "completed_at": "2025-06-01T12:03:17Z",
    "data": [
        {"origin_id": "course-1", "status": "SUCCEEDED", "data": {"id": "k1"}},
        {
            "origin_id": "course-2",
            "status": "FAILED",
            "error": {
                "code": "LMS.COURSE_UPDATE_NOT_SUPPORTED",
                "title": None,
                "message": "No.",
                "log_url": None,
            },
        },
    ],
}


def test_a_pending_task_with_a_completion_time_is_rejected(kombo: Any) -> None:
    validate = kombo.validators.validate_get_lms_courses_bulk_task_id_positive_response
    assert validate(_task(PENDING)) == []
    done_early = _task({**PENDING, "completed_at": "2025-06-01T12:03:17Z"})
    assert [(i.path, i.keyword) for i in validate(done_early)] == [("$.data.completed_at", "type")]


def test_a_completed_task_with_mixed_items_validates_and_decodes(kombo: Any) -> None:
    validate = kombo.validators.validate_get_lms_courses_bulk_task_id_positive_response
    assert validate(_task(COMPLETED)) == []
    task = kombo.models.GetLmsCoursesBulkTaskIdPositiveResponse.from_dict(_task(COMPLETED))
    succeeded, failed = task.data.data
    assert isinstance(succeeded, kombo.models.SucceededDataItem)
    assert succeeded.data.id == "k1"
    assert isinstance(failed, kombo.models.FailedDataItem)
    assert failed.error.code == "LMS.COURSE_UPDATE_NOT_SUPPORTED"
    assert task.to_dict() == _task(COMPLETED)


def test_the_error_examples_decode_with_unknown_and_null_codes(kombo: Any) -> None:
    for name, code in (
        ("Error Response", "INTEGRATION.MODEL_NOT_AVAILABLE"),
        ("Minimal Error Response", None),
    ):
        value = ERRORS["examples"][name]["value"]
        error = kombo.models.ErrorResponseGeneral.from_dict(value)
        assert error.error.code == code
        assert error.to_dict() == value


def test_absent_and_null_stay_distinct(kombo: Any) -> None:
    course = {"type": "EXTERNAL", "title": "T", "course_url": "u", "description": None}
    model = kombo.models.ExternalCourse.from_dict(course)
    assert model.description is None
    assert model.duration is kombo.UNSET
    assert model.to_dict() == course
