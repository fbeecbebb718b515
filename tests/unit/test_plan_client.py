"""Unit tests of ``generator.plan.client``: operations in, groups, methods, parameters, bodies,
responses, retries, client-wide defaults and async tasks out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import Config
from generator.ir.nodes import Json
from generator.plan import types as t
from generator.plan.client.plans import ClientPlan, OperationPlan, PathPart
from tests.unit.plan_support import client_of, document, operation

STR = t.TPrim("str")
OK = {"200": {"description": "ok"}}


def json_response(schema: dict[str, Any], media: str = "application/json") -> dict[str, Any]:
    return {"description": "ok", "content": {media: {"schema": schema}}}


def op(operation_id: str, **more: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "responses": more.pop("responses", OK), **more}


def config(**options: Any) -> Config:
    return Config(spec=Path("spec.json"), **options)


def plan_ops(paths: dict[str, Any], cfg: Config | None = None) -> ClientPlan:
    return client_of(document(None, paths), cfg)[0]


def one(paths: dict[str, Any], operation_id: str, cfg: Config | None = None) -> OperationPlan:
    return operation(plan_ops(paths, cfg), operation_id)


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


# ------------------------------------------------------------------ names and groups


def test_method_names_from_summary_operation_id_and_config() -> None:
    paths = {
        "/things": {
            "get": op("listThings", summary="List the things", tags=["Things"]),
            # same summary in the same group: falls back to its operationId
            "post": op("createThing", summary="List the things", tags=["Things"]),
            "put": op(
                "replaceThings",
                summary="A summary that is far too long to be the name of a method at all",
                tags=["Things"],
            ),
            "patch": op("patchThings", summary="Patch things", tags=["Things"]),
        }
    }
    names = dict(plan_ops(paths).operations)
    assert names == {
        "listThings": "things.list_things",  # articles dropped
        "createThing": "things.create_thing",
        "replaceThings": "things.replace_things",
        "patchThings": "things.patch_things",
    }
    configured = plan_ops(paths, config(method_names=(("patchThings", "amend"),)))
    assert dict(configured.operations)["patchThings"] == "things.amend"


def test_groups_from_tags_paths_and_config() -> None:
    paths = {
        "/v1/customers/{id}": {
            "parameters": [path_param("id")],
            "get": op("getCustomer", tags=["Unified HRIS API"]),  # generic words dropped
            "delete": op("deleteCustomer"),  # no tag: first path segment that is no version
        },
        "/v2/api/{id}": {"parameters": [path_param("id")], "get": op("getById")},
        "/close": {"post": op("closeIt", tags=["close"])},  # a name the client uses
    }
    plan = plan_ops(paths)
    assert dict(plan.operations) == {
        "getCustomer": "hris.get_customer",
        "deleteCustomer": "customers.delete_customer",
        "getById": "default.get_by_id",
        "closeIt": "close_.close_it",
    }
    groups = {ns.name: (ns.class_name, ns.async_class_name, ns.module) for ns in plan.namespaces}
    assert groups["hris"] == ("HrisApi", "AsyncHrisApi", "hris")
    # configured by tag, by operationId and by path
    cfg = config(
        namespaces=(
            ("Unified HRIS API", "people"),
            ("deleteCustomer", "admin"),
            ("/v2/api/{id}", "lookup"),
        )
    )
    assert dict(plan_ops(paths, cfg).operations) == {
        "getCustomer": "people.get_customer",
        "deleteCustomer": "admin.delete_customer",
        "getById": "lookup.get_by_id",
        "closeIt": "close_.close_it",
    }


def test_group_classes_are_unique() -> None:
    """The client module imports every group class: two groups whose names differ only by an
    underscore (``users2``, ``users_2``) may not share a class name; nor may a group's async
    class be another group's class."""
    paths = {
        "/a": {"get": op("getA", tags=["Users2"])},
        "/b": {"get": op("getB", tags=["Users 2"])},
        "/c": {"get": op("getC", tags=["Users"])},
        "/d": {"get": op("getD", tags=["Async users"])},
    }
    groups = {ns.name: (ns.class_name, ns.async_class_name) for ns in plan_ops(paths).namespaces}
    assert groups == {
        "users2": ("Users2Api", "AsyncUsers2Api"),
        "users_2": ("Users2Api2", "AsyncUsers2Api2"),
        "users": ("UsersApi", "AsyncUsersApi"),
        "async_users": ("AsyncUsersApi2", "AsyncAsyncUsersApi2"),
    }


