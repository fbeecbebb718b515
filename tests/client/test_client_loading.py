"""The first access to an operation group loads the group, not its models or validators: an
operation's models and the validators of its request load when it first needs them (a fresh
interpreter each, to see what loads)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
import httpx
import kombo_api

def loaded(package="models"):
    return sorted(m for m in sys.modules if m.startswith(f"kombo_api.{package}._"))

body = {"status": "success", "data": {"task_id": "t1"}, "warnings": []}
client = kombo_api.Client(
    api_key="k", base_url="https://api.invalid",
    transport=httpx.MockTransport(lambda request: httpx.Response(200, json=body)),
)
group = client.lms
after_group = loaded(), loaded("_validators")
group.upsert_courses(body={"items": []}, integration_id="i")
print(json.dumps([after_group, (loaded(), loaded("_validators"))]))
"""


def test_models_load_with_the_operation_not_with_the_group() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT / "generated" / "kombo_api",
        capture_output=True,
        text=True,
        check=True,
    )
    (after_group, checks_after_group), (after_call, checks_after_call) = json.loads(done.stdout)
    # the task handle's type arguments (status classes, the submit answer's warning type) are
    # needed by the group's classes themselves; nothing else loads with the group
    assert after_group == [
        "kombo_api.models._get_lms_courses_bulk_task_id_positive_response",
        "kombo_api.models._post_lms_courses_bulk_positive_response",
    ]
    # the list operation's models (GET /lms/courses) load only when it is called
    assert not any("_get_lms_courses_course" in m for m in after_call)
    assert set(after_group) <= set(after_call)
    # the validators loaded with the group are those its models check themselves with; the
    # request's own (its body's, its parameters') load with the call
    models = {m.rsplit(".", 1)[1] for m in after_group}
    assert {m.rsplit(".", 1)[1] for m in checks_after_group} == models
    assert "kombo_api._validators._post_lms_courses_bulk_request_body" in checks_after_call
