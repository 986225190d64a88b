"""Sending work to the Celery worker without importing claims.tasks.

The tasks call the services, so the services must not import the tasks (a file cycle). Instead
claims.tasks registers each task here when it is imported, and ClaimsConfig.ready imports
claims.tasks, so every process (web, worker, management commands) has them before any service runs.
"""

from functools import partial
from typing import Protocol

from django.db import transaction


class Sendable(Protocol):
    def delay(self, *args: int) -> object: ...


_TASKS: dict[str, Sendable] = {}


def task_register(*, name: str, task: Sendable) -> None:
    """Make `task` sendable as `name` (called once per task by claims.tasks at import)."""
    _TASKS[name] = task


def task_send(*, name: str, args: tuple[int, ...]) -> None:
    """Send the task named `name` with `args` now; raises whatever the broker raises when it is down."""
    _TASKS[name].delay(*args)


def task_send_on_commit(*, name: str, args: tuple[int, ...]) -> None:
    """Send the task named `name` with `args` once the surrounding transaction commits.

    The values are bound now; a rolled-back transaction sends nothing. KeyError means claims.tasks
    was never imported (the app is not installed or ready() did not run).
    """
    task = _TASKS[name]
    transaction.on_commit(partial(task.delay, *args))
