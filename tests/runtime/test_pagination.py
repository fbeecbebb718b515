"""Tests for templates/runtime/_pagination.py against a fake server (``httpx.MockTransport``).

Each scheme is paged through by a small list operation written the way the generated code
writes one (RequestBuilder -> transport -> read_response -> page), sync and async; filters and
client defaults must reach every page request, a stored cursor resumes, a repeating cursor
stops with an error, and a failed page is retried.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

BASE_URL = "https://api.example.com/v1"
IDS = [f"it{i}" for i in range(7)]


def _chunk(start: int, size: int) -> list[dict[str, str]]:
    return [{"id": i} for i in IDS[start : start + size]]


class Server:
    """One fake API with an endpoint per scheme; records every request."""

    def __init__(self, *, fail: dict[int, int] | None = None, repeat: bool = False) -> None:
        self.requests: list[httpx.Request] = []
        self.fail = dict(fail or {})  # request number -> status to answer once
        self.repeat = repeat  # the cursor endpoint always answers the same cursor

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.fail.pop(len(self.requests), None)
        if status is not None:
            return httpx.Response(status, json={"error": "try again"})
        q = request.url.params
        route = request.url.path.rsplit("/", 1)[-1]
        body, headers = getattr(self, route)(q)
        return httpx.Response(200, json=body, headers=headers)

    def kombo(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        start, size = int(q.get("cursor") or 0), int(q.get("page_size", 3))
        after = start + size
        nxt = "0" if self.repeat else (str(after) if after < len(IDS) else None)
        return {"status": "success", "data": {"next": nxt, "results": _chunk(start, size)}}, {}

    def stripe(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        after = q.get("starting_after")
        start, size = (IDS.index(after) + 1 if after else 0), int(q.get("limit", 3))
        return {"data": _chunk(start, size), "has_more": start + size < len(IDS)}, {}

    def pages(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        page, per = int(q.get("page", 1)), int(q.get("per_page", 3))
        return {"items": _chunk((page - 1) * per, per), "total": len(IDS)}, {}

    def offset(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        start, limit = int(q.get("offset", 0)), int(q.get("limit", 3))
        return {"results": _chunk(start, limit)}, {}

    def link(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        page = int(q.get("page", 1))
        headers = {}
        if page * 3 < len(IDS):
            url = f"{BASE_URL}/link?page={page + 1}&status={q.get('status')}"
            headers["Link"] = f'<{BASE_URL}/link?page=1>; rel="first", <{url}>; rel="next"'
        return _chunk((page - 1) * 3, 3), headers

    def twilio(self, q: httpx.QueryParams) -> tuple[object, dict[str, str]]:
        start = int(q.get("PageToken") or 0)
        nxt = f"/v1/twilio?PageToken={start + 3}&status={q.get('status')}"
        return {"items": _chunk(start, 3), "next_page_url": nxt if start + 3 < 7 else None}, {}

    def query(self, name: str) -> list[str | None]:
        return [r.url.params.get(name) for r in self.requests]


def pagings(rtx: SimpleNamespace) -> dict[str, Any]:
    paging = rtx.pagination.Paging
    return {
        "kombo": paging(
            scheme="cursor",
            operation_id="kombo",
            items=lambda d: d["data"]["results"],
            param="cursor",
            cursor=lambda d: d["data"]["next"],
        ),
        "stripe": paging(
            scheme="after_id",
            operation_id="stripe",
            items=lambda d: d["data"],
            param="starting_after",
            has_more=lambda d: d["has_more"],
            item_id=lambda i: i["id"],
        ),
        "pages": paging(
            scheme="page",
            operation_id="pages",
            items=lambda d: d["items"],
            param="page",
            size_param="per_page",
            total_items=lambda d: d["total"],
        ),
        "offset": paging(
            scheme="offset",
            operation_id="offset",
            items=lambda d: d["results"],
            param="offset",
            size_param="limit",
            default_size=3,
            first=0,
        ),
        "link": paging(scheme="link", operation_id="link", items=lambda d: d),
        "twilio": paging(
            scheme="next_url",
            operation_id="twilio",
            items=lambda d: d["items"],
            cursor=lambda d: d["next_page_url"],
        ),
    }


def _request(rtx: SimpleNamespace, ctx: Any, route: str, args: dict[str, Any]) -> Any:
    unset = rtx.unset.UNSET
    rb = rtx.base.RequestBuilder(ctx, "GET", route, args.get("request_options"))
    integration = rb.value(args.get("integration_id", unset), "integration_id", "X-Id", True)
    rb.headers.append(("X-Id", str(integration)))
    for name, value in args.items():
        if name not in {"integration_id", "request_options"} and value is not unset:
            rb.query.append((name, str(value)))
    return rb.build(f"/{route}", retry_safe=True)


def sync_op(rtx: SimpleNamespace, server: Server, route: str, sleeps: list[float]) -> Callable:
    transport = rtx.http.SyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(server), sleep=sleeps.append
    )
    ctx = rtx.base.Context(transport=transport, defaults={"integration_id": "int-1"})
    paging = pagings(rtx)[route]

    def call(**args: Any) -> Any:
        response = transport.send(_request(rtx, ctx, route, args))
        ok = {"200": ("json", None, None)}
        data = rtx.base.read_response(
            response, ctx, None, success=ok, errors={}, operation_id=route
        )
        return rtx.pagination.SyncPage(
            paging=paging, data=data, http_response=response, call=call, args=args
        )

    return call


def async_op(rtx: SimpleNamespace, server: Server, route: str) -> Callable:
    async def no_sleep(seconds: float) -> None:
        pass

    transport = rtx.http.AsyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(server), sleep=no_sleep
    )
    ctx = rtx.base.Context(transport=transport, defaults={"integration_id": "int-1"})
    paging = pagings(rtx)[route]

    async def call(**args: Any) -> Any:
        response = await transport.send(_request(rtx, ctx, route, args))
        ok = {"200": ("json", None, None)}
        data = rtx.base.read_response(
            response, ctx, None, success=ok, errors={}, operation_id=route
        )
        return rtx.pagination.AsyncPage(
            paging=paging, data=data, http_response=response, call=call, args=args
        )

    return call


SIZES = {"kombo": "page_size", "stripe": "limit", "pages": "per_page", "offset": "limit"}


def _first_args(route: str) -> dict[str, Any]:
    args: dict[str, Any] = {"status": "active"}
    if route in SIZES:
        args[SIZES[route]] = 3
    return args


@pytest.mark.parametrize("route", ["kombo", "stripe", "pages", "offset", "link", "twilio"])
def test_every_scheme_pages_through_all_items_sync(rtx: SimpleNamespace, route: str) -> None:
    server = Server()
    list_items = sync_op(rtx, server, route, [])
    page = list_items(**_first_args(route))
    assert [i["id"] for i in page.items] == IDS[:3]
    assert server.requests.__len__() == 1  # nothing fetched before it is needed
    assert [i["id"] for i in page] == IDS
    assert len(server.requests) == 3  # 3 + 3 + 1 items; the short last page ends it
    assert server.query("status") == ["active"] * 3  # the filter went with every page
    assert [r.headers["X-Id"] for r in server.requests] == ["int-1"] * 3  # client default


@pytest.mark.asyncio
@pytest.mark.parametrize("route", ["kombo", "stripe", "pages", "offset", "link", "twilio"])
async def test_every_scheme_pages_through_all_items_async(rtx: SimpleNamespace, route: str) -> None:
    server = Server()
    list_items = async_op(rtx, server, route)
    page = await list_items(**_first_args(route))
    seen = [i["id"] async for i in page]
    assert seen == IDS
    assert len(server.requests) == 3
    assert server.query("status") == ["active"] * 3
    pages = [p.page_number async for p in page.iter_pages()]
    assert pages == [1, 2, 3]


def test_positions_sent_per_scheme(rtx: SimpleNamespace) -> None:
    expected = {
        "kombo": ("cursor", [None, "3", "6"]),
        "stripe": ("starting_after", [None, "it2", "it5"]),
        "pages": ("page", [None, "2", "3"]),
        "offset": ("offset", [None, "3", "6"]),
        "link": ("page", [None, "2", "3"]),
        "twilio": ("PageToken", [None, "3", "6"]),
    }
    for route, (name, values) in expected.items():
        server = Server()
        list(sync_op(rtx, server, route, [])(**_first_args(route)))
        assert server.query(name) == values, route


def test_resume_from_a_stored_cursor(rtx: SimpleNamespace) -> None:
    server = Server()
    list_items = sync_op(rtx, server, "kombo", [])
    first = list_items(page_size=3, status="active")
    stored = first.next_cursor
    assert (first.cursor_param, stored) == ("cursor", "3")
    later = list_items(page_size=3, status="active", cursor=stored)
    assert [i["id"] for i in later] == IDS[3:]
    assert server.query("cursor") == [None, "3", "6"]


def test_resume_from_a_stored_link(rtx: SimpleNamespace) -> None:
    server = Server()
    list_items = sync_op(rtx, server, "link", [])
    stored = list_items(status="active").next_cursor
    assert stored == f"{BASE_URL}/link?page=2&status=active"
    options = rtx.base.RequestOptions(url=stored)
    later = list_items(status="active", request_options=options)
    assert [i["id"] for i in later] == IDS[3:]
    assert [str(r.url) for r in server.requests[1:]] == [
        stored,
        f"{BASE_URL}/link?page=3&status=active",
    ]


def test_repeating_cursor_stops_with_an_error(rtx: SimpleNamespace) -> None:
    server = Server(repeat=True)
    page = sync_op(rtx, server, "kombo", [])(page_size=3)
    got = []
    with pytest.raises(rtx.pagination.PaginationError, match="already requested") as info:
        got.extend(i["id"] for i in page)
    assert got == IDS[:3] * 2  # cursor "0" was new once (the first call had none)
    assert info.value.page_number == 2
    assert info.value.position == "0"
    assert len(server.requests) == 2


def test_page_pointing_to_itself_stops(rtx: SimpleNamespace) -> None:
    server = Server(repeat=True)
    page = sync_op(rtx, server, "kombo", [])(page_size=3, cursor="0")
    assert page.has_next_page()
    with pytest.raises(rtx.pagination.PaginationError, match="cursor='0'"):
        page.next_page()
    assert len(server.requests) == 1


def test_a_cursor_that_is_a_url_is_followed(rtx: SimpleNamespace) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        page = int(request.url.params.get("page", 1))
        nxt = f"{BASE_URL}/kombo?page=2" if page == 1 else None
        return httpx.Response(200, json={"data": {"next": nxt, "results": [{"id": page}]}})

    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(handler))
    ctx = rtx.base.Context(transport=transport, defaults={"integration_id": "i"})

    def call(**args: Any) -> Any:
        response = transport.send(_request(rtx, ctx, "kombo", args))
        return rtx.pagination.SyncPage(
            paging=pagings(rtx)["kombo"], data=response.json(), http_response=response,
            call=call, args=args,
        )  # fmt: skip

    assert [i["id"] for i in call(status="x")] == [1, 2]
    assert seen == [f"{BASE_URL}/kombo?status=x", f"{BASE_URL}/kombo?page=2"]


def test_link_to_another_origin_is_not_followed(rtx: SimpleNamespace) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        link = '<https://evil.example.net/v1/link?page=2>; rel="next"'
        return httpx.Response(200, json=[{"id": "x"}], headers={"Link": link})

    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(handler))
    ctx = rtx.base.Context(transport=transport, defaults={"integration_id": "i"})
    response = transport.send(_request(rtx, ctx, "link", {}))
    page = rtx.pagination.SyncPage(
        paging=pagings(rtx)["link"], data=response.json(), http_response=response,
        call=lambda **a: pytest.fail("must not be called"), args={},
    )  # fmt: skip
    with pytest.raises(rtx.pagination.PaginationError, match="origin"):
        page.next_page()


def test_failed_page_is_retried(rtx: SimpleNamespace) -> None:
    server = Server(fail={2: 503})
    sleeps: list[float] = []
    page = sync_op(rtx, server, "stripe", sleeps)(limit=3, status="active")
    assert [i["id"] for i in page] == IDS
    assert len(server.requests) == 4  # page 2 asked twice
    assert server.query("starting_after") == [None, "it2", "it2", "it5"]
    assert server.query("status") == ["active"] * 4
    assert len(sleeps) == 1


def test_failed_page_that_stays_failed_raises(rtx: SimpleNamespace) -> None:
    server = Server(fail={2: 404})
    page = sync_op(rtx, server, "kombo", [])(page_size=3)
    with pytest.raises(rtx.errors.NotFoundError):
        list(page)


def test_max_pages_and_limit_bound_the_walk(rtx: SimpleNamespace) -> None:
    server = Server()
    page = sync_op(rtx, server, "kombo", [])(page_size=3)
    assert [p.page_number for p in page.iter_pages(max_pages=2)] == [1, 2]
    assert len(server.requests) == 2
    server.requests.clear()
    assert [i["id"] for i in page.iter_items(limit=4)] == IDS[:4]
    assert len(server.requests) == 1
    server.requests.clear()
    assert [i["id"] for i in page.iter_items(max_pages=1)] == IDS[:3]
    assert list(page.iter_items(limit=0)) == []
    assert server.requests == []


def test_request_options_carry_over(rtx: SimpleNamespace) -> None:
    server = Server()
    options = rtx.base.RequestOptions(extra_headers={"X-Trace": "t1"}, extra_query={"debug": 1})
    list(sync_op(rtx, server, "kombo", [])(page_size=3, request_options=options))
    assert [r.headers.get("X-Trace") for r in server.requests] == ["t1"] * 3
    assert server.query("debug") == ["1"] * 3


def test_last_page(rtx: SimpleNamespace) -> None:
    server = Server()
    page = sync_op(rtx, server, "pages", [])(page=3, per_page=3)
    assert [i["id"] for i in page.items] == IDS[6:]
    assert not page.has_next_page()
    assert page.next_cursor is None
    with pytest.raises(rtx.pagination.PaginationError, match="last page"):
        page.next_page()


def test_page_number_stops_at_the_total_without_a_short_page(rtx: SimpleNamespace) -> None:
    server = Server()
    page = sync_op(rtx, server, "pages", [])(per_page=7)  # one full page holds everything
    assert len(list(page)) == 7
    assert len(server.requests) == 1


def test_empty_page_ends_offset_paging_without_a_size(rtx: SimpleNamespace) -> None:
    paging = rtx.pagination.Paging(
        scheme="offset", operation_id="o", items=lambda d: d["results"], param="offset", first=0
    )
    server = Server()
    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(server))
    ctx = rtx.base.Context(transport=transport, defaults={"integration_id": "i"})

    def call(**args: Any) -> Any:
        response = transport.send(_request(rtx, ctx, "offset", args))
        return rtx.pagination.SyncPage(
            paging=paging, data=response.json(), http_response=response, call=call, args=args
        )

    assert [i["id"] for i in call()] == IDS  # no size known: pages of 3, 3, 1, then empty
    assert server.query("offset") == [None, "3", "6", "7"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('<https://a/x?page=2>; rel="next"', "https://a/x?page=2"),
        ('<https://a/1>; rel="prev", <https://a/3>; rel="next"', "https://a/3"),
        ("<https://a/3>; rel=next", "https://a/3"),
        ('<https://a/3>; title="x"; rel="last next"', "https://a/3"),
        ('<https://a/1>; rel="prev"', None),
        ("", None),
        (None, None),
    ],
)
def test_next_link(rtx: SimpleNamespace, header: str | None, expected: str | None) -> None:
    assert rtx.pagination.next_link(header) == expected


def test_repr(rtx: SimpleNamespace) -> None:
    page = sync_op(rtx, Server(), "kombo", [])(page_size=3)
    assert repr(page) == "SyncPage(kombo, page 1, 3 items)"
    assert json.dumps(page.items) == json.dumps(_chunk(0, 3))
