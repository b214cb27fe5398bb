"""Fail-closed tenancy: organisation data outside a scope raises; inside, it is confined."""

from __future__ import annotations

import pytest

from dueregard.cases import services as cases
from dueregard.cases.models import Case, CaseParty
from dueregard.cases.tasks import remind_overdue
from dueregard.concerns.models import Concern
from dueregard.core.scope import ScopeError, organisation_scope
from dueregard.people.models import Person
from dueregard.testing.factories import in_scope, make_concern, make_person


@pytest.fixture
def two_cases(dsl, teacher, learner, outsider_dsl):
    ours = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    stranger = make_person(outsider_dsl.organisation, "Ola", "Brookes")
    with in_scope(outsider_dsl):
        theirs = cases.open_case_from_concern(outsider_dsl, make_concern(outsider_dsl, stranger))
    return ours, theirs


def test_a_query_outside_any_scope_raises_instead_of_returning_every_organisation(
    two_cases,
) -> None:
    with organisation_scope(None):
        for run in (
            lambda: list(Case.objects.all()),
            lambda: Case.objects.count(),
            lambda: Case.objects.exists(),
            lambda: Concern.objects.filter(status="triaged").first(),
            lambda: Person.objects.update(is_archived=False),
            lambda: list(Case.objects.values_list("reference", flat=True)),
        ):
            with pytest.raises(ScopeError, match="outside an organisation scope"):
                run()
        # An empty queryset (forms declare them at import) touches no data and is allowed.
        assert list(Case.objects.none()) == []


def test_inside_a_scope_a_forgotten_filter_still_sees_only_that_organisation(
    two_cases,
) -> None:
    ours, theirs = two_cases
    with organisation_scope(ours.organisation_id):
        assert list(Case.objects.all()) == [ours]
        assert not Case.objects.filter(public_id=theirs.public_id).exists()
        assert Person.objects.filter(family_name="Brookes").count() == 0
        assert list(CaseParty.objects.values_list("case_id", flat=True)) == [ours.pk]
    with organisation_scope(theirs.organisation_id):
        assert list(Case.objects.all()) == [theirs]


def test_the_reminder_job_opens_each_organisations_scope_itself(
    two_cases,
) -> None:
    with organisation_scope(None):
        assert remind_overdue.call() == 0


def test_each_request_runs_in_the_members_organisation_scope(
    client,
    dsl,
    outsider_dsl,
    two_cases,
) -> None:
    ours, theirs = two_cases
    client.force_login(outsider_dsl.user)
    page = client.get("/cases/?status=all").content.decode()
    assert str(theirs.public_id) in page
    assert str(ours.public_id) not in page
    assert client.get(f"/cases/{ours.public_id}/").status_code == 404
