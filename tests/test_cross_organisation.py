"""A DSL of another organisation sees nothing of the first: not by id, not in any list.

The permission matrix proves every object URL answers 404 to the other organisation's DSL;
this suite proves the lists, searches and dashboards do not show its records either.
"""

from __future__ import annotations

from django.test import Client

from conftest import login
from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.testing.factories import in_scope, make_concern

LIST_PAGES = [
    "/dashboard/",
    "/concerns/triage/",
    "/concerns/mine/",
    "/cases/?status=all",
    "/people/",
    "/alerts/",
    "/organisation/members/",
    "/organisation/sites/",
    "/concerns/categories/",
]


def test_another_organisations_records_appear_in_no_list_or_search(
    client: Client,
    dsl: Membership,
    teacher: Membership,
    learner: Person,
    outsider_dsl: Membership,
) -> None:
    untriaged = make_concern(teacher, learner)
    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    cases.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support")
    secrets = [
        learner.family_name,
        learner.reference,
        untriaged.reference,
        case.reference,
        str(case.public_id),
        teacher.user.full_name,
        teacher.user.email,
        dsl.organisation.name,
    ]
    login(client, outsider_dsl)

    for path in LIST_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        leaked = [s for s in secrets if s in page]
        assert not leaked, f"{path} shows {leaked}"

    # Searching the directory by the first organisation's name or reference finds nothing.
    for term in (learner.family_name, learner.reference):
        found = client.post("/people/", {"q": term}, follow=True)
        assert list(found.context["page"].object_list) == []
    # And the triage form offers none of its cases to link to.
    own = make_concern(outsider_dsl, None, unknown_subject="Visitor at the gate")
    triage = client.get(f"/concerns/{own.public_id}/").content.decode()
    assert case.reference not in triage


def test_posting_another_organisations_ids_or_ownership_fields_changes_nothing_there(
    client: Client,
    dsl: Membership,
    teacher: Membership,
    learner: Person,
    outsider_dsl: Membership,
) -> None:
    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    own = make_concern(outsider_dsl, None, unknown_subject="Visitor at the gate")
    login(client, outsider_dsl)

    # Linking its own concern to the first organisation's case is refused on the form.
    response = client.post(
        f"/concerns/{own.public_id}/", {"action": "link", "case": str(case.public_id)}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    case.refresh_from_db()
    assert not case.concerns.filter(pk=own.pk).exists()

    # Ownership fields in a post are ignored: the person lands in the poster's organisation.
    client.post(
        "/people/add/",
        {
            "kind": "learner",
            "given_name": "Ira",
            "family_name": "Quillon",
            "organisation": str(dsl.organisation.public_id),
            "created_by": str(dsl.user.public_id),
        },
    )
    assert not Person.objects.filter(family_name="Quillon").exists()
    with in_scope(outsider_dsl):
        added = Person.objects.get(family_name="Quillon")
    assert added.organisation_id == outsider_dsl.organisation_id
    assert added.created_by_id == outsider_dsl.user_id


def test_another_organisations_flags_contacts_and_related_people_are_out_of_reach(
    client: Client,
    dsl: Membership,
    learner: Person,
    outsider_dsl: Membership,
) -> None:
    from datetime import date

    from dueregard.people import record
    from dueregard.people.models import CarerContact, PersonFlag, PersonRelation
    from dueregard.testing.factories import make_person

    sibling = make_person(dsl.organisation, "Rowan", "Ashby")
    flag = record.add_flag(dsl, learner, kind="social_care", starts_on=date(2024, 2, 1))
    contact = record.add_contact(
        dsl,
        learner,
        record.ContactDetails(
            name="Morgan Ashby",
            relationship="Mother",
            parental_responsibility=True,
            phone="01632 960 001",
        ),
    )
    relation = record.relate(dsl, learner, sibling, kind="sibling")
    with in_scope(outsider_dsl):
        own = make_person(outsider_dsl.organisation, "Olive", "Elsewhere")
    login(client, outsider_dsl)

    # Not by id: the record, a flag, a contact, a link.
    assert client.get(f"/cases/person/{learner.public_id}/").status_code == 404
    assert client.get(f"/people/flags/{flag.public_id}/end/").status_code == 404
    assert (
        client.post(f"/people/flags/{flag.public_id}/end/", {"ends_on": "2025-01-01"}).status_code
        == 404
    )
    assert client.post(f"/people/contacts/{contact.public_id}/remove/").status_code == 404
    assert client.post(f"/people/related/{relation.public_id}/remove/").status_code == 404
    assert client.post(f"/people/{learner.public_id}/contacts/add/", {}).status_code == 404

    # Nor by linking its own person to theirs: the picker does not offer them.
    answer = client.post(
        f"/people/{own.public_id}/related/add/",
        {"other": str(learner.public_id), "kind": "sibling"},
    )
    assert answer.status_code == 200
    assert "govuk-error-summary" in answer.content.decode()

    # Its own person's record shows nothing of theirs.
    page = client.get(f"/cases/person/{own.public_id}/").content.decode()
    for secret in ("Morgan Ashby", "Rowan", learner.family_name, str(contact.public_id)):
        assert secret not in page
    assert PersonFlag.objects.get(pk=flag.pk).ends_on is None
    assert CarerContact.objects.filter(pk=contact.pk).exists()
    assert PersonRelation.objects.filter(pk=relation.pk).exists()
    with in_scope(outsider_dsl):
        assert not PersonRelation.objects.exists()


def test_another_organisations_subject_access_requests_are_out_of_reach(
    client: Client,
    dsl: Membership,
    learner: Person,
    outsider_dsl: Membership,
) -> None:
    from dueregard.subjectaccess.models import SubjectAccessRequest
    from dueregard.subjectaccess.tests.builders import a_request

    sar = a_request(dsl, learner)
    login(client, outsider_dsl)

    listed = client.get("/subject-access/?status=all").content.decode()
    assert learner.family_name not in listed and str(sar.public_id) not in listed
    for path in (f"/subject-access/{sar.public_id}/", f"/subject-access/{sar.public_id}/extend/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/subject-access/{sar.public_id}/export/").status_code == 404
    # Starting a request about the first organisation's person is refused on the form.
    response = client.post(
        "/subject-access/start/",
        {"person": str(learner.public_id), "received_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with in_scope(outsider_dsl):
        assert not SubjectAccessRequest.objects.exists()
    # Nor does the picker find them.
    found = client.post(
        "/subject-access/people-picker/", {"field": "person", "q": learner.family_name}
    )
    assert learner.family_name not in found.json()["html"]
