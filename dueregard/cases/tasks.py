"""Background jobs for cases: reminders of overdue reviews and actions.

Runs on the database worker (``manage.py db_worker``) by default and on Celery in
production, where Celery beat enqueues it hourly. ``manage.py remind_overdue`` enqueues it
by hand or from cron.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dueregard.cases.queries import monitoring_due, overdue_actions, overdue_reviews
from dueregard.core.scope import organisation_scope
from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.services import alert_overdue
from dueregard.organisations.models import Membership, Organisation

#: One reminder a day per person is enough; more would train people to ignore them.
REMIND_EVERY = timedelta(hours=20)


@task()
def remind_overdue() -> int:
    """Alert (in-app and by email, no details) whoever should act on overdue items.

    An overdue review goes to its case lead; an overdue action to its owner and to the
    case lead. People who were reminded in the last 20 hours are skipped. Returns the
    number of reminders sent.
    """
    sent = 0
    since = timezone.now() - REMIND_EVERY
    for organisation in Organisation.objects.all():
        # Each organisation's reminders are worked out inside its own scope.
        with organisation_scope(organisation.pk):
            reviews: Counter[int] = Counter()
            actions: Counter[int] = Counter()
            for lead_id in overdue_reviews(organisation.pk).values_list("case__lead_id", flat=True):
                if lead_id:
                    reviews[lead_id] += 1
            # A monitored closed case whose look-again date has come counts as a review due.
            for lead_id in monitoring_due(organisation.pk).values_list("lead_id", flat=True):
                if lead_id:
                    reviews[lead_id] += 1
            for owner_id, lead_id in overdue_actions(organisation.pk).values_list(
                "owner_id", "case__lead_id"
            ):
                for user_id in {owner_id, lead_id} - {None}:
                    actions[user_id] += 1
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
            for user_id in (set(reviews) | set(actions)) & (members - recent):
                with transaction.atomic():
                    alert_overdue(organisation, user_id, reviews[user_id], actions[user_id])
                sent += 1
    return sent
