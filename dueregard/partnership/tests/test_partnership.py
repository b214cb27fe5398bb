from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.actions.models import ActionItem
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, FieldErrors, NotPermitted
from dueregard.organisations.models import Membership, Role
from dueregard.partnership import services
from dueregard.partnership.models import (
    Level,
    Meeting,
    MeetingAction,
    PictureNote,
    ThreatLevel,
    UpdateAcknowledgement,
)
from dueregard.partnership.tests.builders import make_meeting, send_update
from dueregard.testing.factories import in_scope

pytestmark = pytest.mark.usefixtures("working_day")
TODAY = date(2026, 5, 13)


def test_a_meeting_keeps_its_agreed_actions_one_per_line(dsl: Membership) -> None:
    meeting = make_meeting(dsl, actions=["Brief tutors", "  ", "Review the IT filter"])
    assert [a.description for a in meeting.actions.all()] == [
        "Brief tutors",
        "Review the IT filter",
    ]
    event = AuditEvent.objects.filter(code="partnership_meeting.recorded").get()
    assert event.context == {"kind": "la_prevent", "actions": 2}
    assert "gaming" not in str(event.context)


def test_a_meeting_cannot_be_held_in_the_future(dsl: Membership) -> None:
    with pytest.raises(FieldErrors) as raised:
        make_meeting(dsl, held_on=TODAY + timedelta(days=1))
    assert raised.value.problems[0][0] == "held_on"
    assert not Meeting.objects.exists()


def test_staff_cannot_record_a_meeting(teacher: Membership, governor: Membership) -> None:
    for member in (teacher, governor):
        with pytest.raises(NotPermitted):
            make_meeting(member)


def test_an_agreed_action_becomes_one_action_plan_item(dsl: Membership, deputy: Membership) -> None:
    action = make_meeting(dsl).actions.get()
    services.make_action_item(dsl, action, due_on=TODAY + timedelta(days=30))
    action.refresh_from_db()
    item = ActionItem.objects.get()
    assert action.item == item
    assert item.action == "Brief all tutors on the new reporting route"
    assert "Termly Prevent briefing" in item.objective
    assert list(item.owners.all()) == [dsl.user]
    with pytest.raises(DomainError, match="already on the action plan"):
        services.make_action_item(deputy, action, due_on=TODAY + timedelta(days=30))
    assert ActionItem.objects.count() == 1


def test_an_item_cannot_be_due_in_the_past(dsl: Membership) -> None:
    action = make_meeting(dsl).actions.get()
    with pytest.raises(FieldErrors):
        services.make_action_item(dsl, action, due_on=TODAY - timedelta(days=1))
    assert not ActionItem.objects.exists()


def test_the_current_threat_level_is_the_latest_entry(dsl: Membership) -> None:
    assert services.current_threat_level(dsl) is None
    services.record_threat_level(
        dsl, level=Level.SUBSTANTIAL, changed_on=TODAY - timedelta(days=90), response=""
    )
    services.record_threat_level(
        dsl, level=Level.SEVERE, changed_on=TODAY, response="Site leads briefed."
    )
    current = services.current_threat_level(dsl)
    assert current is not None and current.level == Level.SEVERE
    with pytest.raises(FieldErrors, match="in force since"):
        services.record_threat_level(
            dsl, level=Level.LOW, changed_on=TODAY - timedelta(days=1), response=""
        )
    assert ThreatLevel.objects.count() == 2
    with pytest.raises(ValueError):
        current.save()


