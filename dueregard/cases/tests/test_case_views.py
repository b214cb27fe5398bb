"""The case change pages: refusals with 409, form errors, and what they redirect to."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import login
from dueregard.cases.models import (
    ActionStatus,
    CaseStatus,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.tests.builders import (
    case_in_status,
    open_case,
    snapshot,
)

# --- Through the web ------------------------------------------------------------------


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"public_id": obj.public_id})


WEB_REFUSALS = [
    # (url name, status of the case, object the url is for, form data)
    ("cases:close", CaseStatus.CLOSED, "case", {"outcome_summary": "Again."}),
    ("cases:decide", CaseStatus.CLOSED, "case", {"kind": "internal_support", "rationale": "x"}),
    ("cases:add_party", CaseStatus.CLOSED, "case", {"role": "other", "description": "A visitor"}),
    ("cases:hold_review", CaseStatus.CLOSED, "review", {"summary": "x", "outcome": "continue"}),
    ("cases:reopen", CaseStatus.INTERNAL_SUPPORT, "case", {"reason": "Why not."}),
    ("cases:reopen", CaseStatus.AWAITING_DECISION, "case", {"reason": "Why not."}),
    ("cases:monitor", CaseStatus.EMERGENCY, "case", {"rationale": "x", "review_on": "2099-01-01"}),
]


@pytest.mark.parametrize(("name", "status", "obj", "data"), WEB_REFUSALS)
def test_a_refused_change_through_the_web_says_why_with_409(
    client, dsl, learner, name, status, obj, data
):
    case, review, _ = case_in_status(dsl, learner, status)
    login(client, dsl)
    before = snapshot()

    response = client.post(_url(name, review if obj == "review" else case), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert f"This case is {CaseStatus(status).label.lower()}: you cannot" in page
    assert snapshot() == before


def test_adding_an_action_to_a_closed_case_through_the_web_is_refused(client, dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.CLOSED)
    login(client, dsl)
    before = snapshot()

    response = client.post(
        _url("cases:add_action", case),
        {"description": "Mentoring", "owner": str(dsl.user.public_id), "due_on": "2099-01-01"},
    )

    assert response.status_code == 409
    assert "you cannot add an action to it" in response.content.decode()
    assert snapshot() == before


def test_marking_an_action_of_a_closed_case_done_is_409_with_the_reason(client, dsl, learner):
    _, _, action = case_in_status(dsl, learner, CaseStatus.CLOSED)
    login(client, dsl)

    response = client.post(_url("cases:action_status", action), {"status": "done"})

    assert response.status_code == 409
    assert "you cannot update an action on it" in response.content.decode()
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.CANCELLED


def test_marking_an_action_done_redirects_to_the_case(client, dsl, learner):
    case, _, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    login(client, dsl)

    response = client.post(_url("cases:action_status", action), {"status": "done"})

    assert response.status_code == 302
    assert response["Location"] == _url("cases:detail", case)
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.DONE


def test_an_action_status_not_offered_is_400_with_the_reason(client, dsl, learner):
    _, _, action = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    login(client, dsl)

    response = client.post(_url("cases:action_status", action), {"status": "open"})

    assert response.status_code == 400
    assert "Choose done or cancelled." in response.content.decode()
    assert SupportAction.objects.get(pk=action.pk).status == ActionStatus.OPEN


INVALID_FORMS = [
    ("cases:close", {"outcome_summary": ""}, "This field is required."),
    (
        "cases:decide",
        {"kind": "external_referral", "rationale": "Refer."},
        "Enter the agency the referral goes to",
    ),
    (
        "cases:decide",
        {
            "kind": "emergency",
            "rationale": "Threat.",
            "police_called_by": "Dana Lead",
            "police_called_on": "2099-01-01",
        },
        "The call cannot be in the future",
    ),
    ("cases:add_note", {"body": "Later.", "occurred_on": "2099-01-01"}, "future"),
    ("cases:add_party", {"role": "witness"}, "Choose a person from the directory or describe"),
]


@pytest.mark.parametrize(("name", "data", "message"), INVALID_FORMS)
def test_invalid_input_shows_the_error_summary(client, dsl, learner, name, data, message):
    case = open_case(dsl, learner)
    login(client, dsl)
    before = snapshot()

    response = client.post(_url(name, case), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert snapshot() == before


def test_a_next_review_in_the_past_through_the_web_shows_the_error_summary(client, dsl, learner):
    _, review, _ = case_in_status(dsl, learner, CaseStatus.INTERNAL_SUPPORT)
    login(client, dsl)

    response = client.post(
        _url("cases:hold_review", review),
        {"summary": "Engaging.", "outcome": "continue", "next_due_on": "2000-01-01"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "The next review must be in the future." in page
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SCHEDULED
