"""The contacts directory: who reads what, who keeps it, and the emergency page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import login
from dueregard.contacts.models import Contact
from dueregard.contacts.services import emergency_contacts, save_contact
from dueregard.core.errors import DomainError, NotPermitted


def _directory(dsl):
    save_contact(dsl, {"kind": "emergency", "name": "Emergency services", "phone": "999"})
    save_contact(dsl, {"kind": "dsl", "name": "Dana Lead, DSL", "phone": "01632 960501"})
    save_contact(
        dsl, {"kind": "police_prevent", "name": "Invented Prevent Team", "phone": "01632 960410"}
    )


def test_staff_read_only_the_emergency_numbers_and_leads(client, dsl, teacher):
    _directory(dsl)
    login(client, teacher)

    page = client.get(reverse("contacts:list")).content.decode()

    assert "Emergency services" in page and "Dana Lead, DSL" in page
    assert "Invented Prevent Team" not in page
    assert "Add a contact" not in page


def test_an_administrator_keeps_the_directory_and_it_is_audited(client, admin, dsl):
    from dueregard.audit.models import AuditEvent

    login(client, admin)
    response = client.post(
        reverse("contacts:add"),
        {
            "kind": "lado",
            "name": "Invented LADO",
            "email": "lado@council.example",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    contact = Contact.objects.get(name="Invented LADO")
    added = AuditEvent.objects.get(object_id=contact.public_id, code="contact.added")
    assert added.context == {"kind": "lado", "active": True, "sites": 0}
    response = client.post(
        reverse("contacts:edit", kwargs={"public_id": contact.public_id}),
        {"kind": "lado", "name": "Invented LADO", "email": "lado@council.example"},
    )
    assert response.status_code == 302
    changed = AuditEvent.objects.get(object_id=contact.public_id, code="contact.changed")
    assert changed.context == {"kind": "lado", "active": False, "sites": 0}


def test_a_contact_needs_a_way_to_reach_it(client, dsl):
    login(client, dsl)
    response = client.post(reverse("contacts:add"), {"kind": "lado", "name": "No way"})
    assert response.status_code == 200
    assert "Give at least one way to reach this contact." in response.content.decode()
    with pytest.raises(DomainError):
        save_contact(dsl, {"kind": "lado", "name": "No way"})


def test_staff_cannot_change_the_directory(teacher):
    with pytest.raises(NotPermitted):
        save_contact(teacher, {"kind": "lado", "name": "X", "phone": "01632 960999"})


def test_the_immediate_danger_page_shows_the_emergency_numbers_and_leads(client, dsl, teacher):
    _directory(dsl)
    login(client, teacher)

    page = client.get(reverse("concerns:raise_details") + "?danger=yes").content.decode()

    assert "999" in page and "Dana Lead, DSL" in page
    assert "Invented Prevent Team" not in page
    assert [c.kind for c in emergency_contacts(teacher)] == ["emergency", "dsl"]


def test_the_emergency_page_shows_the_members_site_first_then_every_site(
    client, dsl, admin, teacher
):
    from dueregard.organisations.models import Site
    from dueregard.training.services.records import save_profile

    main = Site.objects.get(organisation=dsl.organisation)
    annexe = Site.objects.create(organisation=dsl.organisation, name="Invented Annexe")
    save_contact(dsl, {"kind": "emergency", "name": "Emergency services", "phone": "999"})
    save_contact(
        dsl, {"kind": "dsl", "name": "Main campus DSL", "phone": "01632 960501"}, sites=[main]
    )
    save_contact(
        dsl,
        {"kind": "deputy_dsl", "name": "Annexe deputy", "phone": "01632 960502"},
        sites=[annexe],
    )

    # Without a site: everything, in one list.
    assert [c.name for c in emergency_contacts(teacher)] == [
        "Emergency services",
        "Main campus DSL",
        "Annexe deputy",
    ]

    save_profile(admin, teacher, site=annexe, started_on=None)
    assert [c.name for c in emergency_contacts(teacher)] == [
        "Annexe deputy",
        "Emergency services",
    ]
    login(client, teacher)
    page = client.get(reverse("concerns:raise_details") + "?danger=yes").content.decode()
    assert "At Invented Annexe, your site" in page and "For every site" in page
    assert page.index("Annexe deputy") < page.index("Emergency services")
    assert "Main campus DSL" not in page
