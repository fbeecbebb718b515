"""The generated ``golden_pagination`` package against a fake server (``httpx.MockTransport``):
each paging scheme, sync and async, with filters and the client default (``X-Integration-Id``)
on every page; resuming from a stored cursor; a repeating cursor; a failed page retried. Then
raw responses, extra request fields, ``client.request()``, ``with_options()`` and idempotency
keys, which every generated client has.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

BASE = "https://api.example.com/v1"
IDS = [f"id{i}" for i in range(7)]


def _chunk(start: int, size: int) -> list[dict[str, Any]]:
    return [{"id": i, "title": f"T {i}", "amount": 1} for i in IDS[start : start + size]]


class Server:
    """An endpoint per scheme, as the spec describes them; records every request."""

    def __init__(self, *, fail: dict[int, int] | None = None, repeat: bool = False) -> None:
        self.requests: list[httpx.Request] = []
        self.fail = dict(fail or {})
        self.repeat = repeat

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.fail.pop(len(self.requests), None)
        if status is not None:
            return httpx.Response(status, json={"error": {"code": "X", "message": "later"}})
        route = request.url.path.removeprefix("/v1/").split("/")[0]
        body, headers = getattr(self, route)(request.url.params)
        return httpx.Response(200, json=body, headers={"x-request-id": "req-1", **headers})

    def courses(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        start, size = int(q.get("cursor") or 0), int(q.get("page_size", 3))
        end = start + size
        nxt = "0" if self.repeat else (str(end) if end < len(IDS) else None)
        return {"status": "success", "data": {"next": nxt, "results": _chunk(start, size)}}, {}

    def charges(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        after = q.get("starting_after")
        start, size = (IDS.index(after) + 1 if after else 0), int(q.get("limit", 3))
        body = {"object": "list", "data": _chunk(start, size), "has_more": start + size < 7}
        return body, {}

    def users(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        page, per = int(q.get("page", 1)), int(q.get("per_page", 3))
        return {"items": _chunk((page - 1) * per, per), "total": len(IDS)}, {}

    def events(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        return {"results": _chunk(int(q.get("offset", 0)), int(q.get("limit", 3)))}, {}

    def repos(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        page = int(q.get("page", 1))
        link = f'<{BASE}/repos?page={page + 1}&sort={q.get("sort")}>; rel="next"'
        return _chunk((page - 1) * 3, 3), ({"Link": link} if page * 3 < len(IDS) else {})

    def files(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        start, size = int(q.get("pageToken") or 0), int(q.get("pageSize", 3))
        body: dict[str, Any] = {"files": _chunk(start, size)}
        if start + size < len(IDS):
            body["nextPageToken"] = str(start + size)
        return body, {}

    def messages(self, q: httpx.QueryParams) -> tuple[Any, dict[str, str]]:
        start, size = int(q.get("PageToken") or 0), int(q.get("PageSize", 3))
        nxt = f"/v1/messages?PageSize={size}&PageToken={start + size}"
        body = {"messages": _chunk(start, size), "meta": {"next_page_url": None}}
        if start + size < len(IDS):
            body["meta"]["next_page_url"] = nxt  # relative, as Twilio sends it
        return body, {}

    def query(self, name: str) -> list[str | None]:
        return [r.url.params.get(name) for r in self.requests]


#: (group, method, first-call arguments with a filter, query name of the position, positions)
SCHEMES = [
    ("courses", "list_courses", {"page_size": 3, "ids": ["a", "b"]}, "cursor", [None, "3", "6"]),
    ("charges", "list_charges", {"limit": 3, "customer": "c1"}, "starting_after",
     [None, "id2", "id5"]),
    ("users", "list_users", {"per_page": 3, "role": "admin"}, "page", [None, "2", "3"]),
    ("events", "list_events", {}, "offset", [None, "3", "6"]),  # limit: the spec's default 3
    ("repos", "list_repositories", {"sort": "name"}, "page", [None, "2", "3"]),
    ("files", "list_files", {"page_size": 3}, "pageToken", [None, "3", "6"]),
]  # fmt: skip
SCHEMES.append(("messages", "list_messages", {"page_size": 3}, "PageToken", [None, "3", "6"]))
FILTERS = {"courses": ("ids", "a,b"), "charges": ("customer", "c1"), "users": ("role", "admin")}
FILTERS |= {"repos": ("sort", "name"), "files": ("pageSize", "3"), "messages": ("PageSize", "3")}


@pytest.fixture
def pkg(load: Callable[[str], Any]) -> Any:
    return load("pagination")


def client(pkg: Any, server: Server, **kwargs: Any) -> Any:
    kwargs.setdefault("sleep", lambda seconds: None)
    return pkg.Client(integration_id="int-1", transport=httpx.MockTransport(server), **kwargs)


def async_client(pkg: Any, server: Server) -> Any:
    async def no_sleep(seconds: float) -> None:
        pass

    return pkg.AsyncClient(
        integration_id="int-1", transport=httpx.MockTransport(server), sleep=no_sleep
    )


def _check_requests(server: Server, group: str, position: str, values: list[Any]) -> None:
    assert server.query(position) == values
    assert [r.headers["X-Integration-Id"] for r in server.requests] == ["int-1"] * 3
    if group in FILTERS:
        name, value = FILTERS[group]
        assert server.query(name) == [value] * 3


@pytest.mark.parametrize(("group", "method", "args", "position", "values"), SCHEMES)
def test_each_scheme_pages_sync(
    pkg: Any, group: str, method: str, args: dict[str, Any], position: str, values: list[Any]
) -> None:
    server = Server()
    with client(pkg, server) as c:
        page = getattr(getattr(c, group), method)(**args)
        assert isinstance(page, pkg.SyncPage)
        assert [x.id for x in page.items] == IDS[:3]
        assert len(server.requests) == 1
        assert [x.id for x in page] == IDS
    _check_requests(server, group, position, values)


@pytest.mark.asyncio
@pytest.mark.parametrize(("group", "method", "args", "position", "values"), SCHEMES)
async def test_each_scheme_pages_async(
    pkg: Any, group: str, method: str, args: dict[str, Any], position: str, values: list[Any]
) -> None:
    server = Server()
    async with async_client(pkg, server) as c:
        page = await getattr(getattr(c, group), method)(**args)
        assert isinstance(page, pkg.AsyncPage)
        assert [x.id async for x in page] == IDS
    _check_requests(server, group, position, values)


def test_items_are_typed_models(pkg: Any) -> None:
    with client(pkg, Server()) as c:
        page = c.courses.list_courses(page_size=3)
        assert type(page.items[0]).__name__ == "Course"
        assert page.data.data.next == "3"
        assert page.next_cursor == "3"


def test_resume_from_a_stored_cursor(pkg: Any) -> None:
    server = Server()
    with client(pkg, server) as c:
        stored = c.courses.list_courses(page_size=3).next_cursor
        rest = c.courses.list_courses(page_size=3, cursor=stored)
        assert [x.id for x in rest] == IDS[3:]
    assert server.query("cursor") == [None, "3", "6"]


def test_repeating_cursor_stops(pkg: Any) -> None:
    server = Server(repeat=True)
    with client(pkg, server) as c, pytest.raises(pkg.PaginationError, match="already requested"):
        list(c.courses.list_courses(page_size=3))
    assert len(server.requests) == 2


def test_failed_page_is_retried(pkg: Any) -> None:
    server = Server(fail={2: 503})
    with client(pkg, server) as c:
        assert [x.id for x in c.charges.list_charges(limit=3, customer="c1")] == IDS
    assert server.query("starting_after") == [None, "id2", "id2", "id5"]
    assert server.query("customer") == ["c1"] * 4


def test_max_pages_and_limit(pkg: Any) -> None:
    server = Server()
    with client(pkg, server) as c:
        page = c.users.list_users(per_page=3)
        assert len(list(page.iter_pages(max_pages=2))) == 2
        assert [x.id for x in page.iter_items(limit=5)] == IDS[:5]


def test_request_options_carry_over(pkg: Any) -> None:
    server = Server()
    options = pkg.RequestOptions(extra_headers={"X-Trace": "t"}, extra_query={"beta": "1"})
    with client(pkg, server) as c:
        list(c.courses.list_courses(page_size=3, request_options=options))
    assert [r.headers["X-Trace"] for r in server.requests] == ["t"] * 3
    assert server.query("beta") == ["1"] * 3


def test_a_page_is_validated_like_any_call(pkg: Any) -> None:
    with client(pkg, Server()) as c, pytest.raises(pkg.RequestValidationError):
        c.courses.list_courses(page_size="many")


# --------------------------------------------------------------------------- raw responses


def test_raw_response_of_a_model(pkg: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"id": "c1", "title": "Course"}
        return httpx.Response(200, json=body, headers={"x-request-id": "r-9"})

    with pkg.Client(integration_id="i", transport=httpx.MockTransport(handler)) as c:
        raw = c.courses.with_raw_response.get_course("c1")
        plain = c.courses.get_course("c1")
    assert isinstance(raw, pkg.RawResponse)
    assert (raw.status_code, raw.request_id, raw.headers["x-request-id"]) == (200, "r-9", "r-9")
    assert raw.http_request.url == f"{BASE}/courses/c1"
    assert raw.http_response.json() == {"id": "c1", "title": "Course"}
    assert raw.parse() == plain


def test_raw_response_of_a_paginated_method(pkg: Any) -> None:
    server = Server()
    with client(pkg, server) as c:
        raw = c.courses.with_raw_response.list_courses(page_size=3)
        page = raw.parse()
        assert isinstance(page, pkg.SyncPage)
        assert raw.headers["x-request-id"] == "req-1"
        assert [x.id for x in page] == IDS


@pytest.mark.asyncio
async def test_raw_response_async_and_errors(pkg: Any) -> None:
    server = Server(fail={1: 404})
    async with async_client(pkg, server) as c:
        with pytest.raises(pkg.NotFoundError):
            await c.courses.with_raw_response.list_courses()
        raw = await c.courses.with_raw_response.list_courses(page_size=3)
        assert [x.id async for x in raw.parse()] == IDS


# --------------------------------------------------------------------------- escape hatches


def _recorder() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1 and request.headers.get("x-fail-first") == "yes":
            return httpx.Response(503)
        return httpx.Response(201, json={"id": "c1", "title": "x"})

    return seen, httpx.MockTransport(handler)


def test_extra_body_and_query_after_validation(pkg: Any) -> None:
    seen, transport = _recorder()
    options = pkg.RequestOptions(extra_body={"beta_field": [1]}, extra_query={"dry_run": True})
    with pkg.Client(integration_id="i", transport=transport) as c:
        c.courses.create_course(body={"title": "New"}, request_options=options)
        with pytest.raises(pkg.RequestValidationError, match="title"):
            c.courses.create_course(body={"title": ""}, request_options=options)
    assert json.loads(seen[0].content) == {"title": "New", "beta_field": [1]}
    assert seen[0].url.params["dry_run"] == "true"
    assert len(seen) == 1


def test_idempotency_key_same_on_retry_new_per_call(pkg: Any) -> None:
    seen, transport = _recorder()
    headers = {"X-Fail-First": "yes"}
    with pkg.Client(integration_id="i", transport=transport, sleep=lambda s: None) as c:
        c.courses.create_course(
            body={"title": "a"}, request_options=pkg.RequestOptions(headers=headers)
        )
        c.courses.create_course(body={"title": "b"})
        c.courses.create_course(
            body={"title": "c"}, request_options=pkg.RequestOptions(idempotency_key="k-1")
        )
        c.courses.get_course("c1")  # a GET sends none
    keys = [r.headers.get("Idempotency-Key") for r in seen]
    assert keys[0] == keys[1] != keys[2]
    assert keys[3] == "k-1"
    assert all(keys[:4])
    assert keys[4] is None


def test_client_request_for_an_endpoint_the_spec_lacks(pkg: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(502)
        if request.url.path.endswith("/missing"):
            return httpx.Response(404, json={"error": {"code": "NOPE", "message": "gone"}})
        return httpx.Response(200, json={"ok": True})

    with pkg.Client(
        integration_id="int-1", transport=httpx.MockTransport(handler), sleep=lambda s: None
    ) as c:
        raw = c.request("GET", "/beta/things", query={"q": "x y"})
        assert raw.parse() == {"ok": True}
        with pytest.raises(pkg.NotFoundError) as caught:
            c.request("POST", "/missing", json={"a": 1})
    assert caught.value.code == "NOPE"
    assert len(seen) == 3  # the 502 was retried (GET); the POST was not retried
    assert str(seen[1].url) == f"{BASE}/beta/things?q=x%20y"
    assert seen[1].headers["X-Integration-Id"] == "int-1"  # the client default
    assert json.loads(seen[2].content) == {"a": 1}


def test_with_options_shares_the_pool(pkg: Any) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "c1", "title": "t"})

    with pkg.Client(integration_id="a", transport=httpx.MockTransport(handler)) as c:
        other = c.with_options(integration_id="b", timeout=2.0, headers={"X-Extra": "1"})
        other.courses.get_course("c1")
        c.courses.get_course("c1")
        assert other._transport._client is c._transport._client
        other.close()  # the shared pool stays open
        c.courses.get_course("c1")
    assert [r.headers["X-Integration-Id"] for r in seen] == ["b", "a", "a"]
    assert [r.headers.get("X-Extra") for r in seen] == ["1", None, None]
    assert seen[0].extensions["timeout"]["read"] == 2.0


# --------------------------------------------------------------------------- native dates


def test_dates_decode_to_datetime_and_round_trip(pkg: Any) -> None:
    import datetime

    data = {"id": "c1", "title": "T", "updated_at": "2025-06-01T14:00:00.5+02:00"}
    data["starts_on"] = "2025-07-01"
    course = pkg.models.Course.from_dict(data)
    assert course.updated_at == datetime.datetime(2025, 6, 1, 12, 0, 0, 500000, tzinfo=datetime.UTC)
    assert course.starts_on == datetime.date(2025, 7, 1)
    assert course.to_dict() == data  # written back exactly as received
    assert json.loads(course.to_json()) == data
    made = pkg.models.Course(
        id="c2", title="T", updated_at=datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    )
    assert made.to_dict()["updated_at"] == "2025-01-02T03:04:05Z"
    with pytest.raises(pkg.ValidationError):
        pkg.models.Course.from_dict({**data, "updated_at": "yesterday"})


def test_date_parameters_accept_datetimes_and_strings(pkg: Any) -> None:
    import datetime

    server = Server()
    moment = datetime.datetime(
        2025, 6, 1, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    with client(pkg, server) as c:
        c.courses.list_courses(
            updated_after=datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)
        )
        c.courses.list_courses(updated_after=moment)
        c.courses.list_courses(updated_after="2025-06-01T12:00:00.000Z")
        with pytest.raises(pkg.RequestValidationError, match="updated_after"):
            c.courses.list_courses(updated_after="last week")
    assert server.query("updated_after") == [
        "2025-06-01T12:00:00Z",
        "2025-06-01T14:00:00+02:00",
        "2025-06-01T12:00:00.000Z",
    ]


def test_a_date_in_a_plain_body_is_encoded(pkg: Any) -> None:
    import datetime

    seen, transport = _recorder()
    options = pkg.RequestOptions(extra_body={"at": datetime.date(2025, 6, 1)})
    with pkg.Client(integration_id="i", transport=transport) as c:
        c.courses.create_course(body={"title": "x"}, request_options=options)
    assert json.loads(seen[0].content) == {"title": "x", "at": "2025-06-01"}
