"""The Kombo client's paginated ``lms.get_courses`` (cursor/page_size, data.next/data.results),
raw responses of a task operation, and dates on the Kombo models."""

from __future__ import annotations

import datetime
from types import ModuleType

import pytest
from client_support import (
    INTEGRATION_ID,
    TASK_ID,
    ClientFactory,
    JsonObject,
    Wire,
    json_reply,
    pending_task,
    upsert_accepted,
    upsert_body,
)


def courses_page(ids: list[str], next_cursor: str | None) -> JsonObject:
    results = [{"id": i, "changed_at": "2025-06-01T12:00:00.000Z", "name": "kept"} for i in ids]
    return {"status": "success", "data": {"next": next_cursor, "results": results}}


def test_get_courses_pages_with_filters_on_every_page(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(courses_page(["a", "b"], "c1")),
        json_reply(courses_page(["c"], "c2")),
        json_reply(courses_page([], None)),
    )
    since = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    with make_client() as client:
        page = client.lms.get_courses(page_size=2, updated_after=since, include_deleted=True)
        assert isinstance(page, kombo.SyncPage)
        assert [c.id for c in page] == ["a", "b", "c"]
    params = [dict(r.url.params) for r in wire.requests]
    common = {"page_size": "2", "updated_after": "2025-01-01T00:00:00Z", "include_deleted": "true"}
    assert params == [common, {**common, "cursor": "c1"}, {**common, "cursor": "c2"}]
    assert {r.headers["X-Integration-Id"] for r in wire.requests} == {INTEGRATION_ID}


def test_get_courses_items_are_typed_with_dates(make_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(courses_page(["a"], None)))
    with make_client() as client:
        [course] = client.lms.get_courses().items
    assert course.changed_at == datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)
    assert course.additional_properties == {"name": "kept"}
    assert course.to_dict()["changed_at"] == "2025-06-01T12:00:00.000Z"


@pytest.mark.asyncio
async def test_get_courses_async(make_async_client: ClientFactory, wire: Wire) -> None:
    wire.script(json_reply(courses_page(["a"], "n")), json_reply(courses_page(["b"], None)))
    async with make_async_client() as client:
        page = await client.lms.get_courses()
        assert [c.id async for c in page] == ["a", "b"]


def test_raw_response_of_a_task_operation_gives_the_handle(
    kombo: ModuleType, make_client: ClientFactory, wire: Wire
) -> None:
    wire.script(
        json_reply(upsert_accepted(), headers={"x-request-id": "req-7"}),
        json_reply(pending_task()),
    )
    with make_client() as client:
        raw = client.lms.with_raw_response.upsert_courses(body=upsert_body("course-1"))
        handle = raw.parse()
        assert raw.status_code == 200
        assert raw.request_id == "req-7"
        assert handle.task_id == TASK_ID
        assert handle.poll().data.status == "PENDING"
