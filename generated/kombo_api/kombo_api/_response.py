"""The HTTP response of a successful call, next to its result.

``client.<group>.with_raw_response.<method>(...)`` takes the same arguments as the method and
returns a :class:`RawResponse`: ``.status_code``, ``.headers``, ``.http_request``,
``.http_response``, ``.elapsed``, ``.request_id``, and ``.parse()``, which gives exactly what
the plain method returns (a model, a page of a paginated operation, a task handle...). Error
statuses raise the same exceptions as the plain method does.
"""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

import httpx

__all__ = ["RawResponse"]

T = TypeVar("T")

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


class RawResponse(Generic[T]):
    """A successful call's ``httpx.Response`` and its decoded result (``parse()``)."""

    __slots__ = ("_parsed", "http_response")

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self._parsed = parsed

    def parse(self) -> T:
        """What the plain method returns for this response."""
        return self._parsed

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        """The request as last sent (after any retries)."""
        return self.http_response.request

    @property
    def elapsed(self) -> datetime.timedelta | None:
        """Time from sending the last attempt to reading its response (``None`` when the
        transport did not stream the body, as some test transports do)."""
        try:
            return self.http_response.elapsed
        except RuntimeError:
            return None

    @property
    def request_id(self) -> str | None:
        """The server's request id, from the usual response headers."""
        headers = self.http_response.headers
        return next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"RawResponse({request.method} {request.url.path} -> {self.status_code})"
