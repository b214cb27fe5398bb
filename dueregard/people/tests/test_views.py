"""The people directory pages: who may use them, what they audit, what they show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import login
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.people.models import Person, PersonKind
from dueregard.testing.factories import make_person

HEADER = "kind,given_name,family_name,date_of_birth,reference,site\n"

Url = Callable[[Person], str]
URLS: dict[str, Url] = {
    "list": lambda person: reverse("people:list"),
    "add": lambda person: reverse("people:add"),
    "import": lambda person: reverse("people:import"),
    "detail": lambda person: reverse("people:detail", args=[person.public_id]),
    "edit": lambda person: reverse("people:edit", args=[person.public_id]),
}

# (persona, expected status on GET) for every page; the outsider sees objects as missing.
PERMISSIONS = [
    ("dsl", {"list": 200, "add": 200, "import": 200, "detail": 200, "edit": 200}),
    ("deputy", {"list": 200, "add": 200, "import": 200, "detail": 200, "edit": 200}),
    ("admin", {"list": 200, "add": 200, "import": 200, "detail": 200, "edit": 200}),
    ("teacher", dict.fromkeys(URLS, 403)),
    ("governor", dict.fromkeys(URLS, 403)),
    ("inspector", dict.fromkeys(URLS, 403)),
    ("outsider_dsl", {"list": 200, "add": 200, "import": 200, "detail": 404, "edit": 404}),
]


def _upload(text: str | bytes, name: str = "people.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize(("persona", "expected"), PERMISSIONS)
def test_people_pages_answer_each_role_as_the_matrix_says(
    persona: str,
    expected: dict[str, int],
    client: Client,
    learner: Person,
    request: pytest.FixtureRequest,
) -> None:
    assert set(expected) == set(URLS), "every people url needs a row for every persona"
    login(client, request.getfixturevalue(persona))

    answers = {name: client.get(url(learner)).status_code for name, url in URLS.items()}

    assert answers == expected


@pytest.mark.parametrize("persona", ["teacher", "governor"])
def test_roles_without_people_rights_cannot_post_to_people_pages(
    persona: str, client: Client, learner: Person, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))

    for name in ("add", "edit", "import"):
        assert client.post(URLS[name](learner), {}).status_code == 403
    learner.refresh_from_db()
    assert learner.given_name == "Robin"
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 3


def test_signed_out_visitor_is_sent_to_sign_in(client: Client, learner: Person) -> None:
    response = client.get(reverse("people:list"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_outsider_cannot_change_a_person_of_another_organisation(
    client: Client, outsider_dsl: Membership, learner: Person
) -> None:
    login(client, outsider_dsl)

    response = client.post(
        reverse("people:edit", args=[learner.public_id]),
        {"kind": "staff", "given_name": "X", "family_name": "Y"},
    )

    assert response.status_code == 404
    learner.refresh_from_db()
    assert learner.given_name == "Robin"


def test_list_shows_only_own_organisation_people_with_dates_as_day_month_year(
    client: Client, admin: Membership, other_org: Organisation
) -> None:
    make_person(admin.organisation, "Robin", "Ashdown", date_of_birth=date(2009, 3, 3))
    make_person(other_org, "Olive", "Elsewhere")
    login(client, admin)

    response = client.get(reverse("people:list"))

    content = response.content.decode()
    assert "Ashdown, Robin" in content
    assert "3 Mar 2009" in content
    assert "Elsewhere" not in content


def test_list_view_writes_one_audit_event_without_the_search_term(
    client: Client, dsl: Membership, learner: Person
) -> None:
    login(client, dsl)

    client.post(reverse("people:list"), {"q": "Ashdown"}, follow=True)

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.object_type, event.code) == ("person_list", "person.list_viewed")
    assert event.actor == dsl.user
    assert not any("Ashdown" in f"{e.summary} {e.reason}" for e in AuditEvent.objects.all())


def test_list_searches_names_and_references_and_filters_by_kind(
    client: Client, dsl: Membership, learner: Person
) -> None:
    org = dsl.organisation
    make_person(org, "Sam", "Okafor", kind=PersonKind.STAFF, reference="S0042")
    make_person(org, "Robin", "Morgan", kind=PersonKind.STAFF)
    login(client, dsl)

    def names(**query: str) -> list[str]:
        page = client.post(reverse("people:list"), query, follow=True).context["page"]
        return [person.family_name for person in page.object_list]

    assert names(q="robin") == ["Ashdown", "Morgan"]
    assert names(q="robin ash") == ["Ashdown"]
    assert names(q="s004") == ["Okafor"]
    assert names(kind="staff") == ["Morgan", "Okafor"]
    assert names(q="robin", kind="staff") == ["Morgan"]


def test_list_hides_archived_people_unless_asked(
    client: Client, dsl: Membership, learner: Person
) -> None:
    make_person(dsl.organisation, "Old", "Leaver", is_archived=True)
    login(client, dsl)

    default = client.get(reverse("people:list")).context["page"].object_list
    with_archived = client.post(reverse("people:list"), {"archived": "on"}, follow=True).context[
        "page"
    ]

    assert [p.family_name for p in default] == ["Ashdown"]
    assert [p.family_name for p in with_archived.object_list] == ["Ashdown", "Leaver"]


def test_list_pages_fifty_people_at_a_time_keeping_the_search(
    client: Client, dsl: Membership
) -> None:
    for n in range(51):
        make_person(dsl.organisation, "Robin", f"Family{n:02d}")
    login(client, dsl)

    first = client.post(reverse("people:list"), {"q": "robin"}, follow=True)
    second = client.get(reverse("people:list"), {"page": "2"})

    assert len(first.context["page"].object_list) == 50
    assert "?page=2" in first.content.decode()
    assert [p.family_name for p in second.context["page"].object_list] == ["Family50"]


def test_search_term_never_appears_in_a_url(client: Client, dsl: Membership) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown")
    login(client, dsl)

    response = client.post(reverse("people:list"), {"q": "Ashdown"}, follow=True)

    assert response.redirect_chain == [(reverse("people:list"), 302)]
    assert "Ashdown" not in "".join(url for url, _ in response.redirect_chain)
    assert 'method="post"' in response.content.decode()
    cleared = client.post(reverse("people:list"), {"clear": "1"}, follow=True)
    assert cleared.context["form"].data == {}


def test_list_query_count_does_not_grow_with_ten_times_more_people(
    client: Client, dsl: Membership, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    org = dsl.organisation
    site = Site.objects.get(organisation=org)
    for n in range(4):
        make_person(org, "Robin", f"Few{n}", site=site)
    login(client, dsl)
    client.get(reverse("people:list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:list"))
    Person.objects.bulk_create(
        Person(
            organisation=org,
            kind=PersonKind.LEARNER,
            given_name="Sam",
            family_name=f"Many{n}",
            site=site,
        )
        for n in range(36)
    )

    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("people:list"))

    assert len(response.context["page"].object_list) == 40


def test_detail_view_is_audited_and_its_title_holds_no_name(
    client: Client, admin: Membership, learner: Person
) -> None:
    login(client, admin)

    response = client.get(reverse("people:detail", args=[learner.public_id]))

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("person", learner.public_id)
    content = response.content.decode()
    title = content[content.index("<title>") : content.index("</title>")]
    assert "Person" in title
    assert "Ashdown" not in title
    assert "Robin Ashdown" in content


@pytest.mark.parametrize("persona", ["admin", "dsl"])
def test_manager_adds_a_person_and_is_redirected_with_a_message(
    persona: str, client: Client, request: pytest.FixtureRequest
) -> None:
    membership = request.getfixturevalue(persona)
    site = Site.objects.get(organisation=membership.organisation)
    login(client, membership)

    response = client.post(
        reverse("people:add"),
        {
            "kind": "learner",
            "given_name": "Robin",
            "family_name": "Ashdown",
            "date_of_birth": "03/03/2009",
            "reference": "L0100",
            "site": str(site.pk),
        },
    )

    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.public_id])
    assert person.date_of_birth == date(2009, 3, 3)
    assert person.site == site
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Person added to the directory"
    ]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=person.public_id)


def test_add_form_shows_form_errors_in_a_govuk_error_summary(
    client: Client, dsl: Membership
) -> None:
    login(client, dsl)

    response = client.post(
        reverse("people:add"), {"given_name": "Robin", "date_of_birth": "31/02/2009"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert 'href="#id_kind"' in content
    assert "Enter the family name." in content
    assert "<title>Error: Add a person" in content
    assert not Person.objects.exists()


def test_add_form_shows_a_reference_clash_from_the_service_on_the_field(
    client: Client, dsl: Membership, learner: Person
) -> None:
    login(client, dsl)

    response = client.post(
        reverse("people:add"),
        {"kind": "staff", "given_name": "Sam", "family_name": "Okafor", "reference": "L0001"},
    )

    assert response.context["form"].errors["reference"] == [
        "Another person in the directory already has this reference."
    ]
    assert Person.objects.count() == 1


def test_edit_form_shows_a_reference_clash_from_the_service_on_the_field(
    client: Client, dsl: Membership, learner: Person
) -> None:
    other = make_person(dsl.organisation, "Sam", "Okafor", reference="S0042")
    login(client, dsl)

    response = client.post(
        reverse("people:edit", args=[other.public_id]),
        {"kind": "learner", "given_name": "Sam", "family_name": "Okafor", "reference": "L0001"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reference"] == [
        "Another person in the directory already has this reference."
    ]
    other.refresh_from_db()
    assert other.reference == "S0042"


@pytest.mark.parametrize("persona", ["admin", "dsl"])
def test_manager_changes_a_person_and_the_change_is_audited(
    persona: str, client: Client, learner: Person, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))
    url = reverse("people:edit", args=[learner.public_id])

    form_page = client.get(url)
    response = client.post(
        url,
        {
            "kind": "learner",
            "given_name": "Robin",
            "family_name": "Ashdown-Lee",
            "reference": "L0001",
        },
    )

    assert 'value="Robin"' in form_page.content.decode()
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.family_name == "Ashdown-Lee"
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_id=learner.public_id
    ).exists()


def test_changing_an_archived_person_is_refused_with_409_and_the_reason(
    client: Client, dsl: Membership, learner: Person
) -> None:
    Person.objects.filter(pk=learner.pk).update(is_archived=True, left_on=date(2026, 9, 1))
    login(client, dsl)

    response = client.post(
        reverse("people:edit", args=[learner.public_id]),
        {"kind": "learner", "given_name": "New", "family_name": "Name"},
    )

    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [
        "This person is archived: their details cannot change."
    ]


@pytest.mark.parametrize("persona", ["admin", "dsl"])
def test_manager_imports_a_csv_and_is_sent_to_the_list(
    persona: str, client: Client, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))
    text = HEADER + "learner,Robin,Ashdown,2009-03-03,L0100,Main campus\nstaff,Sam,Okafor,,,\n"

    response = client.post(reverse("people:import"), {"file": _upload(text)}, follow=True)

    assert response.redirect_chain == [(reverse("people:list"), 302)]
    assert "2 people imported" in response.content.decode()
    assert Person.objects.count() == 2


def test_import_page_lists_every_problem_and_imports_nothing(
    client: Client, dsl: Membership
) -> None:
    login(client, dsl)
    text = HEADER + "pupil,Robin,Ashdown,,,\nlearner,,Okafor,,,Annexe\n"

    response = client.post(reverse("people:import"), {"file": _upload(text)})

    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "The file has 3 problems" in content
    assert [(p.line, p.column) for p in response.context["error"].rows] == [
        (2, "kind"),
        (3, "given_name"),
        (3, "site"),
    ]
    assert content.count('<td class="govuk-table__cell govuk-table__cell--numeric">3</td>') == 2
    assert not Person.objects.exists()


def test_import_page_explains_a_file_that_is_not_utf8(client: Client, dsl: Membership) -> None:
    login(client, dsl)
    data = (HEADER + "learner,Renée,Ashdown,,,\n").encode("cp1252")

    response = client.post(reverse("people:import"), {"file": _upload(data)})

    assert "UTF-8" in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_upload("x", name="people.xlsx"), "must be a CSV file"),
        (_upload(b"x" * (2 * 1024 * 1024 + 1)), "2 MB or smaller"),
    ],
)
def test_import_page_refuses_other_files_and_files_over_2_mb(
    client: Client, dsl: Membership, upload: SimpleUploadedFile, message: str
) -> None:
    login(client, dsl)

    response = client.post(reverse("people:import"), {"file": upload})

    assert message in response.content.decode()


def test_import_page_shows_the_columns_and_an_example(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    content = client.get(reverse("people:import")).content.decode()

    assert "kind,given_name,family_name,date_of_birth,reference,site" in content
    assert 'enctype="multipart/form-data"' in content