def test_group_classes_do_not_take_model_names() -> None:
    """A group module imports the models its operations use: a component called like the
    group's class (``UsersApi``) keeps its name and the group class yields."""
    user = {"type": "object", "properties": {"name": {"type": "string"}}}
    ok = {"200": json_response({"$ref": "#/components/schemas/UsersApi"})}
    spec = document(
        {"UsersApi": user}, {"/u": {"get": op("getUsers", tags=["Users"], responses=ok)}}
    )
    client, models = client_of(spec)
    (group,) = client.namespaces
    assert models.components["UsersApi"].name == "UsersApi"
    assert (group.class_name, group.async_class_name) == ("UsersApi2", "AsyncUsersApi2")


def test_helper_names_are_unique_per_group_module() -> None:
    paths = {
        "/a": {"get": op("getA", summary="Get a thing", tags=["x"])},
        # a method whose name makes the first one's helper name again
        "/b": {"get": op("getAThingRequest", summary="Get a thing request", tags=["x"])},
    }
    plan = plan_ops(paths)
    first = operation(plan, "getA")
    assert first.name == "get_thing"  # the article is dropped
    names = first.names
    assert (names.request_fn, names.responses, names.errors_table, names.key_fn) == (
        "_get_thing_request",
        "_GET_THING",
        "_ERRORS",  # one table for the identical error responses of the group
        "_get_thing_key",
    )
    assert (names.resume_method, names.handle_method) == ("resume_get_thing", "_get_thing_handle")
    second = operation(plan, "getAThingRequest")
    assert second.name == "get_thing_request"
    helpers = [n for o in (first, second) for n in (o.names.request_fn, o.names.key_fn)]
    assert len(set(helpers)) == len(helpers)
    # both answer the same way: they share their Responses (and so their error table)
    assert (first.names.responses, first.names.errors_table) == (
        second.names.responses,
        second.names.errors_table,
    )


# ------------------------------------------------------------------ parameters and path


def test_path_parts_and_parameter_plans() -> None:
    paths = {
        "/v1/customers/{customer_id}/notes/{note-id}.json": {
            "parameters": [path_param("customer_id")],
            "get": op(
                "getNote",
                parameters=[
                    {
                        "name": "note-id",
                        "in": "path",
                        "required": True,
                        "style": "label",
                        "explode": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}},
                    {
                        "name": "ids",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "q",
                        "in": "query",
                        "allowReserved": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "h",
                        "in": "header",
                        "allowReserved": True,
                        "schema": {"type": "string"},
                    },
                    {"name": "class", "in": "query", "schema": {"type": "string"}},
                    {"name": "body", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "filter",
                        "in": "query",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                ],
            ),
        }
    }
    plan = one(paths, "getNote")
    assert plan.path_parts == (
        PathPart("text", "/v1/customers/"),
        PathPart("param", "customer_id", "customer_id", "simple", False),
        PathPart("text", "/notes/"),
        PathPart("param", "note_id", "note-id", "label", True),
        PathPart("text", ".json"),
    )
    params = {p.wire: p for p in plan.params}
    assert {w: p.attr for w, p in params.items()} == {
        "customer_id": "customer_id",
        "note-id": "note_id",
        "X-Trace-Id": "trace_id",  # a leading X- is dropped from header names
        "ids": "ids",
        "q": "q",
        "h": "h",
        "class": "class_",
        "body": "body_",  # the method's own keyword
        "filter": "filter_",  # a builtin
    }
    assert {w: p.location for w, p in params.items()}["X-Trace-Id"] == "header"
    assert params["customer_id"].required and params["note-id"].required
    assert not params["ids"].required
    assert (params["ids"].style, params["ids"].explode) == ("form", False)
    assert params["ids"].type == t.TList(STR)
    assert (params["q"].style, params["q"].explode) == ("form", True)  # the defaults of a query
    assert (params["X-Trace-Id"].style, params["X-Trace-Id"].explode) == ("simple", False)
    assert params["q"].allow_reserved
    assert not params["h"].allow_reserved  # only query values may keep reserved characters
    assert params["filter"].json_content and not params["q"].json_content
    assert params["q"].check_fn is not None and params["q"].default_key is None


