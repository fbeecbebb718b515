"""Fixtures for the tests of the generated Kombo client.

* ``kombo``: the generated package, imported from ``generated/kombo_api`` (put on
  ``sys.path`` for the session). It was generated with ``specs/gen.yaml``, which marks the
  bulk upsert ``PostLmsCoursesBulk`` as safe to retry.
* ``kombo_unsafe``: a second copy generated for the session from the same spec *without*
  that configuration (an empty ``--config``), so its upsert is an ordinary POST that is not
  retried on an error status or after it may have reached the server.
* ``wire``, ``clock``, ``make_client``, ``make_async_client``: clients on an
  ``httpx.MockTransport`` with a fake clock; nothing touches the network or really sleeps.
  ``make_unsafe_client`` and ``make_unsafe_async_client`` do the same with ``kombo_unsafe``.
* ``spec`` and the examples it holds.
* ``prism_static``, ``prism_dynamic``: one Prism mock server per mode for the session.
"""

from __future__ import annotations

import copy
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner
from client_support import (
    API_KEY,
    DISTRIBUTION_DIR,
    INTEGRATION_ID,
    REPO_ROOT,
    SPEC_PATH,
    ClientFactory,
    FakeClock,
    JsonObject,
    PrismServer,
    Wire,
)

from generator.cli import cli

PRISM_BIN = REPO_ROOT / "node_modules" / ".bin" / "prism"
PRISM_START_TIMEOUT = 30.0
KOMBO_ENV_VARS = ("KOMBO_API_KEY", "KOMBO_BASE_URL", "KOMBO_INTEGRATION_ID")
UNSAFE_PACKAGE = "kombo_unsafe"


# --------------------------------------------------------------------------- the package


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]


def _forget_kombo_api() -> None:
    _forget("kombo_api")


@pytest.fixture(scope="session")
def kombo() -> Iterator[ModuleType]:
    """The generated ``kombo_api`` package, imported from ``generated/kombo_api``."""
    path = str(DISTRIBUTION_DIR)
    _forget_kombo_api()
    sys.path.insert(0, path)
    try:
        module = importlib.import_module("kombo_api")
        assert Path(module.__file__ or "").is_relative_to(DISTRIBUTION_DIR), module.__file__
        yield module
    finally:
        sys.path.remove(path)
        _forget_kombo_api()


@pytest.fixture(scope="session")
def unsafe_distribution_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution folder of ``kombo_unsafe``: ``gen`` run without ``specs/gen.yaml``."""
    work = tmp_path_factory.mktemp("kombo-unsafe")
    empty_config = work / "empty.yaml"
    empty_config.write_text("# no retry_safe: PostLmsCoursesBulk is a plain POST\n")
    out = work / "unsafe"
    arguments = ["--spec", str(SPEC_PATH), "--config", str(empty_config), "--out", str(out)]
    arguments += ["--package-name", UNSAFE_PACKAGE]
    result = CliRunner().invoke(cli, arguments)
    if result.exit_code != 0:
        pytest.fail(
            f"gen {' '.join(arguments)} exited with {result.exit_code}:\n{result.output}",
            pytrace=False,
        )
    return out


@pytest.fixture(scope="session")
def kombo_unsafe(unsafe_distribution_dir: Path) -> Iterator[ModuleType]:
    """``kombo_unsafe``: the client generated from ``specs/kombo.yaml`` without ``gen.yaml``."""
    path = str(unsafe_distribution_dir)
    _forget(UNSAFE_PACKAGE)
    sys.path.insert(0, path)
    try:
        module = importlib.import_module(UNSAFE_PACKAGE)
        assert Path(module.__file__ or "").is_relative_to(unsafe_distribution_dir)
        yield module
    finally:
        sys.path.remove(path)
        _forget(UNSAFE_PACKAGE)


@pytest.fixture(autouse=True)
def _no_kombo_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start without the ``KOMBO_*`` variables a developer may have set."""
    for name in KOMBO_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------- mock transport


@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _sync_factory(package: ModuleType, wire: Wire, clock: FakeClock) -> ClientFactory:
    def make(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "api_key": API_KEY,
            "integration_id": INTEGRATION_ID,
            "transport": httpx.MockTransport(wire),
            "clock": clock,
            "sleep": clock.sleep,
        }
        options.update(overrides)
        return package.Client(**options)

    return make


def _async_factory(package: ModuleType, wire: Wire, clock: FakeClock) -> ClientFactory:
    def make(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "api_key": API_KEY,
            "integration_id": INTEGRATION_ID,
            "transport": httpx.MockTransport(wire.handle_async),
            "clock": clock,
            "sleep": clock.async_sleep,
        }
        options.update(overrides)
        return package.AsyncClient(**options)

    return make


