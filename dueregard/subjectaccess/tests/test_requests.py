"""Starting, extending and closing a request; redaction proposals and decisions; reminders.

Every name and story here is invented.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.utils import timezone

from dueregard.audit.models import AuditEvent
from dueregard.core.errors import FieldErrors, NotPermitted, TransitionNotAllowed
from dueregard.notifications.models import Alert
from dueregard.subjectaccess import services
from dueregard.subjectaccess.models import RequestStatus, TermDecision, TermKind
from dueregard.subjectaccess.reminders import due
from dueregard.subjectaccess.tests.builders import a_request
from dueregard.testing.factories import make_concern, make_person

TODAY = date(2026, 1, 31)


@pytest.fixture
def frozen():
    with time_machine.travel("2026-01-31 10:00 +0000", tick=False):
        yield


def test_a_request_is_due_one_calendar_month_later_and_audited(frozen, dsl, learner):
    sar = a_request(dsl, learner, received_on=TODAY)

    assert sar.due_on == date(2026, 2, 28)
    assert sar.deadline == date(2026, 2, 28)
    assert sar.status == RequestStatus.OPEN
    assert sar.identity_how == "Invented: known to the office."
    event = AuditEvent.objects.get(code="subject_access.started")
    assert event.object_id == sar.public_id
    assert "Robin" not in str(event.context)


def test_a_date_received_in_the_future_is_refused(frozen, dsl, learner):
    with pytest.raises(FieldErrors, match="cannot be in the future") as raised:
        a_request(dsl, learner, received_on=date(2026, 2, 1))
    assert raised.value.problems[0][0] == "received_on"
    assert not learner.subject_access_requests.exists()


def test_identity_checked_needs_how(frozen, dsl, learner):
    with pytest.raises(FieldErrors, match="how their identity"):
        services.start_request(
            dsl,
            services.NewRequest(person=learner, received_on=TODAY, identity_checked=True),
        )


def test_staff_cannot_start_a_request(frozen, teacher, learner):
    with pytest.raises(NotPermitted):
        a_request(teacher, learner, received_on=TODAY)


def test_an_extension_needs_a_reason_and_stays_within_three_months(frozen, dsl, learner):
    sar = a_request(dsl, learner, received_on=date(2026, 1, 10))  # due 10 February

    with pytest.raises(FieldErrors, match="reason"):
        services.extend(dsl, sar, extended_to=date(2026, 3, 10), reason="  ")
    with pytest.raises(FieldErrors, match="before the date the request was received"):
        services.extend(dsl, sar, extended_to=date(2026, 1, 5), reason="Complex")
    with pytest.raises(FieldErrors, match="must be after 10 February 2026"):
        services.extend(dsl, sar, extended_to=date(2026, 2, 10), reason="Complex")
    with pytest.raises(FieldErrors, match="10 April 2026"):
        services.extend(dsl, sar, extended_to=date(2026, 4, 11), reason="Complex")
    sar.refresh_from_db()
    assert sar.extended_to is None

    services.extend(dsl, sar, extended_to=date(2026, 4, 10), reason="Invented: many records.")
    sar.refresh_from_db()
    assert sar.deadline == date(2026, 4, 10)
    assert sar.extension_reason == "Invented: many records."
    assert AuditEvent.objects.filter(code="subject_access.extended").count() == 1


def test_a_closed_request_is_not_changed(frozen, dsl, learner):
    sar = a_request(dsl, learner, received_on=TODAY)
    with pytest.raises(FieldErrors):
        services.close(dsl, sar, reason="")
    services.close(dsl, sar, reason="Invented: withdrawn by the person.")
    sar.refresh_from_db()
    assert sar.status == RequestStatus.CLOSED
    with pytest.raises(TransitionNotAllowed):
        services.extend(dsl, sar, extended_to=date(2026, 3, 31), reason="x")


def test_other_peoples_names_are_proposed_and_each_is_decided(frozen, dsl, teacher, learner):
    other = make_person(dsl.organisation, "Sam", "Quenby")
    make_concern(teacher, learner)  # by the teacher: a staff name
    concern = make_concern(teacher, other)
    concern.subjects.create(person=learner)
    sar = a_request(dsl, learner, received_on=TODAY)

    proposed = {t.text: t for t in sar.terms.all()}
    assert {"Sam Quenby", "Quenby", "Sam"} <= set(proposed)
    assert proposed["Sam Quenby"].kind == TermKind.OTHER_PERSON
    assert teacher.user.full_name in proposed  # staff who are not the DSL
    assert dsl.user.full_name not in proposed
    assert not {"Robin", "Ashdown", "Robin Ashdown"} & set(proposed)
    assert all(t.decision == TermDecision.PROPOSED for t in proposed.values())

    services.decide(dsl, proposed["Sam"], TermDecision.OVERRIDDEN)
    services.decide(dsl, proposed["Sam Quenby"], TermDecision.ACCEPTED)
    with pytest.raises(FieldErrors):
        services.decide(dsl, proposed["Quenby"], "maybe")
    decided = {t.text: t.decision for t in sar.terms.all()}
    assert decided["Sam"] == TermDecision.OVERRIDDEN
    assert decided["Sam Quenby"] == TermDecision.ACCEPTED
    assert services.find_names(dsl, sar) == 0  # nothing new: nothing proposed twice


def test_words_added_by_hand_are_redacted(frozen, dsl, learner):
    sar = a_request(dsl, learner, received_on=TODAY)
    term = services.add_term(dsl, sar, "  Invented   Older Student ")
    assert term.text == "Invented Older Student"
    assert term.decision == TermDecision.ACCEPTED
    with pytest.raises(FieldErrors, match="already"):
        services.add_term(dsl, sar, "invented older student")
    with pytest.raises(FieldErrors, match="Enter the words"):
        services.add_term(dsl, sar, "   ")


def test_the_team_is_reminded_once_a_week_before_and_once_when_overdue(dsl, deputy, learner):
    with time_machine.travel("2026-01-05 10:00 +0000", tick=False):
        a_request(dsl, learner, received_on=date(2026, 1, 5))  # due 5 February
        assert list(due(dsl.organisation_id)) == []
    with time_machine.travel("2026-01-30 10:00 +0000", tick=False):
        reminded = list(due(dsl.organisation_id))
        assert sorted(u for _, u in reminded) == sorted([dsl.user_id, deputy.user_id])
        assert all("subject access" in label for label, _ in reminded)
        assert list(due(dsl.organisation_id)) == []  # once per stage
    with time_machine.travel("2026-02-06 10:00 +0000", tick=False):
        assert len(list(due(dsl.organisation_id))) == 2
        assert list(due(dsl.organisation_id)) == []


def test_the_reminder_job_sends_a_detail_free_alert(dsl, learner, mailoutbox):
    from dueregard.cases.tasks import remind_overdue

    with time_machine.travel("2026-01-05 10:00 +0000", tick=False):
        a_request(dsl, learner, received_on=date(2026, 1, 5))
    with time_machine.travel("2026-02-09 10:00 +0000", tick=False):
        remind_overdue.call()
    alert = Alert.objects.get(recipient=dsl.user)
    assert "subject access" in alert.message
    assert "Robin" not in alert.message and "Ashdown" not in alert.message
    assert all("Ashdown" not in m.body for m in mailoutbox)
    assert timezone.now()


def test_the_picker_offers_people_who_have_left_for_subject_access_only(dsl):
    from dueregard.people.picker import find_people

    gone = make_person(dsl.organisation, "Lee", "Departed", is_archived=True)
    assert find_people(dsl, "Departed", purpose="subject_access").people == [gone]
    assert find_people(dsl, "Departed", purpose="concern").people == []
    assert AuditEvent.objects.filter(
        code="people.searched", context__purpose="subject_access"
    ).exists()
