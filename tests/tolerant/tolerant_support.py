"""Shared by the tests of the client generated from ``specs/absences.yaml``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

SPEC = Path(__file__).resolve().parent / "specs" / "absences.yaml"
PACKAGE = "absence_api"
API_KEY = "abs-test-key-7c1e9a4f0b"
INTEGRATION_ID = "integration-42"

Handler = Callable[[httpx.Request], httpx.Response]


class FakeServer:
    """Answers every request with ``handler`` (default: the page example); records them."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)
