"""A django-tasks backend that runs jobs on Celery (the production profile's backend).

Every job travels as one generic Celery task, ``dueregard.run_task`` (see
``dueregard/celery.py``), carrying the django-tasks task's module path and its JSON
arguments. The worker imports the task by that path and runs it. So a job is written
once with ``@task()`` and runs unchanged on the database worker (dev), immediately
(tests) or on Celery (production).

A job is published when the surrounding database transaction commits (at once outside
one), as the database backend's job row commits with the transaction: a job for a change
that is rolled back never runs, and a worker never looks for rows not yet committed.

What maps to what:

* ``run_after`` becomes Celery's ``eta``. With the Redis broker a worker holds such a
  job in memory until it is due; keep delays under the broker's visibility timeout
  (one hour by default) or the job may run twice.
* ``priority`` (-100 lowest to 100 highest) becomes a Redis priority (9 lowest to 0
  highest; Redis groups them into the steps 0, 3, 6, 9).
* The ``default`` queue is Celery's default queue; any other queue name (which must be
  listed in the backend's ``QUEUES``) is the Celery queue of that name, which a worker
  must consume (``celery worker -Q name``).

Results are not stored: :meth:`CeleryBackend.get_result` is not supported.
"""

from __future__ import annotations

from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskContext, TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TASK_MAX_PRIORITY, TASK_MIN_PRIORITY, Task, TaskError
from django_tasks.exceptions import InvalidTaskError
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id

T = TypeVar("T")
P = ParamSpec("P")

#: Redis' priorities: 0 is served first, 9 last.
REDIS_HIGHEST_PRIORITY = 0
REDIS_LOWEST_PRIORITY = 9


def celery_priority(priority: int) -> int:
    """The Redis broker priority for a django-tasks ``priority`` (higher runs sooner)."""
    span = TASK_MAX_PRIORITY - TASK_MIN_PRIORITY
    steps = REDIS_LOWEST_PRIORITY - REDIS_HIGHEST_PRIORITY
    return REDIS_HIGHEST_PRIORITY + round((TASK_MAX_PRIORITY - priority) * steps / span)


class CeleryBackend(BaseTaskBackend):
    """Send django-tasks jobs to Celery (``TASKS[...]["BACKEND"]`` names this class)."""

    supports_defer = True
    supports_async_task = True
    supports_get_result = False
    supports_priority = True

    def enqueue(
        self,
        task: Task[P, T],
        args: P.args,  # type: ignore[valid-type]
        kwargs: P.kwargs,  # type: ignore[valid-type]
    ) -> TaskResult[T]:
        """Validate ``task`` and publish it to the broker once the transaction commits.

        Raises ``InvalidTaskError`` for a task this backend cannot run and ``TypeError`` or
        ``ValueError`` for arguments that are not JSON; the broker's connection error is
        raised where the job is published (here, or at the commit).
        """
        from dueregard.celery import run_task

        self.validate_task(task)
        # TaskResult normalises args and kwargs to JSON and refuses anything else.
        result: TaskResult[T] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        options: dict[str, Any] = {
            "task_id": result.id,
            "serializer": "json",
            "priority": celery_priority(task.priority),
        }
        if task.run_after is not None:
            options["eta"] = task.run_after
        if task.queue_name != DEFAULT_TASK_QUEUE_NAME:
            options["queue"] = task.queue_name

        def publish() -> None:
            run_task.apply_async(args=(task.module_path, result.args, result.kwargs), **options)
            task_enqueued.send(type(self), task_result=result)

        # robust=False: a broker that cannot be reached fails the request that committed.
        transaction.on_commit(publish, robust=False)
        return result


def execute_task(
    module_path: str,
    args: list[Any],
    kwargs: dict[str, Any],
    *,
    result_id: str,
    worker_id: str,
) -> Any:
    """Run, in a Celery worker, the django-tasks task published by :class:`CeleryBackend`.

    Sends django-tasks' ``task_started`` and ``task_finished`` signals (which log the
    outcome) and returns the task's value. Raises ``InvalidTaskError`` when
    ``module_path`` names no task, and re-raises whatever the task raises.
    """
    task = import_string(module_path)
    if not isinstance(task, Task):
        raise InvalidTaskError(f"{module_path!r} is not a django-tasks task")
    started_at = timezone.now()
    result: TaskResult[Any] = TaskResult(
        task=task,
        id=result_id,
        status=TaskResultStatus.RUNNING,
        enqueued_at=None,
        started_at=started_at,
        last_attempted_at=started_at,
        finished_at=None,
        args=args,
        kwargs=kwargs,
        backend=task.backend,
        errors=[],
        worker_ids=[worker_id],
    )
    task_started.send(CeleryBackend, task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *args, **kwargs)
        else:
            value = task.call(*args, **kwargs)
    except Exception as exc:
        result.errors.append(
            TaskError(
                exception_class_path=get_module_path(type(exc)),
                traceback=get_exception_traceback(exc),
            )
        )
        _finish(result, TaskResultStatus.FAILED)
        raise
    object.__setattr__(result, "_return_value", value)
    _finish(result, TaskResultStatus.SUCCESSFUL)
    return value


def _finish(result: TaskResult[Any], status: TaskResultStatus) -> None:
    # TaskResult is a frozen dataclass; django-tasks' own backends set its outcome so.
    object.__setattr__(result, "status", status)
    object.__setattr__(result, "finished_at", timezone.now())
    task_finished.send(CeleryBackend, task_result=result)
