from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import FieldErrors
from dueregard.organisations.models import Membership
from dueregard.partnership import reminders, services
from dueregard.partnership.models import PartnerCheck, WorkPartner
from dueregard.partnership.tests.builders import make_partner

pytestmark = pytest.mark.usefixtures("working_day")
TODAY = date(2026, 5, 13)


def test_a_check_moves_the_partner_on_and_is_kept(dsl: Membership) -> None:
    partner = make_partner(dsl)
    services.check_work_partner(
        dsl,
        partner,
        checked_on=TODAY,
        briefed=True,
        policy_seen=True,
        notes="Briefed the workshop supervisors.",
        next_check_on=TODAY + timedelta(days=365),
    )
    partner.refresh_from_db()
    assert partner.briefed_on == TODAY
    assert partner.policy_on_file
    assert partner.next_check_on == TODAY + timedelta(days=365)
    assert PartnerCheck.objects.filter(partner=partner).count() == 1
    event = AuditEvent.objects.filter(code="work_partner.checked").get()
    assert event.context == {"briefed": True, "policy_seen": True}


def test_bad_checks_and_names_are_refused(dsl: Membership, outsider_dsl: Membership) -> None:
    partner = make_partner(dsl)
    with pytest.raises(FieldErrors, match="after this one"):
        services.check_work_partner(
            dsl,
            partner,
            checked_on=TODAY,
            briefed=False,
            policy_seen=False,
            notes="",
            next_check_on=TODAY,
        )
    with pytest.raises(FieldErrors, match="already a partner"):
        make_partner(dsl)
    with pytest.raises(FieldErrors, match="member of your organisation"):
        make_partner(dsl, name="Other", owner=outsider_dsl.user)
    assert not PartnerCheck.objects.exists()
    assert WorkPartner.objects.count() == 1


def test_an_overdue_check_reminds_its_owner_only_while_active(
    dsl: Membership, deputy: Membership
) -> None:
    partner = make_partner(dsl, owner=deputy.user, next_check_on=TODAY - timedelta(days=1))
    assert list(reminders.overdue(dsl.organisation_id)) == [
        ("employer or subcontractor check(s)", deputy.user_id)
    ]
    data = services.WorkPartnerData(
        name=partner.name,
        kind=partner.kind,
        contact_name=partner.contact_name,
        contact_email="",
        contact_phone="",
        owner=deputy.user,
        briefed_on=None,
        policy_on_file=False,
        next_check_on=partner.next_check_on,
        is_active=False,
    )
    services.save_work_partner(dsl, partner, data)
    assert list(reminders.overdue(dsl.organisation_id)) == []


def test_pages(client: Client, dsl: Membership, governor: Membership) -> None:
    login(client, dsl)
    response = client.post(
        reverse("partnership:work_partner_add"),
        {
            "name": "Larchgate Care Homes",
            "kind": "employer",
            "contact_name": "Pat Invented",
            "contact_email": "not an email",
            "owner": str(dsl.user.public_id),
            "next_check_on": "2026-09-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Enter an email address like name@example.org" in response.content.decode()
    assert not WorkPartner.objects.exists()
    response = client.post(
        reverse("partnership:work_partner_add"),
        {
            "name": "Larchgate Care Homes",
            "kind": "employer",
            "contact_name": "Pat Invented",
            "contact_email": "pat@larchgate.example",
            "owner": str(dsl.user.public_id),
            "next_check_on": "2026-09-01",
            "is_active": "on",
        },
    )
    partner = WorkPartner.objects.get()
    assert response["Location"] == reverse("partnership:work_partner", args=[partner.public_id])
    login(client, governor)
    page = client.get(
        reverse("partnership:work_partner", args=[partner.public_id])
    ).content.decode()
    assert "pat@larchgate.example" in page
    assert AuditEvent.objects.filter(code="work_partner.viewed").count() == 1
    assert client.get(reverse("partnership:work_partner_add")).status_code == 403
