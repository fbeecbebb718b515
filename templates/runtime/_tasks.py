# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Handles on asynchronous tasks: submit once, then poll a status endpoint until it is done.

An operation that starts a background task (it answers with a ``task_id``; a ``GET`` on the
same path plus ``/{task_id}`` reports the status) returns a :class:`TaskHandle`
(:class:`AsyncTaskHandle` on the async client):

* ``task_id``, ``warnings`` (from the submit response) and ``submitted`` (that response);
* ``poll()`` fetches the status once;
* ``wait(timeout=, poll_interval=)`` polls until the task is terminal, sleeping
  ``poll_interval`` seconds at first and ``backoff`` times longer each round, up to
  ``max_interval`` (finite numbers: ``timeout`` >= 0, so 0 polls once; the intervals > 0;
  ``backoff`` >= 1). A
  completed task gives a :class:`TaskResult` with its per-item outcomes split into
  ``succeeded`` and ``failed``, and ``unknown``: items whose status the client does not know
  (a newer server added one), kept as received; a failed task raises
  :class:`~.errors.TaskFailedError` with the task's error; running out of time raises
  :class:`~.errors.TaskTimeoutError` carrying the ``task_id``, so polling can be resumed
  later (every client has a ``resume_...`` method for each task operation).

A task status the client does not know (a newer server added one) counts as still running:
``wait()`` keeps polling when a status response fails to decode only because the task's own
status tag is unknown (with ``response_validation="strict"``; otherwise the response decodes
with the status kept as received); ``poll()`` itself raises the :class:`~.errors.DecodeError`.
An unknown *item* status never makes a completed task look pending.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

import httpx

from ._redact import redact_error
from ._tolerant import problems
from .errors import DecodeError, TaskFailedError, TaskTimeoutError

__all__ = [
    "AsyncTaskHandle",
    "TaskHandle",
    "TaskResult",
    "TaskState",
    "item_key",
    "items_of",
    "tag_text",
    "task_id_of",
]

