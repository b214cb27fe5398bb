"""Approving a referral through the web: the DSL / Prevent lead only, once."""

from __future__ import annotations

from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import CaseStatus
from dueregard.cases.tests.builders import case_in_status, snapshot
from dueregard.organisations.models import Role
from dueregard.referrals.models import ReferralStatus
from dueregard.testing.factories import make_member


def _approve_url(referral) -> str:
    return reverse("referrals:approve", kwargs={"public_id": referral.public_id})


def test_the_dsl_approves_a_prepared_referral_through_the_web(client, dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    login(client, dsl)

    response = client.post(_approve_url(referral), {"agency_reference": "PP-2026-17"})

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", kwargs={"public_id": case.public_id})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    assert referral.approved_by == dsl.user
    assert referral.agency_reference == "PP-2026-17"
    event = AuditEvent.objects.get(object_id=referral.public_id, code="referral.approved")
    assert event.actor == dsl.user


def test_approving_twice_through_the_web_says_it_is_already_approved(client, dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    login(client, dsl)
    client.post(_approve_url(referral), {"agency_reference": ""})
    before = snapshot()

    response = client.post(_approve_url(referral), {"agency_reference": "Changed"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "This referral has already been approved." in page
    assert "govuk-error-summary" in page
    assert snapshot() == before


def test_a_deputy_posting_an_approval_is_refused(client, dsl, deputy, learner):
    case, _, _ = case_in_status(deputy, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    login(client, deputy)

    response = client.post(_approve_url(referral), {"agency_reference": "PP-1"})

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_APPROVAL
    assert referral.approved_by is None


def test_a_lead_not_named_on_a_restricted_case_cannot_approve_its_referral(
    client, org, dsl, learner
):
    other_lead = make_member(org, Role.DSL, "second.lead@larkfield.example", "Sol Second")
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    services.restrict_case(dsl, case, [dsl.user])
    referral = case.referrals.get()
    login(client, other_lead)

    response = client.post(_approve_url(referral), {"agency_reference": "PP-1"})

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_APPROVAL


def test_a_referral_of_another_organisation_is_not_found(client, dsl, outsider_dsl, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    login(client, outsider_dsl)

    response = client.post(_approve_url(case.referrals.get()), {"agency_reference": "PP-1"})

    assert response.status_code == 404
    assert case.referrals.get().status == ReferralStatus.AWAITING_APPROVAL
