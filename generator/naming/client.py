"""Names on the client: operation groups, methods, servers, credentials.

* Group (``client.lms``): the configured namespace, else the operation's first tag without
  generic words (``Unified LMS API`` -> ``lms``), else the first path segment that is not a
  version (``/v1/customers/{id}`` -> ``customers``), else ``default``.
* Method: the configured name, else the ``summary`` when it is a short phrase
  (``Upsert courses`` -> ``upsert_courses``), else the operationId in snake_case. A name
  taken in its group falls back to the operationId, and only then gets a number.
* Server: the words of its description that the other servers' descriptions lack
  (``Kombo EU API`` / ``Kombo US API`` -> ``eu`` / ``us``), else the host's first label.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..ir.nodes import Operation, Server
from .words import BUILTINS, Scope, identifier, pascal, split_words

__all__ = [
    "CREDENTIAL_RESERVED",
    "GROUP_RESERVED",
    "METHOD_RESERVED",
    "env_var_name",
    "method_candidates",
    "namespace_of",
    "server_names",
    "task_handle_names",
]

_GENERIC = {
    "api",
    "apis",
    "unified",
    "endpoint",
    "endpoints",
    "service",
    "services",
    "operations",
    "operation",
    "the",
    "and",
    "of",
    "resource",
    "resources",
    "rest",
}
_VERSION = re.compile(r"v\d+(\.\d+)*|\d+(\.\d+)*|api")
_MAX_SUMMARY_WORDS = 6
_ARTICLES = frozenset({"a", "an", "the"})
#: names a group class already has, or that would shadow what methods use
METHOD_RESERVED = frozenset({"self", "cls", "with_options", "with_raw_response"}) | BUILTINS
#: names the client classes already use: a group may not be called so
GROUP_RESERVED = (
    frozenset({"close", "aclose", "self", "request", "with_options", "with_raw_response"})
    | BUILTINS
)
#: names a credential parameter may not take: the client's other parameters and the locals and
#: modules of ``_credentials`` (a credential ``x`` also makes a constant ``X_ENV``)
CREDENTIAL_RESERVED = (
    frozenset(
        {
            "self",
            "server",
            "base_url",
            "server_variables",
            "timeout",
            "retry",
            "headers",
            "validate_requests",
            "transport",
            "http_client",
            "clock",
            "sleep",
            "query",
            "token",
            "os",
            "base64",
            "auth_headers",
            "auth_query",
        }
    )
    | BUILTINS
)


def namespace_of(op: Operation, configured: dict[str, str]) -> str:
    for key in (op.operation_id, *op.tags, op.path):
        if key in configured:
            return identifier(configured[key], GROUP_RESERVED)
    for tag in op.tags:
        words = [w for w in split_words(tag) if w.lower() not in _GENERIC]
        if words:
            return identifier(" ".join(words), GROUP_RESERVED)
    for segment in op.path.strip("/").split("/"):
        if segment and not segment.startswith("{") and not _VERSION.fullmatch(segment.lower()):
            return identifier(segment, GROUP_RESERVED)
    return "default"


def _summary_words(summary: str | None) -> list[str] | None:
    if not summary or len(summary) > 60 or "\n" in summary:
        return None
    cleaned = re.sub(r"[\u201c\u201d\"'`]", "", summary)
    words = [w for w in split_words(cleaned) if w.lower() not in _ARTICLES]
    if not words or len(words) > _MAX_SUMMARY_WORDS or not re.match(r"[A-Za-z]", cleaned):
        return None
    return words


def method_candidates(op: Operation, configured: dict[str, str]) -> list[str]:
    """Method names to try in order (see the module docstring)."""
    reserved = METHOD_RESERVED
    if op.operation_id in configured:
        return [identifier(configured[op.operation_id], reserved)]
    out = []
    words = _summary_words(op.summary)
    if words:
        out.append(identifier(" ".join(words), reserved))
    out.append(identifier(op.operation_id, reserved))
    return out


def claim_method(op: Operation, configured: dict[str, str], scope: Scope) -> str:
    candidates = method_candidates(op, configured)
    found = scope.first_free(candidates)
    return found if found is not None else scope.claim(candidates[-1])


def server_names(servers: tuple[Server, ...]) -> list[str]:
    """A short distinct name per server (see the module docstring)."""
    described = [
        [w.lower() for w in split_words(s.description)] if s.description else [] for s in servers
    ]
    names = []
    scope = Scope()
    for i, server in enumerate(servers):
        others = {w for j, words in enumerate(described) if j != i for w in words}
        own = [w for w in described[i] if w not in others and w not in _GENERIC]
        if not own:
            host = (urlsplit(server.url).hostname or "").split(".")[0].strip("{}")
            own = [host] if host and not host[0].isdigit() else ["server"]
        names.append(scope.claim(identifier(" ".join(own[:3]))))
    return names


def task_handle_names(method: str) -> tuple[str, str, str]:
    """The sync and async handle classes of the task an operation (named ``method``) starts,
    and the ``TaskFailedError`` subclass they raise."""
    stem = pascal(method)
    return f"{stem}Task", f"Async{stem}Task", f"{stem}TaskFailed"


def env_var_name(title: str, suffix: str) -> str:
    """``Kombo API`` + ``API_KEY`` -> ``KOMBO_API_KEY``."""
    words = [w.upper() for w in split_words(title) if w.lower() not in _GENERIC] or ["API"]
    return "_".join([*words[:3], suffix])