StatusT = TypeVar("StatusT")
OkT = TypeVar("OkT")
FailT = TypeVar("FailT")
WarnT = TypeVar("WarnT")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskState(Generic[OkT, FailT]):
    """What one status response says, as interpreted by the generated code."""

    state: Literal["pending", "completed", "failed"]
    status: str  # the status value as the server sent it
    succeeded: tuple[OkT, ...] = ()
    failed: tuple[FailT, ...] = ()
    unknown: tuple[object, ...] = ()
    error: object = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskResult(Generic[StatusT, OkT, FailT]):
    """A completed task: the final status response and its items by outcome.

    ``unknown`` holds the items whose status the client does not know, as received (a
    newer server added a status): they are neither succeeded nor failed.
    """

    task_id: str
    response: StatusT
    succeeded: tuple[OkT, ...]
    failed: tuple[FailT, ...]
    unknown: tuple[object, ...] = ()
    key: Callable[[object], str | None] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when every item succeeded (none failed, none of an unknown status)."""
        return not self.failed and not self.unknown

    @property
    def by_key(self) -> dict[str, OkT | FailT | object]:
        """Every item by its key (such as an ``origin_id``): succeeded, failed and unknown.

        Raises ``ValueError`` naming the keys that several items share (``groups`` keeps
        them all) rather than keep one of them.
        """
        groups = self.groups
        shared = [key for key, items in groups.items() if len(items) > 1]
        if shared:
            listed = ", ".join(repr(key) for key in shared[:5])
            more = f" and {len(shared) - 5} more" if len(shared) > 5 else ""
            raise ValueError(
                f"{len(shared)} keys are shared by several items ({listed}{more}); "
                "use .groups, which keeps every item"
            )
        return {key: items[0] for key, items in groups.items()}

    @property
    def groups(self) -> dict[str, tuple[OkT | FailT | object, ...]]:
        """Every item with a key, grouped by it, in the order the server listed them."""
        if self.key is None:
            return {}
        out: dict[str, list[OkT | FailT | object]] = {}
        for item in (*self.succeeded, *self.failed, *self.unknown):
            key = self.key(item)
            if key is not None:
                out.setdefault(key, []).append(item)
        return {key: tuple(items) for key, items in out.items()}

    def __getitem__(self, key: str) -> OkT | FailT | object:
        return self.by_key[key]


def item_key(item: object, attr: str, wire: str) -> str | None:
    """The key of a task item: a model's attribute, or a raw item's JSON member."""
    value = item.get(wire) if isinstance(item, Mapping) else getattr(item, attr, None)
    return value if isinstance(value, str) else None


def task_id_of(
    submitted: object, attrs: tuple[str, ...], response: httpx.Response, operation_id: str
) -> str:
    """The task id in a submit answer (at ``attrs``); a DecodeError when it has none (an
    answer decoded tolerantly may lack it)."""
    value = submitted
    for attr in attrs:
        value = getattr(value, attr, None)
    if not isinstance(value, str):
        raise DecodeError(
            f"the response carries no task id (at {'.'.join(attrs)})",
            response=response,
            issues=problems(submitted),
            operation_id=operation_id,
        )
    return value


def items_of(value: object) -> list[object]:
    """The items of a completed task (none when a tolerant decode kept something else)."""
    return list(value) if isinstance(value, list) else []


def tag_text(data: object, attr: str, wire: str) -> str:
    """The status tag of a task status, a model's attribute or a raw object's member."""
    value = data.get(wire) if isinstance(data, Mapping) else getattr(data, attr, None)
    return str(value)


def _unknown_status(error: DecodeError) -> bool:
    """The response only failed because of the task's own status tag (not an item's: those
    are inside a list), a value the client does not know."""
    keywords = {getattr(issue, "keyword", "") for issue in error.issues}
    inside_list = any("[" in str(getattr(issue, "path", "[")) for issue in error.issues)
    return keywords == {"discriminator"} and not inside_list


@dataclass(frozen=True, slots=True, kw_only=True)
class _Schedule:
    timeout: float
    poll_interval: float
    backoff: float
    max_interval: float

    def __post_init__(self) -> None:
        if not (_number(self.timeout) and self.timeout >= 0):
            raise ValueError(
                f"timeout must be a finite number of seconds >= 0, not {self.timeout!r}"
            )
        for name in ("poll_interval", "max_interval"):
            value = getattr(self, name)
            if not (_number(value) and value > 0):
                raise ValueError(
                    f"{name} must be a positive, finite number of seconds, not {value!r}"
                )
        if not (_number(self.backoff) and self.backoff >= 1):
            raise ValueError(f"backoff must be a finite number >= 1, not {self.backoff!r}")

    def next_interval(self, interval: float) -> float:
        return min(self.max_interval, interval * self.backoff)


def _number(value: object) -> bool:
    """A finite int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _HandleBase(Generic[StatusT, OkT, FailT, WarnT]):
    #: what a failed task raises (the generated handles name a subclass with a typed ``error``)
    failure: type[TaskFailedError] = TaskFailedError

    def __init__(
        self,
        *,
        task_id: str,
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[WarnT] | object = (),
        submitted: object = None,
        key: Callable[[object], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        secrets: tuple[str, ...] = (),
    ) -> None:
        self.task_id = task_id
        self._secrets = secrets
        #: the submit answer's warnings (none when a tolerant decode kept something else)
        self.warnings: tuple[WarnT, ...] = (
            tuple(warnings) if isinstance(warnings, list | tuple) else ()
        )
        self.submitted = submitted
        self._interpret = interpret
        self._key = key
        self._clock = clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(task_id={self.task_id!r})"

    def _outcome(self, response: StatusT) -> TaskResult[StatusT, OkT, FailT] | None:
        state = self._interpret(response)
        if state.state == "failed":
            error = self.failure(task_id=self.task_id, error=state.error, result=response)
            redact_error(error, self._secrets)  # the server's error text may echo a credential
            raise error
        if state.state == "completed":
            return TaskResult(
                task_id=self.task_id,
                response=response,
                succeeded=state.succeeded,
                failed=state.failed,
                unknown=state.unknown,
                key=self._key,
            )
        return None

    def _timed_out(self, started: float, interval: float, schedule: _Schedule) -> bool:
        return self._clock() - started + interval > schedule.timeout


class TaskHandle(_HandleBase[StatusT, OkT, FailT, WarnT]):
    """A running task of the synchronous client."""

    def __init__(
        self,
        *,
        task_id: str,
        poll: Callable[[], StatusT],
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[WarnT] | object = (),
        submitted: object = None,
        key: Callable[[object], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        secrets: tuple[str, ...] = (),
    ) -> None:
        super().__init__(
            task_id=task_id,
            interpret=interpret,
            warnings=warnings,
            submitted=submitted,
            key=key,
            clock=clock,
            secrets=secrets,
        )
        self._poll = poll
        self._sleep = sleep

    def poll(self) -> StatusT:
        """Fetch the task's status once."""
        return self._poll()

    def wait(
        self,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        *,
        backoff: float = 1.5,
        max_interval: float = 30.0,
    ) -> TaskResult[StatusT, OkT, FailT]:
        """Poll until the task is terminal (see the module docstring)."""
        schedule = _Schedule(
            timeout=timeout, poll_interval=poll_interval, backoff=backoff, max_interval=max_interval
        )
        started, interval = self._clock(), poll_interval
        while True:
            try:
                result = self._outcome(self._poll())
            except DecodeError as error:
                if not _unknown_status(error):
                    raise
                result = None
            if result is not None:
                return result
            if self._timed_out(started, interval, schedule):
                raise TaskTimeoutError(task_id=self.task_id, elapsed=self._clock() - started)
            self._sleep(interval)
            interval = schedule.next_interval(interval)


class AsyncTaskHandle(_HandleBase[StatusT, OkT, FailT, WarnT]):
    """A running task of the asynchronous client."""

    def __init__(
        self,
        *,
        task_id: str,
        poll: Callable[[], Awaitable[StatusT]],
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[WarnT] | object = (),
        submitted: object = None,
        key: Callable[[object], str | None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        secrets: tuple[str, ...] = (),
    ) -> None:
        super().__init__(
            task_id=task_id,
            interpret=interpret,
            warnings=warnings,
            submitted=submitted,
            key=key,
            clock=clock,
            secrets=secrets,
        )
        self._poll = poll
        self._sleep = sleep

    async def poll(self) -> StatusT:
        """Fetch the task's status once."""
        return await self._poll()

    async def wait(
        self,
        timeout: float = 300.0,
        poll_interval: float = 1.0,
        *,
        backoff: float = 1.5,
        max_interval: float = 30.0,
    ) -> TaskResult[StatusT, OkT, FailT]:
        """Poll until the task is terminal (see the module docstring)."""
        schedule = _Schedule(
            timeout=timeout, poll_interval=poll_interval, backoff=backoff, max_interval=max_interval
        )
        started, interval = self._clock(), poll_interval
        while True:
            try:
                result = self._outcome(await self._poll())
            except DecodeError as error:
                if not _unknown_status(error):
                    raise
                result = None
            if result is not None:
                return result
            if self._timed_out(started, interval, schedule):
                raise TaskTimeoutError(task_id=self.task_id, elapsed=self._clock() - started)
            await self._sleep(interval)
            interval = schedule.next_interval(interval)
