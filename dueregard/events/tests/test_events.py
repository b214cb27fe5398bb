"""External speaker requests: the allowed-from table, who may do what, and the decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.events import services
from dueregard.events.models import EventRequest, EventStatus


def new_event(days: int = 20) -> services.NewEvent:
    start = timezone.now() + timedelta(days=days)
    return services.NewEvent(
        topic="Faith and the media",
        organiser="Media studies",
        speakers="Invented Speaker, Example Trust",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        venue="Lecture theatre",
        mode="in_person",
        audience="Level 3 learners",
    )


def checked(dsl, event: EventRequest) -> EventRequest:
    services.add_check(
        dsl, event, kind="search", outcome="Nothing found.", done_on=timezone.localdate()
    )
    return services.assess(
        dsl,
        event,
        risk_level="medium",
        risk_notes="Contested topic.",
        independent_chair=True,
        recorded=True,
        balance_of_views=True,
        other_mitigations="",
    )


def test_full_journey_from_request_to_held(dsl, teacher) -> None:
    event = services.submit_request(teacher, new_event())
    assert event.status == EventStatus.SUBMITTED
    services.add_check(
        dsl, event, kind="references", outcome="Two references.", done_on=timezone.localdate()
    )
    event.refresh_from_db()
    assert event.status == EventStatus.CHECKING
    event = checked(dsl, event)
    assert event.status == EventStatus.AWAITING_DECISION
    event = services.decide(
        dsl,
        event,
        decision="approved_conditions",
        rationale="Checks were clear.",
        freedom_of_speech="Lawful speech with educational value.",
        conditions="A member of staff chairs.",
    )
    assert event.status == EventStatus.APPROVED_WITH_CONDITIONS
    EventRequest.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    event.refresh_from_db()
    event = services.record_outcome(teacher, event, notes="Went well; lively Q&A.")
    assert event.status == EventStatus.HELD
    summaries = list(
        AuditEvent.objects.filter(object_id=event.public_id).values_list("summary", flat=True)
    )
    assert all("Invented Speaker" not in s for s in summaries)


def test_decision_needs_a_rationale_and_the_freedom_of_speech_weighing(dsl, teacher) -> None:
    event = checked(dsl, services.submit_request(teacher, new_event()))
    with pytest.raises(DomainError):
        services.decide(dsl, event, decision="approved", rationale="Fine.", freedom_of_speech=" ")
    with pytest.raises(DomainError):
        services.decide(
            dsl, event, decision="approved_conditions", rationale="x", freedom_of_speech="y"
        )


def test_only_the_dsl_or_a_senior_leader_decides(dsl, deputy, governor, teacher) -> None:
    event = checked(dsl, services.submit_request(teacher, new_event()))
    with pytest.raises(NotPermitted):
        services.decide(deputy, event, decision="declined", rationale="x", freedom_of_speech="y")
    services.decide(governor, event, decision="declined", rationale="x", freedom_of_speech="y")


def test_a_decision_needs_due_diligence_first(dsl, teacher) -> None:
    event = services.submit_request(teacher, new_event())
    with pytest.raises(TransitionNotAllowed):
        services.decide(dsl, event, decision="approved", rationale="x", freedom_of_speech="y")
    with pytest.raises(DomainError):
        services.assess(
            dsl,
            event,
            risk_level="low",
            risk_notes="",
            independent_chair=False,
            recorded=False,
            balance_of_views=False,
            other_mitigations="",
        )


def test_a_declined_request_cannot_be_held_or_decided_again(dsl, teacher) -> None:
    event = checked(dsl, services.submit_request(teacher, new_event()))
    services.decide(dsl, event, decision="declined", rationale="x", freedom_of_speech="y")
    with pytest.raises(TransitionNotAllowed):
        services.decide(dsl, event, decision="approved", rationale="x", freedom_of_speech="y")
    with pytest.raises(TransitionNotAllowed):
        services.record_outcome(dsl, event, notes="x")


def test_dates_in_the_wrong_order_are_refused(client: Client, teacher) -> None:
    login(client, teacher)
    response = client.post(
        reverse("events:submit"),
        {
            "topic": "Talk",
            "organiser": "Sociology",
            "speakers": "Invented Speaker",
            "day": (timezone.localdate() + timedelta(days=9)).isoformat(),
            "starts": "15:00",
            "ends": "14:00",
            "venue": "Room 4",
            "mode": "online",
            "audience": "Staff",
        },
    )
    assert response.status_code == 200
    assert "The end time must be after the start time" in response.content.decode()
    assert not EventRequest.objects.exists()


def test_staff_see_only_their_own_requests(client: Client, dsl, teacher, admin) -> None:
    mine = services.submit_request(teacher, new_event())
    theirs = services.submit_request(admin, new_event(30))
    login(client, teacher)
    page = client.get(reverse("events:list")).content.decode()
    assert str(mine.public_id) in page and str(theirs.public_id) not in page
    assert client.get(reverse("events:detail", args=[theirs.public_id])).status_code == 404
    login(client, dsl)
    page = client.get(reverse("events:list")).content.decode()
    assert str(mine.public_id) in page and str(theirs.public_id) in page


def test_posting_a_decision_in_the_wrong_state_is_a_409_not_a_500(
    client: Client, dsl, teacher
) -> None:
    event = services.submit_request(teacher, new_event())
    login(client, dsl)
    response = client.post(
        reverse("events:decide", args=[event.public_id]),
        {"decision": "approved", "rationale": "x", "freedom_of_speech": "y"},
    )
    assert response.status_code == 409
    event.refresh_from_db()
    assert event.status == EventStatus.SUBMITTED


def test_the_organiser_can_cancel_with_a_reason(dsl, teacher) -> None:
    event = services.submit_request(teacher, new_event())
    with pytest.raises(DomainError):
        services.cancel(teacher, event, reason=" ")
    assert services.cancel(teacher, event, reason="Speaker unwell").status == EventStatus.CANCELLED


def test_the_requester_sees_the_decision_and_conditions_not_the_teams_findings(
    client: Client, dsl, teacher
) -> None:
    event = services.submit_request(teacher, new_event())
    services.add_check(
        dsl, event, kind="search", outcome="Blog posts found online.", done_on=timezone.localdate()
    )
    services.assess(
        dsl,
        event,
        risk_level="medium",
        risk_notes="Contested topic; speaker's past talks drew protest.",
        independent_chair=True,
        recorded=False,
        balance_of_views=True,
        other_mitigations="Staff member present throughout.",
    )
    services.decide(
        dsl,
        event,
        decision="approved_conditions",
        rationale="Checks found nothing that rules it out.",
        freedom_of_speech="Lawful views on a contested topic; debate is welcome.",
        conditions="An independent chair and time for questions.",
    )
    url = reverse("events:detail", args=[event.public_id])
    login(client, teacher)
    page = client.get(url).content.decode()
    assert "Approved with conditions" in page
    assert "An independent chair and time for questions." in page
    for secret in (
        "Blog posts found online.",
        "past talks drew protest",
        "Staff member present throughout.",
        "Checks found nothing",
        "Due-diligence checks",
        "Medium",
    ):
        assert secret not in page, secret
    assert "Medium" not in client.get(reverse("events:list")).content.decode()
    login(client, dsl)
    page = client.get(url).content.decode()
    assert "Blog posts found online." in page and "past talks drew protest" in page
    assert "Checks found nothing" in page


def test_reassessing_keeps_the_earlier_assessment_and_the_decision_names_its_own(
    client: Client, dsl, deputy, teacher
) -> None:
    from dueregard.events.models import RiskAssessment

    event = services.submit_request(teacher, new_event())
    checked(dsl, event)  # medium, by the DSL
    services.assess(
        deputy,
        event,
        risk_level="high",
        risk_notes="New information from a second search.",
        independent_chair=True,
        recorded=True,
        balance_of_views=True,
        other_mitigations="",
    )
    first, second = RiskAssessment.objects.filter(event=event).order_by("assessed_at", "id")
    assert (first.risk_level, first.risk_notes, first.assessed_by) == (
        "medium",
        "Contested topic.",
        dsl.user,
    )
    assert (second.risk_level, second.assessed_by) == ("high", deputy.user)
    event = services.decide(
        dsl,
        event,
        decision="declined",
        rationale="Risk too high for the audience.",
        freedom_of_speech="Weighed; the setting cannot be made safe.",
    )
    event.refresh_from_db()
    assert event.decided_on_assessment == second
    with pytest.raises(ValueError):
        first.save()
    with pytest.raises(ValueError):
        RiskAssessment.objects.filter(event=event).update(risk_level="low")
    login(client, dsl)
    page = client.get(reverse("events:detail", args=[event.public_id])).content.decode()
    assert "Earlier assessments" in page
    assert "Contested topic." in page and "New information from a second search." in page
    assert "Decision made on this assessment" in page


def test_each_step_of_a_request_is_audited_by_code_without_names(dsl, teacher) -> None:
    event = checked(dsl, services.submit_request(teacher, new_event()))
    services.decide(
        dsl, event, decision="approved", rationale="Clear.", freedom_of_speech="Weighed."
    )

    events = AuditEvent.objects.filter(organisation=dsl.organisation).order_by("sequence")
    codes = [e.code for e in events]
    assert codes[0] == "event_request.submitted"
    assert "event_request.checked" in codes and "event_request.assessed" in codes
    decided = events.get(code="event_request.decided")
    assert decided.context == {"decision": "approved"}
    assert decided.summary == "Decided an event request"
    assert all("Invented Speaker" not in str(e.context) for e in events)


def test_a_refused_change_answers_409_with_the_reason_on_the_form(
    client: Client, dsl, teacher
) -> None:
    event = services.submit_request(teacher, new_event())
    services.cancel(teacher, event, reason="Speaker unwell")
    login(client, dsl)

    response = client.post(
        reverse("events:add_check", args=[event.public_id]),
        {"kind": "search", "outcome": "Nothing found.", "done_on": "2026-01-01"},
    )

    assert response.status_code == 409
    assert "This request is cancelled" in response.content.decode()
    assert not event.checks.exists()
