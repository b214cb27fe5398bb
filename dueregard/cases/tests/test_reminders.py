"""Reminders of overdue reviews and actions: who gets one, how often, and what it says."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import login
from dueregard.cases import services
from dueregard.cases.models import Case, Review, SupportAction
from dueregard.cases.tasks import remind_overdue
from dueregard.cases.tests.builders import categorise, freeze, open_case
from dueregard.notifications.models import Alert, AlertKind
from dueregard.testing.factories import make_concern


@pytest.fixture
def run(db, django_capture_on_commit_callbacks):
    """Run the reminder job now, sending its emails as a committed job would.

    It needs ``db`` first: the database fixture resets ``mail.outbox``, so a
    ``mailoutbox`` set up before it would be a stale list.
    """

    def run_job() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return remind_overdue.call()

    return run_job


def overdue_review(case: Case) -> Review:
    review = Review.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        due_at=timezone.now() - timedelta(hours=3),
    )
    return review


def action_due(lead, case: Case, owner, days: int) -> SupportAction:
    """An open action due ``days`` from today (negative: overdue)."""
    action = services.add_action(
        lead,
        case,
        description="Weekly mentoring with an invented tutor",
        owner=owner,
        due_on=timezone.localdate() + timedelta(days=1),
    )
    SupportAction.objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() + timedelta(days=days)
    )
    return action


def reminded() -> list[tuple[int, str]]:
    return sorted(
        Alert.objects.filter(kind=AlertKind.OVERDUE).values_list("recipient_id", "message")
    )


def test_an_overdue_review_reminds_the_case_lead_once(run, mailoutbox, dsl, deputy, learner):
    case = open_case(deputy, learner)
    overdue_review(case)

    assert run() == 1

    assert reminded() == [(deputy.user_id, "Overdue: 1 review(s)")]
    assert [m.to for m in mailoutbox] == [[deputy.user.email]]


def test_an_overdue_action_reminds_its_owner_and_the_case_lead(
    run, mailoutbox, dsl, teacher, learner
):
    case = open_case(dsl, learner)
    action_due(dsl, case, teacher.user, days=-2)

    assert run() == 2

    assert reminded() == [
        (dsl.user_id, "Overdue: 1 action(s)"),
        (teacher.user_id, "Overdue: 1 action(s)"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([dsl.user.email, teacher.user.email])


def test_a_lead_with_several_overdue_items_gets_one_reminder(run, mailoutbox, dsl, learner):
    first, second = open_case(dsl, learner), open_case(dsl, learner)
    overdue_review(first)
    overdue_review(second)
    action_due(dsl, first, dsl.user, days=-1)

    assert run() == 1

    assert reminded() == [(dsl.user_id, "Overdue: 2 review(s), 1 action(s)")]
    assert len(mailoutbox) == 1


def test_upcoming_and_finished_items_send_no_reminder(run, mailoutbox, dsl, teacher, learner):
    case = open_case(dsl, learner)
    Review.objects.create(
        organisation_id=case.organisation_id, case=case, due_at=timezone.now() + timedelta(hours=1)
    )
    action_due(dsl, case, teacher.user, days=0)
    done = action_due(dsl, case, teacher.user, days=-3)
    services.set_action_status(dsl, done, "done")
    held = overdue_review(case)
    services.hold_review(dsl, held, summary="Held late.", outcome="end_support")

    assert run() == 0

    assert reminded() == []
    assert mailoutbox == []


def test_nobody_is_reminded_twice_within_twenty_hours(run, mailoutbox, dsl, learner, monkeypatch):
    case = open_case(dsl, learner)
    overdue_review(case)
    start = timezone.now()
    assert run() == 1

    freeze(monkeypatch, start + timedelta(hours=19, minutes=59))
    assert run() == 0
    freeze(monkeypatch, start + timedelta(hours=20, minutes=1))
    assert run() == 1

    assert len(reminded()) == 2
    assert len(mailoutbox) == 2


def test_the_reminder_email_holds_no_names_or_details(
    run, mailoutbox, settings, dsl, teacher, learner
):
    case = open_case(dsl, learner)
    action = action_due(dsl, case, teacher.user, days=-1)
    overdue_review(case)

    run()

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        assert message.subject == "Safeguarding reviews or actions are overdue"
        assert len(message.to) == 1
        for secret in (
            learner.given_name,
            learner.family_name,
            case.reference,
            str(case.public_id),
            action.description,
            "mentoring",
            dsl.user.full_name,
            teacher.user.full_name,
        ):
            assert secret not in message.subject + message.body
    expected = {
        dsl.user.email: "Overdue: 1 review(s), 1 action(s)",
        teacher.user.email: "Overdue: 1 action(s)",
    }
    for message in mailoutbox:
        recipient = Alert.objects.get(kind=AlertKind.OVERDUE, recipient__email=message.to[0])
        assert message.body == (
            f"{expected[message.to[0]]}\n\nSign in to see it: {settings.SITE_URL}{recipient.link}"
            "\n\nThis email holds no details by design."
        )


def test_the_lead_can_open_the_reminders_link(run, client, dsl, teacher, learner):
    case = open_case(dsl, learner)
    action_due(dsl, case, teacher.user, days=-1)
    run()
    login(client, dsl)

    assert (
        client.get(Alert.objects.get(recipient=dsl.user, kind=AlertKind.OVERDUE).link).status_code
        == 200
    )


def test_a_staff_action_owner_can_open_the_reminders_link(run, client, dsl, teacher, learner):
    case = open_case(dsl, learner)
    action_due(dsl, case, teacher.user, days=-1)
    run()
    login(client, teacher)

    assert (
        client.get(
            Alert.objects.get(recipient=teacher.user, kind=AlertKind.OVERDUE).link
        ).status_code
        == 200
    )


def test_a_former_member_is_not_reminded(run, mailoutbox, dsl, teacher, learner):
    case = open_case(dsl, learner)
    action_due(dsl, case, teacher.user, days=-1)
    teacher.is_active = False
    teacher.save()

    assert run() == 1

    assert reminded() == [(dsl.user_id, "Overdue: 1 action(s)")]


def test_the_command_enqueues_the_job(dsl, learner, mailoutbox, django_capture_on_commit_callbacks):
    overdue_review(open_case(dsl, learner))
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind_overdue", stdout=out)

    assert "Reminder job enqueued" in out.getvalue()
    assert "SUCCESSFUL" in out.getvalue()
    assert reminded() == [(dsl.user_id, "Overdue: 1 review(s)")]
    assert [m.to for m in mailoutbox] == [[dsl.user.email]]


def test_a_monitored_case_whose_date_has_come_reminds_its_lead_and_shows_on_the_dashboard(
    client, dsl, learner
):
    case = categorise(dsl, services.open_case_from_concern(dsl, make_concern(dsl, learner)))
    services.close_case(dsl, case, outcome_summary="Settled.")
    services.set_monitor(
        dsl,
        case,
        rationale="Check after the holidays.",
        review_on=timezone.localdate() + timedelta(days=1),
    )
    assert remind_overdue.call() == 0
    Case.objects.filter(pk=case.pk).update(monitor_review_on=timezone.localdate())

    assert remind_overdue.call() == 1
    assert Alert.objects.filter(recipient=dsl.user, kind=AlertKind.OVERDUE).count() == 1
    page = login(client, dsl).get("/dashboard/").content.decode()
    assert "Monitored cases due a look" in page
    assert case.reference in page
