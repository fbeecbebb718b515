"""Handles on asynchronous tasks: submit once, then poll a status endpoint until it is done.

An operation that starts a background task (it answers with a ``task_id``; a ``GET`` on the
same path plus ``/{task_id}`` reports the status) returns a :class:`TaskHandle`
(:class:`AsyncTaskHandle` on the async client):

* ``task_id``, ``warnings`` (from the submit response) and ``submitted`` (that response);
* ``poll()`` fetches the status once;
* ``wait(timeout=, poll_interval=)`` polls until the task is terminal, sleeping
  ``poll_interval`` seconds at first and ``backoff`` times longer each round, up to
  ``max_interval``. A completed task gives a :class:`TaskResult` with its per-item outcomes
  split into ``succeeded`` and ``failed``; a failed task raises
  :class:`~.errors.TaskFailedError` with the task's error; running out of time raises
  :class:`~.errors.TaskTimeoutError` carrying the ``task_id``, so polling can be resumed
  later (every client has a ``resume_...`` method for each task operation).

A status the client does not know (a newer server added one) counts as still running:
``wait()`` keeps polling when a status response fails to decode only because its status tag
is unknown; ``poll()`` itself raises the :class:`~.errors.DecodeError`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from .errors import DecodeError, TaskFailedError, TaskTimeoutError

__all__ = ["AsyncTaskHandle", "TaskHandle", "TaskResult", "TaskState"]

StatusT = TypeVar("StatusT")
OkT = TypeVar("OkT")
FailT = TypeVar("FailT")


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskState(Generic[OkT, FailT]):
    """What one status response says, as interpreted by the generated code."""

    state: Literal["pending", "completed", "failed"]
    status: str  # the status value as the server sent it
    succeeded: tuple[OkT, ...] = ()
    failed: tuple[FailT, ...] = ()
    error: object = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskResult(Generic[StatusT, OkT, FailT]):
    """A completed task: the final status response and its items by outcome."""

    task_id: str
    response: StatusT
    succeeded: tuple[OkT, ...]
    failed: tuple[FailT, ...]
    key: Callable[[OkT | FailT], str] | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when no item failed."""
        return not self.failed

    @property
    def by_key(self) -> dict[str, OkT | FailT]:
        """Every item by its key (such as an ``origin_id``), succeeded and failed alike."""
        if self.key is None:
            return {}
        items: tuple[OkT | FailT, ...] = (*self.succeeded, *self.failed)
        return {self.key(item): item for item in items}

    def __getitem__(self, key: str) -> OkT | FailT:
        return self.by_key[key]


def _unknown_status(error: DecodeError) -> bool:
    """The response only failed because of a tag (status) value the client does not know."""
    keywords = {getattr(issue, "keyword", "") for issue in error.issues}
    return keywords == {"discriminator"}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Schedule:
    timeout: float
    poll_interval: float
    backoff: float
    max_interval: float

    def next_interval(self, interval: float) -> float:
        return min(self.max_interval, interval * self.backoff)


class _HandleBase(Generic[StatusT, OkT, FailT]):
    def __init__(
        self,
        *,
        task_id: str,
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[object] = (),
        submitted: object = None,
        key: Callable[[OkT | FailT], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.task_id = task_id
        self.warnings = tuple(warnings)
        self.submitted = submitted
        self._interpret = interpret
        self._key = key
        self._clock = clock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(task_id={self.task_id!r})"

    def _outcome(self, response: StatusT) -> TaskResult[StatusT, OkT, FailT] | None:
        state = self._interpret(response)
        if state.state == "failed":
            raise TaskFailedError(task_id=self.task_id, error=state.error, result=response)
        if state.state == "completed":
            return TaskResult(
                task_id=self.task_id,
                response=response,
                succeeded=state.succeeded,
                failed=state.failed,
                key=self._key,
            )
        return None

    def _timed_out(self, started: float, interval: float, schedule: _Schedule) -> bool:
        return self._clock() - started + interval > schedule.timeout


class TaskHandle(_HandleBase[StatusT, OkT, FailT]):
    """A running task of the synchronous client."""

    def __init__(
        self,
        *,
        task_id: str,
        poll: Callable[[], StatusT],
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[object] = (),
        submitted: object = None,
        key: Callable[[OkT | FailT], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(
            task_id=task_id,
            interpret=interpret,
            warnings=warnings,
            submitted=submitted,
            key=key,
            clock=clock,
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


class AsyncTaskHandle(_HandleBase[StatusT, OkT, FailT]):
    """A running task of the asynchronous client."""

    def __init__(
        self,
        *,
        task_id: str,
        poll: Callable[[], Awaitable[StatusT]],
        interpret: Callable[[StatusT], TaskState[OkT, FailT]],
        warnings: Sequence[object] = (),
        submitted: object = None,
        key: Callable[[OkT | FailT], str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(
            task_id=task_id,
            interpret=interpret,
            warnings=warnings,
            submitted=submitted,
            key=key,
            clock=clock,
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
