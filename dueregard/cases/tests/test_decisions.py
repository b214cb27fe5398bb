"""Decisions on a case: each of the four paths, their checks, and atomicity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from dueregard.audit import services as audit_services
from dueregard.audit.services import verify_all
from dueregard.cases import chronology, services
from dueregard.cases.models import (
    ActionStatus,
    CaseStatus,
    Decision,
    DecisionKind,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.tests.builders import (
    a_referral,
    an_emergency,
    case_in_status,
    categorise,
    fail_on_call,
    freeze,
    in_a_week,
    open_case,
    refresh,
    snapshot,
)
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.referrals import services as referral_services
from dueregard.referrals.models import ReferralStatus

# --- Decisions ------------------------------------------------------------------------


def test_no_further_action_closes_the_case_with_the_rationale(dsl, learner):
    case, review, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    done = services.add_action(
        dsl, case, description="Tutor check-in", owner=dsl.user, due_on=in_a_week()
    )
    services.set_action_status(dsl, done, ActionStatus.DONE)
    case = categorise(dsl, case)

    decision = services.record_decision(
        dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="  Misunderstood a joke.  "
    )

    case = refresh(case)
    assert decision.kind == DecisionKind.NO_FURTHER_ACTION
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert case.outcome_summary == "Misunderstood a joke."
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.CANCELLED
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.CANCELLED
    assert SupportAction.objects.get(pk=done.pk).status == ActionStatus.DONE
    closed = case.chronology.get(title="Case closed")
    assert "1 scheduled review(s) cancelled." in closed.body
    assert "1 open action(s) cancelled." in closed.body


def test_internal_support_schedules_a_review_after_the_organisations_interval(
    dsl, learner, monkeypatch
):
    dsl.organisation.review_interval_hours = 72
    dsl.organisation.save()
    case = open_case(dsl, learner)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))

    services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring agreed."
    )

    review = case.reviews.get()
    assert refresh(case).status == CaseStatus.INTERNAL_SUPPORT
    assert review.status == ReviewStatus.SCHEDULED
    assert review.due_at == now + timedelta(hours=72)


def test_a_second_internal_support_decision_does_not_add_a_second_review(dsl, learner):
    case = open_case(dsl, learner)
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="First.")
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Again.")

    assert case.decisions.count() == 2
    assert case.reviews.filter(status=ReviewStatus.SCHEDULED).count() == 1


def test_external_referral_creates_a_referral_awaiting_approval(deputy, learner):
    case = open_case(deputy, learner)

    services.record_decision(
        deputy,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Meets the threshold.",
        referral=a_referral(agency_reference="PP-1"),
    )

    referral = case.referrals.get()
    assert refresh(case).status == CaseStatus.EXTERNAL_REFERRAL
    assert referral.status == ReferralStatus.AWAITING_APPROVAL
    assert referral.agency == "Invented Police Prevent Team"
    assert referral.approved_by is None
    assert referral.created_by == deputy.user


def test_external_referral_needs_the_referral_details(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="referral's agency"):
        services.record_decision(dsl, case, kind=DecisionKind.EXTERNAL_REFERRAL, rationale="Refer.")

    assert snapshot() == before


def test_emergency_needs_the_police_details(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="called the police"):
        services.record_decision(dsl, case, kind=DecisionKind.EMERGENCY, rationale="Threat.")

    assert snapshot() == before


def test_emergency_writes_the_police_call_back_dated_to_the_call_time(dsl, learner, monkeypatch):
    case = open_case(dsl, learner)
    now = freeze(monkeypatch, timezone.now().replace(microsecond=0))
    called_at = now - timedelta(hours=2)

    decision = services.record_decision(
        dsl,
        case,
        kind=DecisionKind.EMERGENCY,
        rationale="Threat.",
        emergency=an_emergency(called_at),
    )

    assert refresh(case).status == CaseStatus.EMERGENCY
    assert decision.police_called_by == "Dana Lead"
    assert decision.police_called_at == called_at
    assert decision.police_reference == "INV-0042"
    entry = case.chronology.get(title="Police called under the emergency procedure")
    assert entry.occurred_at == called_at
    assert entry.created_at == now
    assert "INV-0042" in entry.body


def test_a_decision_needs_a_rationale(dsl, learner):
    case = open_case(dsl, learner)
    before = snapshot()

    with pytest.raises(DomainError, match="rationale"):
        services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="  ")

    assert snapshot() == before


def test_an_unknown_decision_kind_is_refused_with_a_message(dsl, learner):
    case = open_case(dsl, learner)

    with pytest.raises(DomainError, match="Choose one of the four decisions"):
        services.record_decision(dsl, case, kind="shrug", rationale="Unsure.")


def test_a_change_of_decision_is_a_new_decision_never_an_edit(dsl, learner):
    case = open_case(dsl, learner)
    first = services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring first."
    )
    first_row = Decision.objects.filter(pk=first.pk).values().get()

    second = services.record_decision(
        dsl,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Escalated.",
        referral=a_referral(),
    )

    assert second.pk != first.pk
    assert Decision.objects.filter(pk=first.pk).values().get() == first_row
    assert list(case.decisions.values_list("kind", flat=True)) == [
        DecisionKind.INTERNAL_SUPPORT,
        DecisionKind.EXTERNAL_REFERRAL,
    ]


# --- Atomicity ------------------------------------------------------------------------


def test_a_decision_that_fails_half_way_leaves_nothing_behind(dsl, learner, monkeypatch):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    case = categorise(dsl, case)
    before = snapshot()
    # The 1st chronology entry is the decision; the 2nd ("Case closed") fails.
    monkeypatch.setattr(chronology, "add", fail_on_call(2, chronology.add))

    with pytest.raises(RuntimeError, match="injected"):
        services.record_decision(
            dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="Nothing more."
        )

    assert snapshot() == before
    assert not verify_all()


def test_a_referral_decision_that_fails_at_its_audit_event_leaves_nothing_behind(
    dsl, learner, monkeypatch
):
    case = open_case(dsl, learner)
    before = snapshot()
    monkeypatch.setattr(referral_services, "log", fail_on_call(1, audit_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        services.record_decision(
            dsl,
            case,
            kind=DecisionKind.EXTERNAL_REFERRAL,
            rationale="Refer.",
            referral=a_referral(),
        )

    assert snapshot() == before


def test_the_deputy_cannot_approve_a_referral(dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    before = snapshot()

    with pytest.raises(NotPermitted, match="DSL / Prevent lead"):
        referral_services.approve_referral(deputy, referral)

    assert snapshot() == before


def test_the_dsl_approves_a_referral_once(dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()

    approved = referral_services.approve_referral(dsl, referral, agency_reference="PP-77")

    assert approved.status == ReferralStatus.APPROVED
    assert approved.approved_by == dsl.user
    assert approved.approved_at is not None
    assert approved.agency_reference == "PP-77"
    assert case.chronology.filter(title__startswith="Referral approved").exists()
    before = snapshot()
    with pytest.raises(TransitionNotAllowed, match="already been approved"):
        referral_services.approve_referral(dsl, referral)
    assert snapshot() == before


def test_a_referral_of_a_closed_case_cannot_be_approved(dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    services.close_case(dsl, categorise(dsl, case), outcome_summary="Police took no action.")
    before = snapshot()

    with pytest.raises(TransitionNotAllowed, match="Reopen the case"):
        referral_services.approve_referral(dsl, case.referrals.get())

    assert snapshot() == before
