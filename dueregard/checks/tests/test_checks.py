from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.checks import services
from dueregard.checks.models import FilteringCheck, MonitoringAlert, PrayerRoom, RoomCheck
from dueregard.core.errors import FieldErrors, NotPermitted
from dueregard.organisations.models import Membership
from dueregard.testing.factories import in_scope

pytestmark = pytest.mark.usefixtures("working_day")
TODAY = date(2026, 5, 13)


def _check(member: Membership, **extra: object) -> FilteringCheck:
    values: dict[str, object] = {
        "kind": "filtering",
        "checked_on": TODAY,
        "tested": "A test page in each blocked category, from a learner account",
        "result": "worked",
        "action": "",
        "checked_by": member.user,
    }
    values.update(extra)
    return services.record_check(member, **values)  # type: ignore[arg-type]


def test_a_check_is_recorded_and_audited_without_its_text(admin: Membership) -> None:
    check = _check(admin)
    event = AuditEvent.objects.get(code="filtering_check.recorded")
    assert event.context == {"kind": "filtering", "result": "worked"}
    assert check.checked_by == admin.user


def test_a_gap_needs_what_was_done_and_dates_are_not_in_the_future(dsl: Membership) -> None:
    with pytest.raises(FieldErrors, match="what was done"):
        _check(dsl, result="gap")
    with pytest.raises(FieldErrors, match="future"):
        _check(dsl, checked_on=TODAY + timedelta(days=1))
    assert not FilteringCheck.objects.exists()


def test_the_checker_is_a_member_of_the_organisation(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    with pytest.raises(FieldErrors, match="member of your organisation"):
        _check(dsl, checked_by=outsider_dsl.user)


def test_staff_cannot_record_checks(teacher: Membership, governor: Membership) -> None:
    for member in (teacher, governor):
        with pytest.raises(NotPermitted):
            _check(member, checked_by=member.user)


def test_an_alert_cannot_reach_the_dsl_before_it_was_raised(dsl: Membership) -> None:
    with pytest.raises(FieldErrors, match="before the alert"):
        services.log_alert(
            dsl,
            received_on=TODAY,
            category="extremism",
            passed_on=TODAY - timedelta(days=1),
            outcome="concern",
        )
    services.log_alert(
        dsl, received_on=TODAY, category="extremism", passed_on=TODAY, outcome="concern"
    )
    assert MonitoringAlert.objects.count() == 1


def test_rooms_have_unique_names_and_keep_their_checks(dsl: Membership) -> None:
    room = services.save_room(
        dsl, None, name="Quiet room", site=None, rules="Open 8 to 6.", overseen_by=dsl.user
    )
    with pytest.raises(FieldErrors, match="already a room"):
        services.save_room(dsl, None, name="Quiet room", site=None, rules="x", overseen_by=dsl.user)
    services.check_room(dsl, room, checked_on=TODAY, findings="Tidy; rules displayed.", action="")
    assert RoomCheck.objects.filter(room=room).count() == 1
    assert PrayerRoom.objects.count() == 1


def test_the_overview_and_forms(client: Client, dsl: Membership, outsider_dsl: Membership) -> None:
    login(client, dsl)
    response = client.post(
        reverse("checks:room_add"),
        {
            "name": "Multi-faith room",
            "rules": "Bookable; open to all.",
            "overseen_by": str(dsl.user.public_id),
        },
    )
    assert response.status_code == 302
    room = PrayerRoom.objects.get()
    response = client.post(
        reverse("checks:room_check", args=[room.public_id]),
        {"checked_on": "2026-05-13", "findings": "Rules displayed; booking sheet in use."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("checks:check_add"),
        {
            "kind": "monitoring",
            "checked_on": "2026-05-13",
            "tested": "A test phrase on a learner account raised an alert",
            "result": "gap",
            "action": "",
            "checked_by": str(dsl.user.public_id),
        },
    )
    assert response.status_code == 200
    assert "Say what was done about the gap." in response.content.decode()
    page = client.get(reverse("checks:overview")).content.decode()
    assert "Multi-faith room" in page
    assert "Rules displayed; booking sheet in use." in page
    with in_scope(outsider_dsl):
        theirs = services.save_room(
            outsider_dsl, None, name="Theirs", site=None, rules="r", overseen_by=outsider_dsl.user
        )
    assert client.get(reverse("checks:room_edit", args=[theirs.public_id])).status_code == 404
