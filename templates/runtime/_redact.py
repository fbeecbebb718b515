# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Text that comes from outside made safe to show: credentials masked, control characters gone.

* :func:`secret_forms` — every form a credential can take in text this client shows: the value
  itself, the token of ``"Bearer <token>"``, its percent-encoded form (query parameters), the
  password and the base64 token of HTTP basic credentials.
* :func:`redact` — ``text`` with each of those forms replaced by ``***``; :func:`redact_error`
  does the same to an exception's arguments, its text attributes and every exception chained
  to it (``__cause__``/``__context__``, such as the ``httpx`` error a transport error wraps).
* :func:`clean` — server text for a one-line message: control characters (C0, C1, DEL) and
  bidirectional-override characters removed, runs of whitespace made one space.
* :func:`check_credential` — refuses a credential that cannot be sent as it is (whitespace,
  a line break, a non-ASCII or control character) with an error that does not show it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from urllib.parse import quote

__all__ = ["Secrets", "check_credential", "clean", "redact", "redact_error", "secret_forms"]

#: shorter values are not masked (masking "a" would garble every message)
MIN_SECRET_LEN = 4
MASK = "***"

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


class Secrets(tuple[str, ...]):
    """Credential forms to mask: a tuple whose ``repr``/``str`` never show them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Secrets(<{len(self)} masked>)"

    __str__ = __repr__

    @classmethod
    def of(cls, values: Iterable[str]) -> Secrets:
        """Every form of each value (see :func:`secret_forms`), longest first."""
        forms = {form for value in values for form in secret_forms(value)}
        return cls(sorted(forms, key=lambda form: (-len(form), form)))


def secret_forms(value: str) -> tuple[str, ...]:
    """The forms of credential ``value`` to mask, longest first (so no part of one is left)."""
    forms = {value}
    scheme, _, token = value.partition(" ")
    if scheme and token:
        forms.add(token)
        if scheme.lower() == "basic":
            forms.update(_basic_forms(token))
    forms.update({quote(form, safe="") for form in list(forms)})
    kept = {form for form in forms if len(form) >= MIN_SECRET_LEN}
    return tuple(sorted(kept, key=lambda form: (-len(form), form)))


def _basic_forms(token: str) -> set[str]:
    try:
        decoded = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return set()
    _, _, password = decoded.partition(":")
    return {decoded, password}


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (see :func:`secret_forms`) replaced by ``***``."""
    for secret in secrets:
        if secret and secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_error(error: BaseException, secrets: tuple[str, ...]) -> None:
    """Mask ``secrets`` in ``error`` and every exception chained to it, in place."""
    if not secrets:
        return
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        _redact_one(current, secrets)
        current = current.__cause__ or current.__context__


def _redact_one(error: BaseException, secrets: tuple[str, ...]) -> None:
    try:
        error.args = tuple(_masked(arg, secrets) for arg in error.args)
        state = getattr(error, "__dict__", None)
        if isinstance(state, dict):
            for name, value in list(state.items()):
                if isinstance(value, str | bytes):
                    state[name] = _masked(value, secrets)
    except (AttributeError, TypeError):  # an exception type that does not let us: leave it
        pass


def _masked(value: object, secrets: tuple[str, ...]) -> object:
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, bytes):
        for secret in secrets:
            value = value.replace(secret.encode("utf-8"), MASK.encode())
        return value
    return value


def clean(text: str) -> str:
    """Server text for a one-line message: no control characters, single spaces."""
    return _SPACES.sub(" ", _UNSAFE.sub("", text)).strip()


def check_credential(name: str, value: str) -> None:
    """Raise ``ValueError`` when ``value`` cannot be sent as it is (never showing it)."""
    problems = []
    if any(c.isspace() for c in value):
        problems.append("whitespace or a line break")
    if not value.isascii():
        problems.append("non-ASCII characters")
    elif not value.isprintable():
        problems.append("control characters")
    if problems:
        raise ValueError(
            f"{name} contains {' and '.join(problems)} ({len(value)} characters, not shown);"
            " check how it was copied (a trailing newline?)"
        )
