"""Who has seen a person's record: every view, export, share and break glass about them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.audit.services import log
from dueregard.cases import services
from dueregard.cases.audit_codes import CASE_VIEWED, PERSON_ACCESS_LOG_VIEWED
from dueregard.cases.tests.builders import open_case
from dueregard.concerns.audit_codes import CONCERN_VIEWED
from dueregard.people.audit_codes import PERSON_CHANGED, PERSON_VIEWED
from dueregard.testing.factories import in_scope, make_member, make_person


def _url(person) -> str:
    return reverse("cases:person_access_log", kwargs={"public_id": person.public_id})


def _rows(page: str) -> int:
    return page.count('<tr class="govuk-table__row">') - 1  # less the header


def test_the_page_lists_views_of_the_person_their_concerns_and_cases(
    client: Client, dsl, deputy, learner, org
):
    case = open_case(dsl, learner)
    concern = case.concerns.get()
    other = make_person(org, "Sam", "Other")
    other_case = open_case(dsl, other)
    log(deputy, PERSON_VIEWED, learner)
    log(deputy, CASE_VIEWED, case)
    log(deputy, CONCERN_VIEWED, concern)
    log(deputy, PERSON_CHANGED, learner)  # a change, not a sight of the record
    log(deputy, CASE_VIEWED, other_case)  # about someone else
    login(client, dsl)

    response = client.get(_url(learner))

    assert response.status_code == 200
    page = response.content.decode()
    assert _rows(page) == 3
    assert "Viewed person" in page and "Viewed case" in page and "Viewed concern" in page
    assert "Person changed" not in page
    assert deputy.user.full_name in page
    event = AuditEvent.objects.latest("sequence")
    assert (event.code, event.object_id) == (PERSON_ACCESS_LOG_VIEWED.code, learner.public_id)
    assert event.actor == dsl.user


def test_the_person_page_links_to_it_for_the_dsl_team_only(client: Client, dsl, admin, learner):
    detail = reverse("people:detail", kwargs={"public_id": learner.public_id})
    assert _url(learner) in login(client, dsl).get(detail).content.decode()
    client.logout()
    assert _url(learner) not in login(client, admin).get(detail).content.decode()


def test_a_restricted_case_is_left_out_for_a_deputy_not_named_and_shown_after_break_glass(
    client: Client, dsl, deputy, learner
):
    case = open_case(dsl, learner)
    services.restrict_case(dsl, case, [dsl.user])
    log(dsl, CASE_VIEWED, case)
    login(client, deputy)

    assert "Viewed case" not in client.get(_url(learner)).content.decode()

    services.break_glass(deputy, case, reason="Covering while the lead is on leave.")
    page = client.get(_url(learner)).content.decode()
    assert "Viewed case" in page
    assert "Break glass" in page


@pytest.mark.unscoped
def test_events_of_another_organisation_never_show(client: Client, dsl, outsider_dsl, learner):
    with in_scope(outsider_dsl):
        log(outsider_dsl, PERSON_VIEWED, learner)  # a forged event naming our person
    login(client, dsl)
    with in_scope(dsl):
        page = client.get(_url(learner)).content.decode()
    assert outsider_dsl.user.full_name not in page
    assert "Nothing recorded yet." in page


def test_the_query_count_does_not_grow_with_the_number_of_events(client: Client, dsl, org, learner):
    case = open_case(dsl, learner)
    login(client, dsl)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(learner)).status_code == 200
        return len(captured)

    def seen_by(viewers: range) -> None:
        for n in viewers:
            viewer = make_member(org, "deputy_dsl", f"viewer{n}@larkfield.example")
            log(viewer, CASE_VIEWED if n % 2 else PERSON_VIEWED, case if n % 2 else learner)

    seen_by(range(60))
    few = queries()
    seen_by(range(60, 300))
    many = queries()

    assert many == few
    page = client.get(_url(learner)).content.decode()
    assert _rows(page) == 50
    assert "Page 1 of 7" in page
