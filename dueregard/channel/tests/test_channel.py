"""Channel panels: attendees by role, consent, actions, and the reviews after support ends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases.tests.builders import open_case
from dueregard.channel import services
from dueregard.channel.models import ChannelReview
from dueregard.channel.reminders import overdue
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed


def _panel(case, **extra):  # type: ignore[no-untyped-def]
    fields = {
        "met_on": timezone.localdate() - timedelta(days=200),
        "consent": "given",
        "summary": "Invented summary.",
        "outcome": "support_ended",
        "attendees": [("Channel chair", "", "Invented Council")],
        "actions": [("Mentoring", "Intervention provider", None)],
        "support_ended_on": timezone.localdate() - timedelta(days=190),
    }
    fields.update(extra)
    return services.NewPanel(**fields)


def test_support_ending_schedules_reviews_at_six_and_twelve_months(dsl, learner):
    case = open_case(dsl, learner)
    ended = timezone.localdate() - timedelta(days=190)

    meeting = services.record_panel(dsl, case, _panel(case, support_ended_on=ended))

    reviews = list(meeting.reviews.order_by("months"))
    assert [(r.months, r.due_on) for r in reviews] == [
        (6, services.add_months(ended, 6)),
        (12, services.add_months(ended, 12)),
    ]
    assert list(overdue(dsl.organisation_id)) == [("Channel review(s)", case.lead_id)]
    services.hold_review(dsl, reviews[0], summary="Doing well.")
    assert list(overdue(dsl.organisation_id)) == []
    with pytest.raises(TransitionNotAllowed):
        services.hold_review(dsl, reviews[0], summary="Again.")


def test_add_months_keeps_to_the_end_of_short_months():
    assert services.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_a_panel_needs_attendees_consent_and_a_support_end_date(dsl, teacher, learner):
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="attended"):
        services.record_panel(dsl, case, _panel(case, attendees=[]))
    with pytest.raises(DomainError, match="date support ended"):
        services.record_panel(dsl, case, _panel(case, support_ended_on=None))
    with pytest.raises(NotPermitted):
        services.record_panel(teacher, case, _panel(case))
    assert not ChannelReview.objects.exists()


def test_the_panel_form_reports_a_bad_line(client, dsl, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    response = client.post(
        reverse("channel:add", kwargs={"public_id": case.public_id}),
        {
            "met_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "attendees": "Chair; ; Council",
            "consent": "given",
            "summary": "Agreed.",
            "actions": "Mentoring without an owner",
            "outcome": "support_offered",
        },
    )

    assert response.status_code == 200
    assert "Line 1: write the action; its owner" in response.content.decode()


def test_the_panel_is_shown_with_attendees_by_role(client, dsl, learner):
    case = open_case(dsl, learner)
    services.record_panel(dsl, case, _panel(case))
    login(client, dsl)

    page = client.get(
        reverse("channel:case", kwargs={"public_id": case.public_id})
    ).content.decode()

    assert "Channel chair" in page and "Intervention provider" in page and "Overdue" in page
