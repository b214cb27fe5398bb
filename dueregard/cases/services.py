"""Every change to a case, and triage of concerns into cases.

Each function: checks the role and the allowed-from state (``ALLOWED_FROM``), runs in one
transaction with the case row locked, writes the chronology entry and the audit event,
and leaves notifications to after commit. Views, commands and jobs all call these.
Raises ``DomainError`` subclasses with messages fit to show on the form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by
from dueregard.cases import chronology
from dueregard.cases.access import require_openable, require_same_organisation
from dueregard.cases.models import (
    OPEN_STATUSES,
    ActionStatus,
    BreakGlass,
    Case,
    CaseParty,
    CaseStatus,
    Decision,
    DecisionKind,
    Note,
    PartyRole,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.concerns.models import Concern, ConcernStatus, ConcernType
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, roles_with
from dueregard.organisations.services import next_reference
from dueregard.people.models import Person
from dueregard.referrals.services import NewReferral, record_referral

CASE_REFERENCE_KIND = "CASE"
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


def check_allowed(case: Case, change: str) -> None:
    if case.status not in ALLOWED_FROM[change]:
        raise TransitionNotAllowed(
            f"This case is {CaseStatus(case.status).label.lower()}: you cannot {change} it."
        )


def _require_handler(membership: Membership) -> None:
    if not membership.can(Can.HANDLE_CASES):
        raise NotPermitted("Only the DSL or a deputy DSL can do this.")


def _lock(case: Case, membership: Membership | None = None) -> Case:
    """Lock the case row; with ``membership``, also refuse a restricted case it may not open.

    Views check restriction before showing a form; this repeats it under the lock so no
    caller (command, job, API) can change a restricted case without being named on it or
    having broken glass.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if membership is not None:
        require_openable(membership, locked)
    return locked


def _audit(
    membership: Membership,
    obj: object,
    summary: str,
    request: HttpRequest | None,
    action: str = AuditAction.CHANGE,
    reason: str = "",
) -> None:
    record_by(
        membership,
        action,
        obj=obj,
        summary=summary,
        reason=reason,
        request=request,
    )


# --- Triage ---------------------------------------------------------------------------


def _lock_untriaged(membership: Membership, concern: Concern) -> Concern:
    locked = Concern.objects.select_for_update().get(pk=concern.pk)
    if locked.organisation_id != membership.organisation_id:
        raise NotPermitted("That concern is not in your organisation.")
    if locked.status != ConcernStatus.AWAITING_TRIAGE:
        raise TransitionNotAllowed("This concern has already been triaged.")
    return locked


def _add_concern_subjects(case: Case, concern: Concern, membership: Membership) -> None:
    existing = set(case.parties.exclude(person=None).values_list("person_id", flat=True))
    for subject in concern.subjects.all():
        if subject.person_id and subject.person_id in existing:
            continue
        CaseParty.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            person_id=subject.person_id,
            description=subject.description,
            role=PartyRole.SUBJECT,
        )


def _countable(membership: Membership, category: ConcernType | None) -> ConcernType | None:
    """The category if it can count in this organisation's figures, else None."""
    if category is None or category.is_not_sure:
        return None
    if category.type_list.organisation_id not in (None, membership.organisation_id):
        raise DomainError("Choose a type of concern from your organisation's lists.")
    return category


def _mark_triaged(concern: Concern, case: Case, membership: Membership) -> None:
    concern.case = case
    concern.status = ConcernStatus.TRIAGED
    concern.triaged_at = timezone.now()
    concern.triaged_by = membership.user
    concern.save(update_fields=["case", "status", "triaged_at", "triaged_by", "updated_at"])


def open_case_from_concern(
    membership: Membership,
    concern: Concern,
    *,
    category: ConcernType | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Open a new case for an untriaged concern; its subjects become the case's subjects."""
    _require_handler(membership)
    with transaction.atomic():
        concern = _lock_untriaged(membership, concern)
        case = Case.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            reference=next_reference(membership.organisation, CASE_REFERENCE_KIND),
            category=_countable(membership, category),
            lead=membership.user,
        )
        _add_concern_subjects(case, concern, membership)
        _mark_triaged(concern, case, membership)
        chronology.add(
            case,
            membership,
            f"Concern {concern.reference} raised",
            occurred_at=concern.created_at,
            body="Flagged as an emergency." if concern.immediate_danger else "",
        )
        chronology.add(case, membership, f"Case opened from concern {concern.reference}")
        _audit(membership, case, "Case opened", request, action=AuditAction.CREATE)
        _audit(membership, concern, "Concern triaged into a new case", request)
    return case


