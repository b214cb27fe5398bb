"""Adding, changing and archiving people: permissions, checks and the audit trail."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.core.errors import NotPermitted, TransitionNotAllowed
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.people.models import Person, PersonKind
from dueregard.people.services import (
    PersonDetailsError,
    archive_person,
    create_person,
    update_person,
)
from dueregard.testing.factories import in_scope


def _details(**extra: object) -> dict[str, object]:
    details: dict[str, object] = {
        "kind": PersonKind.LEARNER,
        "given_name": "  Robin ",
        "family_name": "Ashdown",
        "date_of_birth": date(2009, 3, 3),
        "reference": " L0100 ",
    }
    details.update(extra)
    return details


def test_create_person_saves_tidied_details_and_audits_without_personal_data(
    admin: Membership,
) -> None:
    site = Site.objects.get(organisation=admin.organisation)

    person = create_person(admin, **_details(site=site))  # type: ignore[arg-type]

    person.refresh_from_db()
    assert (person.given_name, person.reference, person.site) == ("Robin", "L0100", site)
    assert person.organisation == admin.organisation
    assert person.created_by == admin.user
    event = AuditEvent.objects.get(object_id=person.public_id)
    assert event.action == AuditAction.CREATE
    assert event.object_type == "person"
    assert event.actor == admin.user
    assert (event.code, event.summary) == ("person.added", "Person added")
    assert event.context == {"kind": PersonKind.LEARNER}


@pytest.mark.parametrize("persona", ["teacher", "governor", "inspector"])
def test_roles_without_people_rights_cannot_create_people(
    persona: str, request: pytest.FixtureRequest
) -> None:
    membership = request.getfixturevalue(persona)

    with pytest.raises(NotPermitted):
        create_person(membership, **_details())  # type: ignore[arg-type]

    assert not Person.objects.exists()


def test_create_person_reports_every_problem_by_field(dsl: Membership) -> None:
    with pytest.raises(PersonDetailsError) as caught:
        create_person(
            dsl,
            **_details(  # type: ignore[arg-type]
                kind="pupil",
                given_name=" ",
                date_of_birth=timezone.localdate() + timedelta(days=1),
            ),
        )

    assert [field for field, _message in caught.value.problems] == [
        "kind",
        "given_name",
        "date_of_birth",
    ]
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_create_person_refuses_a_reference_someone_already_has(
    dsl: Membership, learner: Person
) -> None:
    with pytest.raises(PersonDetailsError) as caught:
        create_person(dsl, **_details(reference="L0001"))  # type: ignore[arg-type]

    assert caught.value.problems[0][0] == "reference"


def test_create_person_refuses_a_site_of_another_organisation(
    dsl: Membership, other_org: Organisation
) -> None:
    with in_scope(other_org):
        their_site = Site.objects.get(organisation=other_org)

    with pytest.raises(PersonDetailsError) as caught:
        create_person(dsl, **_details(site=their_site))  # type: ignore[arg-type]

    assert caught.value.problems == [("site", "Choose one of your organisation's sites.")]


def test_update_person_audits_which_fields_changed_but_not_their_values(
    deputy: Membership, learner: Person
) -> None:
    update_person(
        deputy,
        learner,
        kind=PersonKind.LEARNER,
        given_name="Robin",
        family_name="Ashdown-Lee",
        date_of_birth=date(2008, 1, 2),
        reference="L0001",
    )

    learner.refresh_from_db()
    assert learner.family_name == "Ashdown-Lee"
    event = AuditEvent.objects.get(object_id=learner.public_id, action=AuditAction.CHANGE)
    assert event.code == "person.changed"
    assert event.context == {"fields": "family_name,date_of_birth"}
    assert "Ashdown" not in f"{event.summary} {event.context}"
    assert "2008" not in f"{event.summary} {event.context}"


def test_update_person_without_changes_writes_no_audit_event(
    dsl: Membership, learner: Person
) -> None:
    update_person(
        dsl,
        learner,
        kind=learner.kind,
        given_name="Robin",
        family_name="Ashdown",
        reference="L0001",
    )

    assert not AuditEvent.objects.filter(action=AuditAction.CHANGE).exists()


def test_update_person_may_keep_its_own_reference(dsl: Membership, learner: Person) -> None:
    update_person(
        dsl,
        learner,
        kind=PersonKind.STAFF,
        given_name="Robin",
        family_name="Ashdown",
        reference="L0001",
    )

    learner.refresh_from_db()
    assert learner.kind == PersonKind.STAFF


def test_outsider_cannot_update_a_person_of_another_organisation(
    outsider_dsl: Membership, learner: Person
) -> None:
    with pytest.raises(NotPermitted):
        update_person(
            outsider_dsl, learner, kind=PersonKind.LEARNER, given_name="X", family_name="Y"
        )

    learner.refresh_from_db()
    assert learner.given_name == "Robin"


@time_machine.travel(datetime(2026, 10, 6, 9, 0, tzinfo=UTC), tick=False)
def test_archived_person_is_audited_and_cannot_be_changed_or_archived_again(
    admin: Membership, learner: Person
) -> None:
    archive_person(admin, learner)

    learner.refresh_from_db()
    assert learner.is_archived
    assert learner.left_on == date(2026, 10, 6)
    assert AuditEvent.objects.get(object_id=learner.public_id).code == "person.archived"
    with pytest.raises(TransitionNotAllowed):
        update_person(admin, learner, kind=PersonKind.LEARNER, given_name="New", family_name="Name")
    with pytest.raises(TransitionNotAllowed):
        archive_person(admin, learner)
