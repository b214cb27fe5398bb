"""Subject access deadlines for the reminder job (see ``notifications.reminders``).

The DSL team is reminded of an open request once when its deadline is a week away and
once when it has passed, for each deadline (an extension starts again). The alert says
how many, never whose.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from dueregard.notifications.models import Alert, AlertKind
from dueregard.notifications.reminders import REMIND_EVERY
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.subjectaccess.models import RequestStatus, SubjectAccessRequest

LABEL = "subject access request(s) due or overdue"
DUE_SOON_DAYS = 7


def due(organisation_id: int) -> Iterator[tuple[str, int]]:
    today = timezone.localdate()
    handlers = set(
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role__in=roles_with(Can.HANDLE_SUBJECT_ACCESS))
        .values_list("user_id", flat=True)
    )
    recent = set(
        Alert.objects.filter(
            organisation_id=organisation_id,
            kind=AlertKind.OVERDUE,
            created_at__gte=timezone.now() - REMIND_EVERY,
        ).values_list("recipient_id", flat=True)
    )
    to_remind = handlers - recent
    if not to_remind:
        return  # left for the next run, when the team can be reminded
    requests = (
        SubjectAccessRequest.objects.filter(
            organisation_id=organisation_id, status=RequestStatus.OPEN
        )
        .annotate(deadline_on=Coalesce("extended_to", "due_on"))
        .filter(deadline_on__lte=today + timedelta(days=DUE_SOON_DAYS))
        .values_list("pk", "deadline_on")
    )
    for pk, deadline in requests:
        stage = "overdue" if deadline < today else "due_soon"
        claimed = (
            SubjectAccessRequest.objects.filter(pk=pk)
            .exclude(Q(reminded_stage=stage) & Q(reminded_for=deadline))
            .update(reminded_stage=stage, reminded_for=deadline)
        )
        if not claimed:
            continue  # this stage was reminded already
        for user_id in sorted(to_remind):
            yield LABEL, user_id
