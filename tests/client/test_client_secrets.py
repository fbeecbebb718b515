"""The API key never shows, whatever form it takes: a fake server that echoes it back in
every place a client shows text (error message, title, code, log_url, request-id header, API
warnings), network errors quoting it (as text and as bytes), and keys that cannot be sent.
"""

from __future__ import annotations

import logging
import traceback
from types import ModuleType
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from client_support import (
    API_KEY,
    TASK_ID,
    ClientFactory,
    Wire,
    failed_task,
    json_reply,
    kombo_error,
    pending_task,
    upsert_accepted,
    upsert_body,
)

FORMS = (API_KEY, f"Bearer {API_KEY}", quote(API_KEY, safe=""))


def _echo(request: httpx.Request) -> str:
    """What a careless server sends back: the Authorization header it received."""
    return request.headers["Authorization"]


def _shown(error: BaseException) -> str:
    """Everything a user can see of an exception: str, repr, args, traceback with causes."""
    parts = [str(error), repr(error), repr(error.args)]
    parts += traceback.format_exception(error)
    for name in ("code", "title", "message", "log_url", "request_id"):
        parts.append(str(getattr(error, name, "")))
    return "\n".join(parts)


def _assert_hidden(text: str) -> None:
    assert API_KEY not in text
    assert API_KEY.encode().hex() not in text


def test_an_echoing_server_cannot_make_an_api_error_show_the_key(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        echoed = _echo(request)
        body = kombo_error(
            f"AUTH.{echoed}",
            f"key {echoed} is invalid",
            title=echoed,
            log_url=f"https://x/?k={echoed}",
        )
        return httpx.Response(401, json=body, headers={"X-Request-Id": echoed})

    wire.script(reply)
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.AuthenticationError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    _assert_hidden(_shown(caught.value))
    assert "***" in str(caught.value)


def test_api_warnings_echoing_the_key_are_logged_masked(
    make_client: ClientFactory, wire: Wire, caplog: pytest.LogCaptureFixture
) -> None:
    wire.script(
        lambda request: httpx.Response(200, json=upsert_accepted(warnings=[_echo(request)]))
    )
    with caplog.at_level(logging.DEBUG), make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())

    assert task.task_id == TASK_ID
    messages = [record.getMessage() for record in caplog.records]
    assert "PostLmsCoursesBulk: ***" in messages, messages
    for message in messages:
        _assert_hidden(message)


def test_a_decode_error_of_a_body_echoing_the_key_is_masked(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(lambda request: httpx.Response(200, json={"status": 5, "data": _echo(request)}))
    with make_client(response_validation="strict") as client:
        with pytest.raises(kombo.DecodeError) as caught:
            client.lms.get_status_of_upsert_courses_task(TASK_ID)
    _assert_hidden(str(caught.value))


@pytest.mark.parametrize("as_bytes", [False, True])
def test_a_network_error_quoting_the_key_is_masked_in_the_chained_cause_too(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire, as_bytes: bool
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        value: Any = _echo(request).encode() + b"\n" if as_bytes else _echo(request)
        raise httpx.ReadError(f"Illegal header value {value!r}", request=request)

    wire.script(fail)
    with make_client(retry=kombo.RetryPolicy.none()) as client:
        with pytest.raises(kombo.TransportError) as caught:
            client.lms.upsert_courses(body=upsert_body())

    _assert_hidden(_shown(caught.value))
    assert isinstance(caught.value.__cause__, httpx.ReadError)
    _assert_hidden(str(caught.value.__cause__))


@pytest.mark.parametrize(
    "bad",
    [
        f"{API_KEY}\n",
        f" {API_KEY}",
        f"{API_KEY[:8]} {API_KEY[8:]}",
        f"{API_KEY}\t",
        f"{API_KEY}é",
        f"{API_KEY}\x00",
    ],
)
def test_a_key_that_cannot_be_sent_is_refused_without_showing_it(
    kombo: ModuleType, bad: str
) -> None:
    with pytest.raises(ValueError) as caught:
        kombo.Client(api_key=bad)
    _assert_hidden(_shown(caught.value))
    assert "api_key" in str(caught.value)


def test_a_key_from_the_environment_is_checked_too(
    kombo: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMBO_API_KEY", f"{API_KEY}\n")
    with pytest.raises(ValueError, match="line break"):
        kombo.Client()


def test_the_key_is_not_in_any_repr_of_the_client_or_its_parts(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(json_reply(pending_task()))
    with make_client() as client:
        task = client.lms.resume_upsert_courses(TASK_ID)
        task.poll()
        seen = [repr(client), repr(client._ctx), repr(client._transport), repr(task)]
        seen.append(repr(vars(client._transport)))
    for text in seen:
        for form in FORMS:
            assert form not in text


def test_a_failed_task_echoing_the_key_is_masked(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    def failed(request: httpx.Request) -> httpx.Response:
        echoed = _echo(request)
        body = failed_task(f"X.{echoed}", f"rejected {echoed}")
        return httpx.Response(200, json=body)

    wire.script(json_reply(upsert_accepted()), failed)
    with make_client() as client:
        task = client.lms.upsert_courses(body=upsert_body())
        with pytest.raises(kombo.TaskFailedError) as caught:
            task.wait()
    _assert_hidden(_shown(caught.value))
    assert "rejected ***" in str(caught.value)
