"""Policy reviews for the reminder job: each owner once 30 days before, and once when overdue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.reminders import REMIND_EVERY
from dueregard.policies.models import Policy, PolicyReminder

LABEL = "policy review(s) due or overdue"
DUE_SOON_DAYS = 30


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    today = timezone.localdate()
    recent = set(
        Alert.objects.filter(
            organisation_id=organisation_id,
            kind=AlertKind.OVERDUE,
            created_at__gte=timezone.now() - REMIND_EVERY,
        ).values_list("recipient_id", flat=True)
    )
    policies = Policy.objects.filter(
        organisation_id=organisation_id, next_review_on__lte=today + timedelta(days=DUE_SOON_DAYS)
    ).values_list("pk", "owner_id", "next_review_on")
    for policy_id, owner_id, due_on in policies:
        if owner_id in recent:
            continue  # left for the next run, when the owner can be reminded
        stage = "overdue" if due_on < today else "due_soon"
        try:
            with transaction.atomic():
                PolicyReminder.objects.create(
                    organisation_id=organisation_id, policy_id=policy_id, stage=stage, due_on=due_on
                )
        except IntegrityError:
            continue  # this stage was reminded already
        yield LABEL, owner_id
