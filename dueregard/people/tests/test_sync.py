"""``sync_people``: the MIS keeps the directory in step, all or nothing, never deleting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dueregard.audit.models import AuditEvent
from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.people.models import Person
from dueregard.people.sync import SyncReport, sync_people
from dueregard.testing.factories import in_scope, make_person


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    """Today is 6 October 2026: leaving "today" and planned leaving dates count from it."""
    with time_machine.travel(datetime(2026, 10, 6, 9, 0, tzinfo=UTC), tick=False):
        yield


def _row(
    reference: str, given: str = "Robin", family: str = "Ashdown", **extra: object
) -> dict[str, object]:
    return {
        "reference": reference,
        "kind": "learner",
        "given_name": given,
        "family_name": family,
        **extra,
    }


def _counts(report: SyncReport) -> tuple[int, int, int, int]:
    assert report.ok, report.problems
    return report.created, report.updated, report.unchanged, report.marked_left


def _sync_events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code="people.synced").order_by("sequence"))


def test_sync_adds_new_people_with_their_site(dsl: Membership) -> None:
    site = Site.objects.create(organisation=dsl.organisation, name="North Campus")
    rows = [
        _row("L1", date_of_birth="2009-03-03", site="north campus"),
        _row("L2", "Sam", "Okafor", kind="Staff member"),
    ]

    report = sync_people(dsl, rows, source="json")

    assert _counts(report) == (2, 0, 0, 0)
    robin = Person.objects.get(reference="L1")
    assert (robin.date_of_birth, robin.site, robin.created_by) == (
        date(2009, 3, 3),
        site,
        dsl.user,
    )
    assert Person.objects.get(reference="L2").kind == "staff"


def test_sync_updates_changed_people_and_leaves_the_rest(dsl: Membership) -> None:
    robin = make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    make_person(dsl.organisation, "Sam", "Okafor", reference="L2")

    report = sync_people(
        dsl, [_row("L1", family="Ashdown-Lee"), _row("L2", "Sam", "Okafor")], source="api"
    )

    assert _counts(report) == (0, 1, 1, 0)
    robin.refresh_from_db()
    assert robin.family_name == "Ashdown-Lee"


def test_a_second_identical_sync_changes_nothing_and_writes_only_its_summary(
    dsl: Membership,
) -> None:
    rows = [
        _row("L1"),
        _row("L2", "Sam", "Okafor", left_on="2026-09-30"),
        _row("L3", "Ari", "Bell"),
    ]
    make_person(dsl.organisation, "Sam", "Okafor", reference="L2")
    sync_people(dsl, rows, source="json")
    stamps = dict(Person.objects.values_list("reference", "updated_at"))
    events_before = AuditEvent.objects.count()

    report = sync_people(dsl, rows, source="json")

    assert _counts(report) == (0, 0, 3, 0)
    assert dict(Person.objects.values_list("reference", "updated_at")) == stamps
    assert AuditEvent.objects.count() == events_before + 1
    assert _sync_events()[-1].context == {
        "source": "json",
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "marked_left": 0,
        "skipped_left": 0,
        "returned": 0,
    }


def test_a_row_marked_left_archives_the_person_with_the_date_and_keeps_them(
    dsl: Membership,
) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    make_person(dsl.organisation, "Sam", "Okafor", reference="L2")

    report = sync_people(
        dsl,
        [_row("L1", left_on="2026-07-18"), _row("L2", "Sam", "Okafor", left=True)],
        source="csv",
    )

    assert _counts(report) == (0, 0, 0, 2)
    left = dict(Person.objects.filter(is_archived=True).values_list("reference", "left_on"))
    assert left == {"L1": date(2026, 7, 18), "L2": date(2026, 10, 6)}


def test_a_planned_leaving_date_keeps_the_person_current_until_it_comes(dsl: Membership) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")

    report = sync_people(dsl, [_row("L1", left_on="2027-07-16")], source="json")

    assert _counts(report) == (0, 0, 1, 0)
    assert not Person.objects.get(reference="L1").is_archived


def test_a_leaver_listed_as_current_again_comes_back(dsl: Membership) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1", is_archived=True)

    report = sync_people(dsl, [_row("L1")], source="json")

    assert _counts(report) == (0, 1, 0, 0)
    robin = Person.objects.get(reference="L1")
    assert (robin.is_archived, robin.left_on) == (False, None)
    assert _sync_events()[-1].context["returned"] == 1


def test_a_new_reference_already_left_is_not_added(dsl: Membership) -> None:
    report = sync_people(dsl, [_row("L9", left=True)], source="json")

    assert report.ok and (report.created, report.skipped_left) == (0, 1)
    assert not Person.objects.exists()


def test_people_missing_from_the_rows_stay_unless_the_caller_asks(dsl: Membership) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    make_person(dsl.organisation, "Sam", "Okafor", reference="L2")
    make_person(dsl.organisation, "Hand", "Added")  # no reference: never touched by a sync

    assert _counts(sync_people(dsl, [_row("L1")], source="csv")) == (0, 0, 1, 0)
    assert not Person.objects.filter(is_archived=True).exists()

    report = sync_people(dsl, [_row("L1")], source="csv", mark_missing_left=True)

    assert _counts(report) == (0, 0, 1, 1)
    assert list(Person.objects.filter(is_archived=True).values_list("reference", "left_on")) == [
        ("L2", date(2026, 10, 6))
    ]


def test_any_bad_row_changes_nothing_and_every_problem_is_reported(dsl: Membership) -> None:
    make_person(dsl.organisation, "Robin", "Ashdown", reference="L1")
    rows: list[dict[str, object]] = [
        _row("L1", family="Changed"),
        _row("L2", kind="pupil"),
        _row("", "No", "Reference"),
        _row("L4", date_of_birth="2030-01-01", colour="red"),
        _row("L1", "Twice", "Listed"),
        _row("L6", left="perhaps"),
        {"reference": "L7", "kind": "learner", "given_name": "Only"},
    ]

    report = sync_people(dsl, rows, source="json")

    assert [(p.index, p.field) for p in report.problems] == [
        (1, "kind"),
        (2, "reference"),
        (3, "colour"),
        (3, "date_of_birth"),
        (4, "reference"),
        (5, "left"),
        (6, "family_name"),
    ], [str(p) for p in report.problems]
    assert Person.objects.get(reference="L1").family_name == "Ashdown"
    assert Person.objects.count() == 1
    assert not _sync_events()


def test_problems_name_file_lines_when_given(dsl: Membership) -> None:
    report = sync_people(dsl, [_row("L1"), _row("L2", kind="pupil")], source="csv", lines=[2, 5])

    assert [str(p) for p in report.problems] == [
        "line 5, field kind: Write one of: learner, staff, contractor, visitor."
    ]


@pytest.mark.unscoped
def test_a_reference_matches_only_a_person_of_the_same_organisation(
    org: Organisation, other_org: Organisation, dsl: Membership, outsider_dsl: Membership
) -> None:
    with in_scope(outsider_dsl):
        theirs = make_person(other_org, "Robin", "Ashdown", reference="L1")

    with in_scope(dsl):
        report = sync_people(dsl, [_row("L1", family="Mine"), _row("L2")], source="api")
        assert _counts(report) == (2, 0, 0, 0)
    with in_scope(dsl):
        report = sync_people(dsl, [_row("L1")], source="api", mark_missing_left=True)
        assert _counts(report) == (0, 1, 0, 1)
    with in_scope(outsider_dsl):
        theirs.refresh_from_db()
        assert (theirs.family_name, theirs.is_archived) == ("Ashdown", False)


@pytest.mark.parametrize("persona", ["teacher", "governor", "inspector"])
def test_roles_that_cannot_manage_people_cannot_sync(
    persona: str, request: pytest.FixtureRequest
) -> None:
    membership: Membership = request.getfixturevalue(persona)

    with pytest.raises(NotPermitted):
        sync_people(membership, [_row("L1")], source="api")
    assert not Person.objects.exists()


def test_administrator_may_sync(admin: Membership) -> None:
    assert _counts(sync_people(admin, [_row("L1")], source="api")) == (1, 0, 0, 0)


def test_a_large_sync_takes_a_handful_of_queries(dsl: Membership) -> None:
    rows = [_row(f"L{n:04d}", "Learner", f"Number {n}") for n in range(1200)]
    sync_people(dsl, rows, source="json")
    rows[5] = _row("L0005", "Learner", "Renamed")
    rows[6] = _row("L0006", "Learner", "Number 6", left=True)

    with CaptureQueriesContext(connection) as queries:
        report = sync_people(dsl, [*rows, _row("L9999", "New", "Learner")], source="json")

    assert _counts(report) == (1, 1, 1198, 1)
    assert len(queries) <= 15