def test_a_picture_note_links_only_its_own_organisations_meeting(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    with in_scope(outsider_dsl.organisation):
        theirs = make_meeting(outsider_dsl)
    with pytest.raises(DomainError):
        services.add_picture_note(dsl, noted_on=TODAY, note="n", response="", meeting=theirs)
    note = services.add_picture_note(
        dsl, noted_on=TODAY, note="County lines activity near the bus station.", response=""
    )
    assert PictureNote.objects.get() == note


def test_an_update_reaches_only_the_roles_it_is_for(
    dsl: Membership, teacher: Membership, governor: Membership, inspector: Membership
) -> None:
    update = send_update(dsl, roles=[Role.STAFF])
    assert list(services.updates_for(teacher)) == [update]
    assert list(services.updates_for(governor)) == []
    assert list(services.updates_for(inspector)) == []
    assert set(services.recipients(update)) == {teacher}
    with pytest.raises(DomainError, match="not sent to your role"):
        services.acknowledge(governor, update)
    with pytest.raises(FieldErrors):
        send_update(dsl, roles=[Role.INSPECTOR])


def test_each_member_acknowledges_an_update_once(dsl: Membership, teacher: Membership) -> None:
    update = send_update(dsl)
    assert teacher in services.not_acknowledged(update)
    services.acknowledge(teacher, update)
    with pytest.raises(DomainError, match="already acknowledged"):
        services.acknowledge(teacher, update)
    assert UpdateAcknowledgement.objects.count() == 1
    assert teacher not in services.not_acknowledged(update)
    assert dsl in services.not_acknowledged(update)


def test_the_dsl_records_a_briefing_and_a_tutor_acknowledges_an_update(
    client: Client, dsl: Membership, teacher: Membership
) -> None:
    login(client, dsl)
    response = client.post(
        reverse("partnership:meeting_add"),
        {
            "held_on": "2026-05-12",
            "kind": "police_prevent",
            "title": "Police Prevent briefing",
            "attended": "Police Prevent officer; DSL",
            "learnt": "Stickers from an extreme group seen near two campuses.",
            "actions": "Walk the campus boundary weekly\nTell site staff what to look for",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:meeting", args=[meeting.public_id])
    page = client.get(response["Location"]).content.decode()
    assert "Walk the campus boundary weekly" in page
    action = MeetingAction.objects.order_by("id").first()
    assert action is not None
    response = client.post(
        reverse("partnership:make_item", args=[action.public_id]), {"due_on": ""}
    )
    assert response.status_code == 400
    assert "Enter the due date" in response.content.decode()
    response = client.post(
        reverse("partnership:make_item", args=[action.public_id]), {"due_on": "2026-06-30"}
    )
    assert response.status_code == 302
    assert ActionItem.objects.get().due_on == date(2026, 6, 30)

    client.post(
        reverse("partnership:update_send"),
        {"title": "Stickers near campus", "body": "Report any you see to the DSL."},
    )
    update = services.updates_for(teacher).get()
    login(client, teacher)
    assert "Stickers near campus" in client.get(reverse("partnership:updates")).content.decode()
    response = client.post(reverse("partnership:acknowledge", args=[update.public_id]))
    assert response.status_code == 302
    again = client.post(reverse("partnership:acknowledge", args=[update.public_id]))
    assert again.status_code == 409
    login(client, dsl)
    page = client.get(reverse("partnership:update", args=[update.public_id])).content.decode()
    assert teacher.user.full_name not in page.split("Who has not acknowledged it")[1]


def test_bad_meeting_input_gets_messages_and_saves_nothing(client: Client, dsl: Membership) -> None:
    login(client, dsl)
    response = client.post(
        reverse("partnership:meeting_add"),
        {"held_on": "2026-05-14", "kind": "nonsense", "title": "", "attended": "", "learnt": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in ("Enter a title", "Enter who attended", "Enter what was learnt"):
        assert message in page
    assert not Meeting.objects.exists()
    response = client.post(
        reverse("partnership:meeting_add"),
        {
            "held_on": "2026-05-14",
            "kind": "channel",
            "title": "t",
            "attended": "a",
            "learnt": "l",
            "actions": "\n".join(f"Action {n}" for n in range(25)),
        },
    )
    page = response.content.decode()
    assert "cannot be in the future" in page
    assert not Meeting.objects.exists()


def test_an_update_for_another_role_is_not_found(
    client: Client, dsl: Membership, teacher: Membership
) -> None:
    update = send_update(dsl, roles=[Role.SENIOR_LEADER])
    login(client, teacher)
    assert client.get(reverse("partnership:update", args=[update.public_id])).status_code == 404
    response = client.post(reverse("partnership:acknowledge", args=[update.public_id]))
    assert response.status_code == 404
    assert not UpdateAcknowledgement.objects.exists()
