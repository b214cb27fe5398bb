"""The Celery application that runs background jobs in production.

Jobs are written once, as django-tasks tasks (``@task()`` in each app's ``tasks.py``).
In production ``TASKS`` selects :class:`dueregard.core.celery_backend.CeleryBackend`,
which sends every job to the one generic Celery task below, ``dueregard.run_task``.

Start a worker and the scheduler (hourly overdue reminders) with::

    celery -A dueregard.celery worker --loglevel INFO
    celery -A dueregard.celery beat --loglevel INFO

Broker and schedule come from Django settings prefixed ``CELERY_`` (the broker is
``REDIS_URL``; the schedule is ``CELERY_BEAT_SCHEDULE``).
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dueregard.settings")

#: The name under which every django-tasks job travels through the broker.
RUN_TASK_NAME = "dueregard.run_task"

app = Celery("dueregard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Celery ships no type information: its decorators are untyped (see pyproject's overrides).
@app.task(name=RUN_TASK_NAME, bind=True, ignore_result=True)  # type: ignore[untyped-decorator]
def run_task(self: Any, module_path: str, args: list[Any], kwargs: dict[str, Any]) -> None:
    """Run the django-tasks task at ``module_path`` with JSON ``args`` and ``kwargs``.

    Raises whatever the task raises, so Celery records the failure too.
    """
    from dueregard.core.celery_backend import execute_task

    execute_task(
        module_path,
        args,
        kwargs,
        result_id=str(self.request.id),
        worker_id=str(self.request.hostname),
    )


@app.task(name="dueregard.enqueue_reminders", ignore_result=True)  # type: ignore[untyped-decorator]
def enqueue_reminders() -> str:
    """Enqueue the overdue-reminder job (scheduled hourly by Celery beat).

    Returns the id of the enqueued job.
    """
    from dueregard.cases.tasks import remind_overdue

    return remind_overdue.enqueue().id


@app.task(name="dueregard.enqueue_upload_purge", ignore_result=True)  # type: ignore[untyped-decorator]
def enqueue_upload_purge() -> str:
    """Enqueue the job deleting expired held concern-form files (scheduled hourly).

    Returns the id of the enqueued job.
    """
    from dueregard.concerns.tasks import purge_expired_uploads

    return purge_expired_uploads.enqueue().id
