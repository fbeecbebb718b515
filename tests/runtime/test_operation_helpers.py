"""What the generated group modules call, one helper at a time: ``LazyCheck`` (a validator
named once, imported at its first call), ``model``/``models``/``decoder`` (how a body is read),
``Responses`` with ``call``/``page`` (the request carries its options), the parameter names a
page is asked again with, and the request builder's defaults (retry safety, problem names)."""

from __future__ import annotations

import asyncio
import importlib
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

BASE_URL = "https://api.example.com/v1"


def _validation_error() -> type[Exception]:
    """The runtime's ``ValidationError`` (of the package the fixture imported)."""
    error: type[Exception] = importlib.import_module("rtpkg._validation").ValidationError
    return error


class _Validators:
    """Stands for a package's lazy ``_validators``: counts the modules it is asked for."""

    def __init__(self) -> None:
        self.loaded: list[str] = []

    def __getattr__(self, module: str) -> Any:
        self.loaded.append(module)

        def check_name(value: object, where: str, issues: list[Any]) -> None:
            from rtpkg._validation import ValidationIssue

            if not isinstance(value, dict) or not isinstance(value.get("name"), str):
                issues.append(ValidationIssue(f"{where}.name", "must be a string", "type"))

        return SimpleNamespace(_check_thing=check_name)


class _Thing:
    """A model class as the models modules write it: ``_decode`` and ``_check``."""

    def __init__(self, name: str) -> None:
        self.name = name

    @staticmethod
    def _decode(value: object) -> _Thing:
        from rtpkg._models import Invalid

        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            raise Invalid
        return _Thing(value["name"])

    @staticmethod
    def _check(value: object, where: str, issues: list[Any]) -> None:
        from rtpkg._validation import ValidationIssue

        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            issues.append(ValidationIssue(f"{where}.name", "must be a string", "type"))


def test_a_lazy_check_imports_its_module_at_the_first_call_only(rtx: SimpleNamespace) -> None:
    validators = _Validators()
    check = rtx.response.LazyCheck(validators, "_thing._check_thing")
    assert validators.loaded == []  # naming it loads nothing
    issues: list[Any] = []
    check({"name": 1}, "$", issues)
    check({"name": "ok"}, "$", issues)
    assert [(i.path, i.message) for i in issues] == [("$.name", "must be a string")]
    assert validators.loaded == ["_thing"]  # once
    assert repr(check) == "LazyCheck('_thing._check_thing')"


def test_a_lazy_check_validates_a_request_parameter(rtx: SimpleNamespace) -> None:
    validators = _Validators()
    ctx = rtx.base.Context(transport=None)
    rb = rtx.base.RequestBuilder(ctx, "GET", "getThing", None)
    check = rtx.response.LazyCheck(validators, "_thing._check_thing")
    rb.param("query", "filter", {"name": 2}, check)
    with pytest.raises(rtx.errors.RequestValidationError) as caught:
        rb.build("/things")
    assert "filter.name" in str(caught.value)


def test_model_reads_a_body_with_the_class_and_explains_a_bad_one(rtx: SimpleNamespace) -> None:
    asked: list[str] = []

    def cls() -> type[_Thing]:
        asked.append("Thing")
        return _Thing

    kind, decode, shape = rtx.response.model(cls)
    assert (kind, asked) == ("json", [])  # the class is looked up at the first call
    assert decode({"name": "a"}).name == "a"
    assert shape is not None
    with pytest.raises(_validation_error()) as caught:
        decode({"name": 3})
    assert [i.path for i in caught.value.issues] == ["$.name"]  # type: ignore[attr-defined]
    assert "response body" in str(caught.value)


def test_models_reads_a_list_item_by_item_and_checks_a_bad_one_as_a_list(
    rtx: SimpleNamespace,
) -> None:
    seen: list[object] = []

    def check_list(value: object, where: str, issues: list[Any]) -> None:
        seen.append(value)
        _Thing._check(value[0] if isinstance(value, list) else value, f"{where}[0]", issues)

    _, decode, _ = rtx.response.models(lambda: _Thing, lambda: check_list)
    assert [t.name for t in decode([{"name": "a"}, {"name": "b"}])] == ["a", "b"]
    with pytest.raises(_validation_error()) as caught:
        decode([{"name": 1}])
    assert [i.path for i in caught.value.issues] == ["$[0].name"]  # type: ignore[attr-defined]
    with pytest.raises(_validation_error()):
        decode({"name": "not a list"})
    assert seen == [[{"name": 1}], {"name": "not a list"}]


def test_decoder_wraps_a_one_pass_decoder(rtx: SimpleNamespace) -> None:
    decode = rtx.response.decoder(lambda: _Thing._decode, lambda: _Thing._check, each=True)
    assert [t.name for t in decode([{"name": "x"}])] == ["x"]
    with pytest.raises(_validation_error()):
        decode(5)


