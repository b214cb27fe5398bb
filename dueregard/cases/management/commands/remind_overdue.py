"""Enqueue the overdue-reminder job (for cron when Celery beat is not in use)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dueregard.cases.tasks import remind_overdue


class Command(BaseCommand):
    help = "Enqueue the job that reminds case leads and owners of overdue reviews and actions."

    def handle(self, *args: Any, **options: Any) -> None:
        result = remind_overdue.enqueue()
        self.stdout.write(f"Reminder job enqueued ({result.status}).")
