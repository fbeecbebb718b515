"""Request formats: the spec's own request example fails only on ``format`` (a date where the
schema says ``date-time``), so that field's format is an annotation; everything else stays
asserted. The generated package's own tests agree with its validators."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from tolerant_support import INTEGRATION_ID, SPEC, FakeServer

from generator.cli import cli

Factory = Callable[..., Any]
CREATED = {"status": "success", "data": {"id": "emp-1"}}


def _post(make_client: Factory, fake_server: FakeServer, body: dict[str, Any]) -> Any:
    fake_server.handler = lambda request: httpx.Response(200, json=CREATED)
    with make_client() as client:
        return client.hris.post_employee(body=body, integration_id=INTEGRATION_ID)


def test_the_specs_own_request_example_is_sent(
    make_client: Factory, fake_server: FakeServer, spec: dict[str, Any]
) -> None:
    content = spec["paths"]["/employees"]["post"]["requestBody"]["content"]
    example = content["application/json"]["examples"]["ada"]["value"]
    created = _post(make_client, fake_server, example)
    assert created.data.id == "emp-1"
    assert fake_server.requests[0].read() == b'{"first_name":"Ada","date_of_birth":"1986-01-01"}'


def test_the_rest_of_the_field_is_still_asserted(
    absences: ModuleType, make_client: Factory, fake_server: FakeServer
) -> None:
    with pytest.raises(absences.RequestValidationError) as caught:
        _post(make_client, fake_server, {"first_name": "Ada", "date_of_birth": "01/01/1986"})
    assert [i.keyword for i in caught.value.issues] == ["pattern"]
    with pytest.raises(absences.RequestValidationError):
        _post(make_client, fake_server, {"first_name": 5})
    assert fake_server.requests == []


def test_generation_warns_about_the_relaxed_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--spec", str(SPEC), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (
        "warning: the request example fails only on format ($.date_of_birth: date-time)\n"
        "    workaround: the format of #/components/schemas/NewEmployee/properties/date_of_birth "
        "is checked as an annotation, not asserted\n"
    ) in result.output


def test_the_generated_package_passes_its_own_tests(generated_dir: Path) -> None:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "no:asyncio", "-p", "no:hypothesispytest"]
    result = subprocess.run(
        command, cwd=generated_dir, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
