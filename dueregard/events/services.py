"""Every change to an event request. Each checks the role and the allowed-from state, locks
the row, runs in one transaction and writes an audit event naming what happened.

Raises ``NotPermitted`` for a role that may not make the change, ``TransitionNotAllowed``
when the request's state does not allow it, and ``DomainError`` for refused input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.audit.services import log
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.events import audit_codes as codes
from dueregard.events.models import (
    CheckKind,
    Decision,
    DueDiligenceCheck,
    EventRequest,
    RiskAssessment,
    RiskLevel,
)
from dueregard.events.models import EventStatus as S
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can

#: Which states each change may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "add a check to": frozenset({S.SUBMITTED, S.CHECKING, S.AWAITING_DECISION}),
    "assess": frozenset({S.SUBMITTED, S.CHECKING, S.AWAITING_DECISION}),
    "decide on": frozenset({S.AWAITING_DECISION}),
    "record the outcome of": frozenset({S.APPROVED, S.APPROVED_WITH_CONDITIONS}),
    "cancel": frozenset(
        {S.SUBMITTED, S.CHECKING, S.AWAITING_DECISION, S.APPROVED, S.APPROVED_WITH_CONDITIONS}
    ),
}


def refusal(event: EventRequest, change: str) -> str:
    """Why ``event``'s state refuses ``change`` (a key of ``ALLOWED_FROM``); "" if it allows it."""
    if event.status in ALLOWED_FROM[change]:
        return ""
    return _("This request is %(state)s: you cannot %(change)s it.") % {
        "state": S(event.status).label.lower(),
        "change": change,
    }


def _locked(event: EventRequest, change: str) -> EventRequest:
    locked: EventRequest = EventRequest.objects.select_for_update().get(pk=event.pk)
    refused = refusal(locked, change)
    if refused:
        raise TransitionNotAllowed(refused)
    return locked


@dataclass(frozen=True)
class NewEvent:
    topic: str
    organiser: str
    speakers: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    mode: str
    audience: str
    under_18s: bool = False


def submit_request(
    m: Membership,
    data: NewEvent,
) -> EventRequest:
    if not m.can(Can.SUBMIT_EVENT):
        raise NotPermitted(_("Your role cannot submit event requests."))
    if data.ends_at <= data.starts_at:
        raise DomainError(_("The event must end after it starts."))
    if data.starts_at < timezone.now():
        raise DomainError(_("The event must start in the future."))
    if data.starts_at > timezone.now() + timedelta(days=730):
        raise DomainError(_("Requests can be made up to two years ahead."))
    if not data.speakers.strip():
        raise DomainError(_("Name at least one speaker."))
    with transaction.atomic():
        event: EventRequest = EventRequest.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            topic=data.topic,
            organiser=data.organiser,
            speakers=data.speakers.strip(),
            starts_at=data.starts_at,
            ends_at=data.ends_at,
            venue=data.venue,
            mode=data.mode,
            audience=data.audience,
            under_18s=data.under_18s,
        )
        log(
            m,
            codes.EVENT_SUBMITTED,
            event,
            context={"mode": data.mode, "under_18s": data.under_18s},
        )
    return event


def add_check(
    m: Membership,
    event: EventRequest,
    *,
    kind: str,
    outcome: str,
    done_on: date,
) -> DueDiligenceCheck:
    if not m.can(Can.REVIEW_EVENT):
        raise NotPermitted(_("Your role cannot record due-diligence checks."))
    if kind not in CheckKind.values:
        raise DomainError(_("Choose the kind of check."))
    if done_on > timezone.localdate():
        raise DomainError(_("The date of the check cannot be in the future."))
    if not outcome.strip():
        raise DomainError(_("Say what the check found."))
    with transaction.atomic():
        event = _locked(event, "add a check to")
        if done_on < timezone.localdate(event.created_at):
            raise DomainError(_("The check cannot be dated before the request was made."))
        check: DueDiligenceCheck = DueDiligenceCheck.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            event=event,
            kind=kind,
            outcome=outcome.strip(),
            done_by=m.user,
            done_on=done_on,
        )
        if event.status == S.SUBMITTED:
            event.status = S.CHECKING
            event.save(update_fields=["status", "updated_at"])
        log(
            m,
            codes.EVENT_CHECKED,
            check,
            context={"event": str(event.public_id), "kind": kind, "status": event.status},
        )
    return check


