"""Helpers for the tests of the generated Kombo client (``generated/kombo_api``).

* :class:`Wire` — a scripted server for ``httpx.MockTransport``: it answers with the replies
  it was given, in order, and records every request it receives.
* :class:`FakeClock` — a monotonic clock with ``sleep``/``async_sleep`` that only move it
  forward and record each delay, so retries and task polling never really sleep.
* Payload builders for Kombo's JSON shapes (submit answer, task status, error body).
* :class:`PrismServer` — a running Stoplight Prism mock server and its log.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
#: the distribution folder: ``README.md``, ``pyproject.toml`` and the ``kombo_api`` package
DISTRIBUTION_DIR = REPO_ROOT / "generated" / "kombo_api"
SPEC_PATH = REPO_ROOT / "specs" / "kombo.yaml"

API_KEY = "kombo-test-key-9f3a1c7e5b2d"
INTEGRATION_ID = "sandbox:HWUTwvyx2wLoSUHphiWVrp28"
TASK_ID = "8kEGWZyVhSjGHn9RYv3RRUcy"
EU_BASE_URL = "https://api.kombo.dev/v1"
US_BASE_URL = "https://api.us.kombo.dev/v1"

JsonObject = dict[str, Any]
Reply = Callable[[httpx.Request], httpx.Response]
#: ``make_client(**overrides)`` / ``make_async_client(**overrides)`` fixtures
ClientFactory = Callable[..., Any]


# --------------------------------------------------------------------------- replies


def json_reply(body: object, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
    """A reply with a JSON body."""

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return reply


def raw_reply(status: int, content: bytes, content_type: str = "text/plain") -> Reply:
    """A reply with the bytes ``content`` as its body."""

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"Content-Type": content_type})

    return reply


def raising(error: type[httpx.RequestError], message: str) -> Reply:
    """A "reply" that fails like a network would: it raises ``error(message)``."""

    def reply(request: httpx.Request) -> httpx.Response:
        raise error(message, request=request)

    return reply


class Wire:
    """A scripted server: each request gets the next reply; every request is recorded.

    ``otherwise`` answers once the script is used up; without it an extra request fails
    the test.
    """

    def __init__(self, *replies: Reply, otherwise: Reply | None = None) -> None:
        self._replies: deque[Reply] = deque(replies)
        self.otherwise = otherwise
        self.requests: list[httpx.Request] = []

    def script(self, *replies: Reply, otherwise: Reply | None = None) -> None:
        """Replace what the wire answers from now on."""
        self._replies = deque(replies)
        self.otherwise = otherwise

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self._replies:
            return self._replies.popleft()(request)
        if self.otherwise is not None:
            return self.otherwise(request)
        raise AssertionError(f"unexpected request: {request.method} {request.url}")

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        """The same, as an ``async`` handler for ``httpx.MockTransport``."""
        return self(request)

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


class FakeClock:
    """A monotonic clock that only ``sleep`` moves; every sleep is recorded."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


def forbid_sleep(seconds: float) -> None:
    """A ``sleep=`` for clients that must not wait at all."""
    raise AssertionError(f"the client tried to sleep {seconds} s")


# --------------------------------------------------------------------------- payloads


def course(origin_id: str, **fields: object) -> JsonObject:
    """One item of an upsert body (a valid EXTERNAL course unless ``fields`` break it)."""
    details: JsonObject = {
        "type": "EXTERNAL",
        "title": f"Course {origin_id}",
        "course_url": f"https://example.com/courses/{origin_id}",
    }
    details.update(fields)
    return {"origin_id": origin_id, "course": details}


def upsert_body(*origin_ids: str) -> JsonObject:
    return {"items": [course(origin_id) for origin_id in origin_ids or ("course-1",)]}


def upsert_accepted(task_id: str = TASK_ID, warnings: Sequence[str] = ()) -> JsonObject:
    return {
        "status": "success",
        "data": {"task_id": task_id},
        "warnings": [{"message": text} for text in warnings],
    }


def task_status(data: JsonObject) -> JsonObject:
    return {"status": "success", "data": data}


def pending_task(task_id: str = TASK_ID, status: str = "PENDING") -> JsonObject:
    return task_status(
        {
            "task_id": task_id,
            "created_at": "2025-06-01T12:00:00.000Z",
            "status": status,
            "completed_at": None,
        }
    )


def completed_task(*items: JsonObject, task_id: str = TASK_ID) -> JsonObject:
    return task_status(
        {
            "task_id": task_id,
            "created_at": "2025-06-01T12:00:00.000Z",
            "status": "COMPLETED",
            "completed_at": "2025-06-01T12:03:17.512Z",
            "data": list(items),
        }
    )


def error_object(
    code: str | None, message: str, title: str | None = None, log_url: str | None = None
) -> JsonObject:
    return {"code": code, "title": title, "message": message, "log_url": log_url}


def failed_task(code: str | None, message: str, task_id: str = TASK_ID) -> JsonObject:
    return task_status(
        {
            "task_id": task_id,
            "created_at": "2025-06-01T12:00:00.000Z",
            "status": "FAILED",
            "error": error_object(code, message, title="The task could not run."),
            "completed_at": "2025-06-01T12:00:04.000Z",
        }
    )


def succeeded_item(origin_id: str, course_id: str) -> JsonObject:
    return {"origin_id": origin_id, "status": "SUCCEEDED", "data": {"id": course_id}}


def failed_item(origin_id: str, code: str | None, message: str) -> JsonObject:
    return {
        "origin_id": origin_id,
        "status": "FAILED",
        "error": error_object(code, message, log_url="https://app.kombo.dev/logs?i=1"),
    }


def kombo_error(
    code: str | None,
    message: str,
    title: str | None = None,
    log_url: str | None = None,
) -> JsonObject:
    """Kombo's error body: ``{"status": "error", "error": {code, title, message, log_url}}``."""
    return {"status": "error", "error": error_object(code, message, title, log_url)}


# --------------------------------------------------------------------------- Prism


@dataclass(frozen=True, slots=True)
class PrismServer:
    """A running Prism mock server: where it listens and where it writes its log."""

    base_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def received(self) -> list[str]:
        """One ``"<method> <path>"`` per request Prism has logged so far, in order."""
        marker = "[HTTP SERVER] "
        seen = []
        for line in self.log().splitlines():
            if marker in line and "Request received" in line:
                method, path = line.split(marker, 1)[1].split()[:2]
                seen.append(f"{method.upper()} {path}")
        return seen

    def wait_until_received(self, entry: str, timeout: float = 5.0) -> list[str]:
        """The log's request list once ``entry`` shows up in it (Prism logs asynchronously)."""
        deadline = time.monotonic() + timeout
        while entry not in (seen := self.received()):
            if time.monotonic() > deadline:
                raise AssertionError(f"Prism never logged {entry!r}; log:\n{self.log()}")
            time.sleep(0.02)
        return seen


class CountingTransport(httpx.BaseTransport):
    """Wraps a real transport; records every request that goes out and its response."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.exchanges.append((request, response))
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncCountingTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`CountingTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.exchanges.append((request, response))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
