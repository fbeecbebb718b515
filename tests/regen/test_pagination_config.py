"""Which operations gen treats as paginated: detection on small specs, and ``pagination:``,
``idempotency_header:`` in ``gen.yaml`` (applied, and rejected with clear errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _schema(param: str) -> dict[str, str]:
    if param == "since":
        return {"type": "string", "format": "date-time"}
    return {"type": "integer" if param in _INTS else "string"}


def _list_op(op_id: str, tag: str, params: list[str], body: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": op_id,
            "tags": [tag],
            "parameters": [
                {
                    "name": p,
                    "in": "query",
                    "schema": _schema(p),
                }
                for p in params
            ],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": body}}}
            },
        }
    }


_INTS = {"offset", "limit", "page", "per_page"}
_ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}


def _spec(tmp_path: Path) -> Path:
    paths = {
        # Spotify-like: offset/limit with a `next` URL: offset paging (no cursor parameter)
        "/albums": _list_op(
            "listAlbums",
            "Albums",
            ["offset", "limit"],
            {
                "type": "object",
                "required": ["items", "next"],
                "properties": {"items": _ITEMS, "next": {"type": ["string", "null"]}},
            },
        ),
        # odd names that detection does not know: only a rule in gen.yaml makes it page
        "/logs": _list_op(
            "listLogs",
            "Logs",
            ["from"],
            {
                "type": "object",
                "required": ["entries", "meta"],
                "properties": {
                    "entries": _ITEMS,
                    "meta": {
                        "type": "object",
                        "required": ["continuation"],
                        "properties": {"continuation": {"type": ["string", "null"]}},
                    },
                },
            },
        ),
        # a plain list without any position parameter: not paginated
        "/tags": _list_op("listTags", "Tags", ["q"], _ITEMS),
        "/things": {
            **_list_op(
                "listThings",
                "Things",
                ["cursor", "since"],
                {
                    "type": "object",
                    "required": ["data"],
                    "properties": {"data": _ITEMS, "next_cursor": {"type": "string"}},
                },
            ),
            "post": {
                "operationId": "createThing",
                "tags": ["Things"],
                "responses": {"201": {"description": "created"}},
            },
        },
    }
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Paging Config", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"Thing": thing}},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def _run(tmp_path: Path, config: str | None, *extra: str) -> tuple[int, str, Path]:
    spec = _spec(tmp_path)
    args = ["--spec", str(spec), "--out", str(tmp_path / "out"), *extra]
    if config is not None:
        (tmp_path / "gen.yaml").write_text(config)
    code, output = gen(*args)
    return code, output, tmp_path / "out" / "paging_config"


def test_detection(tmp_path: Path) -> None:
    code, output, _ = _run(tmp_path, None)
    assert code == 0, output
    assert (
        "gen: 2 paginated operation(s): albums.list_albums (offset), things.list_things (cursor)."
        in output
    )


def test_detection_off(tmp_path: Path) -> None:
    code, output, pkg = _run(tmp_path, "pagination: false\n")
    assert code == 0, output
    assert "paginated" not in output
    assert "SyncPage(" not in (pkg / "_ops" / "things.py").read_text()


def test_rules_by_operation_tag_and_none(tmp_path: Path) -> None:
    config = (
        "pagination:\n"
        "  tags:\n"
        "    Albums: none\n"
        "  operations:\n"
        "    listLogs: {scheme: cursor, param: from, cursor: meta.continuation, items: entries}\n"
    )
    code, output, pkg = _run(tmp_path, config)
    assert code == 0, output
    assert "2 paginated operation(s): logs.list_logs (cursor), things.list_things" in output
    logs = (pkg / "_ops" / "logs.py").read_text()
    assert "cursor=lambda r: r.meta.continuation" in logs
    assert 'param="from_"' in logs  # the keyword argument of the `from` parameter
    readme = (tmp_path / "out" / "README.md").read_text()
    assert "| `client.logs.list_logs` | cursor | `from_=page.next_cursor` |" in readme


def test_verbose_lists_every_paginated_operation(tmp_path: Path) -> None:
    code, output, _ = _run(tmp_path, None, "-v")
    assert code == 0, output
    assert "albums.list_albums (offset), things.list_things (cursor)." in output


def test_idempotency_header(tmp_path: Path) -> None:
    code, output, pkg = _run(
        tmp_path, "idempotency_header: Idempotency-Key\nretry_safe: [createThing]\n"
    )
    assert code == 0, output
    ops = (pkg / "_ops" / "things.py").read_text()
    assert ops.count('idempotency_header="Idempotency-Key"') == 1  # the POST; not the GET


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "pagination: {operations: {listLogs: {scheme: cursr}}}\n",
            "#/pagination/operations/listLogs/scheme: error: "
            "'pagination.operations.listLogs.scheme': 'cursr' is not one of cursor, after_id,"
            " page, offset, link, next_url, none",
        ),
        (
            "pagination: {operations: {listLogs: {scheme: cursor, curser: meta.x}}}\n",
            "'pagination.operations.listLogs.curser' is not a paging setting"
            " (did you mean 'cursor'?)",
        ),
        (
            "pagination: {detected: false}\n",
            "'pagination.detected' is not a pagination setting (did you mean 'detect'?)",
        ),
        (
            "pagination: {operations: {listLog: cursor}}\n",
            "#/pagination/operations: error: operationId 'listLog' is not in the spec",
        ),
        (
            "pagination: {operations: {listLogs: cursor}}\n",
            "error: pagination for listLogs: it does not fit the 'cursor' scheme",
        ),
        (
            "pagination: {operations: {listLogs: {scheme: cursor, items: nothing}}}\n",
            "error: pagination for listLogs: its response has no list of items",
        ),
        (
            "pagination: {operations: {createThing: page}}\n",
            "error: pagination for createThing: it has no JSON success response",
        ),
        ("pagination: 3\n", "'pagination' must be a mapping (detect, all, tags, operations)"),
        ("idempotency_header: 'a b'\n", "'idempotency_header': 'a b' is not an HTTP header name"),
        ("native_dates: maybe\n", "'native_dates' must be true or false"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path: Path, content: str, expected: str) -> None:
    code, output, pkg = _run(tmp_path, content)
    assert code == 2, output
    assert expected in output
    assert not pkg.exists()


@pytest.mark.parametrize(
    ("config", "annotation"),
    [
        (None, "since: _dt.datetime | str | Unset = UNSET"),
        ("native_dates: false\n", "since: str | Unset = UNSET"),
    ],
)
def test_native_dates_setting(tmp_path: Path, config: str | None, annotation: str) -> None:
    code, output, pkg = _run(tmp_path, config)
    assert code == 0, output
    assert annotation in (pkg / "_ops" / "things.py").read_text()
