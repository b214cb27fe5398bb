"""Channel panels: attendees by role, consent, actions, and the reviews after support ends."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases.tests.builders import open_case
from dueregard.channel import services
from dueregard.channel.models import ChannelReview
from dueregard.channel.reminders import overdue
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed


def _panel(case, **extra):
    fields: dict[str, Any] = {
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


# --- after the meeting: actions done, and an outcome that was not known at the panel -------


def _url(name, obj):
    return reverse(f"channel:{name}", kwargs={"public_id": obj.public_id})


def test_marking_an_action_done_is_a_post_that_is_audited_once(client, dsl, deputy, learner):
    from dueregard.audit.models import AuditEvent
    from dueregard.cases.models import ChronologyEntry

    case = open_case(dsl, learner)
    meeting = services.record_panel(dsl, case, _panel(case))
    action = meeting.actions.get()
    login(client, deputy)

    assert client.get(_url("action_done", action)).status_code == 405
    response = client.post(_url("action_done", action))

    assert response.status_code == 302
    assert response["Location"] == _url("case", case)
    action.refresh_from_db()
    assert action.done_by == deputy.user and action.done_at is not None
    assert AuditEvent.objects.filter(object_id=action.public_id, code="panel_action.done").exists()
    assert ChronologyEntry.objects.filter(case=case, title__startswith="Channel panel action done")
    page = client.get(_url("case", case)).content.decode()
    assert "Done " in page and "Mark done" not in page
    with pytest.raises(TransitionNotAllowed):
        services.complete_action(dsl, action)
    response = client.post(_url("action_done", action))
    assert response.status_code == 409
    assert "already marked done" in response.content.decode()


def test_staff_cannot_mark_a_panel_action_done(client, dsl, teacher, learner):
    case = open_case(dsl, learner)
    action = services.record_panel(dsl, case, _panel(case)).actions.get()
    with pytest.raises(NotPermitted):
        services.complete_action(teacher, action)
    login(client, teacher)
    assert client.post(_url("action_done", action)).status_code == 403
    action.refresh_from_db()
    assert action.done_at is None


def test_an_outcome_not_known_at_the_panel_is_recorded_later_once(client, dsl, learner):
    from dueregard.audit.models import AuditEvent

    case = open_case(dsl, learner)
    meeting = services.record_panel(
        dsl, case, _panel(case, outcome="not_yet_known", support_ended_on=None)
    )
    login(client, dsl)
    page = client.get(_url("case", case)).content.decode()
    assert "Record the outcome" in page

    ended = timezone.localdate() - timedelta(days=10)
    response = client.post(
        _url("outcome", meeting),
        {
            "outcome": "support_ended",
            "support_ended_on": ended.isoformat(),
            "note": "Invented: the chair's letter confirmed it.",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome == "support_ended" and meeting.outcome_recorded_by == dsl.user
    assert meeting.reviews.count() == 2
    assert AuditEvent.objects.filter(
        object_id=meeting.public_id, code="channel_panel.outcome_recorded"
    ).exists()
    page = client.get(_url("case", case)).content.decode()
    assert "Outcome recorded later" in page and "chair&#x27;s letter" in page

    response = client.post(
        _url("outcome", meeting), {"outcome": "continue", "note": "Invented: changed mind."}
    )
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.outcome == "support_ended"


def test_a_recorded_outcome_cannot_be_overwritten(dsl, learner):
    case = open_case(dsl, learner)
    meeting = services.record_panel(dsl, case, _panel(case))
    with pytest.raises(TransitionNotAllowed):
        services.record_outcome(dsl, meeting, outcome="continue", note="Changed.")


def test_the_outcome_form_reports_bad_dates_on_the_field(client, dsl, learner):
    case = open_case(dsl, learner)
    meeting = services.record_panel(
        dsl, case, _panel(case, outcome="not_yet_known", support_ended_on=None)
    )
    login(client, dsl)

    response = client.post(
        _url("outcome", meeting),
        {"outcome": "continue", "support_ended_on": "2026-02-30", "note": "Invented."},
    )

    assert response.status_code == 200
    assert "Enter a real date." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.outcome == "not_yet_known"


# --- review findings ------------------------------------------------------------------------


def test_a_panel_refuses_a_support_end_before_it_met(dsl, learner):
    case = open_case(dsl, learner)
    met = timezone.localdate() - timedelta(days=20)

    with pytest.raises(DomainError, match="before the panel met"):
        services.record_panel(
            dsl, case, _panel(case, met_on=met, support_ended_on=met - timedelta(days=1))
        )

    assert not ChannelReview.objects.exists()


def test_support_ending_again_keeps_the_unheld_reviews(dsl, learner):
    case = open_case(dsl, learner)
    first = services.record_panel(dsl, case, _panel(case))
    again = timezone.localdate() - timedelta(days=10)

    services.record_panel(
        dsl,
        case,
        _panel(case, met_on=again - timedelta(days=5), support_ended_on=again),
    )

    assert list(ChannelReview.objects.filter(case=case).values_list("meeting", flat=True)) == [
        first.pk,
        first.pk,
    ]
    assert case.chronology.filter(title__contains="already scheduled stand").exists()


def test_support_ending_after_the_reviews_were_held_schedules_a_new_pair(dsl, learner):
    case = open_case(dsl, learner)
    first = services.record_panel(dsl, case, _panel(case))
    for review in first.reviews.all():
        services.hold_review(dsl, review, summary="Held.")

    services.record_panel(dsl, case, _panel(case, support_ended_on=timezone.localdate()))

    assert ChannelReview.objects.filter(case=case, held_at__isnull=True).count() == 2


def test_an_overdue_panel_action_is_reminded_to_the_case_lead(dsl, learner):
    case = open_case(dsl, learner)
    yesterday = timezone.localdate() - timedelta(days=1)
    meeting = services.record_panel(
        dsl,
        case,
        _panel(
            case,
            outcome="support_offered",
            support_ended_on=None,
            actions=[("Mentoring", "Intervention provider", yesterday)],
        ),
    )

    assert list(overdue(dsl.organisation_id)) == [("Channel action(s)", case.lead_id)]
    services.complete_action(dsl, meeting.actions.get())
    assert list(overdue(dsl.organisation_id)) == []
