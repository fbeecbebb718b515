"""Escape hatches of templates/runtime/_base.py (extra query/headers/body, idempotency keys,
``url``), the RawResponse of _response.py and derived transports of _http.py."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

BASE_URL = "https://api.example.com/v1"


def check_name(value: object, where: str, issues: list[Any]) -> None:
    """A stand-in validator: ``name`` must be a string."""
    from rtpkg._validation import ValidationIssue

    if isinstance(value, dict) and not isinstance(value.get("name"), str):
        issues.append(ValidationIssue(f"{where}.name", "must be a string", "type"))


def builder(rtx: SimpleNamespace, method: str = "POST", **options: Any) -> Any:
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    ctx = rtx.base.Context(transport=transport)
    return rtx.base.RequestBuilder(ctx, method, "Op", rtx.base.RequestOptions(**options))


def echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"url": str(request.url)}, headers={"x-request-id": "r-1"})


def test_extra_body_merged_after_validation(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, extra_body={"name": 5, "beta_flag": True})
    rb.json_body({"name": "ok"}, check_name, "application/json")
    spec = rb.build("/things", retry_safe=False)
    assert json.loads(spec.content) == {"name": 5, "beta_flag": True}  # not checked: extra


def test_declared_fields_are_still_checked(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, extra_body={"beta_flag": True})
    rb.json_body({"name": 1}, check_name, "application/json")
    with pytest.raises(rtx.errors.RequestValidationError, match=r"\$\.name"):
        rb.build("/things", retry_safe=False)


def test_extra_body_without_a_body_is_a_json_object(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, extra_body={"x": [1, 2]})
    spec = rb.build("/things", retry_safe=False)
    assert (json.loads(spec.content), spec.content_type) == ({"x": [1, 2]}, "application/json")


def test_extra_body_merges_into_a_form(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, extra_body={"b": "2"})
    rb.data = {"a": "1"}
    assert rb.build("/things", retry_safe=False).data == {"a": "1", "b": "2"}


def test_extra_body_on_a_raw_body_is_a_problem(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, extra_body={"b": "2"})
    rb.content = b"raw"
    with pytest.raises(rtx.errors.RequestValidationError, match="extra_body"):
        rb.build("/things", retry_safe=False)


def test_extra_query_replaces_and_adds(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, "GET", extra_query={"status": "all", "tags": ["a b", "c"], "flag": True})
    rb.query.extend([("status", "active"), ("page_size", "10")])
    spec = rb.build("/things", retry_safe=True)
    assert spec.path == "/things?page_size=10&status=all&tags=a%20b&tags=c&flag=true"


def test_extra_headers_and_headers(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, "GET", headers={"A": "1", "B": "1"}, extra_headers={"B": "2"})
    assert rb.build("/t", retry_safe=True).extra_headers == {"A": "1", "B": "2"}


def test_url_replaces_path_and_query(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, "GET", url=f"{BASE_URL}/things?page=2", extra_query={"x": "1"})
    rb.query.append(("status", "active"))
    spec = rb.build("/things", retry_safe=True)
    assert spec.path == f"{BASE_URL}/things?page=2&x=1"
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    assert transport.send(spec).json() == {"url": f"{BASE_URL}/things?page=2&x=1"}


def test_idempotency_key_one_per_call_same_on_retries(rtx: SimpleNamespace) -> None:
    seen: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Idempotency-Key"])
        return httpx.Response(503 if len(seen) % 2 else 200)

    transport = rtx.http.SyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(flaky), sleep=lambda s: None
    )
    ctx = rtx.base.Context(transport=transport)
    for _ in range(2):
        rb = rtx.base.RequestBuilder(ctx, "POST", "Op", None)
        transport.send(rb.build("/t", retry_safe=True, idempotency_header="Idempotency-Key"))
    assert len(seen) == 4
    assert seen[0] == seen[1] != seen[2] == seen[3]
    assert len(seen[0]) == 36  # a UUID


def test_idempotency_key_given(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, idempotency_key="order-42")
    spec = rb.build("/t", retry_safe=True, idempotency_header="Idempotency-Key")
    assert ("Idempotency-Key", "order-42") in spec.headers
    assert builder(rtx, idempotency_key="k").build("/t", retry_safe=True).headers == ()


def test_raw_response(rtx: SimpleNamespace) -> None:
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    response = transport.send(rtx.http.RequestSpec(method="GET", path="/a", operation_id="A"))
    raw = rtx.response.RawResponse(response, {"parsed": True})
    assert raw.parse() == {"parsed": True}
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == raw.request_id == "r-1"
    assert raw.http_request.url == f"{BASE_URL}/a"
    assert raw.elapsed is None  # MockTransport gave a body that was never streamed
    assert repr(raw) == "RawResponse(GET /v1/a -> 200)"


def test_raw_response_elapsed(rtx: SimpleNamespace) -> None:
    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=httpx.ByteStream(b"{}"))

    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(streamed))
    response = transport.send(rtx.http.RequestSpec(method="GET", path="/a", operation_id="A"))
    raw = rtx.response.RawResponse(response, None)
    assert isinstance(raw.elapsed, datetime.timedelta)
    assert repr(raw) == "RawResponse(GET /v1/a -> 200)"


def test_derived_transport_shares_the_pool(rtx: SimpleNamespace) -> None:
    got: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        got.append(request)
        return httpx.Response(200)

    base = rtx.http.SyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(handler), default_headers={"A": "1"}
    )
    derived = base.derive(timeout=5.0, headers={"B": "2"}, retry=rtx.http.RetryPolicy.none())
    assert derived._client is base._client
    derived.send(rtx.http.RequestSpec(method="GET", path="/a", operation_id="A"))
    base.send(rtx.http.RequestSpec(method="GET", path="/a", operation_id="A"))
    assert (got[0].headers["A"], got[0].headers["B"]) == ("1", "2")
    assert "B" not in got[1].headers
    assert got[0].extensions["timeout"]["read"] == 5.0
    assert got[1].extensions["timeout"]["read"] == 30.0
    derived.close()  # never closes the shared client
    assert not base._client.is_closed
    base.close()
    assert base._client.is_closed


def _operation(rtx: SimpleNamespace) -> Any:
    """A method as the generated groups write it: build the request (it carries the call's
    options), ``call`` it with the operation's ``Responses``, return."""
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    ctx = rtx.base.Context(transport=transport)
    success = {"200": ("json", lambda data: data["url"], None)}

    def get_thing(*, request_options: Any = None) -> str:
        """Get the thing."""
        spec = rtx.base.RequestBuilder(ctx, "GET", "getThing", request_options).build(
            "/thing", retry_safe=True
        )
        result: str = rtx.response.call(ctx, spec, rtx.response.Responses(success, {}))
        return result

    return get_thing