def assess(
    m: Membership,
    event: EventRequest,
    *,
    risk_level: str,
    risk_notes: str,
    independent_chair: bool,
    recorded: bool,
    balance_of_views: bool,
    other_mitigations: str,
) -> EventRequest:
    """Assess the event's risk level and mitigations; the request then awaits a decision.

    Each assessment is kept as a new ``RiskAssessment`` row (an earlier one is never
    overwritten); the event carries a copy of the latest for lists.
    """
    if not m.can(Can.REVIEW_EVENT):
        raise NotPermitted(_("Your role cannot assess event requests."))
    if risk_level not in RiskLevel.values:
        raise DomainError(_("Choose the risk level of the event."))
    with transaction.atomic():
        event = _locked(event, "assess")
        if not event.checks.exists():
            raise DomainError(
                _("Record at least one due-diligence check before assessing the risk.")
            )
        assessment = RiskAssessment.objects.create(
            organisation=m.organisation,
            created_by=m.user,
            event=event,
            risk_level=risk_level,
            risk_notes=risk_notes.strip(),
            independent_chair=independent_chair,
            recorded=recorded,
            balance_of_views=balance_of_views,
            other_mitigations=other_mitigations.strip(),
            assessed_by=m.user,
            assessed_at=timezone.now(),
        )
        event.risk_level = risk_level
        event.risk_notes = risk_notes.strip()
        event.independent_chair = independent_chair
        event.recorded = recorded
        event.balance_of_views = balance_of_views
        event.other_mitigations = other_mitigations.strip()
        event.status = S.AWAITING_DECISION
        event.save()
        log(
            m,
            codes.EVENT_ASSESSED,
            assessment,
            context={
                "event": str(event.public_id),
                "risk_level": risk_level,
                "independent_chair": independent_chair,
                "recorded": recorded,
                "balance_of_views": balance_of_views,
            },
        )
    return event


def decide(
    m: Membership,
    event: EventRequest,
    *,
    decision: str,
    rationale: str,
    freedom_of_speech: str,
    conditions: str = "",
) -> EventRequest:
    """Approve, approve with conditions, or decline. The DSL or a senior leader only."""
    if not m.can(Can.DECIDE_EVENT):
        raise NotPermitted(_("Only the DSL or a senior leader can decide on an event."))
    if decision not in Decision.values:
        raise DomainError(_("Choose a decision."))
    if not rationale.strip():
        raise DomainError(_("Give the rationale for the decision."))
    if not freedom_of_speech.strip():
        raise DomainError(_("Say how freedom of speech and academic freedom were weighed."))
    if decision == Decision.APPROVED_WITH_CONDITIONS and not conditions.strip():
        raise DomainError(_("Set out the conditions."))
    with transaction.atomic():
        event = _locked(event, "decide on")
        if event.starts_at < timezone.now():
            raise DomainError(_("The event has already started: record what happened instead."))
        event.status = decision
        event.rationale = rationale.strip()
        event.freedom_of_speech = freedom_of_speech.strip()
        event.conditions = (
            conditions.strip() if decision == Decision.APPROVED_WITH_CONDITIONS else ""
        )
        # The decision is made on the assessment current now; a later one cannot exist
        # (assessing is not allowed once decided), but the link makes that plain.
        event.decided_on_assessment = event.assessments.order_by("-assessed_at", "-id").first()
        event.decided_by = m.user
        event.decided_at = timezone.now()
        event.save()
        log(m, codes.EVENT_DECIDED, event, context={"decision": decision})
    return event


def record_outcome(m: Membership, event: EventRequest, *, notes: str) -> EventRequest:
    """Post-event notes, by the organiser or a reviewer, once the event has started."""
    if not (m.can(Can.REVIEW_EVENT) or event.created_by_id == m.user_id):
        raise NotPermitted(_("Only the organiser or a reviewer can record what happened."))
    if not notes.strip():
        raise DomainError(_("Say how the event went."))
    with transaction.atomic():
        event = _locked(event, "record the outcome of")
        if event.starts_at > timezone.now():
            raise DomainError(_("The event has not started yet."))
        event.post_event_notes = notes.strip()
        event.status = S.HELD
        event.save()
        log(m, codes.EVENT_HELD, event, context={"status": event.status})
    return event


def cancel(m: Membership, event: EventRequest, *, reason: str) -> EventRequest:
    if not (m.can(Can.REVIEW_EVENT) or event.created_by_id == m.user_id):
        raise NotPermitted(_("Only the organiser or a reviewer can cancel a request."))
    if not reason.strip():
        raise DomainError(_("Say why the event is cancelled."))
    with transaction.atomic():
        event = _locked(event, "cancel")
        event.cancelled_reason = reason.strip()
        event.status = S.CANCELLED
        event.save()
        log(m, codes.EVENT_CANCELLED, event, context={"status": event.status})
    return event