def _thing_server(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/missing"):
        return httpx.Response(404, json={"name": "gone"})
    if request.url.path.endswith("/empty"):
        return httpx.Response(204)
    return httpx.Response(200, json={"name": "a", "url": str(request.url)})


def test_call_reads_the_answer_with_the_operations_responses(rtx: SimpleNamespace) -> None:
    transport = rtx.http.SyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(_thing_server)
    )
    ctx = rtx.base.Context(transport=transport)
    thing = rtx.response.model(lambda: _Thing)
    responses = rtx.response.Responses({"200": thing}, {"404": thing})

    def get(path: str, request_options: Any = None) -> Any:
        spec = rtx.base.RequestBuilder(ctx, "GET", "getThing", request_options).build(path)
        assert spec.options is not None and spec.retry_safe  # a GET: retried by default
        return rtx.response.call(ctx, spec, responses)

    assert get("/things/1").name == "a"
    with pytest.raises(rtx.errors.NotFoundError) as caught:
        get("/things/missing")
    assert caught.value.body.name == "gone"  # the error body decoded with the errors table
    empty = rtx.response.Responses({"204": rtx.response.EMPTY}, {})
    spec = rtx.base.RequestBuilder(ctx, "DELETE", "deleteThing", None).build("/things/empty")
    assert rtx.response.call(ctx, spec, empty) is None
    # the options the request was built with say how to read it: here, as a raw response
    raw = rtx.response.raw_method(get)("/things/2")
    assert isinstance(raw, rtx.response.RawResponse) and raw.parse().name == "a"


def test_acall_reads_like_call(rtx: SimpleNamespace) -> None:
    transport = rtx.http.AsyncTransport(
        base_url=BASE_URL, transport=httpx.MockTransport(_thing_server)
    )
    ctx = rtx.base.Context(transport=transport)
    responses = rtx.response.Responses({"200": ("json", None, None)}, {})

    async def run() -> Any:
        spec = rtx.base.RequestBuilder(ctx, "GET", "getThing", None).build("/things/1")
        return await rtx.response.acall(ctx, spec, responses)

    assert asyncio.run(run())["name"] == "a"


def test_a_page_is_asked_again_with_the_methods_parameter_names(rtx: SimpleNamespace) -> None:
    pages = {None: ([1, 2], "c2"), "c2": ([3], None)}

    def server(request: httpx.Request) -> httpx.Response:
        items, after = pages[request.url.params.get("cursor")]
        return httpx.Response(200, json={"items": items, "next": after})

    transport = rtx.http.SyncTransport(base_url=BASE_URL, transport=httpx.MockTransport(server))
    ctx = rtx.base.Context(transport=transport)
    paging = rtx.pagination.Paging(
        scheme="cursor",
        operation_id="listThings",
        items=lambda r: r["items"],
        param="cursor",
        cursor=lambda r: r["next"],
    )
    responses = rtx.response.Responses({"200": ("json", None, None)}, {})

    class Group:
        def list_things(
            self, kind: str, *, cursor: Any = rtx.unset.UNSET, request_options: Any = None
        ) -> Any:
            rb = rtx.base.RequestBuilder(ctx, "GET", "listThings", request_options)
            rb.param("query", "kind", kind)
            rb.param("query", "cursor", cursor)
            spec = rb.build("/things")
            args = (kind, cursor, request_options)
            return rtx.response.page(ctx, spec, responses, paging, self.list_things, args)

    first = Group().list_things("big")
    assert list(first) == [1, 2, 3]


def test_retry_safety_follows_the_method_unless_given(rtx: SimpleNamespace) -> None:
    ctx = rtx.base.Context(transport=None)

    def build(method: str, **kwargs: Any) -> bool:
        spec = rtx.base.RequestBuilder(ctx, method, "op", None).build("/x", **kwargs)
        return bool(spec.retry_safe)

    assert [build(m) for m in ("GET", "PUT", "DELETE", "POST", "PATCH")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert build("POST", retry_safe=True) and not build("GET", retry_safe=False)


def test_a_problem_names_the_keyword_argument(rtx: SimpleNamespace) -> None:
    """``where`` defaults to the client default's key, else the wire name."""
    ctx = rtx.base.Context(transport=None)
    rb = rtx.base.RequestBuilder(ctx, "GET", "op", None)

    def bad(value: object, where: str, issues: list[Any]) -> None:
        from rtpkg._validation import ValidationIssue

        issues.append(ValidationIssue(where, "is wrong", "type"))

    rb.param("header", "X-Integration-Id", "v", bad, True, "integration_id")
    rb.param("query", "page_size", 5, bad)
    rb.param("path", "id", "7", bad, True, where="id_")
    with pytest.raises(rtx.errors.RequestValidationError) as caught:
        rb.build("/x")
    assert [i.path for i in caught.value.issues] == ["integration_id", "page_size", "id_"]
