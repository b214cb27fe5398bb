"""A person's safeguarding record (``cases:person_record``) and the hints beside concerns."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import PartyRole
from dueregard.cases.tests.builders import open_case
from dueregard.people import record
from dueregard.people.record import ContactDetails
from dueregard.testing.factories import make_concern, make_person


def _url(person, query: str = "") -> str:
    return reverse("cases:person_record", kwargs={"public_id": person.public_id}) + query


def test_the_record_shows_history_roles_flags_contacts_and_related_people(
    client: Client, dsl, deputy, teacher, learner, org
):
    concern = make_concern(teacher, learner)
    other = make_person(org, "Sam", "Other")
    witnessed = open_case(dsl, other)
    services.add_party(dsl, witnessed, role=PartyRole.WITNESS, person=learner)
    record.add_flag(dsl, learner, kind="young_carer", starts_on=date(2024, 9, 1))
    record.add_contact(
        dsl,
        learner,
        ContactDetails(
            name="Morgan Ashdown",
            relationship="Mother",
            parental_responsibility=True,
            email="morgan@example.com",
        ),
    )
    sibling = make_person(org, "Rowan", "Ashdown")
    record.relate(dsl, learner, sibling, kind="sibling")
    login(client, deputy)

    response = client.get(_url(learner))

    assert response.status_code == 200
    page = response.content.decode()
    assert concern.reference in page and witnessed.reference in page
    assert "Their part: Witness." in page and "Their part: Subject." in page
    assert "Young carer" in page
    assert "Morgan Ashdown" in page and "morgan@example.com" in page
    assert "has parental responsibility" in page
    assert "Rowan Ashdown" in page
    event = AuditEvent.objects.latest("sequence")
    assert (event.code, event.object_id) == ("person.viewed", learner.public_id)
    assert event.context["page"] == "safeguarding_record"


def test_the_sibling_sees_the_link_too(client: Client, dsl, learner, org):
    sibling = make_person(org, "Rowan", "Ashdown")
    record.relate(dsl, learner, sibling, kind="sibling")

    page = login(client, dsl).get(_url(sibling)).content.decode()

    assert learner.full_name in page and "Sibling" in page


def test_an_ended_flag_stays_in_the_history(client: Client, dsl, learner):
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=UTC), tick=False):
        flag = record.add_flag(dsl, learner, kind="looked_after", starts_on=date(2025, 1, 6))
        record.end_flag(dsl, flag, ends_on=date(2026, 6, 30))

    page = login(client, dsl).get(_url(learner)).content.decode()

    assert "No current flags." in page
    assert "1 ended flag" in page and "30 Jun 2026" in page


def test_administrators_and_staff_cannot_see_the_record(
    client: Client, dsl, admin, teacher, learner
):
    for member in (admin, teacher):
        client.logout()
        assert login(client, member).get(_url(learner)).status_code == 403
    detail = reverse("people:detail", kwargs={"public_id": learner.public_id})
    client.logout()
    assert _url(learner) not in login(client, admin).get(detail).content.decode()
    client.logout()
    assert _url(learner) in login(client, dsl).get(detail).content.decode()


def test_a_restricted_case_the_member_may_not_open_is_left_out(
    client: Client, dsl, deputy, learner
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])

    assert case.reference not in login(client, deputy).get(_url(learner)).content.decode()
    client.logout()
    assert case.reference in login(client, dsl).get(_url(learner)).content.decode()


def test_the_timeline_filters_by_kind_and_date_with_a_get_form(
    client: Client, dsl, teacher, learner
):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=UTC)):
        old = make_concern(teacher, learner)
    with time_machine.travel(datetime(2026, 10, 2, 10, tzinfo=UTC)):
        case = open_case(dsl, learner)
    login(client, dsl)

    cases_only = client.get(_url(learner, "?kind=case")).content.decode()
    assert case.reference in cases_only and old.reference not in cases_only

    march = client.get(_url(learner, "?date_from=2026-03-01&date_to=2026-03-31")).content.decode()
    assert old.reference in march and case.reference not in march


def test_bad_filters_are_a_message_not_an_error(client: Client, dsl, learner):
    login(client, dsl)

    for query in ("?date_from=2026-13-45", "?date_from=2026-05-01&date_to=2026-04-01"):
        response = client.get(_url(learner, query))
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert client.get(_url(learner, "?kind=nonsense")).status_code == 200


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


#: The record page's ceiling: membership, person, the history's parts, flags, contacts,
#: related people and the audit event; whatever the size of the history.
MAX_RECORD_QUERIES = 17


def test_the_record_makes_a_fixed_number_of_queries_however_long_the_history(
    client: Client, dsl, teacher, learner, org
):
    open_case(dsl, learner)
    record.add_flag(dsl, learner, kind="send", starts_on=date(2024, 1, 1))
    login(client, dsl)
    small = _queries(client, _url(learner))

    for n in range(4):
        case = open_case(dsl, learner)
        make_concern(teacher, learner)
        record.relate(dsl, learner, make_person(org, f"Kin{n}", "Ashdown"), kind="family")
        record.add_flag(dsl, learner, kind="ehcp", starts_on=date(2024, 1, 1))
        record.add_contact(
            dsl,
            learner,
            ContactDetails(
                name=f"Carer {n}",
                relationship="Aunt",
                parental_responsibility=False,
                phone="01632 960 002",
            ),
        )
        services.add_party(dsl, case, role=PartyRole.OTHER, description="Unnamed visitor")
    large = _queries(client, _url(learner))

    print(f"record page queries: {small} -> {large}")
    assert large == small
    assert small == MAX_RECORD_QUERIES


def test_the_triage_queue_and_the_concern_show_earlier_concerns_and_open_cases(
    client: Client, dsl, teacher, learner
):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=UTC)):
        make_concern(teacher, learner)
        make_concern(teacher, learner)
        case = open_case(dsl, learner)
    waiting = make_concern(teacher, learner)
    login(client, dsl)

    queue = client.get(reverse("concerns:triage_queue")).content.decode()
    detail = client.get(reverse("concerns:detail", args=[waiting.public_id])).content.decode()

    for page in (queue, detail):
        assert f"3 earlier concerns, open case {case.reference}" in page
        assert _url(learner) in page


def test_hints_leave_out_a_restricted_case_the_member_may_not_open(
    client: Client, dsl, deputy, teacher, learner
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    make_concern(teacher, learner)

    queue = login(client, deputy).get(reverse("concerns:triage_queue")).content.decode()

    assert case.reference not in queue
    assert "earlier concern" not in queue


def test_link_to_a_case_names_its_people_and_status_not_a_bare_number(
    client: Client, dsl, deputy, teacher, learner, org
):
    case = open_case(dsl, learner)
    hidden = open_case(dsl, make_person(org, "Quinn", "Hidden"))
    services.restrict_case(dsl, hidden, [dsl.user])
    waiting = make_concern(teacher, None)

    page = login(client, deputy).get(reverse("concerns:detail", args=[waiting.public_id]))

    text = page.content.decode()
    assert f"{case.reference} – {learner.full_name} (Subject) – Awaiting decision" in text
    assert f"{hidden.reference} – restricted – Awaiting decision" in text
    assert "Quinn Hidden" not in text


def test_bad_input_on_the_record_forms_is_a_message_on_the_field(client: Client, dsl, learner):
    with time_machine.travel(datetime(2026, 11, 12, 10, tzinfo=UTC), tick=False):
        flag = record.add_flag(dsl, learner, kind="send", starts_on=date(2026, 1, 10))
        login(client, dsl)

        ended = client.post(
            reverse("people:end_flag", args=[flag.public_id]), {"ends_on": "2026-01-09"}
        )
        contact = client.post(
            reverse("people:add_contact", args=[learner.public_id]),
            {
                "name": "Morgan",
                "relationship": "Mother",
                "email": "morgan at example",
                "parental_responsibility": "yes",
            },
        )
        themself = client.post(
            reverse("people:add_relation", args=[learner.public_id]),
            {"other": str(learner.public_id), "kind": "sibling"},
        )

    assert ended.status_code == 200
    assert "cannot be before the date it started" in ended.content.decode()
    assert contact.status_code == 200
    assert "Enter an email address" in contact.content.decode()
    assert themself.status_code == 200
    assert "cannot be related to themself" in themself.content.decode()
