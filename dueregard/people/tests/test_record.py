"""Flags, parent and carer contacts and related people: the services' rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection

from dueregard.audit.models import AuditEvent
from dueregard.core.errors import NotPermitted, TransitionNotAllowed
from dueregard.people import record
from dueregard.people.models import CarerContact, PersonFlag, PersonRelation
from dueregard.people.record import ContactDetails, RecordDetailsError
from dueregard.testing.factories import in_scope, make_person

TODAY = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)


def a_contact(**extra: object) -> ContactDetails:
    values: dict = {
        "name": "Morgan Ashdown",
        "relationship": "Mother",
        "parental_responsibility": True,
        "phone": "01632 960 001",
        "email": "morgan@example.com",
    }
    values.update(extra)
    return ContactDetails(**values)


def problems_of(error: RecordDetailsError) -> dict[str, str]:
    return dict(error.problems)


@time_machine.travel(TODAY, tick=False)
def test_a_flag_is_ended_not_edited_and_both_are_audited(dsl, learner):
    flag = record.add_flag(dsl, learner, kind="looked_after", starts_on=date(2025, 9, 1))
    ended = record.end_flag(dsl, flag, ends_on=date(2026, 11, 1))

    assert (ended.starts_on, ended.ends_on, ended.ended_by) == (
        date(2025, 9, 1),
        date(2026, 11, 1),
        dsl.user,
    )
    codes = list(AuditEvent.objects.order_by("sequence").values_list("code", flat=True))
    assert codes[-2:] == ["person_flag.added", "person_flag.ended"]
    with pytest.raises(TransitionNotAllowed):
        record.end_flag(dsl, ended, ends_on=date(2026, 11, 2))


@time_machine.travel(TODAY, tick=False)
def test_a_flag_cannot_end_before_it_started_or_in_the_future(dsl, learner):
    flag = record.add_flag(dsl, learner, kind="send", starts_on=date(2026, 1, 10))

    with pytest.raises(RecordDetailsError) as before:
        record.end_flag(dsl, flag, ends_on=date(2026, 1, 9))
    with pytest.raises(RecordDetailsError) as future:
        record.end_flag(dsl, flag, ends_on=date(2026, 11, 13))

    assert "before the date it started" in problems_of(before.value)["ends_on"]
    assert "today or in the past" in problems_of(future.value)["ends_on"]
    assert PersonFlag.objects.get(pk=flag.pk).ends_on is None


@time_machine.travel(TODAY, tick=False)
def test_an_other_flag_needs_its_details_and_a_start_not_in_the_future(dsl, learner):
    with pytest.raises(RecordDetailsError) as error:
        record.add_flag(dsl, learner, kind="other", starts_on=date(2026, 12, 1))

    assert set(problems_of(error.value)) == {"detail", "starts_on"}
    assert not PersonFlag.objects.exists()


def test_a_contact_is_encrypted_and_its_email_and_phone_are_checked(dsl, learner):
    contact = record.add_contact(dsl, learner, a_contact())

    with connection.cursor() as cursor:
        cursor.execute("SELECT email, name FROM people_carercontact")
        stored = cursor.fetchone()
    assert "morgan@example.com" not in stored[0] and "Morgan" not in stored[1]
    assert CarerContact.objects.get(pk=contact.pk).email == "morgan@example.com"

    with pytest.raises(RecordDetailsError) as error:
        record.add_contact(dsl, learner, a_contact(email="not an email", phone="call me"))
    assert set(problems_of(error.value)) == {"email", "phone"}
    with pytest.raises(RecordDetailsError) as neither:
        record.add_contact(dsl, learner, a_contact(email="", phone=""))
    assert "phone" in problems_of(neither.value)


def test_removing_a_contact_deletes_it_and_the_audit_keeps_that_it_was_there(dsl, learner):
    contact = record.add_contact(dsl, learner, a_contact())

    record.remove_contact(dsl, contact)

    assert not CarerContact.objects.exists()
    event = AuditEvent.objects.latest("sequence")
    assert (event.code, event.object_id) == ("carer_contact.removed", contact.public_id)
    assert "Morgan" not in str(event.context)


def test_a_person_cannot_be_related_to_themself_nor_twice(dsl, learner, org):
    sibling = make_person(org, "Rowan", "Ashdown")

    with pytest.raises(RecordDetailsError) as self_error:
        record.relate(dsl, learner, learner, kind="sibling")
    assert "themself" in problems_of(self_error.value)["other"]

    record.relate(dsl, learner, sibling, kind="sibling")
    with pytest.raises(RecordDetailsError):
        record.relate(dsl, sibling, learner, kind="household")
    assert PersonRelation.objects.count() == 1


def test_only_the_dsl_team_records_flags_contacts_and_links(admin, teacher, learner, org):
    for member in (admin, teacher):
        with pytest.raises(NotPermitted):
            record.add_flag(member, learner, kind="send", starts_on=date(2020, 1, 1))
        with pytest.raises(NotPermitted):
            record.add_contact(member, learner, a_contact())
        with pytest.raises(NotPermitted):
            record.relate(member, learner, make_person(org, "Ali", "Ashdown"), kind="sibling")


@pytest.mark.unscoped
def test_another_organisations_person_cannot_be_linked(dsl, learner, outsider_dsl):
    with in_scope(outsider_dsl):
        stranger = make_person(outsider_dsl.organisation, "Kit", "Stranger")
    with in_scope(dsl), pytest.raises(NotPermitted):
        record.relate(dsl, learner, stranger, kind="peer")