@pytest.mark.parametrize(
    "wire",
    [
        "ctx",  # the request function's first argument: a duplicate argument otherwise
        "rb",  # its request builder
        "spec",  # the method's locals
        "result",
        "read_response",  # module functions the method and request function call
        "query_pairs",
        "json_text",
        "header_value",
        "cookie_pairs",
        "path_value",
    ],
)
def test_parameters_do_not_shadow_the_generated_code(wire: str) -> None:
    param = {"name": wire, "in": "query", "schema": {"type": "string"}}
    (planned,) = one({"/x": {"get": op("getX", parameters=[param])}}, "getX").params
    assert (planned.attr, planned.wire) == (wire + "_", wire)


def test_client_wide_defaults_for_parameters_half_the_operations_take() -> None:
    integration = {
        "name": "X-Integration-Id",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    }
    optional = {"name": "locale", "in": "query", "schema": {"type": "string"}}
    paths = {
        "/a": {"get": op("getA", parameters=[integration, optional])},
        "/b": {"post": op("postB", parameters=[integration])},
    }
    plan = plan_ops(paths)
    (default,) = plan.defaults
    assert (default.attr, default.wire, default.location) == (
        "integration_id",
        "X-Integration-Id",
        "header",
    )
    param = next(p for p in operation(plan, "getA").params if p.wire == "X-Integration-Id")
    # may be given once to the client: optional on the method, still required on the wire
    assert not param.required and param.wire_required
    assert param.default_key == "integration_id"
    # one operation alone: no client-wide default; two of three operations: still one
    assert plan_ops({"/a": paths["/a"]}).defaults == ()
    paths["/c"] = {"get": op("getC")}
    assert [d.wire for d in plan_ops(paths).defaults] == ["X-Integration-Id"]
    # fewer than half of the operations take it: none
    paths["/d"] = {"get": op("getD")}
    paths["/e"] = {"get": op("getE")}
    assert plan_ops(paths).defaults == ()


def test_client_wide_default_takes_the_parameters_type() -> None:
    """A default given to the client is typed and checked like the argument it stands for: an
    integer header takes an ``int`` (a ``str`` would fail the parameter's check on every call),
    an enum its literal values."""

    def header(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "in": "header", "required": True, "schema": schema}

    params = [
        header("X-Version", {"type": "integer"}),
        header("X-Ratio", {"type": ["number", "null"]}),
        header("X-Dry-Run", {"type": "boolean"}),
        header("X-Region", {"type": "string", "enum": ["eu", "us"]}),
        header("X-Any", {}),
    ]
    plan = plan_ops(
        {"/a": {"get": op("getA", parameters=params)}, "/b": {"get": op("getB", parameters=params)}}
    )
    assert {d.wire: d.type for d in plan.defaults} == {
        "X-Version": t.TPrim("int"),
        "X-Ratio": t.TUnion((t.TPrim("float"), t.NONE)),
        "X-Dry-Run": t.TPrim("bool"),
        "X-Region": t.TLiteral((Json.of("eu"), Json.of("us")), open=False),
        "X-Any": t.TAny(),
    }


# ------------------------------------------------------------------ bodies


BODY = {"type": "object", "properties": {"a": {"type": "string"}}}


@pytest.mark.parametrize(
    ("media", "kind", "writer"),
    [
        ("application/json", "json", "json_body"),
        ("application/vnd.api+json", "json", "json_body"),
        ("application/x-www-form-urlencoded", "form", "form_body"),
        ("multipart/form-data", "multipart", "multipart_body"),
        ("application/x-ndjson", "ndjson", "ndjson_items_body"),  # the schema is one line
        ("application/jsonl", "ndjson", "ndjson_items_body"),
        ("text/plain; charset=utf-8", "text", "text_body"),
        ("application/octet-stream", "bytes", "bytes_body"),
        ("image/png", "bytes", "bytes_body"),
    ],
)
def test_body_writer_per_content_type(media: str, kind: str, writer: str) -> None:
    paths = {
        "/x": {
            "post": op(
                "send",
                requestBody={"required": True, "content": {media: {"schema": BODY}}},
            )
        }
    }
    body = one(paths, "send").body
    assert body is not None
    assert (body.kind, body.writer, body.content_type, body.required) == (kind, writer, media, True)
    if kind in ("json", "form", "multipart", "ndjson"):  # bodies with a model
        assert isinstance(body.type, t.TNamed) and body.type.name == "SendRequest"
        assert body.model_class and body.check_fn is not None
    else:
        assert body.type == t.TAny() and body.check_fn is None


