"""Typed error bodies: the classes the package exports type ``body`` as the spec's error model.

Kombo's spec gives every error status (``default``) the ``ErrorResponseGeneral`` schema, so
``except kombo_api.NotFoundError as e`` gives ``e.body`` the type
``ErrorResponseGeneral | None``: the decoded model, or ``None`` when the body is not JSON or
not of that shape (``e.data`` is its JSON value either way). A user's snippet is checked with
``mypy --strict`` and pyright (strict) against ``generated/kombo_api``: the right attribute
type-checks, a wrong one does not (so ``body`` is not ``Any``).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from client_support import (
    API_KEY,
    EU_BASE_URL,
    TASK_ID,
    ClientFactory,
    Wire,
    failed_task,
    json_reply,
    kombo_error,
    raw_reply,
    upsert_accepted,
    upsert_body,
)

ROOT = Path(__file__).resolve().parents[2]
KOMBO_DIST = ROOT / "generated" / "kombo_api"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def _upsert_error(make_client: ClientFactory, kombo: ModuleType) -> Any:
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.ApiError) as caught:
            client.lms.upsert_courses(body=upsert_body())
    return caught.value


def test_a_declared_error_body_is_the_typed_model(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    body = kombo_error("PLATFORM.INTEGRATION_NOT_FOUND", "No such integration.")
    wire.script(json_reply(body, status=404))
    error = _upsert_error(make_client, kombo)

    assert type(error) is kombo.NotFoundError
    assert isinstance(error, kombo.errors.NotFoundError)  # the runtime's class catches it too
    assert isinstance(error, kombo.ApiError) and isinstance(error, kombo.errors.ApiError)
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.body.error.message == "No such integration."
    assert error.decoded
    assert error.data == body


@pytest.mark.parametrize(
    ("reply", "data"),
    [
        (raw_reply(404, b"<html>not here</html>", "text/html"), None),
        (json_reply({"detail": "elsewhere"}, status=404), {"detail": "elsewhere"}),
        (json_reply(["not", "an", "object"], status=404), ["not", "an", "object"]),
    ],
)
def test_an_undeclared_body_is_none_and_its_json_is_kept(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, reply: Any, data: object
) -> None:
    wire.script(reply)
    error = _upsert_error(make_client, kombo)

    assert type(error) is kombo.NotFoundError
    assert error.body is None
    assert not error.decoded
    assert error.data == data


def test_every_status_raises_a_typed_class(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    for status in (400, 401, 403, 405, 409, 422, 429, 500, 503):
        wire.script(json_reply(kombo_error(None, f"status {status}"), status=status))
        error = _upsert_error(make_client, kombo)
        assert type(error).__module__ == "kombo_api._errors", status
        assert type(error).__name__ == kombo.errors.error_for_status(status).__name__, status
        assert isinstance(error.body, kombo.models.ErrorResponseGeneral), status
        assert error.body.error.message == f"status {status}"


def test_the_async_client_raises_the_typed_classes(kombo: ModuleType) -> None:
    body = kombo_error("X", "gone")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json=body)

    async def call() -> Any:
        async with kombo.AsyncClient(
            api_key=API_KEY,
            integration_id="i",
            base_url=EU_BASE_URL,
            transport=httpx.MockTransport(answer),
            retry=kombo.RetryPolicy.none(),
        ) as client:
            with pytest.raises(kombo.ConflictError) as caught:
                await client.lms.get_courses()
        return caught.value

    error = asyncio.run(call())
    assert isinstance(error.body, kombo.models.ErrorResponseGeneral)
    assert error.body.error.message == "gone"


def test_a_failed_task_raises_its_operations_typed_task_failed_error(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(upsert_accepted()), json_reply(failed_task("X.Y", "Reconnect.")))
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.UpsertCoursesTaskFailed) as caught:
            task.wait()

    error = caught.value
    assert isinstance(error, kombo.TaskFailedError)
    assert type(task).failure is kombo.UpsertCoursesTaskFailed
    assert error.task_id == TASK_ID
    assert isinstance(error.error, kombo.models.FailedDataError)
    assert (error.error.code, error.error.message) == ("X.Y", "Reconnect.")


# --------------------------------------------------------------------------- type checking

GOOD = """\
from kombo_api import ApiError, Client, NotFoundError, ServerError, UpsertCoursesTaskFailed
from kombo_api.models import PostLmsCoursesBulkRequestBody


def task_message(client: Client, body: PostLmsCoursesBulkRequestBody) -> str | None:
    try:
        client.lms.upsert_courses(body=body).wait()
    except UpsertCoursesTaskFailed as e:
        return e.error.message
    return None


def message(client: Client) -> str | None:
    try:
        client.lms.get_courses()
    except NotFoundError as e:
        if e.body is not None:
            return e.body.error.message
        return str(e.data)
    except ServerError as e:
        return e.body.error.message if e.body else None
    except ApiError as e:
        return e.body.error.message if e.body is not None else e.message
    return None
"""

#: ``body`` is not ``Any``: a wrong attribute and a missing ``None`` check are both reported
BAD = """\
from kombo_api import Client, NotFoundError


def message(client: Client) -> str:
    try:
        client.lms.get_courses()
    except NotFoundError as e:
        return e.body.error.nonexistent
    return ""
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "snippet.py").write_text(source, encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(KOMBO_DIST), PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "snippet.py"]
    return subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )


def test_mypy_strict_types_the_error_body(tmp_path: Path) -> None:
    good = _mypy(tmp_path, GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = _mypy(tmp_path, BAD)
    assert bad.returncode == 1, bad.stdout
    assert 'Item "None" of "ErrorResponseGeneral | None" has no attribute "error"' in bad.stdout
    assert '"ErrorResponseGeneralError' in bad.stdout  # the model's own type, then
    assert 'has no attribute "nonexistent"' in bad.stdout


def _pyright(tmp_path: Path, source: str) -> list[str]:
    (tmp_path / "snippet.py").write_text(source, encoding="utf-8")
    config = {"typeCheckingMode": "strict", "extraPaths": [str(KOMBO_DIST)]}
    (tmp_path / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    command = [str(PYRIGHT), "--pythonpath", sys.executable, "--outputjson", "snippet.py"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    found = json.loads(result.stdout)
    return [d["message"] for d in found["generalDiagnostics"] if d["severity"] == "error"]


def test_pyright_strict_types_the_error_body(tmp_path: Path) -> None:
    assert PYRIGHT.exists(), f"{PYRIGHT} is missing: run `npm ci` (or `make test`)"
    assert _pyright(tmp_path, GOOD) == []
    errors = _pyright(tmp_path, BAD)
    assert any("nonexistent" in e for e in errors), errors
    assert any("None" in e for e in errors), errors
