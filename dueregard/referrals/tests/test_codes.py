"""Audit codes and their context for the main referral transitions, and refused changes
answering 409 with the reason on the form. Every name here is invented."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases.models import CaseStatus
from dueregard.cases.tests.builders import case_in_status
from dueregard.referrals import follow_ups, sending, services
from dueregard.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.usefixtures("working_day")


def _awaiting(dsl, learner) -> Referral:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral: Referral = case.referrals.get()
    assert referral.status == ReferralStatus.AWAITING_APPROVAL
    return referral


def _event(obj, code: str) -> AuditEvent:
    return AuditEvent.objects.get(object_id=obj.public_id, code=code)


def test_preparing_approving_and_sending_write_codes_with_their_states(dsl, learner):
    referral = _awaiting(dsl, learner)
    assert _event(referral, "referral.prepared").context["status"] == "awaiting_approval"

    services.approve_referral(dsl, referral, agency_reference="NVP-9")
    approved = _event(referral, "referral.approved")
    assert approved.summary == "Referral approved" and approved.action == "change"
    assert approved.context == {"from_status": "awaiting_approval", "to_status": "approved"}

    sending.record_sent(dsl, referral, method="portal")
    sent = _event(referral, "referral.sent")
    assert sent.context == {"from_status": "approved", "to_status": "sent", "method": "portal"}
    entry = referral.disclosures.get()
    logged = _event(entry, "disclosure.logged")
    assert logged.context["kind"] == "referral_sent"
    assert logged.context["referral"] == str(referral.public_id)
    assert logged.context["case"] == str(referral.case.public_id)


def test_progress_and_follow_ups_write_codes(dsl, learner, working_day):
    referral = _awaiting(dsl, learner)
    services.approve_referral(dsl, referral)
    sending.record_sent(dsl, referral, method="portal")
    services.record_progress(dsl, referral, status=ReferralStatus.ACKNOWLEDGED)
    assert _event(referral, "referral.progressed").context == {
        "from_status": "sent",
        "to_status": "acknowledged",
    }
    due = working_day.date() + timedelta(days=7)
    follow_up = follow_ups.add_follow_up(
        dsl, referral, description="Chase.", owner=dsl.user, due_on=due
    )
    assert _event(follow_up, "follow_up.added").context == {
        "referral": str(referral.public_id),
        "due_on": due.isoformat(),
    }
    follow_ups.complete_follow_up(dsl, follow_up, outcome="Adopted.")
    assert _event(follow_up, "follow_up.done").context == {"referral": str(referral.public_id)}


def test_sending_back_keeps_its_reason_out_of_the_context(dsl, learner):
    referral = _awaiting(dsl, learner)
    services.send_back(dsl, referral, reason="Invented: add the dates.")
    event = _event(referral, "referral.sent_back")
    assert event.context == {"from_status": "awaiting_approval", "to_status": "draft"}
    assert "dates" not in str(event.context)


def test_opening_a_referral_is_audited_with_its_page(client, dsl, learner):
    referral = _awaiting(dsl, learner)
    login(client, dsl)
    client.get(reverse("referrals:detail", kwargs={"public_id": referral.public_id}))
    client.get(reverse("referrals:approve", kwargs={"public_id": referral.public_id}))
    pages = {
        e.context["page"]
        for e in AuditEvent.objects.filter(object_id=referral.public_id, code="referral.viewed")
    }
    assert pages == {"detail", "approval"}


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("referrals:edit", {"kind": "other", "agency": "Invented Agency"}),
        ("referrals:send_back", {"reason": "Invented reason."}),
        ("referrals:approve", {"agency_reference": ""}),
    ],
)
def test_a_refused_change_answers_409_with_the_reason_and_writes_nothing(
    client, dsl, learner, url_name, data
):
    referral = _awaiting(dsl, learner)
    services.approve_referral(dsl, referral)
    # The last event's id, not a count: ids do not restart per test on PostgreSQL.
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    login(client, dsl)

    response = client.post(reverse(url_name, kwargs={"public_id": referral.public_id}), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert "govuk-error-summary" in page or "govuk-inset-text" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    # Signing in and viewing the page are recorded; no change is.
    written = AuditEvent.objects.filter(pk__gt=before, action__in=["create", "change", "share"])
    assert not written.exists()


def test_a_transition_refused_by_the_service_answers_409(client, dsl, learner):
    """The page allowed it when drawn, the service refuses it when posted (a race)."""
    referral = _awaiting(dsl, learner)
    services.approve_referral(dsl, referral)
    login(client, dsl)
    sending.record_sent(dsl, referral, method="portal")
    follow_url = reverse("referrals:follow_up_add", kwargs={"public_id": referral.public_id})
    services.record_progress(dsl, referral, status=ReferralStatus.CLOSED, note="Invented.")

    response = client.post(follow_url, {"description": "Chase.", "owner": dsl.user.pk})

    assert response.status_code == 409
    assert "closed" in response.content.decode()
