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
