"""What the audit trail says about cases, concerns and people: a code and structured context
for each main transition and each read of a record, never names or narrative."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.codes import REGISTRY
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.cases import services
from dueregard.cases.models import CaseStatus, DecisionKind, ReviewOutcome, ReviewStatus
from dueregard.cases.services import REASON_IN_CHRONOLOGY
from dueregard.cases.tests.builders import case_in_status, categorise, open_case, refresh
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.testing.factories import make_concern


def _event(code: str, obj: Any) -> AuditEvent:
    return AuditEvent.objects.get(code=code, object_id=obj.public_id)


def test_every_code_of_the_three_apps_is_registered_under_its_record_kind():
    codes = {c for c in REGISTRY if c.split(".")[0] in {"case", "concern", "person"}}
    assert {"case.opened", "case.viewed", "concern.raised", "person.viewed"} <= codes


def test_triage_records_the_case_opened_and_the_concern_triaged(dsl: Membership, learner: Person):
    concern = make_concern(dsl, learner)
    case = services.open_case_from_concern(dsl, concern)

    opened = _event("case.opened", case)
    assert (opened.action, opened.summary) == (AuditAction.CREATE, "Case opened")
    assert opened.context == {"concern": str(concern.public_id)}
    assert _event("concern.triaged_into_new_case", concern).context == {"case": str(case.public_id)}


def test_a_decision_records_its_kind_and_the_move_of_status(dsl: Membership, learner: Person):
    case = categorise(dsl, open_case(dsl, learner))
    decision = services.record_decision(
        dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="A misunderstanding."
    )

    event = _event("decision.recorded", decision)
    assert event.context == {
        "case": str(case.public_id),
        "kind": DecisionKind.NO_FURTHER_ACTION,
        "from_status": CaseStatus.AWAITING_DECISION,
        "to_status": CaseStatus.CLOSED,
    }
    assert "misunderstanding" not in f"{event.summary} {event.reason} {event.context}"


def test_holding_a_review_records_its_outcome(dsl: Membership, learner: Person):
    case, review, _action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    services.hold_review(dsl, review, summary="Settled.", outcome=ReviewOutcome.END_SUPPORT)

    assert _event("review.held", review).context == {
        "case": str(case.public_id),
        "outcome": ReviewOutcome.END_SUPPORT,
        "from_status": CaseStatus.INTERNAL_SUPPORT,
        "to_status": CaseStatus.AWAITING_DECISION,
    }


def test_closing_and_reopening_record_counts_and_keep_the_reason_out(
    dsl: Membership, learner: Person
):
    case, _review, _action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    case = categorise(dsl, case)
    services.close_case(dsl, case, outcome_summary="Support worked.")
    services.reopen_case(dsl, refresh(case), reason="A new worry about Robin.")

    assert _event("case.closed", case).context == {
        "from_status": CaseStatus.INTERNAL_SUPPORT,
        "reviews_cancelled": 1,
        "actions_cancelled": 1,
    }
    reopened = _event("case.reopened", case)
    assert reopened.context == {"to_status": CaseStatus.AWAITING_DECISION}
    assert reopened.reason == REASON_IN_CHRONOLOGY


def test_restriction_and_break_glass_have_their_own_codes(
    dsl: Membership, deputy: Membership, learner: Person
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    services.break_glass(deputy, refresh(case), reason="Covering for the lead.")
    services.restrict_case(dsl, refresh(case), [])

    assert _event("case.restricted", case).context == {"named": 1}
    glass = _event("case.break_glass_used", case)
    assert (glass.action, glass.actor, glass.reason) == (
        AuditAction.BREAK_GLASS,
        deputy.user,
        REASON_IN_CHRONOLOGY,
    )
    assert _event("case.restriction_lifted", case).context == {}


def test_reading_a_case_a_concern_and_a_person_writes_view_codes(
    client: Client, dsl: Membership, learner: Person
):
    case = open_case(dsl, learner)
    concern = case.concerns.get()
    login(client, dsl)

    client.get(reverse("cases:detail", kwargs={"public_id": case.public_id}))
    client.get(reverse("concerns:detail", kwargs={"public_id": concern.public_id}))
    client.get(reverse("people:detail", args=[learner.public_id]))
    client.get(reverse("cases:list"))

    assert _event("case.viewed", case).action == AuditAction.VIEW
    assert _event("case.viewed", case).summary == "Viewed case"
    assert _event("concern.viewed", concern).context == {"status": concern.status}
    assert _event("person.viewed", learner).actor == dsl.user
    listed = AuditEvent.objects.get(code="case.list_viewed")
    assert (listed.object_type, listed.context) == (
        "case_list",
        {"status": "open", "sort": "newest", "page": 1, "rows": 1},
    )


def test_a_triage_that_goes_ahead_writes_no_view_event(
    client: Client, dsl: Membership, learner: Person
):
    concern = make_concern(dsl, learner)
    login(client, dsl)

    response = client.post(
        reverse("concerns:detail", kwargs={"public_id": concern.public_id}), {"action": "new"}
    )

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(code="concern.viewed").exists()


def test_holding_a_review_twice_through_the_web_is_refused_with_409(
    client: Client, dsl: Membership, learner: Person
):
    _case, review, _action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    url = reverse("cases:hold_review", kwargs={"public_id": review.public_id})
    login(client, dsl)
    data = {"summary": "Settled.", "outcome": "continue"}

    assert client.post(url, data).status_code == 302
    again = client.post(url, data)

    assert again.status_code == 409
    assert "This review has already been held or was cancelled." in again.content.decode()
    assert review.case.reviews.filter(status=ReviewStatus.HELD).count() == 1
