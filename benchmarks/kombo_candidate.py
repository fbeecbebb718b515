"""Adapter for the shared model benchmark (``../shared/bench/bench_models.py --candidate``).

Decodes and encodes the Kombo bulk payloads with the committed ``generated/kombo_api`` models:
``decode_*`` validate (leniently: unknown enum values in responses are kept) and build the
dataclasses in one call (``from_json``); ``encode_*`` are ``to_json``; ``validate_*`` run the
strict validators on already-decoded dicts.

    python ../shared/bench/bench_models.py --spec specs/kombo.yaml \
        --candidate benchmarks/kombo_candidate.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "generated" / "kombo_api"))

from kombo_api import validators
from kombo_api.models import (
    GetLmsCoursesBulkTaskIdPositiveResponse,
    PostLmsCoursesBulkRequestBody,
)

NAME = "gen"

_REQUEST = PostLmsCoursesBulkRequestBody.from_json
_TASK = GetLmsCoursesBulkTaskIdPositiveResponse.from_json


def decode_request(data: bytes) -> PostLmsCoursesBulkRequestBody:
    return _REQUEST(data)


def encode_request(obj: PostLmsCoursesBulkRequestBody) -> bytes:
    return obj.to_json()


def decode_task(data: bytes) -> GetLmsCoursesBulkTaskIdPositiveResponse:
    return _TASK(data)


def encode_task(obj: GetLmsCoursesBulkTaskIdPositiveResponse) -> bytes:
    return obj.to_json()


def _strict(validate: Any) -> Any:
    def run(value: object) -> None:
        issues = validate(value)
        if issues:
            raise ValueError("; ".join(str(i) for i in issues[:3]))

    return run


validate_request = _strict(validators.validate_post_lms_courses_bulk_request_body)
validate_task = _strict(validators.validate_get_lms_courses_bulk_task_id_positive_response)
