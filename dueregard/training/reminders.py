"""Training for the reminder job (``notifications.reminders``): due soon and overdue.

Each member whose required training falls due within 30 days, or is overdue (or never
done past the new-starter deadline), is reminded once per stage and due date, and so is
the organisation's DSL. What was reminded is kept (``TrainingReminder``), so the hourly
job reminds each stage once, not every day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.reminders import REMIND_EVERY
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.training.compliance import State, matrix
from dueregard.training.models import ReminderStage, TrainingReminder

LABEL = "training record(s) expiring or overdue"


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """Yield (label, user id) to the member and to each DSL, for each newly due stage."""
    today = timezone.localdate()
    # The job skips people it alerted in the last 20 hours; leave their reminders for the
    # next run rather than mark as sent a reminder that will not go out.
    recent = set(
        Alert.objects.filter(
            organisation_id=organisation_id,
            kind=AlertKind.OVERDUE,
            created_at__gte=timezone.now() - REMIND_EVERY,
        ).values_list("recipient_id", flat=True)
    )
    dsl_ids = list(
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role__in=roles_with(Can.LEAD_PREVENT_DUTY))
        .values_list("user_id", flat=True)
    )
    grid = matrix(organisation_id, today)
    done = set(
        TrainingReminder.objects.filter(
            organisation_id=organisation_id, due_on__gte=today - timedelta(days=3660)
        ).values_list("member_id", "requirement_id", "stage", "due_on")
    )
    user_of = dict(
        Membership.objects.filter(organisation_id=organisation_id).values_list("pk", "user_id")
    )
    for row in grid.rows:
        for requirement, status in zip(grid.requirements, row.cells, strict=True):
            if status is None or status.due_on is None:
                continue
            if status.state == State.IN_DATE:
                continue
            if status.due_on < today:
                stage = ReminderStage.OVERDUE
            elif (status.due_on - today).days <= 30:
                stage = ReminderStage.DUE_SOON
            else:
                continue  # a new starter with time in hand
            key = (row.membership_id, requirement.pk, stage, status.due_on)
            user_id = user_of[row.membership_id]
            if key in done or user_id in recent:
                continue
            try:
                with transaction.atomic():
                    TrainingReminder.objects.create(
                        organisation_id=organisation_id,
                        member_id=row.membership_id,
                        requirement=requirement,
                        stage=stage,
                        due_on=status.due_on,
                    )
            except IntegrityError:
                continue  # another run got there first
            yield LABEL, user_id
            for dsl_id in dsl_ids:
                if dsl_id != user_id:
                    yield LABEL, dsl_id