def test_ndjson_body_of_a_list_writes_the_list() -> None:
    schema = {"type": "array", "items": BODY}
    paths = {
        "/x": {
            "post": op(
                "send", requestBody={"content": {"application/x-ndjson": {"schema": schema}}}
            )
        }
    }
    body = one(paths, "send").body
    assert body is not None and not body.per_item and body.writer == "ndjson_body"
    assert isinstance(body.type, t.TList)


def test_json_is_preferred_over_other_content_types() -> None:
    content = {
        "application/x-www-form-urlencoded": {"schema": BODY},
        "text/plain": {},
        "application/json": {"schema": BODY},
    }
    body = one({"/x": {"put": op("send", requestBody={"content": content})}}, "send").body
    assert body is not None and body.kind == "json" and not body.required


# ------------------------------------------------------------------ responses


def test_responses_return_type_and_decoders() -> None:
    error = {"type": "object", "properties": {"message": {"type": "string"}}}
    responses = {
        "200": json_response({"type": "object", "properties": {"id": {"type": "string"}}}),
        "202": json_response({"type": "string"}, "text/plain"),
        "204": {"description": "none"},
        "404": json_response(error),
        "4XX": json_response(error),
        "default": json_response(error),
        "302": {"description": "moved"},
    }
    plan = one({"/x": {"get": op("fetchIt", responses=responses)}}, "fetchIt")
    assert [(r.status, r.kind) for r in plan.success] == [
        ("200", "json"),
        ("202", "text"),
        ("204", "empty"),
    ]
    ok = plan.success[0]
    assert isinstance(ok.type, t.TNamed) and ok.type.name == "FetchItResponse200"
    assert ok.check_fn == "_fetch_it.check_response200"  # <module>.<function>
    assert ok.decoder == "_decode_fetch_it_response200"  # after the model it returns
    assert ok.model_decoder == ok.type  # a plain object: decoded in one pass
    assert ok.check_fn and ok.loose_fn
    # the return type: each kind once, in order
    assert plan.return_type == t.TUnion((ok.type, STR, t.NONE))
    # errors: everything but 1xx-3xx, each named after its status when there are several
    assert [r.status for r in plan.errors] == ["404", "4XX", "default"]
    decoders = [r.decoder for r in plan.errors]
    assert len(set(decoders)) == 3  # three classes (below): three decode functions
    names = [r.type.name if isinstance(r.type, t.TNamed) else r.type for r in plan.errors]
    assert names == ["FetchItError404", "FetchItError4Xx", "FetchItError"]
    # one schema written three times: three places (so three classes), one validator
    assert len({r.check_fn for r in plan.errors}) == 1


def test_single_response_named_without_status_and_components_keep_their_name() -> None:
    responses = {
        "200": json_response({"type": "object", "properties": {"id": {"type": "string"}}}),
        "400": {"$ref": "#/components/responses/BadThing"},
    }
    spec = document(None, {"/x": {"get": op("fetchIt", responses=responses)}})
    spec["components"] = {
        "responses": {
            "BadThing": json_response({"type": "object", "properties": {"why": {"type": "string"}}})
        }
    }
    plan = operation(client_of(spec)[0], "fetchIt")
    (ok,) = plan.success
    assert isinstance(ok.type, t.TNamed) and ok.type.name == "FetchItResponse"
    assert plan.return_type == ok.type
    (bad,) = plan.errors
    assert isinstance(bad.type, t.TNamed) and bad.type.name == "BadThing"


def test_no_success_response_returns_none_type() -> None:
    plan = one({"/x": {"get": op("fetchIt", responses={"500": {"description": "x"}})}}, "fetchIt")
    assert plan.success == () and plan.return_type is None