def link_concern_to_case(
    membership: Membership, concern: Concern, case: Case, *, request: HttpRequest | None = None
) -> Case:
    """Attach an untriaged concern to an existing open case of the same organisation."""
    _require_handler(membership)
    if case.organisation_id != membership.organisation_id:
        raise NotPermitted("That case is not in your organisation.")
    with transaction.atomic():
        concern = _lock_untriaged(membership, concern)
        case = _lock(case, membership)
        check_allowed(case, "link a concern to")
        _add_concern_subjects(case, concern, membership)
        _mark_triaged(concern, case, membership)
        chronology.add(
            case, membership, f"Concern {concern.reference} raised", occurred_at=concern.created_at
        )
        chronology.add(case, membership, f"Concern {concern.reference} linked to this case")
        _audit(membership, concern, "Concern linked to an existing case", request)
    return case


# --- Decisions ------------------------------------------------------------------------


@dataclass
class EmergencyDetails:
    called_by: str
    called_at: datetime
    police_reference: str = ""


def _cancel_scheduled_reviews(case: Case, membership: Membership) -> int:
    return Review.objects.filter(case=case, status=ReviewStatus.SCHEDULED).update(
        status=ReviewStatus.CANCELLED, updated_at=timezone.now()
    )


def _schedule_review(case: Case, membership: Membership, due_at: datetime) -> Review:
    review = Review.objects.create(
        organisation_id=case.organisation_id,
        created_by=membership.user,
        case=case,
        due_at=due_at,
    )
    local = timezone.localtime(due_at)
    chronology.add(case, membership, f"Review scheduled for {local:%d %b %Y %H:%M}")
    return review


def _close(case: Case, membership: Membership, summary: str) -> None:
    cancelled_reviews = _cancel_scheduled_reviews(case, membership)
    cancelled_actions = SupportAction.objects.filter(case=case, status=ActionStatus.OPEN).update(
        status=ActionStatus.CANCELLED, updated_at=timezone.now()
    )
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.outcome_summary = summary
    case.save(update_fields=["status", "closed_at", "outcome_summary", "updated_at"])
    notes = []
    if cancelled_reviews:
        notes.append(f"{cancelled_reviews} scheduled review(s) cancelled.")
    if cancelled_actions:
        notes.append(f"{cancelled_actions} open action(s) cancelled.")
    chronology.add(case, membership, "Case closed", body=" ".join([summary, *notes]))


def record_decision(
    membership: Membership,
    case: Case,
    *,
    kind: str,
    rationale: str,
    referral: NewReferral | None = None,
    emergency: EmergencyDetails | None = None,
    request: HttpRequest | None = None,
) -> Decision:
    """Record a decision with its rationale and move the case on.

    * no further action: the case closes with the rationale as its outcome;
    * internal support: a review falls due after the organisation's interval (48 h);
    * external referral: needs ``referral``; it awaits the lead's approval;
    * emergency: needs ``emergency`` (who called the police, when, their reference).
    """
    _require_handler(membership)
    if kind not in DecisionKind.values:
        raise DomainError("Choose one of the four decisions.")
    if not rationale.strip():
        raise DomainError("Give the rationale for the decision.")
    if kind == DecisionKind.EXTERNAL_REFERRAL and referral is None:
        raise DomainError("Give the referral's agency, kind and date.")
    if kind == DecisionKind.EMERGENCY and emergency is None:
        raise DomainError("Say who called the police and when.")
    if emergency is not None and emergency.called_at > timezone.now() + timedelta(minutes=5):
        raise DomainError("The call to the police cannot be in the future.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "record a decision on")
        decision = Decision.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            kind=kind,
            rationale=rationale.strip(),
            decided_at=timezone.now(),
            police_called_by=emergency.called_by if emergency else "",
            police_called_at=emergency.called_at if emergency else None,
            police_reference=emergency.police_reference if emergency else "",
        )
        label = DecisionKind(kind).label
        chronology.add(case, membership, f"Decision: {label}", body=decision.rationale)
        if kind == DecisionKind.NO_FURTHER_ACTION:
            _close(case, membership, decision.rationale)
        elif kind == DecisionKind.INTERNAL_SUPPORT:
            case.status = CaseStatus.INTERNAL_SUPPORT
            case.save(update_fields=["status", "updated_at"])
            if not case.reviews.filter(status=ReviewStatus.SCHEDULED).exists():
                _schedule_review(
                    case, membership, timezone.now() + membership.organisation.review_interval
                )
        elif kind == DecisionKind.EXTERNAL_REFERRAL:
            assert referral is not None
            case.status = CaseStatus.EXTERNAL_REFERRAL
            case.save(update_fields=["status", "updated_at"])
            record_referral(membership, case, referral)
        elif kind == DecisionKind.EMERGENCY:
            assert emergency is not None
            case.status = CaseStatus.EMERGENCY
            case.save(update_fields=["status", "updated_at"])
            chronology.add(
                case,
                membership,
                "Police called under the emergency procedure",
                occurred_at=emergency.called_at,
                body=f"Called by {emergency.called_by}. Police reference: "
                f"{emergency.police_reference or 'not yet given'}.",
            )
        _audit(
            membership, decision, f"Decision recorded: {label}", request, action=AuditAction.CREATE
        )
    return decision


