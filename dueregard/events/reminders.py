"""Event requests for the reminder job (see ``notifications.reminders``).

* A request still waiting for a decision (submitted, being checked or awaiting the
  decision) whose event starts within 14 days: each approver (the DSL and senior leaders).
* An approved event that ended 3 or more days ago with no post-event notes: whoever
  submitted the request (the organiser). After 90 days the reminder stops: the event list
  still shows the request as approved, not held, for the DSL to follow up.

Nothing is stored: the job itself sends each person at most one alert a day, so these
repeat daily until the decision is made or the notes written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from dueregard.events.models import EventRequest
from dueregard.events.models import EventStatus as S
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with

DECISION_LABEL = "speaker request(s) awaiting a decision"
NOTES_LABEL = "post-event note(s) not yet written"
#: Remind approvers of an undecided request this many days before its event.
DECISION_WINDOW = timedelta(days=14)
#: Remind the organiser of missing notes this long after the event ends...
NOTES_AFTER = timedelta(days=3)
#: ...and stop this long after it.
NOTES_GIVE_UP = timedelta(days=90)
UNDECIDED = (S.SUBMITTED, S.CHECKING, S.AWAITING_DECISION)
APPROVED = (S.APPROVED, S.APPROVED_WITH_CONDITIONS)


def overdue(organisation_id: int) -> Iterator[tuple[str, int]]:
    """Yield (label, user id) once per request and person to remind."""
    now = timezone.now()
    undecided = EventRequest.objects.filter(
        organisation_id=organisation_id,
        status__in=UNDECIDED,
        starts_at__gt=now,
        starts_at__lte=now + DECISION_WINDOW,
    ).count()
    if undecided:
        approvers = (
            Membership.objects.active()
            .filter(organisation_id=organisation_id, role__in=roles_with(Can.DECIDE_EVENT))
            .values_list("user_id", flat=True)
        )
        for user_id in approvers:
            for _ in range(undecided):
                yield DECISION_LABEL, user_id
    organisers = EventRequest.objects.filter(
        organisation_id=organisation_id,
        status__in=APPROVED,
        ends_at__lte=now - NOTES_AFTER,
        ends_at__gt=now - NOTES_GIVE_UP,
    ).values_list("created_by_id", flat=True)
    for user_id in organisers:
        if user_id:
            yield NOTES_LABEL, user_id
