"""Audit codes of Channel panels, and a review already held answering 409."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases.tests.builders import open_case
from dueregard.channel import services

pytestmark = pytest.mark.usefixtures("working_day")


def _ended_panel(dsl, case, today):
    return services.record_panel(
        dsl,
        case,
        services.NewPanel(
            met_on=today - timedelta(days=200),
            consent="given",
            summary="Invented summary.",
            outcome="support_ended",
            attendees=[("Channel chair", "", "Invented Council")],
            actions=[("Mentoring", "Intervention provider", None)],
            support_ended_on=today - timedelta(days=190),
        ),
    )


def test_a_panel_and_its_review_write_codes_with_counts_not_names(dsl, learner, working_day):
    case = open_case(dsl, learner)
    meeting = _ended_panel(dsl, case, working_day.date())
    event = AuditEvent.objects.get(object_id=meeting.public_id, code="channel_panel.recorded")
    assert event.context == {
        "case": str(case.public_id),
        "outcome": "support_ended",
        "consent": "given",
        "attendees": 1,
        "actions": 1,
    }
    review = meeting.reviews.order_by("months").first()
    services.hold_review(dsl, review, summary="Invented: doing well.")
    held = AuditEvent.objects.get(object_id=review.public_id, code="channel_review.held")
    assert held.context == {"case": str(case.public_id), "months": 6}


def test_holding_a_review_twice_answers_409_with_the_reason(client, dsl, learner, working_day):
    meeting = _ended_panel(dsl, open_case(dsl, learner), working_day.date())
    review = meeting.reviews.order_by("months").first()
    services.hold_review(dsl, review, summary="Invented: doing well.")
    login(client, dsl)

    response = client.post(
        reverse("channel:review", kwargs={"public_id": review.public_id}), {"summary": "Again."}
    )

    assert response.status_code == 409
    assert "already been held" in response.content.decode()
    review.refresh_from_db()
    assert review.summary == "Invented: doing well."
