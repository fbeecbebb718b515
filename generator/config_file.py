"""The generator configuration file: what does not belong in the spec.

``gen.yaml`` beside the spec is read when it exists (or the file given with ``--config``)::

    package_name: kombo_api          # default: from info.title
    namespaces:                      # operationId, tag or path -> client group
      Unified LMS API: lms
    method_names:                    # operationId -> method name
      PostLmsCoursesBulk: upsert_courses
    retry_safe:                      # operationIds safe to retry although not idempotent
      - PostLmsCoursesBulk
    tasks:                           # submit operationId -> status operationId
      PostLmsCoursesBulk: GetLmsCoursesBulkTaskId
    strict: true                     # defects of the spec are errors, not workarounds
    client_defaults:                 # parameter names given once to the client (as well as
      - X-Integration-Id             # those at least half of the operations take)
    webhooks:                        # how webhooks are signed (see config_webhooks.py)
      signature: {header: X-Kombo-Signature, encoding: base64url}
    pagination:                      # see config_pagination.py (false: no detection)
      operations: {GetLmsCourses: cursor}
    idempotency_header: Idempotency-Key   # sent by retry-safe non-GET calls
    native_dates: true               # date-time/date as datetime/date (false: strings)

Every problem is a diagnostic with the file, line and key; unknown keys are errors (with a
did-you-mean) so that a typo never silently does nothing. Operation ids are checked against the
spec once it is built (:func:`check_against`).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import PaginationConfig, WebhookSignature
from .config_pagination import parse_pagination
from .config_webhooks import parse_webhooks
from .diagnostics import Reporter, close_matches
from .ir.nodes import Api
from .load.sourcemap import position
from .naming.package import package_name_problem
from .pointers import escape, unescape_parts

__all__ = ["CONFIG_NAME", "FileConfig", "check_against", "find_config", "read_config"]

CONFIG_NAME = "gen.yaml"


@dataclass(frozen=True, slots=True, kw_only=True)
class FileConfig:
    """What a generator configuration file sets (empty when there is none)."""

    package_name: str | None = None
    namespaces: tuple[tuple[str, str], ...] = ()
    method_names: tuple[tuple[str, str], ...] = ()
    retry_safe: tuple[str, ...] = ()
    tasks: tuple[tuple[str, str], ...] = ()
    strict: bool = False
    client_defaults: tuple[str, ...] = ()
    webhook_signature: WebhookSignature | None = None
    pagination: PaginationConfig | None = None
    idempotency_header: str | None = None
    native_dates: bool | None = None
    #: the file's text, to place problems found later (:func:`check_against`)
    text: str = ""


def _byte_column(data: bytes, offset: int) -> int:
    start = data.rfind(b"\n", 0, offset) + 1
    return len(data[start:offset].decode("utf-8", "replace")) + 1


def find_config(spec: Path, explicit: Path | None) -> Path | None:
    if explicit is not None:
        return explicit
    beside = spec.parent / CONFIG_NAME
    return beside if beside.is_file() else None


def _identifier(value: Any) -> bool:
    return (
        isinstance(value, str)
        and value.isidentifier()
        and value.isascii()
        and not keyword.iskeyword(value)
    )


def _mapping(check_value: Callable[[Any], bool], what: str) -> Callable[..., Any]:
    def parse(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
        if not isinstance(value, dict):
            fail(key, f"'{key}' must be a mapping of {what}")
            return ()
        out = []
        for k, v in value.items():
            if not check_value(v):
                kind = what.rsplit(" to ", maxsplit=1)[-1]
                fail(f"{key}/{escape(str(k))}", f"'{key}.{k}': {v!r} is not a valid {kind}")
            else:
                out.append((str(k), str(v)))
        return tuple(out)

    return parse


def _string_list(what: str) -> Callable[..., Any]:
    def parse(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail(key, f"'{key}' must be a list of {what}")
            return ()
        return tuple(value)

    return parse


def _package(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
    problem = package_name_problem(value) if isinstance(value, str) else None
    if not _identifier(value) or problem is not None:
        fail(key, f"'package_name': {problem or f'{value!r} is not a Python identifier'}")
        return None
    return value


def _boolean(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
    if not isinstance(value, bool):
        fail(key, f"'{key}' must be true or false, not {value!r}")
        return None
    return value


def _header_name(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
    if not isinstance(value, str) or not value or not all(c.isalnum() or c in "-_" for c in value):
        fail(key, f"'{key}': {value!r} is not an HTTP header name")
        return None
    return value


def _flag(value: Any, fail: Callable[[str, str], None], key: str) -> Any:
    if not isinstance(value, bool):
        fail(key, f"'{key}' must be true or false")
        return None
    return value


_KEYS: dict[str, Callable[..., Any]] = {
    "package_name": _package,
    "namespaces": _mapping(_identifier, "operationIds, tags or paths to group names"),
    "method_names": _mapping(_identifier, "operationIds to method names"),
    "retry_safe": _string_list("operationIds"),
    "client_defaults": _string_list("parameter names"),
    "tasks": _mapping(lambda v: isinstance(v, str), "operationIds to operationIds"),
    "strict": _boolean,
    "webhooks": parse_webhooks,
    "pagination": parse_pagination,
    "idempotency_header": _header_name,
    "native_dates": _flag,
}
#: setting -> field of FileConfig, where they differ
_FIELD = {"webhooks": "webhook_signature"}


def read_config(path: Path, reporter: Reporter) -> FileConfig:
    """The configuration in ``path``; problems go to ``reporter`` (as errors)."""
    import yaml  # noqa: PLC0415 (PyYAML only when there is a configuration file)

    from .load.yaml12 import load_yaml  # noqa: PLC0415

    display = str(path)
    text = ""

    def fail(key: str, message: str, hint: str | None = None) -> None:
        pointer = "#/" + key if key else "#"
        parts = unescape_parts(pointer[1:])
        line, column = position(text, False, parts) or (None, None)
        reporter.error(pointer, message, hint=hint, file=display, line=line, column=column)

    try:
        text = path.read_text(encoding="utf-8")
        raw = load_yaml(text)
    except OSError as exc:
        fail("", f"cannot read the generator configuration: {exc.strerror or exc}")
        return FileConfig()
    except UnicodeDecodeError as exc:
        reporter.error(
            "#",
            f"the generator configuration is not UTF-8 text: byte 0x{exc.object[exc.start]:02x}",
            hint="save the file as UTF-8",
            file=display,
            line=exc.object.count(b"\n", 0, exc.start) + 1,
            column=_byte_column(exc.object, exc.start),
        )
        return FileConfig()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        reporter.error(
            "#",
            f"the generator configuration is not valid YAML: {reason}",
            file=display,
            line=mark.line + 1 if mark is not None else None,
            column=mark.column + 1 if mark is not None else None,
        )
        return FileConfig()
    if raw is None:
        return FileConfig()
    if not isinstance(raw, dict):
        fail("", "the generator configuration must be a mapping of settings")
        return FileConfig()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        parser = _KEYS.get(str(key))
        if parser is None:
            close = close_matches(str(key), _KEYS)
            fail(
                str(key),
                f"unknown setting {str(key)!r}",
                f"did you mean {close[0]!r}?" if close else f"settings: {', '.join(_KEYS)}",
            )
            continue
        values[_FIELD.get(str(key), str(key))] = parser(value, fail, str(key))
    return FileConfig(**{k: v for k, v in values.items() if v is not None}, text=text)


def check_against(config: FileConfig, api: Api, reporter: Reporter, display: str) -> None:
    """Every operationId the configuration names exists in the spec."""
    known = {op.operation_id for op in api.operations}
    named = [("method_names", k) for k, _ in config.method_names]
    named += [("retry_safe", k) for k in config.retry_safe]
    named += [("tasks", k) for k, _ in config.tasks] + [("tasks", v) for _, v in config.tasks]
    parameters = {p.name for op in api.operations for p in op.params if p.location != "path"}
    for name in config.client_defaults:
        if name not in parameters:
            close = close_matches(name, parameters)
            reporter.error(
                "#/client_defaults",
                f"no operation has a header, query or cookie parameter {name!r}",
                hint=f"did you mean {close[0]!r}?" if close else None,
                file=display,
            )
    if config.pagination is not None:
        named += [("pagination/operations", k) for k, _ in config.pagination.operations]
    for section, op_id in named:
        if op_id not in known:
            close = close_matches(op_id, known)
            line, column = position(config.text, False, [section, op_id]) or (None, None)
            reporter.error(
                f"#/{section}",
                f"operationId {op_id!r} is not in the spec",
                hint=f"did you mean {close[0]!r}?" if close else None,
                file=display,
                line=line,
                column=column,
            )
