"""What the generated Kombo package's types allow, checked by mypy --strict and pyright.

Received enums are open: comparing an error code with one the spec does not list yet
type-checks (``Literal[...] | UnknownValue``). Sent enums stay closed ``Literal`` types: a
value the spec does not list is a type error. No ``Any`` where the spec gives a type.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "generated" / "kombo_api"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"

ACCEPTED = """
from kombo_api import UnknownValue
from kombo_api.models import ErrorResponseGeneral, FailedDataItem, SucceededDataItem


def is_new_code(body: ErrorResponseGeneral) -> bool:
    return body.error.code == "LMS.NEW_CODE"


def known_code(body: ErrorResponseGeneral) -> bool:
    return body.error.code == "PLATFORM.RATE_LIMIT_EXCEEDED"


def item_code(item: FailedDataItem) -> bool:
    code = item.error.code
    return code is not None and code.startswith("LMS.") and code != "ATS.NEWER"


def keep(value: UnknownValue) -> str:
    return value.upper()


def origin(item: SucceededDataItem) -> str:
    return item.origin_id
"""

REJECTED = """
from kombo_api.models import ExternalCourse

course = ExternalCourse(type="INTERNAL", title="t", course_url="https://x")
"""


def _write(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "snippet.py"
    path.write_text(code, encoding="utf-8")
    return path


def _mypy(tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, MYPYPATH=str(DIST), PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    command += ["--cache-dir", os.devnull, str(_write(tmp_path, code))]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )


def _pyright(tmp_path: Path, code: str) -> list[str]:
    assert PYRIGHT.exists(), f"{PYRIGHT} is missing: run `npm ci` (or `make test`)"
    config = tmp_path / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "extraPaths": [str(DIST)]}))
    command = [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson"]
    result = subprocess.run(
        [*command, str(_write(tmp_path, code))],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    found = json.loads(result.stdout)
    return [d["message"] for d in found["generalDiagnostics"] if d["severity"] == "error"]


def test_mypy_strict_accepts_new_codes_of_received_enums(tmp_path: Path) -> None:
    result = _mypy(tmp_path, ACCEPTED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_rejects_unlisted_values_of_sent_enums(tmp_path: Path) -> None:
    result = _mypy(tmp_path, REJECTED)
    assert result.returncode == 1
    assert "Literal['INTERNAL']" in result.stdout and "ExternalCourse" in result.stdout


@pytest.mark.parametrize(("code", "errors"), [(ACCEPTED, 0), (REJECTED, 1)])
def test_pyright_strict_agrees(tmp_path: Path, code: str, errors: int) -> None:
    found = _pyright(tmp_path, code)
    assert len(found) == errors, found
