"""Build stage entry: a loaded :class:`SourceSet` -> the frozen :class:`Api` IR.

Checks the document's outline (``openapi`` version, ``info``), then builds servers, security
schemes, component schemas and operations, drains the ``$ref`` queue and rejects reference
cycles that have no structure in them (``A: {$ref: B}``, ``B: {$ref: A}``).
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, Literal, cast

from .cycles import structureless_cycles
from .diagnostics import Reporter
from .ir import Api, Json, Schema, SecurityScheme, Server, ServerVariable
from .loader import SourceSet
from .operations import build_operations
from .pointers import child
from .schemas import SchemaBuilder

__all__ = ["build_api"]

_VERSION = re.compile(r"3\.(0|1)(\.\d+)?(-.*)?")


def build_api(sources: SourceSet, reporter: Reporter) -> Api | None:
    root = sources.entry.root
    version = _check_outline(root, reporter)
    if version is None:
        return None
    info = root["info"]
    schemas = SchemaBuilder(sources, reporter, openapi_31=version.startswith("3.1"))
    components = _component_schemas(root, schemas, reporter)
    operations = build_operations(sources, reporter, schemas)
    built = schemas.finish()
    for pointer, message in structureless_cycles(built):
        reporter.error(pointer, message, hint="give one schema of the cycle real content")
    return Api(
        openapi=version,
        title=str(info.get("title") or "api"),
        version=str(info.get("version") or "0"),
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        servers=tuple(_servers(root.get("servers"), "#/servers")),
        security_schemes=tuple(_security_schemes(root)),
        security=_requirements(root.get("security")),
        operations=operations,
        components=components,
        schemas=MappingProxyType(built),
        extensions=tuple((k, Json.of(v)) for k, v in root.items() if k.startswith("x-")),
    )


def _check_outline(root: Any, reporter: Reporter) -> str | None:
    if not isinstance(root, dict):
        reporter.error(
            "#",
            "the document must be a mapping (an OpenAPI object) at the top level",
            hint="an OpenAPI document starts with 'openapi: 3.1.0' and 'info:'",
        )
        return None
    if "swagger" in root and "openapi" not in root:
        reporter.error(
            "#/swagger",
            f"Swagger {root['swagger']} documents are not supported",
            hint="convert it to OpenAPI 3 first (e.g. with swagger2openapi)",
        )
        return None
    version = root.get("openapi")
    if version is None:
        reporter.error(
            "#",
            "missing 'openapi' version field",
            hint="add 'openapi: 3.1.0' (or the 3.0.x version it follows)",
        )
    elif not isinstance(version, str) or not _VERSION.fullmatch(version):
        reporter.error(
            "#/openapi",
            f"unsupported OpenAPI version {version!r}",
            hint="this generator reads OpenAPI 3.0.x and 3.1.x",
        )
        version = None
    info = root.get("info")
    if not isinstance(info, dict):
        reporter.error("#", "missing 'info' object", hint="add info: {title: ..., version: ...}")
    elif not isinstance(info.get("title"), str):
        reporter.error("#/info", "missing 'info.title'", hint="add a title: it names the package")
    if reporter.has_errors:
        return None
    return cast(str, version)


def _component_schemas(
    root: dict[str, Any], schemas: SchemaBuilder, reporter: Reporter
) -> tuple[tuple[str, Schema], ...]:
    raw = (root.get("components") or {}).get("schemas") or {}
    if not isinstance(raw, dict):
        reporter.error("#/components/schemas", "'components.schemas' must be a mapping")
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


def _requirements(value: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(tuple(str(k) for k in req) for req in value if isinstance(req, dict))
