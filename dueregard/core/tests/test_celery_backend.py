"""The Celery backend: django-tasks jobs published to a real Redis and run by a worker.

The round trip uses the Redis on 127.0.0.1 (database 15, a queue of its own per run) and
a Celery worker in a thread of this process. Without a reachable Redis it is skipped,
except under CI, where a missing Redis is a failure rather than a quiet skip.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task, task_backends
from django_tasks.exceptions import InvalidTaskError
from django_tasks.signals import task_finished

from dueregard.celery import RUN_TASK_NAME, app, enqueue_reminders, run_task
from dueregard.core.celery_backend import CeleryBackend, celery_priority, execute_task

BROKER_URL = "redis://127.0.0.1:6379/15"
CELERY_TASKS = {"default": {"BACKEND": "dueregard.core.celery_backend.CeleryBackend"}}

#: What the jobs below did; the worker runs in a thread of this process, so it sees this.
ran: list[Any] = []


@task()
def record(marker: str, *, times: int = 1) -> int:
    ran.append((marker, times))
    return times


@task(takes_context=True)
def record_attempt(context: TaskContext, marker: str) -> None:
    ran.append((marker, context.attempt, context.task_result.id))


@task()
def explode(marker: str) -> None:
    raise ValueError(marker)


def wait_for(marker: str, seconds: float = 8.0) -> list[Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [entry for entry in ran if entry[0] == marker]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"the worker did not run the job {marker} within {seconds} s")


@pytest.fixture
def celery_backend(settings: Any, db: None) -> CeleryBackend:
    """CeleryBackend as the default backend, with the database open for on_commit."""
    settings.TASKS = CELERY_TASKS  # django-tasks drops its cached backends on this change
    backend = task_backends["default"]
    assert isinstance(backend, CeleryBackend)
    return backend


@pytest.fixture
def redis_broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A queue of our own on Redis database 15; the app points at it for the test."""
    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {BROKER_URL} is not reachable under CI: {exc}")
        pytest.skip(f"Redis at {BROKER_URL} is not reachable ({exc}); start redis-server")
    # Celery's Django fixup runs every system check when a worker starts: not our subject.
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")
    queue = f"dueregard-test-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_default_queue")}
    app.conf.update(broker_url=BROKER_URL, task_default_queue=queue)
    try:
        yield queue
    finally:
        app.conf.update(saved)
        leftovers = client.keys(f"*{queue}*")
        if leftovers:
            client.delete(*leftovers)
        client.close()


def test_job_enqueued_through_celery_runs_on_a_worker(
    celery_backend: CeleryBackend, redis_broker: str, django_capture_on_commit_callbacks: Any
) -> None:
    marker = uuid.uuid4().hex
    with start_worker(app, perform_ping_check=False, queues=[redis_broker]):
        with django_capture_on_commit_callbacks(execute=True):
            result = record.enqueue(marker, times=2)
        assert result.status == TaskResultStatus.READY
        assert result.backend == "default"
        assert wait_for(marker) == [(marker, 2)]


def test_context_job_sees_its_result_id_on_the_worker(
    celery_backend: CeleryBackend, redis_broker: str, django_capture_on_commit_callbacks: Any
) -> None:
    marker = uuid.uuid4().hex
    with start_worker(app, perform_ping_check=False, queues=[redis_broker]):
        with django_capture_on_commit_callbacks(execute=True):
            result = record_attempt.enqueue(marker)
        assert wait_for(marker) == [(marker, 1, result.id)]


def test_enqueue_publishes_one_generic_celery_task_on_commit(
    celery_backend: CeleryBackend, django_capture_on_commit_callbacks: Any
) -> None:
    later = timezone.now() + timedelta(minutes=5)
    with (
        mock.patch.object(run_task, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = record.using(run_after=later, priority=100).enqueue("m", times=3)
        apply_async.assert_not_called()
    assert run_task.name == RUN_TASK_NAME
    apply_async.assert_called_once_with(
        args=("dueregard.core.tests.test_celery_backend.record", ["m"], {"times": 3}),
        task_id=result.id,
        serializer="json",
        priority=0,
        eta=later,
    )
    assert result.status == TaskResultStatus.READY
    assert result.enqueued_at is not None


def test_job_of_a_rolled_back_transaction_is_never_published(
    celery_backend: CeleryBackend, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        mock.patch.object(run_task, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record.enqueue("m")
        raise RuntimeError("the change fails after the job was enqueued")
    assert callbacks == []
    apply_async.assert_not_called()


def test_enqueue_refuses_arguments_that_are_not_json(
    celery_backend: CeleryBackend, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        mock.patch.object(run_task, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(TypeError),
    ):
        record.enqueue(object())  # type: ignore[arg-type]
    apply_async.assert_not_called()


def test_enqueue_refuses_a_queue_the_backend_does_not_serve(
    celery_backend: CeleryBackend,
) -> None:
    with pytest.raises(InvalidTaskError):
        record.using(queue_name="elsewhere").enqueue("m")


def test_priority_maps_to_redis_order() -> None:
    # Redis serves 0 first: the highest django-tasks priority must become 0.
    assert celery_priority(100) == 0
    assert celery_priority(-100) == 9
    assert celery_priority(100) < celery_priority(0) < celery_priority(-100)


def test_execute_task_records_failure_and_reraises() -> None:
    outcomes: list[Any] = []

    def listener(sender: Any, task_result: Any, **kwargs: Any) -> None:
        outcomes.append((task_result.status, task_result.errors[0].exception_class))

    task_finished.connect(listener)
    try:
        with pytest.raises(ValueError, match="boom"):
            execute_task(
                "dueregard.core.tests.test_celery_backend.explode",
                ["boom"],
                {},
                result_id="r1",
                worker_id="w1",
            )
    finally:
        task_finished.disconnect(listener)
    assert outcomes == [(TaskResultStatus.FAILED, ValueError)]


def test_execute_task_refuses_a_path_that_is_not_a_task() -> None:
    with pytest.raises(InvalidTaskError):
        execute_task(
            "dueregard.core.tests.test_celery_backend.wait_for",
            [],
            {},
            result_id="r1",
            worker_id="w1",
        )


@pytest.mark.django_db
def test_beat_entry_enqueues_the_overdue_reminders() -> None:
    finished: list[Any] = []

    def listener(sender: Any, task_result: Any, **kwargs: Any) -> None:
        finished.append((task_result.task.name, task_result.status, task_result.id))

    task_finished.connect(listener)
    try:
        # The test profile runs the job at once; with no organisations nobody is reminded.
        job_id = enqueue_reminders()
    finally:
        task_finished.disconnect(listener)
    assert finished == [("remind_overdue", TaskResultStatus.SUCCESSFUL, job_id)]