def test_call_returns_the_result_and_raw_method_the_response_too(rtx: SimpleNamespace) -> None:
    get_thing = _operation(rtx)
    assert get_thing() == f"{BASE_URL}/thing"
    raw_get = rtx.response.raw_method(get_thing)
    assert (raw_get.__name__, raw_get.__doc__) == ("get_thing", "Get the thing.")
    options = rtx.base.RequestOptions(extra_query={"a": "1"}, timeout=5.0)
    raw = raw_get(request_options=options)
    assert isinstance(raw, rtx.response.RawResponse)
    assert raw.parse() == f"{BASE_URL}/thing?a=1"  # the caller's options still apply
    assert raw.request_id == "r-1"
    assert get_thing(request_options=options) == f"{BASE_URL}/thing?a=1"  # options unchanged


def test_async_raw_method(rtx: SimpleNamespace) -> None:
    import asyncio

    transport = rtx.http.AsyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    ctx = rtx.base.Context(transport=transport)
    success = {"200": ("json", lambda data: data["url"], None)}

    async def get_thing(*, request_options: Any = None) -> str:
        spec = rtx.base.RequestBuilder(ctx, "GET", "getThing", request_options).build(
            "/thing", retry_safe=True
        )
        result: str = await rtx.response.acall(ctx, spec, rtx.response.Responses(success, {}))
        return result

    async def both() -> tuple[str, Any]:
        return await get_thing(), await rtx.response.async_raw_method(get_thing)()

    plain, raw = asyncio.run(both())
    assert plain == raw.parse() == f"{BASE_URL}/thing"
    assert raw.status_code == 200


def test_param_sends_each_location_in_its_default_style_or_its_own(
    rtx: SimpleNamespace,
) -> None:
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(echo))
    ctx = rtx.base.Context(transport=transport, defaults={"tenant": "t-1"})
    rb = rtx.base.RequestBuilder(ctx, "GET", "Op", None)
    assert rb.param("path", "id", "a b", None, True) == "a b"  # returned, not sent
    rb.param("query", "ids", ["x", "y"], None, False)  # form, exploded
    rb.param("query", "tags", ["p", "q"], None, False, style="form", explode=False)
    rb.param("header", "X-Tenant", rtx.unset.UNSET, None, True, default_key="tenant")
    rb.param("cookie", "c", "v", None, False)
    rb.param("query", "skipped", rtx.unset.UNSET, None, False)  # not given: not sent
    rb.param("query", "limit", 5, check_name, False)
    spec = rb.build("/things", retry_safe=True)
    assert spec.path == "/things?ids=x&ids=y&tags=p,q&limit=5"
    assert spec.headers == (("X-Tenant", "t-1"),)
    assert spec.cookies == (("c", "v"),)


def test_param_problems_name_the_keyword(rtx: SimpleNamespace) -> None:
    rb = builder(rtx, "GET")
    rb.param("query", "page-size", rtx.unset.UNSET, None, True, where="page_size")
    rb.param("header", "X-Id", rtx.unset.UNSET, None, True, default_key="id")
    with pytest.raises(rtx.errors.RequestValidationError) as caught:
        rb.build("/things", retry_safe=True)
    assert [str(i) for i in caught.value.issues] == [
        "page-size: is required",
        "X-Id: is required (pass id= here or to the client)",
    ]
