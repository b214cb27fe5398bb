"""Event reminders: undecided requests near their date, and post-event notes not written."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from dueregard.cases.tasks import remind_overdue
from dueregard.events import services
from dueregard.events.models import EventRequest
from dueregard.events.reminders import DECISION_LABEL, NOTES_LABEL, overdue
from dueregard.events.tests.test_events import checked, new_event
from dueregard.notifications.models import Alert


def _reminded(org) -> Counter[tuple[str, int]]:
    return Counter(overdue(org.pk))


def _approve(dsl, event: EventRequest) -> EventRequest:
    event = checked(dsl, event)
    return services.decide(
        dsl,
        event,
        decision="approved",
        rationale="Checks were clear.",
        freedom_of_speech="Lawful speech with educational value.",
    )


def _move(event: EventRequest, *, days: float) -> None:
    """Move the event so that it starts ``days`` from now (negative: in the past)."""
    start = timezone.now() + timedelta(days=days)
    EventRequest.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )


def test_undecided_requests_within_14_days_go_to_the_dsl_and_senior_leaders(
    org, dsl, deputy, governor, teacher
) -> None:
    soon = services.submit_request(teacher, new_event(days=10))
    awaiting = checked(dsl, services.submit_request(teacher, new_event(days=13)))
    services.submit_request(teacher, new_event(days=20))  # not yet within 14 days
    decided = _approve(dsl, services.submit_request(teacher, new_event(days=5)))
    assert soon and awaiting and decided
    reminded = _reminded(org)
    assert reminded[(DECISION_LABEL, dsl.user_id)] == 2
    assert reminded[(DECISION_LABEL, governor.user_id)] == 2
    # Deputies review but do not decide; the organiser is not an approver.
    assert (DECISION_LABEL, deputy.user_id) not in reminded
    assert (DECISION_LABEL, teacher.user_id) not in reminded


def test_a_request_whose_event_has_started_is_not_reminded_for_a_decision(
    org, dsl, teacher
) -> None:
    event = services.submit_request(teacher, new_event(days=10))
    _move(event, days=-1)
    assert not _reminded(org)


def test_the_organiser_is_reminded_of_notes_three_days_after_the_event(org, dsl, teacher) -> None:
    event = _approve(dsl, services.submit_request(teacher, new_event(days=10)))
    _move(event, days=-2)
    assert not _reminded(org)  # two days after: not yet
    _move(event, days=-4)
    assert _reminded(org) == Counter({(NOTES_LABEL, teacher.user_id): 1})
    event.refresh_from_db()
    services.record_outcome(teacher, event, notes="Went well; lively Q&A.")
    assert not _reminded(org)


def test_notes_reminders_stop_after_90_days_and_skip_cancelled_events(org, dsl, teacher) -> None:
    old = _approve(dsl, services.submit_request(teacher, new_event(days=10)))
    _move(old, days=-95)
    cancelled = _approve(dsl, services.submit_request(teacher, new_event(days=10)))
    services.cancel(teacher, cancelled, reason="Speaker unwell.")
    _move(cancelled, days=-5)
    assert not _reminded(org)


def test_the_hourly_job_sends_one_detail_free_alert(org, dsl, governor, teacher) -> None:
    services.submit_request(teacher, new_event(days=7))
    assert remind_overdue.call() >= 2
    alerts = Alert.objects.filter(recipient_id__in=[dsl.user_id, governor.user_id])
    assert alerts.count() == 2
    for alert in alerts:
        row = Alert.objects.filter(pk=alert.pk).values().first()
        assert row is not None
        text = " ".join(str(v) for v in row.values())
        assert "1 speaker request(s) awaiting a decision" in text
        assert "Faith and the media" not in text and "Invented Speaker" not in text
