"""The person pickers (``dueregard/people/picker.py``): nobody is listed until searched,
matches only, each search audited without its words, with and without JavaScript."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as cases
from dueregard.concerns.models import Concern
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.people.picker import MAX_SHOWN, find_people
from dueregard.testing.factories import in_scope, make_concern, make_person

RAISE = reverse("concerns:raise_details") + "?danger=no"


def searches() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code="people.searched").order_by("sequence"))


@pytest.fixture
def directory(org, other_org) -> dict[str, Person]:
    people = {
        "robin": make_person(org, "Robin", "Ashdown", reference="L0001"),
        "rowan": make_person(org, "Rowan", "Ashworth", reference="L0002"),
        "sam": make_person(org, "Sam", "Brightwell", reference="L0003"),
        "left": make_person(org, "Ash", "Gone", reference="L0004", is_archived=True),
    }
    with in_scope(other_org):
        people["outsider"] = make_person(other_org, "Ashley", "Elsewhere", reference="X0001")
    return people


def test_the_form_lists_nobody_until_searched(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    html = login(client, teacher).get(RAISE).content.decode()
    assert 'name="person_search"' in html
    for person in directory.values():
        assert person.family_name not in html
    assert searches() == []


def test_find_without_javascript_shows_the_matches_and_keeps_what_was_typed(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    response = login(client, teacher).post(
        RAISE,
        {
            "find_person": "person",
            "person_search": "ash",
            "location": "Library",
            "narrative": "Kept as typed",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ashdown, Robin – Learner – L0001" in html
    assert "Ashworth, Rowan – Learner – L0002" in html
    assert "Brightwell" not in html  # no match
    assert "Gone" not in html  # archived
    assert "Elsewhere" not in html  # another organisation
    assert "Kept as typed" in html and 'value="ash"' in html
    assert "govuk-error-summary" not in html
    assert Concern.objects.count() == 0
    (event,) = searches()
    assert event.actor == teacher.user
    assert event.context == {"purpose": "concern", "matches": 2, "more": False}
    assert "ash" not in json.dumps(event.context).lower() and "ash" not in event.summary.lower()


def test_a_chosen_person_stays_chosen_and_the_concern_is_raised(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    robin = directory["robin"]
    data = {
        "person": str(robin.public_id),
        "person_search": "robin",
        "observed_on": "2026-03-01",
        "location": "Library",
        "narrative": "Said something worrying",
    }
    login(client, teacher)
    shown = client.post(RAISE, {**data, "find_person": "another_person"}).content.decode()
    assert f'value="{robin.public_id}" checked' in shown
    response = client.post(RAISE, data)
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert [s.person for s in concern.subjects.all()] == [robin]


def test_a_find_naming_no_picker_is_refused_with_a_message(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    response = login(client, teacher).post(RAISE, {"find_person": "site", "person_search": "a"})
    assert response.status_code == 200
    assert "Press a Find button beside a search box" in response.content.decode()
    assert searches() == []


def test_the_script_gets_matches_as_json(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    robin = directory["robin"]
    response = login(client, teacher).post(
        reverse("concerns:person_picker"),
        {"field": "person", "q": "ashw", "chosen": str(robin.public_id), "base": "id_person"},
    )
    assert response.status_code == 200
    answer = response.json()
    html = answer["html"]
    # The person already chosen stays first and checked, then the matches.
    assert html.index("Ashdown, Robin") < html.index("Ashworth, Rowan")
    assert f'value="{robin.public_id}" checked' in html
    assert 'id="id_person-option-1"' in html
    assert answer["status"] == "1 person matches."
    assert len(searches()) == 1


@pytest.mark.parametrize(
    "data",
    [{"field": "site", "q": "a"}, {"field": "", "q": "a"}, {"q": "a"}],
    ids=["not a picker", "empty", "missing"],
)
def test_the_script_endpoint_refuses_a_field_that_is_not_a_picker(
    client: Client, teacher: Membership, data: dict[str, str]
) -> None:
    response = login(client, teacher).post(reverse("concerns:person_picker"), data)
    assert response.status_code == 400
    assert "error" in response.json()


def test_the_script_endpoint_ignores_a_hostile_element_id(
    client: Client, teacher: Membership, directory: dict[str, Person]
) -> None:
    response = login(client, teacher).post(
        reverse("concerns:person_picker"),
        {"field": "person", "q": "ashdown", "base": '"><script>alert(1)</script>'},
    )
    html = response.json()["html"]
    assert "<script>" not in html and 'id="id_person-option-1"' in html


def test_the_script_endpoint_answers_get_with_405(client: Client, teacher: Membership) -> None:
    assert login(client, teacher).get(reverse("concerns:person_picker")).status_code == 405


def test_many_matches_show_the_first_few_and_say_there_are_more(
    org, teacher: Membership, client: Client
) -> None:
    for n in range(MAX_SHOWN + 2):
        make_person(org, f"Learner{n:02d}", "Cresswell", reference=f"M{n:04d}")
    found = find_people(teacher, "cresswell", purpose="concern")
    assert len(found.people) == MAX_SHOWN and found.more
    answer = login(client, teacher).post(
        reverse("concerns:person_picker"), {"field": "person", "q": "cresswell"}
    )
    assert answer.json()["status"] == f"More than {MAX_SHOWN} people match."
    assert "add more of the name" in answer.json()["html"]


def test_an_empty_search_finds_nobody_and_is_not_audited(teacher: Membership) -> None:
    found = find_people(teacher, "   ", purpose="concern")
    assert found.people == [] and not found.more
    assert searches() == []


def test_the_case_picker_shows_the_date_of_birth_to_the_dsl_team(
    client: Client, dsl: Membership, teacher: Membership, org
) -> None:
    make_person(org, "Wren", "Saw", reference="L0009", date_of_birth=date(2009, 4, 1))
    case = cases.open_case_from_concern(dsl, make_concern(dsl))
    login(client, dsl)
    response = client.post(
        reverse("cases:add_party", args=[case.public_id]),
        {"find_person": "person", "person_search": "wren"},
    )
    assert "born 01 Apr 2009" in response.content.decode()
    assert searches()[-1].context["purpose"] == "case"
    # The case picker's endpoint is the DSL team's: a member of staff is refused.
    login(client, teacher)
    refused = client.post(reverse("cases:person_picker"), {"field": "person", "q": "wren"})
    assert refused.status_code == 403