# ------------------------------------------------------------------ retries


def test_retry_safe_by_method_extension_and_config() -> None:
    paths = {
        "/x": {
            "get": op("getX"),
            "put": op("putX"),
            "delete": op("deleteX"),
            "post": op("postX"),
            "patch": op("patchX"),
        },
        "/y": {"post": op("postY", **{"x-idempotent": True})},
        "/z": {"post": op("postZ", **{"x-gen-retry-safe": True}), "patch": op("patchZ")},
    }
    plan = plan_ops(paths, config(retry_safe=("patchZ",)))
    safe = {p.operation_id: p.retry_safe for ns in plan.namespaces for p in ns.operations}
    assert safe == {
        "getX": True,
        "putX": True,
        "deleteX": True,
        "postX": False,
        "patchX": False,
        "postY": True,
        "postZ": True,
        "patchZ": True,
    }


# ------------------------------------------------------------------ auth and servers


def test_auth_single_scheme_and_servers() -> None:
    spec = document(
        None,
        {"/x": {"get": op("getX")}},
        servers=[
            {"url": "https://eu.example.com", "description": "Kombo EU API"},
            {"url": "https://us.example.com", "description": "Kombo US API"},
        ],
        security=[{"token": []}],
    )
    spec["info"]["title"] = "Kombo API"
    spec["components"] = {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}
    plan = client_of(spec)[0]
    (auth,) = plan.auth
    assert (auth.attr, auth.kind, auth.name, auth.env) == (
        "api_key",
        "bearer",
        "Authorization",
        "KOMBO_API_KEY",
    )
    assert [(name, url) for name, url, _ in plan.servers] == [
        ("eu", "https://eu.example.com"),
        ("us", "https://us.example.com"),
    ]


def test_auth_several_schemes_are_named_by_key() -> None:
    spec = document(None, {"/x": {"get": op("getX", security=[{"basic": []}, {"ApiKey": []}])}})
    spec["components"] = {
        "securitySchemes": {
            "basic": {"type": "http", "scheme": "basic"},
            "ApiKey": {"type": "apiKey", "in": "query", "name": "key"},
            "unused": {"type": "http", "scheme": "bearer"},
        }
    }
    plan = client_of(spec)[0]
    assert [(a.attr, a.kind, a.name, a.env) for a in plan.auth] == [
        ("basic", "basic", "Authorization", "UNIT_BASIC"),
        ("api_key", "query", "key", "UNIT_API_KEY"),
    ]


# ------------------------------------------------------------------ async tasks


def _state(tag: str, **props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": [tag]}, **props},
    }


def _item(tag: str, **props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status", "origin_id"],
        "properties": {"status": {"const": tag}, "origin_id": {"type": "string"}, **props},
    }


