"""Recording Channel panels, ending support and holding the 6- and 12-month reviews.

The DSL team only; the case must be one the member may open. Each change runs in one
transaction, writes a chronology entry on the case and an audit event without details.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by
from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import Case
from dueregard.channel.models import (
    Attendee,
    ChannelReview,
    PanelAction,
    PanelMeeting,
    PanelOutcome,
    SupportConsent,
)
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.referrals.models import Referral

REVIEW_MONTHS = (6, 12)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class NewPanel:
    met_on: date
    consent: str
    summary: str
    outcome: str
    attendees: Sequence[tuple[str, str, str]] = field(default_factory=list)  # role, name, agency
    actions: Sequence[tuple[str, str, date | None]] = field(default_factory=list)
    referral: Referral | None = None
    support_ended_on: date | None = None


def _require_handler(membership: Membership) -> None:
    if not membership.can_handle_cases:
        raise NotPermitted("Only the DSL or a deputy can record Channel panels.")


def _schedule_reviews(membership: Membership, meeting: PanelMeeting, ended_on: date) -> None:
    for months in REVIEW_MONTHS:
        ChannelReview.objects.create(
            organisation_id=meeting.organisation_id,
            created_by=membership.user,
            meeting=meeting,
            case=meeting.case,
            months=months,
            due_on=add_months(ended_on, months),
        )
    chronology.add(
        meeting.case,
        membership,
        "Channel support ended: reviews due at 6 and 12 months",
        body=f"Reviews due {add_months(ended_on, 6):%d %b %Y} and "
        f"{add_months(ended_on, 12):%d %b %Y}.",
    )


def record_panel(
    membership: Membership, case: Case, data: NewPanel, *, request: HttpRequest | None = None
) -> PanelMeeting:
    """Record a Channel panel meeting the organisation attended, with attendees and actions."""
    _require_handler(membership)
    today = timezone.localdate()
    if data.met_on > today:
        raise DomainError("Record a panel after it has met.")
    if data.consent not in SupportConsent.values:
        raise DomainError("Say whether the person consented to support.")
    if data.outcome not in PanelOutcome.values:
        raise DomainError("Choose the panel's outcome.")
    if not data.summary.strip():
        raise DomainError("Summarise what the panel discussed and decided.")
    if not data.attendees:
        raise DomainError("List who attended, by role.")
    if any(not role.strip() for role, _, _ in data.attendees):
        raise DomainError("Give each attendee's role.")
    if any(not d.strip() or not o.strip() for d, o, _ in data.actions):
        raise DomainError("Give each action an owner.")
    ended = data.support_ended_on
    if data.outcome == PanelOutcome.SUPPORT_ENDED and ended is None:
        raise DomainError("Give the date support ended.")
    if ended is not None and (ended > today or data.outcome != PanelOutcome.SUPPORT_ENDED):
        raise DomainError(
            "A support end date goes only with 'support ended', and not in the future."
        )
    if data.referral is not None and data.referral.case_id != case.pk:
        raise DomainError("Choose a referral of this case.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.organisation_id != membership.organisation_id:
            raise NotPermitted("That case is not in your organisation.")
        require_openable(membership, case)
        meeting = PanelMeeting.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            referral=data.referral,
            met_on=data.met_on,
            consent=data.consent,
            summary=data.summary.strip(),
            outcome=data.outcome,
            support_ended_on=ended,
        )
        for role, name, agency in data.attendees:
            Attendee.objects.create(
                organisation_id=case.organisation_id,
                created_by=membership.user,
                meeting=meeting,
                role=role.strip()[:120],
                name=name.strip()[:120],
                agency=agency.strip()[:120],
            )
        for description, owner, due_on in data.actions:
            PanelAction.objects.create(
                organisation_id=case.organisation_id,
                created_by=membership.user,
                meeting=meeting,
                description=description.strip(),
                owner=owner.strip()[:160],
                due_on=due_on,
            )
        chronology.add(
            case,
            membership,
            f"Channel panel: {PanelOutcome(data.outcome).label}",
            body=meeting.summary,
            occurred_at=timezone.make_aware(datetime.combine(data.met_on, time(12, 0))),
        )
        if ended is not None:
            _schedule_reviews(membership, meeting, ended)
        record_by(
            membership,
            AuditAction.CREATE,
            obj=meeting,
            summary="Channel panel recorded",
            request=request,
        )
    return meeting


def hold_review(
    membership: Membership,
    review: ChannelReview,
    *,
    summary: str,
    request: HttpRequest | None = None,
) -> ChannelReview:
    """Hold a 6- or 12-month review after Channel support ended."""
    _require_handler(membership)
    if not summary.strip():
        raise DomainError("Summarise the review.")
    with transaction.atomic():
        review = ChannelReview.objects.select_for_update().select_related("case").get(pk=review.pk)
        if review.organisation_id != membership.organisation_id:
            raise NotPermitted("That review is not in your organisation.")
        require_openable(membership, review.case)
        if review.held_at is not None:
            raise TransitionNotAllowed("This review has already been held.")
        review.held_at = timezone.now()
        review.held_by = membership.user
        review.summary = summary.strip()
        review.save(update_fields=["held_at", "held_by", "summary", "updated_at"])
        chronology.add(
            review.case,
            membership,
            f"Channel {review.months}-month review held",
            body=review.summary,
        )
        record_by(
            membership,
            AuditAction.CHANGE,
            obj=review,
            summary="Channel review held",
            request=request,
        )
    return review
