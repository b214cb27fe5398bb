"""The work on an open case: the people on it, support actions, reviews and notes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.audit_codes import (
    NOTE_ADDED,
    PARTY_LINKED,
    REVIEW_HELD,
    SUPPORT_ACTION_ADDED,
    SUPPORT_ACTION_CANCELLED,
    SUPPORT_ACTION_DONE,
)
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseParty,
    CaseStatus,
    ChronologyKind,
    Note,
    PartyRole,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.services.common import check_allowed, lock, require_handler, schedule_review
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.people.models import Person


def add_party(
    membership: Membership,
    case: Case,
    *,
    role: str,
    person: Person | None = None,
    description: str = "",
) -> CaseParty:
    """Link a person to the case with their own role (subject, victim, witness, other)."""
    require_handler(membership)
    if person is None and not description.strip():
        raise DomainError("Choose a person from the directory or describe them.")
    if person is not None and person.organisation_id != case.organisation_id:
        raise DomainError("Choose people from your own organisation's directory.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "add a person to")
        if person is not None and case.parties.filter(person=person).exists():
            raise DomainError("That person is already linked to this case.")
        party: CaseParty = CaseParty.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            person=person,
            description=description.strip() or None,
            role=role,
        )
        # The name goes in the (encrypted) body, never the plain-text title.
        label = PartyRole(role).label.lower()
        chronology.add(
            case,
            membership,
            f"Person linked as {label}",
            kind=ChronologyKind.PARTY,
            body=f"Linked {party} as {label}.",
        )
        log(
            membership,
            PARTY_LINKED,
            party,
            context={
                "case": str(case.public_id),
                "role": role,
                "person": str(person.public_id) if person else None,
            },
        )
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
    membership: Membership, case: Case, *, description: str, owner: User, due_on: date
) -> SupportAction:
    """Agree a support action on an open case, with an owner from the organisation."""
    require_handler(membership)
    if not description.strip():
        raise DomainError("Say what the action is.")
    owner = _assignable_user(membership, owner)
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "add an action to")
        action: SupportAction = SupportAction.objects.create(
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
            kind=ChronologyKind.SUPPORT,
            body=f"{action.description} (owner: {owner}, due {due_on:%d %b %Y})",
        )
        log(
            membership,
            SUPPORT_ACTION_ADDED,
            action,
            context={"case": str(case.public_id), "due_on": due_on.isoformat()},
        )
    return action


#: The allowed-from table of support actions.
ACTION_ALLOWED_FROM: dict[str, frozenset[str]] = {
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.CANCELLED: frozenset({ActionStatus.OPEN}),
}


def set_action_status(membership: Membership, action: SupportAction, status: str) -> SupportAction:
    """Mark an open action done or cancelled."""
    require_handler(membership)
    with transaction.atomic():
        case = lock(action.case, membership)
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
            kind=ChronologyKind.SUPPORT,
            body=action.description,
        )
        code = SUPPORT_ACTION_DONE if status == ActionStatus.DONE else SUPPORT_ACTION_CANCELLED
        log(membership, code, action, context={"case": str(case.public_id)})
    return action


def _check_review(outcome: str, summary: str, next_due_at: datetime | None, now: datetime) -> None:
    if not summary.strip():
        raise DomainError("Summarise the review: what has changed and what you decided.")
    if outcome not in ReviewOutcome.values:
        raise DomainError("Choose what happens after this review.")
    if next_due_at is not None and next_due_at <= now:
        raise DomainError("The next review must be in the future.")
    if next_due_at is not None and outcome != ReviewOutcome.CONTINUE:
        raise DomainError("A next review date goes only with continuing support.")


def hold_review(
    membership: Membership,
    review: Review,
    *,
    summary: str,
    outcome: str,
    next_due_at: datetime | None = None,
) -> Review:
    """Hold a scheduled review: re-evaluate, then schedule the next or move the case on.

    ``continue`` schedules the next review (at ``next_due_at``, default the organisation's
    interval from now). ``end_support`` schedules none; an internal-support case goes back
    to awaiting a decision, so the DSL closes it or refers it.
    """
    require_handler(membership)
    now = timezone.now()
    _check_review(outcome, summary, next_due_at, now)
    with transaction.atomic():
        case = lock(review.case, membership)
        check_allowed(case, "hold a review on")
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.SCHEDULED:
            raise TransitionNotAllowed("This review has already been held or was cancelled.")
        was = case.status
        review.status = ReviewStatus.HELD
        review.held_at = now
        review.held_by = membership.user
        review.summary = summary.strip()
        review.outcome = outcome
        review.save(
            update_fields=["status", "held_at", "held_by", "summary", "outcome", "updated_at"]
        )
        chronology.add(
            case, membership, "Review held", kind=ChronologyKind.REVIEW, body=review.summary
        )
        if outcome == ReviewOutcome.CONTINUE:
            schedule_review(
                case, membership, next_due_at or now + membership.organisation.review_interval
            )
        elif case.status == CaseStatus.INTERNAL_SUPPORT:
            case.status = CaseStatus.AWAITING_DECISION
            case.save(update_fields=["status", "updated_at"])
            chronology.add(
                case,
                membership,
                "Support ended: awaiting the next decision",
                kind=ChronologyKind.REVIEW,
            )
        log(
            membership,
            REVIEW_HELD,
            review,
            context={
                "case": str(case.public_id),
                "outcome": outcome,
                "from_status": was,
                "to_status": case.status,
            },
        )
    return review


def add_note(
    membership: Membership, case: Case, *, body: str, occurred_at: datetime | None = None
) -> Note:
    """Add a note, back-dated to when it happened if need be (never into the future)."""
    require_handler(membership)
    if not body.strip():
        raise DomainError("Write the note.")
    now = timezone.now()
    occurred_at = occurred_at or now
    if occurred_at > now + timedelta(minutes=5):
        raise DomainError("A note cannot be dated in the future.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "add a note to")
        note: Note = Note.objects.create(
            organisation_id=case.organisation_id,
            created_by=membership.user,
            case=case,
            body=body.strip(),
            occurred_at=occurred_at,
        )
        chronology.add(
            case,
            membership,
            "Note",
            kind=ChronologyKind.NOTE,
            body=note.body,
            occurred_at=occurred_at,
        )
        log(membership, NOTE_ADDED, note, context={"case": str(case.public_id)})
    return note