def _task_paths(
    status_schema: dict[str, Any], submit: dict[str, Any] | None = None
) -> dict[str, Any]:
    integration = {
        "name": "X-Integration-Id",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    }
    submit = submit or {
        "type": "object",
        "required": ["data"],
        "properties": {
            "data": {
                "type": "object",
                "required": ["task_id"],
                "properties": {"task_id": {"type": "string"}},
            },
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "/courses/bulk": {
            "post": op(
                "PostCoursesBulk",
                summary="Upsert courses",
                parameters=[integration],
                responses={"200": json_response(submit)},
            )
        },
        "/courses/bulk/{task_id}": {
            "get": op(
                "GetCoursesBulkTaskId",
                summary="Get upsert status",
                parameters=[path_param("task_id"), integration],
                responses={"200": json_response(status_schema)},
            )
        },
    }


def _status_union() -> dict[str, Any]:
    items = {
        "type": "array",
        "items": {
            "oneOf": [_item("SUCCEEDED"), _item("FAILED", error={"type": "string"})],
            "discriminator": {"propertyName": "status"},
        },
    }
    return {
        "oneOf": [
            _state("PENDING"),
            _state("COMPLETED", items=items),
            _state("FAILED", error={"type": "string"}),
        ],
        "discriminator": {"propertyName": "status"},
    }


def test_async_task_is_detected_and_planned() -> None:
    status = {"type": "object", "required": ["data"], "properties": {"data": _status_union()}}
    client, _ = client_of(document(None, _task_paths(status)))
    submit = operation(client, "PostCoursesBulk")
    task = submit.task
    assert task is not None
    assert (task.handle_class, task.async_handle_class) == (
        "UpsertCoursesTask",
        "AsyncUpsertCoursesTask",
    )
    assert task.status_method == "get_upsert_status"
    assert task.status_param == "task_id"
    assert task.shared_params == ("integration_id",)  # passed on to every poll
    assert task.task_id_path == ("data", "task_id")
    assert task.warnings_attr == "warnings"
    assert task.union_attr == "data" and task.tag_attr == "status"
    assert [c.name for c in task.completed] == ["CompletedData"]
    assert [(f.name, attr) for f, attr in task.failed] == [("FailedData", "error")]
    assert task.items_attr == "items" and task.key_attr == "origin_id"
    assert [o.name for o in task.ok_types] == ["SucceededItem"]
    assert [o.name for o in task.fail_types] == ["FailedItem"]
    assert task.fail_error_attr == "error"
    assert task.interpret_fn == "_interpret_upsert_courses"
    assert operation(client, "GetCoursesBulkTaskId").task is None


def test_async_task_status_union_at_top_level() -> None:
    client, _ = client_of(document(None, _task_paths(_status_union())))
    task = operation(client, "PostCoursesBulk").task
    assert task is not None and task.union_attr == ""
    assert isinstance(task.status_type, t.TNamed) and task.status_type.kind == "union"


def test_no_task_without_a_status_union_or_a_completed_state() -> None:
    plain = {"type": "object", "properties": {"status": {"type": "string"}}}
    client, _ = client_of(document(None, _task_paths(plain)))
    assert operation(client, "PostCoursesBulk").task is None
    pending_only = {"oneOf": [_state("PENDING"), _state("RUNNING")]}
    pending_only["discriminator"] = {"propertyName": "status"}
    client, _ = client_of(document(None, _task_paths(pending_only)))
    assert operation(client, "PostCoursesBulk").task is None


def test_async_task_paired_by_config() -> None:
    paths = _task_paths(_status_union())
    paths["/status/{task_id}"] = paths.pop("/courses/bulk/{task_id}")  # not below the POST
    assert operation(client_of(document(None, paths))[0], "PostCoursesBulk").task is None
    cfg = config(tasks=(("PostCoursesBulk", "GetCoursesBulkTaskId"),))
    task = operation(client_of(document(None, paths), cfg)[0], "PostCoursesBulk").task
    assert task is not None and task.status_method == "get_upsert_status"


def test_task_helpers_are_claimed_with_the_other_module_names() -> None:
    """The status reader of a task is a module function like the request functions: its name
    is claimed in the group module, so no other helper can take it."""
    names = (("PostCoursesBulk", "request"), ("GetCoursesBulkTaskId", "interpret"))
    client, _ = client_of(document(None, _task_paths(_status_union())), config(method_names=names))
    submit, status = operation(client, "PostCoursesBulk"), operation(client, "GetCoursesBulkTaskId")
    assert submit.namespace == status.namespace
    assert submit.task is not None
    assert submit.task.interpret_fn == submit.names.interpret_fn
    decoders = {r.decoder for o in (submit, status) for r in (*o.success, *o.errors) if r.decoder}
    tables = {n for o in (submit, status) for n in (o.names.responses, o.names.errors_table)}
    helpers = [
        *decoders,
        *tables,
        *(
            name
            for o in (submit, status)
            for name in (o.names.request_fn, o.names.key_fn, o.names.interpret_fn)
        ),
    ]
    assert len(helpers) == len(set(helpers)), helpers
    assert "_interpret_request" in helpers


@pytest.mark.parametrize(
    "submit",
    [
        {"type": "object", "properties": {"task_id": {"type": "string"}}},  # may be absent
        {
            "type": "object",
            "required": ["task_id"],
            "properties": {"task_id": {"type": ["string", "null"]}},  # may be null
        },
        {
            "type": "object",
            "properties": {  # data may be absent
                "data": {
                    "type": "object",
                    "required": ["task_id"],
                    "properties": {"task_id": {"type": "string"}},
                }
            },
        },
    ],
)
def test_no_task_when_the_task_id_may_be_missing(submit: dict[str, Any]) -> None:
    client, _ = client_of(document(None, _task_paths(_status_union(), submit)))
    assert operation(client, "PostCoursesBulk").task is None


def test_task_id_at_top_level() -> None:
    submit = {
        "type": "object",
        "required": ["task_id"],
        "properties": {"task_id": {"type": "string"}},
    }
    client, _ = client_of(document(None, _task_paths(_status_union(), submit)))
    task = operation(client, "PostCoursesBulk").task
    assert task is not None and task.task_id_path == ("task_id",) and task.warnings_attr is None


def test_task_handles_do_not_take_model_names() -> None:
    """The group module imports the submit response's model: a component called like the
    handle (``UpsertCoursesTask``) keeps its name and the handle yields."""
    submit = {
        "type": "object",
        "required": ["task_id"],
        "properties": {"task_id": {"type": "string"}},
    }
    paths = _task_paths(_status_union(), {"$ref": "#/components/schemas/UpsertCoursesTask"})
    client, models = client_of(document({"UpsertCoursesTask": submit}, paths))
    task = operation(client, "PostCoursesBulk").task
    assert task is not None
    assert models.components["UpsertCoursesTask"].name == "UpsertCoursesTask"
    assert (task.handle_class, task.async_handle_class) == (
        "UpsertCoursesTask2",
        "AsyncUpsertCoursesTask",
    )


def test_a_group_module_decodes_each_schema_with_one_function_and_shares_tables() -> None:
    """Every operation answering an error status with ``Error`` uses one decode function; two
    operations with the same responses share their tables; a different set gets its own."""
    error = json_response({"$ref": "#/components/schemas/Error"})
    thing = json_response({"$ref": "#/components/schemas/Thing"})
    errors = {"404": error, "429": error, "default": error}
    paths = {
        "/a": {"get": op("getA", tags=["x"], responses={"200": thing, **errors})},
        "/b": {"get": op("getB", tags=["x"], responses={"200": thing, **errors})},
        "/c": {
            "get": op("getC", tags=["x"], responses={"204": {"description": "no"}, "404": error})
        },
    }
    schemas = {
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
    }
    (ns,) = client_of(document(schemas, paths))[0].namespaces
    a, b, c = ns.operations
    assert {r.decoder for r in (*a.errors, *b.errors, *c.errors)} == {a.errors[0].decoder}
    assert [r.type for r in ns.decoders] == [a.success[0].type, a.errors[0].type]
    assert (a.names.responses, a.names.errors_table) == (b.names.responses, b.names.errors_table)
    assert c.names.responses != a.names.responses
    assert c.names.errors_table != a.names.errors_table
    errors_tables = {o.names.errors_table for o in ns.operations}
    assert sorted(t.name for t in ns.tables) == sorted(errors_tables)
    assert len(ns.tables) == 2
    # each Responses once, with its success table inline and its errors table by name
    assert [(r.name, r.success, r.errors) for r in ns.responses] == [
        (a.names.responses, a.success, a.names.errors_table),
        (c.names.responses, c.success, c.names.errors_table),
    ]


def test_shared_helpers_are_named_after_what_they_check_without_numbers() -> None:
    def listing(operation_id: str, maximum: int, response: dict[str, Any]) -> dict[str, Any]:
        limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": maximum}}
        return op(
            operation_id,
            tags=["x"],
            parameters=[limit],
            responses={"200": json_response(response)},
        )

    paths = {
        "/a": {"get": listing("listA", 10, {"type": "array", "items": {"type": "string"}})},
        "/b": {"get": listing("listB", 20, {"type": "array", "items": {"type": "integer"}})},
    }
    ns = plan_ops(paths).namespaces[0]
    # two validators of a ``limit`` parameter: the second is named after its operation
    assert [name for name, _ in ns.checks] == ["_check_limit", "_check_list_b_limit"]
    # two response decoders of plain JSON: named after their owner's check, not numbered
    decoders = sorted(r.decoder for r in ns.decoders)
    assert decoders == ["_decode_list_a_response200", "_decode_list_b_response200"]