@pytest.fixture
def make_client(kombo: ModuleType, wire: Wire, clock: FakeClock) -> ClientFactory:
    """``make_client(**overrides)``: a sync ``Client`` on ``wire`` with the fake clock."""
    return _sync_factory(kombo, wire, clock)


@pytest.fixture
def make_async_client(kombo: ModuleType, wire: Wire, clock: FakeClock) -> ClientFactory:
    """``make_async_client(**overrides)``: an ``AsyncClient`` on ``wire`` (async handler)."""
    return _async_factory(kombo, wire, clock)


@pytest.fixture
def make_unsafe_client(kombo_unsafe: ModuleType, wire: Wire, clock: FakeClock) -> ClientFactory:
    """Like ``make_client``, with ``kombo_unsafe`` (its upsert is not marked safe to retry)."""
    return _sync_factory(kombo_unsafe, wire, clock)


@pytest.fixture
def make_unsafe_async_client(
    kombo_unsafe: ModuleType, wire: Wire, clock: FakeClock
) -> ClientFactory:
    """Like ``make_async_client``, with ``kombo_unsafe``."""
    return _async_factory(kombo_unsafe, wire, clock)


# --------------------------------------------------------------------------- the spec


@pytest.fixture(scope="session")
def spec() -> JsonObject:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        document: JsonObject = yaml.safe_load(handle)
    return document


@pytest.fixture
def request_example(spec: JsonObject) -> JsonObject:
    """The request body example of ``POST /lms/courses/bulk`` (a fresh copy)."""
    content = spec["paths"]["/lms/courses/bulk"]["post"]["requestBody"]["content"]
    return copy.deepcopy(content["application/json"]["examples"]["example1"]["value"])


@pytest.fixture
def status_examples(spec: JsonObject) -> dict[str, JsonObject]:
    """The 200 examples of ``GET /lms/courses/bulk/{task_id}`` by name, in spec order."""
    response = spec["paths"]["/lms/courses/bulk/{task_id}"]["get"]["responses"]["200"]
    examples = response["content"]["application/json"]["examples"]
    return {name: copy.deepcopy(example["value"]) for name, example in examples.items()}


@pytest.fixture
def error_examples(spec: JsonObject) -> dict[str, JsonObject]:
    """The examples of the ``ErrorResponseGeneral`` response by name."""
    content = spec["components"]["responses"]["ErrorResponseGeneral"]["content"]
    examples = content["application/json"]["examples"]
    return {name: copy.deepcopy(example["value"]) for name, example in examples.items()}


# --------------------------------------------------------------------------- Prism


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(
    server: PrismServer, process: subprocess.Popen[bytes], command: list[str]
) -> None:
    probe_headers = {"Authorization": "Bearer readiness", "X-Integration-Id": "readiness"}
    deadline = time.monotonic() + PRISM_START_TIMEOUT
    with httpx.Client(base_url=server.base_url, timeout=1.0, headers=probe_headers) as http:
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"Prism exited with code {process.returncode} before answering.\n"
                    f"command: {' '.join(command)}\noutput:\n{server.log()}"
                )
            try:
                http.get("/lms/courses/bulk/readiness-probe")
                return
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Prism did not answer within {PRISM_START_TIMEOUT:.0f} s.\n"
                        f"command: {' '.join(command)}\noutput:\n{server.log()}"
                    )
                time.sleep(0.1)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate Prism and its process group (it was started in a session of its own)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _run_prism(log_dir: Path, *, dynamic: bool) -> Iterator[PrismServer]:
    if not PRISM_BIN.exists():
        pytest.fail(
            f"{PRISM_BIN.relative_to(REPO_ROOT)} is missing: run `npm ci` in {REPO_ROOT} "
            "(or `make test`) to install Stoplight Prism."
        )
    port = _free_loopback_port()
    command = [str(PRISM_BIN), "mock", str(SPEC_PATH), "-h", "127.0.0.1", "-p", str(port)]
    if dynamic:
        command.append("-d")
    server = PrismServer(base_url=f"http://127.0.0.1:{port}", log_path=log_dir / "prism.log")
    with server.log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_answering(server, process, command)
            yield server
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def prism_static(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism serving the spec's examples (``prism mock``)."""
    yield from _run_prism(tmp_path_factory.mktemp("prism-static"), dynamic=False)


@pytest.fixture(scope="session")
def prism_dynamic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """Prism generating random schema-valid responses (``prism mock -d``)."""
    yield from _run_prism(tmp_path_factory.mktemp("prism-dynamic"), dynamic=True)
