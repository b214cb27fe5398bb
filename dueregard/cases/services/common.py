"""What every case service shares: the allowed-from table, the role check and the lock."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseParty,
    CaseStatus,
    ChronologyKind,
    PartyRole,
    Review,
    ReviewStatus,
)
from dueregard.core.errors import NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can

ALL_STATUSES = frozenset(CaseStatus)
CLOSED = frozenset({CaseStatus.CLOSED})

#: What a reason-bearing audit event says instead of the reason: the text itself is
#: personal data, kept encrypted in the case chronology (and, for break glass, the grant).
REASON_IN_CHRONOLOGY = "Reason recorded in the case chronology"

#: The allowed-from table: which case statuses each change may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "record a decision on": OPEN_STATUSES,
    "link a concern to": OPEN_STATUSES,
    "add a person to": OPEN_STATUSES,
    "add an action to": OPEN_STATUSES,
    "update an action on": OPEN_STATUSES,
    "hold a review on": OPEN_STATUSES,
    "add a note to": ALL_STATUSES,
    "close": OPEN_STATUSES,
    "reopen": CLOSED,
    "set the monitor flag on": CLOSED,
    "end monitoring of": CLOSED,
    "change the restriction of": ALL_STATUSES,
    "set the type of concern of": ALL_STATUSES,
}


def refusal(case: Case, change: str) -> str:
    """Why the case's status refuses ``change`` (a row of ``ALLOWED_FROM``), or ""."""
    if case.status in ALLOWED_FROM[change]:
        return ""
    return f"This case is {CaseStatus(case.status).label.lower()}: you cannot {change} it."


def check_allowed(case: Case, change: str) -> None:
    reason = refusal(case, change)
    if reason:
        raise TransitionNotAllowed(reason)


def require_handler(membership: Membership) -> None:
    if not membership.can(Can.HANDLE_CASES):
        raise NotPermitted("Only the DSL or a deputy DSL can do this.")


def lock(case: Case, membership: Membership | None = None) -> Case:
    """Lock the case row; with ``membership``, also refuse a restricted case it may not open.

    Views check restriction before showing a form; this repeats it under the lock so no
    caller (command, job, API) can change a restricted case without being named on it or
    having broken glass.
    """
    locked: Case = Case.objects.select_for_update().get(pk=case.pk)
    if membership is not None:
        require_openable(membership, locked)
    return locked


def cancel_scheduled_reviews(case: Case) -> int:
    return Review.objects.filter(case=case, status=ReviewStatus.SCHEDULED).update(
        status=ReviewStatus.CANCELLED, updated_at=timezone.now()
    )


def schedule_review(case: Case, membership: Membership, due_at: datetime) -> Review:
    review: Review = Review.objects.create(
        organisation_id=case.organisation_id,
        created_by=membership.user,
        case=case,
        due_at=due_at,
    )
    local = timezone.localtime(due_at)
    chronology.add(
        case,
        membership,
        f"Review scheduled for {local:%d %b %Y %H:%M}",
        kind=ChronologyKind.REVIEW,
    )
    return review


def subjects_by_case(case_ids: Sequence[int]) -> dict[int, list[CaseParty]]:
    """Subjects of several cases in one query, for list pages."""
    grouped: dict[int, list[CaseParty]] = {}
    parties = CaseParty.objects.filter(case_id__in=case_ids, role=PartyRole.SUBJECT)
    for party in parties.select_related("person").order_by("id"):
        grouped.setdefault(party.case_id, []).append(party)
    return grouped
