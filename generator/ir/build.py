"""Build stage entry: a loaded :class:`SourceSet` -> the frozen :class:`Api` IR.

Checks the document's outline (``openapi`` version, ``info``, the kinds of ``paths`` and
``components``), then builds servers, security schemes, component schemas and operations, drains
the ``$ref`` queue and rejects chains of schemas too deep for the recursive later stages.

Two defects of the schema graph (loops without structure, undeclared ``required`` names) are
worked around by building again with the raw schemas patched (see :mod:`.repairs`). Last,
:mod:`.lint` looks for defaults at odds with their own schema.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal, cast

from ..diagnostics import Reporter
from ..load.loader import SourceSet
from ..pointers import child
from .cycles import MAX_REF_DEPTH, too_deep
from .lint import lint_schemas
from .nodes import Api, Json, Schema, SecurityScheme, Server, ServerVariable
from .operations import RawNode, build_operations, security_requirements
from .repairs import graph_patches
from .schemas import Patch, SchemaBuilder

__all__ = ["build_api"]

_VERSION = re.compile(r"3\.(0|1)(\.\d+)?(-.*)?")


def build_api(sources: SourceSet, reporter: Reporter) -> Api | None:
    entry = sources.entry
    version = _check_outline(entry.root, reporter, entry.is_json)
    if version is None:
        return None
    root = _usable(entry.root, reporter)
    info = _info(root, reporter, entry.path.stem)
    api = _api(sources, reporter, _Outline(root, info, version), {})
    patches = graph_patches(api, lambda key: _place(key, sources), reporter)
    if patches:
        api = _api(sources, reporter, _Outline(root, info, version), patches)
    _check_depth(api, sources, reporter)

    def lint_report(key: str, message: str, hint: str) -> None:
        pointer, file = _place(key, sources)
        reporter.warning(pointer, message, hint=hint, file=file)

    lint_schemas(api, lint_report)
    return api


@dataclass(frozen=True, slots=True)
class _Outline:
    """The document's root object, its ``info`` object and its OpenAPI version."""

    root: dict[str, Any]
    info: dict[str, Any]
    version: str


def _api(
    sources: SourceSet, reporter: Reporter, outline: _Outline, patches: Mapping[str, Patch]
) -> Api:
    root, info, version = outline.root, outline.info, outline.version
    schemas = SchemaBuilder(
        sources, reporter, openapi_31=version.startswith("3.1"), patches=patches
    )
    components = _component_schemas(root, schemas, reporter)
    security_schemes = tuple(_security_schemes(root))
    names = frozenset(s.key for s in security_schemes)
    operations = build_operations(sources, reporter, schemas, names)
    built = schemas.finish()
    return Api(
        openapi=version,
        title=info["title"],
        version=str(info.get("version") or "0"),
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        servers=tuple(_servers(root.get("servers"), "#/servers")),
        security_schemes=security_schemes,
        security=_requirements(root, names, sources, reporter),
        operations=operations,
        components=components,
        schemas=MappingProxyType(built),
        extensions=tuple((k, Json.of(v)) for k, v in root.items() if k.startswith("x-")),
    )


def _check_depth(api: Api, sources: SourceSet, reporter: Reporter) -> None:
    """Chains of schemas too deep for the later stages."""
    built, roots = api.schemas, [schema for _, schema in api.components]
    chain = too_deep(built, roots)
    if chain is not None:
        pointer, file = _place(chain[0], sources)
        reporter.error(
            pointer,
            f"schemas nest or refer to one another more than {MAX_REF_DEPTH} levels deep "
            f"(from here down to {chain[1]})",
            hint="no real API is this deep; shorten the chain of $refs",
            file=file,
        )


def _place(key: str, sources: SourceSet) -> tuple[str, str]:
    """(pointer, file) of a schema key (``other.yaml#/A`` or ``#/A``)."""
    file_id, _, fragment = key.partition("#")
    return "#" + fragment, sources.display(file_id)


def _check_outline(root: Any, reporter: Reporter, is_json: bool) -> str | None:
    """The OpenAPI version, after checking the fields every later stage relies on."""
    if not isinstance(root, dict):
        _not_a_mapping(root, reporter, is_json)
        return None
    if "swagger" in root and "openapi" not in root:
        reporter.error(
            "#/swagger",
            f"this is a Swagger {root['swagger']} document; gen reads OpenAPI 3.0 and 3.1",
            hint="convert it to OpenAPI 3 first (e.g. with swagger2openapi)",
        )
        return None
    version = _version(root, reporter)
    return None if reporter.has_errors else version


def _usable(root: dict[str, Any], reporter: Reporter) -> dict[str, Any]:
    """The document with ``components``, ``paths`` or ``webhooks`` that are not mappings left
    out (a workaround)."""
    out = dict(root)
    for key in ("components", "paths", "webhooks"):
        if key in root and not isinstance(root[key], dict):
            reporter.workaround(
                f"#/{key}",
                f"'{key}' must be a mapping, not {_kind(root[key])}",
                "ignored, as if it were empty",
                hint=f"write {key}: {{}} if there is nothing in it",
            )
            del out[key]
    return out


