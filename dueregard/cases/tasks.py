"""Background jobs for cases: reminders of overdue reviews and actions.

Runs on the database worker (``manage.py db_worker``) by default and on Celery in
production, where Celery beat enqueues it hourly. ``manage.py remind_overdue`` enqueues it
by hand or from cron.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dueregard.core.scope import organisation_scope
from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.reminders import REMIND_EVERY
from dueregard.notifications.reminders import sources as reminder_sources
from dueregard.notifications.services import alert_overdue
from dueregard.organisations.models import Membership, Organisation


@task()
def remind_overdue() -> int:
    """Alert (in-app and by email, no details) whoever should act on overdue items.

    Every app with reminders (``notifications.reminders``) says who has what overdue: an
    overdue review goes to its case lead, an overdue action to its owner and the case lead,
    and so on. Each person gets one alert counting their items; people reminded in the
    last 20 hours are skipped. Returns the number of reminders sent.
    """
    sent = 0
    since = timezone.now() - REMIND_EVERY
    for organisation in Organisation.objects.all():
        # Each organisation's reminders are worked out inside its own scope.
        with organisation_scope(organisation.pk):
            due: dict[int, Counter[str]] = defaultdict(Counter)
            for source in reminder_sources():
                for label, user_id in source(organisation.pk):
                    due[user_id][label] += 1
            members = set(
                Membership.objects.active()
                .filter(organisation=organisation)
                .values_list("user_id", flat=True)
            )
            recent = set(
                Alert.objects.filter(
                    organisation=organisation, kind=AlertKind.OVERDUE, created_at__gte=since
                ).values_list("recipient_id", flat=True)
            )
            for user_id in sorted(set(due) & (members - recent)):
                with transaction.atomic():
                    alert_overdue(organisation, user_id, dict(due[user_id]))
                sent += 1
    return sent