# --- People, actions, reviews, notes --------------------------------------------------


def add_party(
    membership: Membership,
    case: Case,
    *,
    role: str,
    person: Person | None = None,
    description: str = "",
    request: HttpRequest | None = None,
) -> CaseParty:
    """Link a person to the case with their own role (subject, victim, witness, other)."""
    _require_handler(membership)
    if person is None and not description.strip():
        raise DomainError("Choose a person from the directory or describe them.")
    if person is not None and person.organisation_id != case.organisation_id:
        raise DomainError("Choose people from your own organisation's directory.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "add a person to")
        if person is not None and case.parties.filter(person=person).exists():
            raise DomainError("That person is already linked to this case.")
        party = CaseParty.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            person=person,
            description=description.strip() or None,
            role=role,
        )
        chronology.add(case, membership, f"Person linked as {PartyRole(role).label.lower()}")
        _audit(membership, party, "Person linked to case", request, action=AuditAction.CREATE)
    return party


def _assignable_user(membership: Membership, user: User) -> User:
    if (
        not Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, user=user)
        .exists()
    ):
        raise DomainError("The owner must be a member of your organisation.")
    return user


def add_action(
    membership: Membership,
    case: Case,
    *,
    description: str,
    owner: User,
    due_on: date,
    request: HttpRequest | None = None,
) -> SupportAction:
    _require_handler(membership)
    if not description.strip():
        raise DomainError("Say what the action is.")
    owner = _assignable_user(membership, owner)
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "add an action to")
        action = SupportAction.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
        )
        chronology.add(
            case,
            membership,
            "Support action agreed",
            body=f"{action.description} (owner: {owner}, due {due_on:%d %b %Y})",
        )
        _audit(membership, action, "Support action added", request, action=AuditAction.CREATE)
    return action


#: The allowed-from table of support actions.
ACTION_ALLOWED_FROM: dict[str, frozenset[str]] = {
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.OPEN}),
}


def set_action_status(
    membership: Membership,
    action: SupportAction,
    status: str,
    *,
    request: HttpRequest | None = None,
) -> SupportAction:
    """Mark an open action done or cancelled."""
    _require_handler(membership)
    with transaction.atomic():
        case = _lock(action.case, membership)
        check_allowed(case, "update an action on")
        action = SupportAction.objects.select_for_update().get(pk=action.pk)
        if status not in ACTION_ALLOWED_FROM or action.status not in ACTION_ALLOWED_FROM[status]:
            raise TransitionNotAllowed(
                f"This action is {ActionStatus(action.status).label.lower()}: it cannot change."
            )
        action.status = status
        action.completed_at = timezone.now()
        action.save(update_fields=["status", "completed_at", "updated_at"])
        chronology.add(
            case,
            membership,
            f"Support action {ActionStatus(status).label.lower()}",
            body=action.description,
        )
        _audit(membership, action, f"Support action {status}", request)
    return action