def _info(root: dict[str, Any], reporter: Reporter, stem: str) -> dict[str, Any]:
    """``info`` with a string ``title``: when the document has none, the file name's."""
    info = root.get("info")
    instead = f"the title is taken from the file name: {stem!r}"
    if info is None:
        reporter.workaround(
            "#",
            "the 'info' object is missing",
            instead,
            hint="add info: {title: My API, version: '1.0'}",
        )
    elif not isinstance(info, dict):
        reporter.workaround(
            "#/info",
            f"'info' must be a mapping, not {_kind(info)}",
            instead,
            hint="write info: {title: My API, version: '1.0'}",
        )
    elif "title" not in info:
        reporter.workaround(
            "#/info",
            "'info.title' is missing",
            instead,
            hint="add a title: it names the generated package",
        )
    elif not isinstance(info["title"], str):
        reporter.workaround(
            "#/info/title",
            f"'info.title' must be a string, not {_kind(info['title'])}",
            instead,
            hint="write the API's name, e.g. title: Pet Store",
        )
    else:
        return info
    return {**(info if isinstance(info, dict) else {}), "title": stem}


def _not_a_mapping(root: Any, reporter: Reporter, is_json: bool) -> None:
    hint = "an OpenAPI document is a mapping that starts with 'openapi: 3.1.0' and 'info:'"
    if root is None:
        reporter.error("", "the document is empty: it holds only comments", hint=hint)
        return
    kind = _kind(root)
    if is_json:
        kind = {"a list": "an array"}.get(kind, kind)
    mapping = "an object" if is_json else "a mapping"
    reporter.error("#", f"the document is {kind}, not {mapping}", hint=hint)


def _version(root: dict[str, Any], reporter: Reporter) -> str | None:
    version = root.get("openapi")
    if version is None:
        reporter.error(
            "#",
            "the 'openapi' field is missing",
            hint="add 'openapi: 3.1.0' (or the 3.0.x version the document follows) at the top",
        )
        return None
    if isinstance(version, float) and _VERSION.fullmatch(str(version)):
        reporter.workaround(
            "#/openapi",
            f"'openapi' must be a version string such as '3.1.0', not {_kind(version)}",
            f"read as '{version}'",
            hint=f"quote it: openapi: '{version}.0'",
        )
        return str(version)
    if not isinstance(version, str):
        reporter.error(
            "#/openapi",
            f"'openapi' must be a version string such as '3.1.0', not {_kind(version)}",
            hint=f"quote it: openapi: '{version}.0'"
            if isinstance(version, float)
            else "write openapi: '3.1.0'",
        )
        return None
    if not _VERSION.fullmatch(version):
        reporter.error(
            "#/openapi",
            f"unsupported OpenAPI version {version!r}",
            hint="gen reads OpenAPI 3.0.x and 3.1.x documents",
        )
        return None
    return version


def _kind(value: Any) -> str:
    kinds = (
        (bool, "a boolean"),
        (int | float, "a number"),
        (str, "a string"),
        (list, "a list"),
        (dict, "a mapping"),
    )
    if value is None:
        return "null"
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


def _component_schemas(
    root: dict[str, Any], schemas: SchemaBuilder, reporter: Reporter
) -> tuple[tuple[str, Schema], ...]:
    raw = (root.get("components") or {}).get("schemas") or {}
    if not isinstance(raw, dict):
        reporter.workaround(
            "#/components/schemas",
            "'components.schemas' must be a mapping",
            "ignored, as if it were empty",
        )
        return ()
    out = []
    for name, value in raw.items():
        out.append((name, schemas.build(value, "", child("#/components/schemas", name))))
    return tuple(out)


def _servers(raw: Any, pointer: str) -> list[Server]:
    if not isinstance(raw, list):
        return []
    out = []
    for i, server in enumerate(raw):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            out.append(
                Server(
                    url=server["url"],
                    description=_str(server.get("description")),
                    variables=tuple(_variables(server.get("variables"))),
                    pointer=child(pointer, i),
                )
            )
    return out


def _variables(raw: Any) -> list[ServerVariable]:
    if not isinstance(raw, dict):
        return []
    out = []
    for name, var in raw.items():
        if isinstance(var, dict):
            raw_enum = var.get("enum")
            enum: list[Any] = raw_enum if isinstance(raw_enum, list) else []
            out.append(
                ServerVariable(
                    name=str(name),
                    default=str(var.get("default", enum[0] if enum else "")),
                    enum=tuple(str(v) for v in enum),
                    description=_str(var.get("description")),
                )
            )
    return out


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


_SCHEME_KINDS: dict[tuple[str, str], str] = {
    ("http", "bearer"): "http_bearer",
    ("http", "basic"): "http_basic",
}


def _security_schemes(root: dict[str, Any]) -> list[SecurityScheme]:
    raw = (root.get("components") or {}).get("securitySchemes") or {}
    out = []
    for key, scheme in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(scheme, dict):
            continue
        kind_name = str(scheme.get("type", ""))
        kind = _SCHEME_KINDS.get((kind_name, str(scheme.get("scheme", "")).lower()))
        if kind is None:
            kind = {"apiKey": "api_key", "oauth2": "oauth2", "openIdConnect": "openid"}.get(
                kind_name, "other"
            )
        location = scheme.get("in") if scheme.get("in") in ("header", "query", "cookie") else None
        out.append(
            SecurityScheme(
                key=str(key),
                kind=cast(Any, kind),
                location=cast(Literal["header", "query", "cookie"] | None, location),
                param_name=_str(scheme.get("name")),
                description=_str(scheme.get("description")),
                pointer=child("#/components/securitySchemes", key),
            )
        )
    return out


def _requirements(
    root: dict[str, Any], names: frozenset[str], sources: SourceSet, reporter: Reporter
) -> tuple[tuple[str, ...], ...]:
    """The document-wide ``security``; requirements naming undefined schemes are ignored."""
    if not isinstance(root.get("security"), list):
        return ()
    display = sources.display("")

    def workaround(node: Any, message: str, instead: str, hint: str) -> None:
        reporter.workaround(node.pointer, message, instead, hint=hint, file=display)

    return security_requirements(RawNode(root["security"], "", "#/security"), names, workaround)
