"""Closing and reopening a case, monitoring a closed one, and its category.

The category that counts is one of the organisation's safeguarding categories
(``concerns.SafeguardingCategory``); a case in the Prevent one also takes a Home Office
Prevent type (``Case.category``). A case is never closed without a category.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from dueregard.audit.services import log
from dueregard.cases import chronology
from dueregard.cases.audit_codes import (
    CASE_CATEGORY_SET,
    CASE_CLOSED,
    CASE_MONITOR_ENDED,
    CASE_MONITOR_SET,
    CASE_REOPENED,
)
from dueregard.cases.models import ActionStatus, Case, CaseStatus, ChronologyKind, SupportAction
from dueregard.cases.services.common import (
    REASON_IN_CHRONOLOGY,
    cancel_scheduled_reviews,
    check_allowed,
    lock,
    require_handler,
)
from dueregard.concerns.models import ConcernType, SafeguardingCategory
from dueregard.core.errors import DomainError, FieldErrors, TransitionNotAllowed
from dueregard.organisations.models import Membership


def close_locked(case: Case, membership: Membership, summary: str) -> dict[str, int]:
    """Close a locked case: cancel its scheduled reviews and open actions.

    Returns the counts cancelled, for the audit context. Raises ``DomainError`` when the case
    has no category yet (or is a Prevent case without its Prevent type): the figures count
    every closed case by category.
    """
    require_category(case)
    cancelled_reviews = cancel_scheduled_reviews(case)
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
    chronology.add(
        case,
        membership,
        "Case closed",
        kind=ChronologyKind.CLOSURE,
        body=" ".join([summary, *notes]),
    )
    return {"reviews_cancelled": cancelled_reviews, "actions_cancelled": cancelled_actions}


def require_category(case: Case) -> None:
    """Refuse to close ``case`` before the DSL has set the category that counts."""
    if case.safeguarding_category_id is None:
        raise DomainError(
            "Set the case's category before closing it: every closed case is counted by category."
        )
    category = SafeguardingCategory.objects.get(pk=case.safeguarding_category_id)
    if category.is_prevent and case.category_id is None:
        raise DomainError(
            "Choose the Prevent type before closing this case: it counts in the Prevent figures."
        )


def close_case(membership: Membership, case: Case, *, outcome_summary: str) -> Case:
    """Close an open case with an outcome summary; open reviews and actions are cancelled."""
    require_handler(membership)
    if not outcome_summary.strip():
        raise DomainError("Write the outcome summary.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "close")
        was = case.status
        cancelled = close_locked(case, membership, outcome_summary.strip())
        log(membership, CASE_CLOSED, case, context={"from_status": was, **cancelled})
    return case


def reopen_case(membership: Membership, case: Case, *, reason: str) -> Case:
    """Reopen a closed case with a reason; it awaits a new decision."""
    require_handler(membership)
    if not reason.strip():
        raise DomainError("Give the reason for reopening.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "reopen")
        case.status = CaseStatus.AWAITING_DECISION
        case.closed_at = None
        case.monitor = False
        case.save(update_fields=["status", "closed_at", "monitor", "updated_at"])
        chronology.add(
            case, membership, "Case reopened", kind=ChronologyKind.CLOSURE, body=reason.strip()
        )
        # The reason is personal data: it stays encrypted in the chronology, never in the
        # (unencrypted, unalterable) audit trail.
        log(
            membership,
            CASE_REOPENED,
            case,
            context={"to_status": case.status},
            reason=REASON_IN_CHRONOLOGY,
        )
    return case


def set_monitor(membership: Membership, case: Case, *, rationale: str, review_on: date) -> Case:
    """Flag a closed case for monitoring, with a rationale and a date to look again."""
    require_handler(membership)
    if not rationale.strip():
        raise DomainError("Give the rationale for monitoring.")
    if review_on <= timezone.localdate():
        raise DomainError("The monitoring review date must be in the future.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "set the monitor flag on")
        case.monitor = True
        case.monitor_rationale = rationale.strip()
        case.monitor_review_on = review_on
        case.save(update_fields=["monitor", "monitor_rationale", "monitor_review_on", "updated_at"])
        chronology.add(
            case,
            membership,
            f"Monitoring until {review_on:%d %b %Y}",
            kind=ChronologyKind.CLOSURE,
            body=case.monitor_rationale,
        )
        log(membership, CASE_MONITOR_SET, case, context={"review_on": review_on.isoformat()})
    return case


def end_monitor(membership: Membership, case: Case, *, reason: str) -> Case:
    """End the monitoring of a closed case, saying why (kept in the chronology)."""
    require_handler(membership)
    if not reason.strip():
        raise DomainError("Say why monitoring ends.")
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "end monitoring of")
        if not case.monitor:
            raise TransitionNotAllowed("This case is not being monitored.")
        case.monitor = False
        case.save(update_fields=["monitor", "updated_at"])
        chronology.add(
            case, membership, "Monitoring ended", kind=ChronologyKind.CLOSURE, body=reason.strip()
        )
        log(membership, CASE_MONITOR_ENDED, case)
    return case


def set_category(
    membership: Membership,
    case: Case,
    category: SafeguardingCategory | None,
    prevent_type: ConcernType | None = None,
) -> Case:
    """Set the category that counts in the figures, and the Prevent type when the category
    is the Prevent one (never 'not sure'). A retired category may stay on a case that has
    it, but is not chosen anew. Raises ``FieldErrors`` for a choice that does not fit.
    """
    require_handler(membership)
    if category is not None and category.organisation_id != membership.organisation_id:
        raise FieldErrors.on("category", "Choose one of your organisation's categories.")
    if (
        category is not None
        and category.retired_at is not None
        and category.pk != case.safeguarding_category_id
    ):
        raise FieldErrors.on("category", "This category is retired: choose one in use.")
    if prevent_type is not None:
        if category is None or not category.is_prevent:
            raise FieldErrors.on(
                "prevent_type", "A Prevent type is only for a case in the Prevent category."
            )
        if prevent_type.is_not_sure:
            raise FieldErrors.on(
                "prevent_type", "Choose a Prevent type; 'not sure' is for reporters."
            )
        if prevent_type.type_list.organisation_id not in (None, membership.organisation_id):
            raise FieldErrors.on(
                "prevent_type", "Choose a Prevent type from your organisation's lists."
            )
    with transaction.atomic():
        case = lock(case, membership)
        check_allowed(case, "set the type of concern of")
        if category is None and case.status == CaseStatus.CLOSED:
            raise FieldErrors.on("category", "A closed case keeps a category: choose one.")
        case.safeguarding_category = category
        case.category = prevent_type
        case.save(update_fields=["safeguarding_category", "category", "updated_at"])
        title = f"Category set: {category.name if category else 'none'}"
        if prevent_type is not None:
            title += f" ({prevent_type.label})"
        chronology.add(case, membership, title, kind=ChronologyKind.DECISION)
        log(
            membership,
            CASE_CATEGORY_SET,
            case,
            context={
                "category": category.key if category else None,
                "prevent_type": prevent_type.code if prevent_type else None,
            },
        )
    return case
