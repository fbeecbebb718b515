"""Logging of the generated client: silent by default, every attempt at debug level.

Whether anything reaches stderr depends on the process's logging setup, so those checks run
a small script in a fresh interpreter (pytest itself installs handlers on the root logger).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
from types import ModuleType

import pytest
from client_support import (
    API_KEY,
    DISTRIBUTION_DIR,
    EU_BASE_URL,
    TASK_ID,
    ClientFactory,
    Wire,
    json_reply,
    pending_task,
    raw_reply,
)

SCRIPT = """
import httpx, kombo_api

replies = [httpx.Response(503), httpx.Response(200, json={
    "status": "success",
    "data": {"task_id": "t1", "created_at": "2025-01-01T00:00:00Z", "status": "PENDING",
             "completed_at": None},
    "warnings": [{"message": "deprecated field used"}],
})]
client = kombo_api.Client(
    api_key=%(key)r, integration_id="i1", sleep=lambda s: None,
    transport=httpx.MockTransport(lambda request: replies.pop(0)), %(extra)s
)
client.lms.get_status_of_upsert_courses_task("t1")
"""


def _run(extra: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(SCRIPT % {"key": API_KEY, "extra": extra})
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOMBO_")}
    environment.update(env or {})
    environment["PYTHONPATH"] = str(DISTRIBUTION_DIR)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )


def test_nothing_is_printed_by_default() -> None:
    # the API warning is logged at WARNING: without a NullHandler Python would print it
    assert _run().stderr == ""


@pytest.mark.parametrize(
    ("extra", "env"),
    [("", {"KOMBO_LOG": "debug"}), ("log='debug'", {}), ("", {"KOMBO_LOG": "DEBUG"})],
)
def test_debug_logging_shows_every_attempt(extra: str, env: dict[str, str]) -> None:
    stderr = _run(extra, env).stderr
    url = f"{EU_BASE_URL}/lms/courses/bulk/t1"
    head = rf"GetLmsCoursesBulkTaskId: GET {re.escape(url)} -> HTTP"
    first = rf"{head} 503 in \d+ ms \(attempt 1; retrying in \d\.\d\d s\)"
    second = rf"{head} 200 in \d+ ms \(attempt 2; final\)"
    assert re.search(first, stderr), stderr
    assert re.search(second, stderr), stderr
    assert "deprecated field used" in stderr
    assert API_KEY not in stderr


def test_an_unknown_log_level_is_refused(kombo: ModuleType) -> None:
    with pytest.raises(ValueError, match="log level"):
        kombo.Client(api_key="k" * 8, log="chatty")


def test_the_package_logger_has_a_null_handler(
    kombo: ModuleType, make_client: ClientFactory
) -> None:
    with make_client():
        pass
    handlers = logging.getLogger("kombo_api").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_each_attempt_is_a_debug_record_with_the_retry_decision(
    make_client: ClientFactory, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.script(raw_reply(502, b""), json_reply(pending_task()))
    with caplog.at_level(logging.DEBUG, logger="kombo_api"), make_client() as client:
        client.lms.get_status_of_upsert_courses_task(TASK_ID)

    attempts = [
        r.getMessage()
        for r in caplog.records
        if r.name == "kombo_api._http" and r.levelno == logging.DEBUG
    ]
    assert len(attempts) == 2
    assert "-> HTTP 502" in attempts[0] and "retrying in" in attempts[0]
    assert "-> HTTP 200" in attempts[1] and "final" in attempts[1]
