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
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.access import require_openable
from dueregard.cases.models import Case, ChronologyKind
from dueregard.channel import audit_codes as codes
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
from dueregard.organisations.permissions import Can, require
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
    require(membership, Can.RUN_CHANNEL, "Only the DSL or a deputy can record Channel panels.")


def _schedule_reviews(membership: Membership, meeting: PanelMeeting, ended_on: date) -> None:
    """Schedule the 6- and 12-month reviews, unless the case already has reviews not yet
    held (from an earlier end of support): those stand, and no second pair is made.
    The caller holds the case or meeting lock.
    """
    pending = ChannelReview.objects.filter(case_id=meeting.case_id, held_at__isnull=True)
    if pending.exists():
        chronology.add(
            meeting.case,
            membership,
            "Channel support ended: the reviews already scheduled stand",
            kind=ChronologyKind.CHANNEL,
            body="Reviews not yet held: "
            + ", ".join(f"{r.months} months, due {r.due_on:%d %b %Y}" for r in pending)
            + ".",
        )
        return
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
        kind=ChronologyKind.CHANNEL,
        body=f"Reviews due {add_months(ended_on, 6):%d %b %Y} and "
        f"{add_months(ended_on, 12):%d %b %Y}.",
    )


def record_panel(membership: Membership, case: Case, data: NewPanel) -> PanelMeeting:
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
    if ended is not None and ended < data.met_on:
        raise DomainError("Support cannot end before the panel met.")
    if data.referral is not None and data.referral.case_id != case.pk:
        raise DomainError("Choose a referral of this case.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.organisation_id != membership.organisation_id:
            raise NotPermitted("That case is not in your organisation.")
        require_openable(membership, case)
        meeting: PanelMeeting = PanelMeeting.objects.create(
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
            kind=ChronologyKind.CHANNEL,
            body=meeting.summary,
            occurred_at=timezone.make_aware(datetime.combine(data.met_on, time(12, 0))),
        )
        if ended is not None:
            _schedule_reviews(membership, meeting, ended)
        log(
            membership,
            codes.CHANNEL_PANEL_RECORDED,
            meeting,
            context={
                "case": str(case.public_id),
                "outcome": meeting.outcome,
                "consent": meeting.consent,
                "attendees": len(data.attendees),
                "actions": len(data.actions),
            },
        )
    return meeting


def hold_review(
    membership: Membership,
    review: ChannelReview,
    *,
    summary: str,
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
            kind=ChronologyKind.CHANNEL,
            body=review.summary,
        )
        log(
            membership,
            codes.CHANNEL_REVIEW_HELD,
            review,
            context={"case": str(review.case.public_id), "months": review.months},
        )
    return review


def complete_action(membership: Membership, action: PanelAction) -> PanelAction:
    """Mark a Channel panel action done. Once only: raises ``TransitionNotAllowed`` after."""
    _require_handler(membership)
    with transaction.atomic():
        action = (
            PanelAction.objects.select_for_update()
            .select_related("meeting", "meeting__case")
            .get(pk=action.pk)
        )
        if action.organisation_id != membership.organisation_id:
            raise NotPermitted("That action is not in your organisation.")
        require_openable(membership, action.meeting.case)
        if action.done_at is not None:
            raise TransitionNotAllowed("This action is already marked done.")
        action.done_at = timezone.now()
        action.done_by = membership.user
        action.save(update_fields=["done_at", "done_by", "updated_at"])
        chronology.add(
            action.meeting.case,
            membership,
            f"Channel panel action done (panel of {action.meeting.met_on:%d %b %Y})",
            kind=ChronologyKind.CHANNEL,
            body=action.description,
        )
        log(
            membership,
            codes.PANEL_ACTION_DONE,
            action,
            context={"panel": str(action.meeting.public_id)},
        )
    return action


#: The allowed-from table of a panel's outcome: recorded later only if not known at the meeting.
OUTCOME_LATER_FROM = frozenset({PanelOutcome.NOT_YET_KNOWN})


def record_outcome(
    membership: Membership,
    meeting: PanelMeeting,
    *,
    outcome: str,
    note: str,
    support_ended_on: date | None = None,
) -> PanelMeeting:
    """Record the outcome of a panel whose outcome was not known at the meeting.

    The meeting keeps who recorded it and when; the chronology and the audit trail say the
    outcome came later. Only from 'not known yet' (``TransitionNotAllowed`` otherwise), so a
    recorded outcome is never overwritten: a new panel records a new decision.
    """
    _require_handler(membership)
    today = timezone.localdate()
    if outcome not in PanelOutcome.values or outcome == PanelOutcome.NOT_YET_KNOWN:
        raise DomainError("Choose the panel's outcome.")
    if not note.strip():
        raise DomainError("Say how the outcome was learned.")
    if outcome == PanelOutcome.SUPPORT_ENDED and support_ended_on is None:
        raise DomainError("Give the date support ended.")
    if support_ended_on is not None and (
        support_ended_on > today or outcome != PanelOutcome.SUPPORT_ENDED
    ):
        raise DomainError(
            "A support end date goes only with 'support ended', and not in the future."
        )
    with transaction.atomic():
        meeting = PanelMeeting.objects.select_for_update().select_related("case").get(pk=meeting.pk)
        if meeting.organisation_id != membership.organisation_id:
            raise NotPermitted("That panel is not in your organisation.")
        require_openable(membership, meeting.case)
        if meeting.outcome not in OUTCOME_LATER_FROM:
            raise TransitionNotAllowed(
                "This panel's outcome is already recorded: record a new panel for a new decision."
            )
        if support_ended_on is not None and support_ended_on < meeting.met_on:
            raise DomainError("Support cannot end before the panel met.")
        before = meeting.outcome
        meeting.outcome = outcome
        meeting.support_ended_on = support_ended_on
        meeting.outcome_recorded_at = timezone.now()
        meeting.outcome_recorded_by = membership.user
        meeting.outcome_note = note.strip()
        meeting.save(
            update_fields=[
                "outcome",
                "support_ended_on",
                "outcome_recorded_at",
                "outcome_recorded_by",
                "outcome_note",
                "updated_at",
            ]
        )
        chronology.add(
            meeting.case,
            membership,
            f"Channel panel of {meeting.met_on:%d %b %Y}: outcome recorded later: "
            f"{PanelOutcome(outcome).label}",
            kind=ChronologyKind.CHANNEL,
            body=meeting.outcome_note,
        )
        if support_ended_on is not None:
            _schedule_reviews(membership, meeting, support_ended_on)
        log(
            membership,
            codes.CHANNEL_PANEL_OUTCOME_RECORDED,
            meeting,
            context={"from_outcome": before, "to_outcome": outcome},
        )
    return meeting
