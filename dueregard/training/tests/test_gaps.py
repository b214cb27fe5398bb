"""Issue 6: editing and retiring courses, and staff recording their own training."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.training.compliance import State, matrix
from dueregard.training.models import Course, RecordSource, TrainingRecord
from dueregard.training.services import courses, records
from dueregard.training.tests.builders import make_course, make_record, make_requirement

TODAY = timezone.localdate


@pytest.fixture
def course(dsl):
    return make_course(dsl)


@pytest.fixture
def requirement(dsl, course):
    return make_requirement(dsl, course)


def _state(member) -> State:
    grid = matrix(member.organisation_id, TODAY(), membership_ids=[member.pk])
    status = grid.rows[0].cells[0]
    assert status is not None
    return status.state


# --- courses ------------------------------------------------------------------------------


def test_a_manager_edits_a_course_and_existing_records_keep_their_expiry(
    dsl, admin, teacher, course
) -> None:
    record = make_record(dsl, teacher, course, TODAY())
    courses.update_course(
        admin,
        course,
        title="Prevent awareness (new edition)",
        provider="Invented Learning Ltd",
        kind="face_to_face",
        validity_months=24,
    )
    course.refresh_from_db()
    assert (course.title, course.kind, course.validity_months) == (
        "Prevent awareness (new edition)",
        "face_to_face",
        24,
    )
    before = record.expires_on
    record.refresh_from_db()
    assert record.expires_on == before
    event = AuditEvent.objects.filter(object_id=course.public_id).latest("pk")
    assert event.summary == "Changed a course"


def test_a_course_title_must_stay_unique_and_only_managers_edit(dsl, teacher, course) -> None:
    other = make_course(dsl, title="Safeguarding basics")
    with pytest.raises(DomainError):
        courses.update_course(
            dsl,
            other,
            title="prevent AWARENESS",
            provider="X",
            kind="elearning",
            validity_months=None,
        )
    with pytest.raises(NotPermitted):
        courses.update_course(
            teacher, course, title="Mine", provider="X", kind="elearning", validity_months=None
        )


def test_a_retired_course_is_not_offered_for_new_records_but_old_ones_count(
    client: Client, dsl, deputy, teacher, course, requirement
) -> None:
    make_record(dsl, teacher, course, TODAY() - timedelta(days=10))
    courses.set_course_offered(deputy, course, offered=False)
    assert _state(teacher) == State.IN_DATE  # the existing record still counts
    login(client, dsl)
    page = client.get(reverse("training:record_add"))
    assert str(course.public_id) not in page.text
    assert "Retired" in client.get(reverse("training:courses")).text
    response = client.post(
        reverse("training:record_add"),
        {
            "member": str(teacher.public_id),
            "course": str(course.public_id),
            "completed_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    with pytest.raises(DomainError):
        courses.set_course_offered(deputy, course, offered=False)
    courses.set_course_offered(dsl, course, offered=True)
    assert Course.objects.get(pk=course.pk).is_active
    summaries = list(
        AuditEvent.objects.filter(object_id=course.public_id).values_list("summary", flat=True)
    )
    assert "Retired a course" in summaries and "Offered a retired course again" in summaries


def test_the_course_pages_edit_and_retire(client: Client, admin, course) -> None:
    login(client, admin)
    url = reverse("training:course_edit", kwargs={"public_id": course.public_id})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Prevent refresher",
            "provider": "Invented",
            "kind": "briefing",
            "validity_months": "",
        },
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.title == "Prevent refresher" and course.validity_months is None
    offered = reverse("training:course_offered", kwargs={"public_id": course.public_id})
    maybe = client.post(offered, {"offered": "maybe"})
    assert maybe.status_code == 400
    assert "Choose whether the course is offered." in maybe.text
    assert Course.objects.get(pk=course.pk).is_active
    retired = client.post(offered, {"offered": "no"})
    assert retired.status_code == 302
    assert retired["Location"] == reverse("training:courses")
    assert not Course.objects.get(pk=course.pk).is_active
    # Pressed again: the course is already retired, 409 with the reason.
    again = client.post(offered, {"offered": "no"})
    assert again.status_code == 409
    assert "This course is already retired." in again.text


# --- recording one's own training ---------------------------------------------------------


def test_own_training_awaits_verification_and_counts_only_once_verified(
    client: Client, dsl, admin, teacher, course, requirement
) -> None:
    login(client, teacher)
    response = client.post(
        reverse("training:mine_add"),
        {
            "course": str(course.public_id),
            "completed_on": TODAY().isoformat(),
            "evidence": SimpleUploadedFile("certificate.txt", b"Completed Prevent awareness"),
        },
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(member=teacher)
    assert record.source == RecordSource.SELF and record.awaiting_verification
    assert record.evidence
    assert _state(teacher) == State.NEVER  # does not count yet
    mine = client.get(reverse("training:mine"))
    assert "Awaiting verification" in mine.text
    # A manager finds it on the awaiting page and verifies it with the existing action.
    login(client, admin)
    awaiting = client.get(reverse("training:awaiting"))
    assert str(record.public_id) in awaiting.text
    response = client.post(
        reverse("training:record_verify", kwargs={"public_id": record.public_id}),
        {"back": "awaiting"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("training:awaiting")
    record.refresh_from_db()
    assert record.verified_by_id == admin.user_id
    assert _state(teacher) == State.IN_DATE
    assert str(record.public_id) not in client.get(reverse("training:awaiting")).text


def test_an_unverified_record_entered_by_a_manager_still_counts(
    dsl, teacher, course, requirement
) -> None:
    records.record_training(dsl, member=teacher, course=course, completed_on=TODAY())
    assert _state(teacher) == State.IN_DATE


def test_own_training_refuses_bad_dates_retired_courses_and_inspectors(
    dsl, teacher, inspector, course
) -> None:
    with pytest.raises(DomainError):
        records.record_own_training(
            teacher, course=course, completed_on=TODAY() + timedelta(days=1)
        )
    with pytest.raises(DomainError):  # already expired: not current training
        records.record_own_training(
            teacher, course=course, completed_on=TODAY() - timedelta(days=800)
        )
    with pytest.raises(NotPermitted):
        records.record_own_training(inspector, course=course, completed_on=TODAY())
    courses.set_course_offered(dsl, course, offered=False)
    with pytest.raises(DomainError):
        records.record_own_training(teacher, course=course, completed_on=TODAY())
    assert not TrainingRecord.objects.exists()


def test_own_training_is_audited_without_names(teacher, course) -> None:
    record = records.record_own_training(teacher, course=course, completed_on=TODAY())
    event = AuditEvent.objects.get(object_id=record.public_id)
    assert event.summary == "Recorded own training completion (awaiting verification)"
    assert teacher.user.full_name not in event.summary


# --- nobody verifies their own training ----------------------------------------------------


def test_a_manager_cannot_verify_their_own_training(client: Client, dsl, admin, course) -> None:
    record = records.record_own_training(dsl, course=course, completed_on=TODAY())
    with pytest.raises(NotPermitted, match="cannot verify your own training"):
        records.verify_record(dsl, record)
    with pytest.raises(NotPermitted, match="cannot verify your own training"):
        records.record_training(
            admin, member=admin, course=course, completed_on=TODAY(), verified=True
        )
    with pytest.raises(NotPermitted):
        records.record_session(dsl, course=course, completed_on=TODAY(), attendees=[dsl])
    record.refresh_from_db()
    assert record.verified_by_id is None
    # The pages offer no Verify button on one's own record; a forced POST is refused.
    login(client, dsl)
    own_page = client.get(reverse("training:member", kwargs={"public_id": dsl.public_id}))
    assert reverse("training:record_verify", kwargs={"public_id": record.public_id}) not in (
        own_page.text
    )
    assert "someone else verifies it" in own_page.text
    awaiting = client.get(reverse("training:awaiting")).text
    assert reverse("training:record_verify", kwargs={"public_id": record.public_id}) not in awaiting
    response = client.post(
        reverse("training:record_verify", kwargs={"public_id": record.public_id})
    )
    assert response.status_code == 409
    assert "cannot verify your own training" in response.text
    record.refresh_from_db()
    assert record.verified_by_id is None
    # Another manager verifies it through the page.
    login(client, admin)
    response = client.post(
        reverse("training:record_verify", kwargs={"public_id": record.public_id}),
        {"back": "awaiting"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:awaiting")
    record.refresh_from_db()
    assert record.verified_by_id == admin.user_id


def test_recording_ones_own_training_as_verified_shows_a_form_error(
    client: Client, admin, course
) -> None:
    login(client, admin)
    response = client.post(
        reverse("training:record_add"),
        {
            "member": str(admin.public_id),
            "course": str(course.public_id),
            "completed_on": TODAY().isoformat(),
            "verified": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot verify your own training" in response.text
    assert not TrainingRecord.objects.exists()