def hold_review(
    membership: Membership,
    review: Review,
    *,
    summary: str,
    outcome: str,
    next_due_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Review:
    """Hold a scheduled review: re-evaluate, then schedule the next or move the case on.

    ``continue`` schedules the next review (at ``next_due_at``, default the organisation's
    interval from now). ``end_support`` schedules none; an internal-support case goes back
    to awaiting a decision, so the DSL closes it or refers it.
    """
    _require_handler(membership)
    if not summary.strip():
        raise DomainError("Summarise the review: what has changed and what you decided.")
    if outcome not in ReviewOutcome.values:
        raise DomainError("Choose what happens after this review.")
    now = timezone.now()
    if next_due_at is not None and next_due_at <= now:
        raise DomainError("The next review must be in the future.")
    if next_due_at is not None and outcome != ReviewOutcome.CONTINUE:
        raise DomainError("A next review date goes only with continuing support.")
    with transaction.atomic():
        case = _lock(review.case, membership)
        check_allowed(case, "hold a review on")
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.SCHEDULED:
            raise TransitionNotAllowed("This review has already been held or was cancelled.")
        review.status = ReviewStatus.HELD
        review.held_at = now
        review.held_by = membership.user
        review.summary = summary.strip()
        review.outcome = outcome
        review.save(
            update_fields=["status", "held_at", "held_by", "summary", "outcome", "updated_at"]
        )
        chronology.add(case, membership, "Review held", body=review.summary)
        if outcome == ReviewOutcome.CONTINUE:
            _schedule_review(
                case, membership, next_due_at or now + membership.organisation.review_interval
            )
        elif case.status == CaseStatus.INTERNAL_SUPPORT:
            case.status = CaseStatus.AWAITING_DECISION
            case.save(update_fields=["status", "updated_at"])
            chronology.add(case, membership, "Support ended: awaiting the next decision")
        _audit(membership, review, "Review held", request)
    return review


def add_note(
    membership: Membership,
    case: Case,
    *,
    body: str,
    occurred_at: datetime | None = None,
    request: HttpRequest | None = None,
) -> Note:
    """Add a note, back-dated to when it happened if need be (never into the future)."""
    _require_handler(membership)
    if not body.strip():
        raise DomainError("Write the note.")
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timedelta(minutes=5):
        raise DomainError("A note cannot be dated in the future.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "add a note to")
        note = Note.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            body=body.strip(),
            occurred_at=occurred_at,
        )
        chronology.add(case, membership, "Note", body=note.body, occurred_at=occurred_at)
        _audit(membership, note, "Note added", request, action=AuditAction.CREATE)
    return note


# --- Closing, reopening, monitoring ---------------------------------------------------


def close_case(
    membership: Membership,
    case: Case,
    *,
    outcome_summary: str,
    request: HttpRequest | None = None,
) -> Case:
    """Close an open case with an outcome summary; open reviews and actions are cancelled."""
    _require_handler(membership)
    if not outcome_summary.strip():
        raise DomainError("Write the outcome summary.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "close")
        _close(case, membership, outcome_summary.strip())
        _audit(membership, case, "Case closed", request)
    return case


def reopen_case(
    membership: Membership, case: Case, *, reason: str, request: HttpRequest | None = None
) -> Case:
    """Reopen a closed case with a reason; it awaits a new decision."""
    _require_handler(membership)
    if not reason.strip():
        raise DomainError("Give the reason for reopening.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "reopen")
        case.status = CaseStatus.AWAITING_DECISION
        case.closed_at = None
        case.monitor = False
        case.save(update_fields=["status", "closed_at", "monitor", "updated_at"])
        chronology.add(case, membership, "Case reopened", body=reason.strip())
        # The reason is personal data: it stays encrypted in the chronology, never in the
        # (unencrypted, unalterable) audit trail.
        _audit(membership, case, "Case reopened", request, reason=REASON_IN_CHRONOLOGY)
    return case


def set_monitor(
    membership: Membership,
    case: Case,
    *,
    rationale: str,
    review_on: date,
    request: HttpRequest | None = None,
) -> Case:
    """Flag a closed case for monitoring, with a rationale and a date to look again."""
    _require_handler(membership)
    if not rationale.strip():
        raise DomainError("Give the rationale for monitoring.")
    if review_on <= timezone.localdate():
        raise DomainError("The monitoring review date must be in the future.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "set the monitor flag on")
        case.monitor = True
        case.monitor_rationale = rationale.strip()
        case.monitor_review_on = review_on
        case.save(update_fields=["monitor", "monitor_rationale", "monitor_review_on", "updated_at"])
        chronology.add(
            case, membership, f"Monitoring until {review_on:%d %b %Y}", body=case.monitor_rationale
        )
        _audit(membership, case, "Monitor flag set", request)
    return case


def end_monitor(
    membership: Membership, case: Case, *, reason: str, request: HttpRequest | None = None
) -> Case:
    _require_handler(membership)
    if not reason.strip():
        raise DomainError("Say why monitoring ends.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "end monitoring of")
        if not case.monitor:
            raise TransitionNotAllowed("This case is not being monitored.")
        case.monitor = False
        case.save(update_fields=["monitor", "updated_at"])
        chronology.add(case, membership, "Monitoring ended", body=reason.strip())
        _audit(membership, case, "Monitor flag ended", request)
    return case


def set_category(
    membership: Membership,
    case: Case,
    category: ConcernType | None,
    *,
    request: HttpRequest | None = None,
) -> Case:
    """Set the type of concern that counts in the figures (never 'not sure')."""
    _require_handler(membership)
    if category is not None and category.is_not_sure:
        raise DomainError("Choose a type of concern; 'not sure' is for reporters.")
    if category is not None and category.type_list.organisation_id not in (
        None,
        membership.organisation_id,
    ):
        raise DomainError("Choose a type of concern from your organisation's lists.")
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "set the type of concern of")
        case.category = category
        case.save(update_fields=["category", "updated_at"])
        chronology.add(
            case, membership, f"Type of concern set: {category.label if category else 'none'}"
        )
        _audit(membership, case, "Type of concern set", request)
    return case


# --- Restriction and break glass ------------------------------------------------------


def restrict_case(
    membership: Membership,
    case: Case,
    users: Sequence[User],
    *,
    request: HttpRequest | None = None,
) -> Case:
    """Restrict the case to named DSLs/deputies (empty list lifts it). The lead only."""
    if not membership.can(Can.RESTRICT_CASE):
        raise NotPermitted("Only the DSL / Prevent lead can restrict a case.")
    allowed_ids = set(
        Membership.objects.active()
        .filter(organisation_id=membership.organisation_id, role__in=roles_with(Can.HANDLE_CASES))
        .values_list("user_id", flat=True)
    )
    if any(u.pk not in allowed_ids for u in users):
        raise DomainError("A case can be restricted only to DSLs and deputies.")
    named = {u.pk for u in users} | ({membership.user_id} if users else set())
    with transaction.atomic():
        case = _lock(case, membership)
        check_allowed(case, "change the restriction of")
        case.is_restricted = bool(users)
        case.save(update_fields=["is_restricted", "updated_at"])
        case.restricted_to.set(get_user_model().objects.filter(pk__in=named))
        title = f"Restricted to {len(named)} named DSL(s)" if users else "Restriction lifted"
        chronology.add(case, membership, title)
        _audit(membership, case, title, request)
    return case


def break_glass(
    membership: Membership, case: Case, *, reason: str, request: HttpRequest | None = None
) -> BreakGlass:
    """Open a restricted case one is not named on, with a reason the lead will see."""
    _require_handler(membership)
    require_same_organisation(membership, case)
    if not reason.strip():
        raise DomainError("Give the reason you need this case.")
    with transaction.atomic():
        case = _lock(case)
        if not case.is_restricted:
            raise TransitionNotAllowed("This case is not restricted.")
        grant = BreakGlass.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            user=membership.user,
            reason=reason.strip(),
            expires_at=timezone.now() + BreakGlass.DURATION,
        )
        chronology.add(case, membership, f"Break glass by {membership.user}", body=grant.reason)
        _audit(
            membership,
            case,
            "Break glass",
            request,
            action=AuditAction.BREAK_GLASS,
            reason=REASON_IN_CHRONOLOGY,
        )
    return grant


def subjects_by_case(case_ids: Sequence[int]) -> dict[int, list[CaseParty]]:
    """Subjects of several cases in one query, for list pages."""
    grouped: dict[int, list[CaseParty]] = {}
    parties = CaseParty.objects.filter(case_id__in=case_ids, role=PartyRole.SUBJECT)
    for party in parties.select_related("person").order_by("id"):
        grouped.setdefault(party.case_id, []).append(party)
    return grouped
