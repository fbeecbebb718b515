# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Parameter serialization by OpenAPI ``style`` and ``explode`` (path, query, header, cookie).

* path: ``simple`` (default) ``a,b`` / ``k,v`` (``k=v`` exploded), ``label`` ``.a.b``,
  ``matrix`` ``;id=a;id=b``; values are percent-encoded (``/`` too);
* query: ``form`` (default, exploded: ``id=a&id=b``, else ``id=a,b``), ``spaceDelimited``,
  ``pipeDelimited``, ``deepObject`` (``filter[name]=x``);
* header: ``simple``; cookie: ``form``.

Booleans are written ``true``/``false``, models as their JSON objects, ``None`` as empty.
Parameters described with ``content`` (``application/json``) are sent as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

__all__ = ["cookie_pairs", "header_value", "json_text", "path_value", "query_pairs", "text"]

Pairs = list[tuple[str, str]]


def text(value: Any) -> str:
    """The text of a primitive value as OpenAPI serializes it."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def json_text(value: Any) -> str:
    """A parameter described with ``content: application/json``."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _plain(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


def _flat(obj: Mapping[str, Any], pair_sep: str) -> list[str]:
    if pair_sep == "=":
        return [f"{k}={text(v)}" for k, v in obj.items()]
    return [part for k, v in obj.items() for part in (k, text(v))]


#: RFC 3986 reserved characters an ``allowReserved`` query value sends as they are; ``#`` is
#: still encoded, as a literal one would end the URL there
RESERVED = ":/?[]@!$&'()*+,;="


def _enc(part: str, safe: str = "") -> str:
    return quote(part, safe=safe)


def _pairs(obj: Mapping[str, Any], pair_sep: str) -> list[str]:
    """``k=v`` (or ``k,v``) parts with keys and values percent-encoded, separators not."""
    return [f"{_enc(str(k))}{pair_sep}{_enc(text(v))}" for k, v in obj.items()]


def path_value(name: str, value: Any, style: str = "simple", explode: bool = False) -> str:
    """The percent-encoded text of a path parameter."""
    value = _plain(value)
    if isinstance(value, list):
        parts = [_enc(text(v)) for v in value]
    elif isinstance(value, dict):
        parts = _pairs(value, "=" if explode else ",")
    else:
        parts = [_enc(text(value))]
    if style == "label":
        return "." + ("." if explode else ",").join(parts)
    if style == "matrix":
        if explode and isinstance(value, list):
            return "".join(f";{_enc(name)}={p}" for p in parts)
        if explode and isinstance(value, dict):
            return "".join(f";{p}" for p in parts)
        return f";{_enc(name)}=" + ",".join(parts)
    return ",".join(parts)


#: delimiter of ``explode: false`` arrays, already percent-encoded
_DELIMITERS = {"spaceDelimited": "%20", "pipeDelimited": "%7C", "form": ","}


def query_pairs(
    name: str,
    value: Any,
    style: str = "form",
    explode: bool = True,
    *,
    allow_reserved: bool = False,
) -> Pairs:
    """Percent-encoded ``(name, value)`` pairs of a query parameter; delimiters stay literal,
    so a comma inside a value (``%2C``) differs from the comma between values.

    With ``allow_reserved`` (the parameter's ``allowReserved``) the reserved characters of
    values are sent unencoded (:data:`RESERVED`).
    """
    value = _plain(value)
    safe = RESERVED if allow_reserved else ""
    key = quote(name, safe="[]")
    if isinstance(value, list):
        if explode and style == "form":
            return [(key, _enc(text(v), safe)) for v in value]
        return [(key, _DELIMITERS.get(style, ",").join(_enc(text(v), safe) for v in value))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [
                (quote(f"{name}[{k}]", safe="[]"), _enc(text(v), safe)) for k, v in value.items()
            ]
        if explode:
            return [(_enc(str(k)), _enc(text(v), safe)) for k, v in value.items()]
        return [(key, ",".join(_enc(p, safe) for p in _flat(value, ",")))]
    return [(key, _enc(text(value), safe))]


def header_value(value: Any, explode: bool = False) -> str:
    value = _plain(value)
    if isinstance(value, list):
        return ",".join(text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(_flat(value, "=" if explode else ","))
    return text(value)


def cookie_pairs(name: str, value: Any, explode: bool = True) -> Pairs:
    value = _plain(value)
    if isinstance(value, list):
        return [(name, ",".join(text(v) for v in value))]
    if isinstance(value, dict):
        return [(name, ",".join(_flat(value, ",")))]
    return [(name, text(value))]
