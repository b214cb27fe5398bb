"""Builders shared by the case tests: cases in any status, made through the services.

Every name here is invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from dueregard.audit.models import AuditChain, AuditEvent
from dueregard.cases import services
from dueregard.cases.models import (
    BreakGlass,
    Case,
    CaseParty,
    CaseStatus,
    ChronologyEntry,
    Decision,
    DecisionKind,
    Note,
    Review,
    SupportAction,
)
from dueregard.concerns.categories import prevent_category
from dueregard.concerns.models import Attachment, Concern, ConcernSubject, ConcernType
from dueregard.notifications.models import Alert
from dueregard.organisations.models import Membership, ReferenceCounter
from dueregard.people.models import Person
from dueregard.referrals.models import FollowUp, Referral
from dueregard.referrals.services import NewReferral
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing.models import Disclosure
from dueregard.testing.factories import in_scope, make_concern

#: Every table a case change may write to. ``snapshot`` reads them all.
TRACKED: list[type[models.Model]] = [
    Case,
    Case.restricted_to.through,
    CaseParty,
    Decision,
    Review,
    SupportAction,
    Note,
    ChronologyEntry,
    Referral,
    FollowUp,
    Disclosure,
    BreakGlass,
    Concern,
    ConcernSubject,
    Attachment,
    Alert,
    AuditEvent,
    AuditChain,
    ReferenceCounter,
]


def snapshot(extra: Iterable[type[models.Model]] = ()) -> dict[str, list[dict[str, Any]]]:
    """Every row of every tracked table, as values: equal snapshots mean nothing was written.

    Rows of every organisation, whatever the scope (the base manager is not scoped).
    """
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in [*TRACKED, *extra]
    }


def in_a_week() -> date:
    return timezone.localdate() + timedelta(days=7)


def a_referral(**extra: Any) -> NewReferral:
    """A complete referral, submitted for the lead's approval at the decision."""
    return a_complete_referral(**extra)


def an_emergency(called_at: datetime | None = None) -> services.EmergencyDetails:
    return services.EmergencyDetails(
        called_by="Dana Lead",
        called_at=called_at or timezone.now() - timedelta(minutes=40),
        police_reference="INV-0042",
    )


def open_case(handler: Membership, person: Person | None = None, **concern: Any) -> Case:
    """A case awaiting a decision, opened from a fresh concern the handler raised."""
    with in_scope(handler):
        return services.open_case_from_concern(handler, make_concern(handler, person, **concern))


def refresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def categorise(handler: Membership, case: Case) -> Case:
    """Give ``case`` the category that counts (the Prevent one, with a Prevent type), as the
    DSL must before closing it."""
    with in_scope(handler):
        services.set_category(
            handler,
            case,
            prevent_category(handler.organisation_id),
            ConcernType.objects.filter(is_not_sure=False).first(),
        )
    return refresh(case)


def move_to(handler: Membership, case: Case, status: str) -> Case:
    """Move an open case to ``status`` the way a DSL would (through the services)."""
    if status == CaseStatus.AWAITING_DECISION:
        return refresh(case)
    if status == CaseStatus.CLOSED:
        categorise(handler, case)
        services.close_case(handler, case, outcome_summary="Support worked; no further concern.")
        return refresh(case)
    if status == CaseStatus.INTERNAL_SUPPORT:
        services.record_decision(
            handler, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring agreed."
        )
    elif status == CaseStatus.EXTERNAL_REFERRAL:
        services.record_decision(
            handler,
            case,
            kind=DecisionKind.EXTERNAL_REFERRAL,
            rationale="Meets the threshold for Prevent.",
            referral=a_referral(),
        )
    elif status == CaseStatus.EMERGENCY:
        services.record_decision(
            handler,
            case,
            kind=DecisionKind.EMERGENCY,
            rationale="Threat made in class.",
            emergency=an_emergency(),
        )
    else:  # pragma: no cover - a new status needs a line here
        raise AssertionError(f"No way to reach {status}")
    return refresh(case)


def case_in_status(
    handler: Membership, person: Person | None, status: str
) -> tuple[Case, Review, SupportAction]:
    """A case in ``status`` with one review and one support action.

    In an open status the review is scheduled and the action open; on a closed case both
    were cancelled by the closure.
    """
    case = open_case(handler, person)
    action = services.add_action(
        handler, case, description="Weekly mentoring", owner=handler.user, due_on=in_a_week()
    )
    # Internal support schedules the review; every other status is reached from there.
    services.record_decision(
        handler, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring agreed."
    )
    review = case.reviews.get()
    if status == CaseStatus.AWAITING_DECISION:
        services.hold_review(
            handler, review, summary="Support no longer needed.", outcome="end_support"
        )
        # A review can still be pending on a case awaiting a decision (scheduled earlier).
        review = Review.objects.create(
            organisation_id=case.organisation_id,
            created_by=handler.user,
            case=case,
            due_at=timezone.now() + timedelta(days=2),
        )
    elif status != CaseStatus.INTERNAL_SUPPORT:
        move_to(handler, case, status)
    case = refresh(case)
    assert case.status == status
    return case, Review.objects.get(pk=review.pk), SupportAction.objects.get(pk=action.pk)


def fail_on_call(number: int, original: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``original`` so its ``number``-th call raises (the ones before run normally)."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == number:
            raise RuntimeError("injected failure")
        return original(*args, **kwargs)

    return wrapper


def freeze(monkeypatch: Any, when: datetime) -> datetime:
    """Make ``django.utils.timezone.now`` (and everything built on it) return ``when``."""
    monkeypatch.setattr(timezone, "now", lambda: when)
    return when
