"""Training: records, sessions, briefings, the matrix and its exports, import, reminders."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases.tasks import remind_overdue
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.notifications.models import Alert
from dueregard.organisations.models import Membership, Role, Site
from dueregard.testing.factories import make_member
from dueregard.training.compliance import State, matrix
from dueregard.training.models import (
    ImportJob,
    ImportStatus,
    Requirement,
    TrainingRecord,
    TrainingReminder,
)
from dueregard.training.services import briefings, courses, records
from dueregard.training.tests.builders import make_course, make_record, make_requirement

TODAY = timezone.localdate


@pytest.fixture
def course(dsl: Membership):
    return make_course(dsl)


@pytest.fixture
def requirement(dsl: Membership, course):
    return make_requirement(dsl, course)


def _state(member: Membership) -> State:
    grid = matrix(member.organisation_id, TODAY(), membership_ids=[member.pk])
    status = grid.rows[0].cells[0]
    assert status is not None
    return status.state


def test_session_register_records_everyone_and_changes_compliance(
    client: Client, dsl, teacher, deputy, course, requirement
) -> None:
    assert _state(teacher) == State.NEVER
    login(client, dsl)
    response = client.post(
        reverse("training:session"),
        {
            "course": str(course.public_id),
            "completed_on": TODAY().isoformat(),
            "attendees": [str(teacher.public_id), str(deputy.public_id)],
            "verified": "on",
        },
    )
    assert response.status_code == 302
    assert TrainingRecord.objects.filter(course=course).count() == 2
    assert _state(teacher) == State.IN_DATE
    event = AuditEvent.objects.get(code="training_session.recorded")
    assert event.context == {"course": str(course.public_id), "attendees": 2, "verified": True}
    assert event.summary == "Recorded a training session"


def test_an_expired_record_entered_as_current_is_refused_with_a_message(
    client: Client, dsl, teacher, course
) -> None:
    login(client, dsl)
    response = client.post(
        reverse("training:record_add"),
        {
            "member": str(teacher.public_id),
            "course": str(course.public_id),
            "completed_on": (TODAY() - timedelta(days=500)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "is not current" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_a_completion_in_the_future_is_refused(dsl, teacher, course) -> None:
    with pytest.raises(DomainError):
        records.record_training(
            dsl, member=teacher, course=course, completed_on=TODAY() + timedelta(days=1)
        )


def test_evidence_is_kept_encrypted_and_downloaded_by_managers_only(
    client: Client, dsl, teacher, course
) -> None:
    record = records.record_training(
        dsl,
        member=teacher,
        course=course,
        completed_on=TODAY(),
        evidence=SimpleUploadedFile("certificate.txt", b"Certificate of completion"),
    )
    with record.evidence.open("rb") as stored:
        assert b"Certificate" not in stored.read()
    login(client, dsl)
    response = client.get(reverse("training:evidence", args=[record.public_id]))
    assert response.content == b"Certificate of completion"
    assert "certificate" not in response["Content-Disposition"]
    login(client, teacher)
    assert client.get(reverse("training:evidence", args=[record.public_id])).status_code == 403


def test_staff_see_only_their_own_training(
    client: Client, dsl, teacher, deputy, course, requirement
) -> None:
    make_record(dsl, deputy, course, TODAY())
    login(client, teacher)
    page = client.get(reverse("training:mine")).content.decode()
    assert "Never done" in page
    assert "Devon" not in page


def test_inspectors_see_figures_without_names(
    client: Client, dsl, teacher, inspector, requirement
) -> None:
    login(client, inspector)
    page = client.get(reverse("training:compliance")).content.decode()
    assert "Terry Tutor" not in page
    assert "figures only" in page
    login(client, dsl)
    assert "Terry Tutor" in client.get(reverse("training:compliance")).content.decode()


def test_matrix_filters_by_role(client: Client, dsl, teacher, governor, requirement) -> None:
    login(client, dsl)
    page = client.get(reverse("training:compliance"), {"role": Role.SENIOR_LEADER}).content.decode()
    assert "Gale Board" in page and "Terry Tutor" not in page


def test_matrix_filters_by_site(client: Client, dsl, teacher, governor, requirement) -> None:
    site = Site.objects.get(organisation=teacher.organisation)
    records.save_profile(dsl, teacher, site=site, started_on=None)
    login(client, dsl)
    page = client.get(
        reverse("training:compliance"), {"site": str(site.public_id)}
    ).content.decode()
    assert "Terry Tutor" in page and "Gale Board" not in page


def test_exports_are_audited(client: Client, dsl, teacher, course, requirement) -> None:
    make_record(dsl, teacher, course, TODAY())
    login(client, dsl)
    started = time.perf_counter()
    xlsx = client.get(reverse("training:compliance_xlsx"))
    pdf = client.get(reverse("training:compliance_pdf"))
    assert time.perf_counter() - started < 20
    assert xlsx.status_code == pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Compliance by requirement", "People"]
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_inspector_export_has_no_names(client: Client, inspector, teacher, requirement) -> None:
    login(client, inspector)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("training:compliance_xlsx")).content))
    assert book.sheetnames == ["Compliance by requirement"]


def test_only_the_dsl_counts_a_briefing_toward_a_requirement(
    dsl, deputy, teacher, course, requirement
) -> None:
    briefing = briefings.add_briefing(
        deputy,
        title="Counter-terrorism update",
        given_by="Invented Constabulary Prevent Team",
        held_on=TODAY(),
        summary="Local picture, no names.",
        attendees=[teacher],
    )
    with pytest.raises(NotPermitted):
        briefings.count_briefing(deputy, briefing, course)
    assert briefings.count_briefing(dsl, briefing, course) == 1
    assert _state(teacher) == State.IN_DATE
    with pytest.raises(DomainError):
        briefings.count_briefing(dsl, briefing, course)


def test_withdrawn_record_stops_counting_but_stays(dsl, teacher, course, requirement) -> None:
    record = make_record(dsl, teacher, course, TODAY())
    records.withdraw_record(dsl, record, reason="Entered against the wrong person")
    assert _state(teacher) == State.NEVER
    assert TrainingRecord.objects.filter(pk=record.pk).exists()


def test_reminders_go_to_the_person_and_the_dsl_once_not_twice(
    dsl, teacher, course, requirement
) -> None:
    make_record(dsl, teacher, course, TODAY() - timedelta(days=370))  # overdue
    make_record(dsl, dsl, course, TODAY())  # the DSL is in date
    remind_overdue.call()
    recipients = set(Alert.objects.values_list("recipient_id", flat=True))
    assert {teacher.user_id, dsl.user_id} <= recipients
    assert TrainingReminder.objects.filter(member=teacher, stage="overdue").count() == 1
    count = Alert.objects.count()
    # The next run, even a day later, does not remind the same stage again.
    Alert.objects.all().update(created_at=timezone.now() - timedelta(days=1))
    remind_overdue.call()
    assert Alert.objects.count() == count


def test_due_soon_and_then_overdue_are_each_reminded(dsl, teacher, course, requirement) -> None:
    make_record(dsl, teacher, course, TODAY() - timedelta(days=350))  # due within 30 days
    remind_overdue.call()
    assert TrainingReminder.objects.filter(member=teacher, stage="due_soon").count() == 1


def test_other_roles_cannot_record_training(teacher, governor, course) -> None:
    for member in (teacher, governor):
        with pytest.raises(NotPermitted):
            records.record_training(member, member=member, course=course, completed_on=TODAY())


# --- CSV import ---------------------------------------------------------------------------


def _upload(client: Client, text: str, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:import"),
            {"file": SimpleUploadedFile("records.csv", text.encode(), content_type="text/csv")},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get()


def test_csv_import_of_a_file_that_is_not_utf8_says_so_on_the_file_field(
    client: Client, dsl
) -> None:
    login(client, dsl)
    data = "email,course,completed_on\nren\u00e9e@larkfield.example,Prevent,2026-01-05\n"

    response = client.post(
        reverse("training:import"),
        {"file": SimpleUploadedFile("r.csv", data.encode("cp1252"), content_type="text/csv")},
    )

    assert response.status_code == 200
    assert "UTF-8" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_csv_import_good_file(
    client: Client, dsl, teacher, course, requirement, django_capture_on_commit_callbacks
) -> None:
    login(client, dsl)
    day = TODAY().isoformat()
    job = _upload(
        client,
        f"email,course,completed_on\nteacher@larkfield.example,Prevent awareness,{day}\n"
        f"DSL@larkfield.example,prevent awareness,{TODAY():%d/%m/%Y}\n",
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert job.content == ""
    assert _state(teacher) == State.IN_DATE
    page = client.get(reverse("training:import_status", args=[job.public_id]))
    assert "2 training records added" in page.content.decode()


def test_csv_import_bad_rows_are_each_reported_and_nothing_is_imported(
    client: Client, dsl, teacher, course, django_capture_on_commit_callbacks
) -> None:
    login(client, dsl)
    future = (TODAY() + timedelta(days=3)).isoformat()
    job = _upload(
        client,
        "email,course,completed_on\n"
        f"teacher@larkfield.example,Prevent awareness,{TODAY().isoformat()}\n"
        "nobody@elsewhere.example,Prevent awareness,2026-01-01\n"
        "teacher@larkfield.example,Knitting,2026-01-01\n"
        f"teacher@larkfield.example,Prevent awareness,{future}\n"
        "teacher@larkfield.example,Prevent awareness,31/02/2026\n",
        django_capture_on_commit_callbacks,
    )
    assert job.status == ImportStatus.FAILED
    assert [(p["line"], p["column"]) for p in job.problems] == [
        (3, "email"),
        (4, "course"),
        (5, "completed_on"),
        (6, "completed_on"),
    ]
    assert "nobody@elsewhere.example" not in str(job.problems)
    assert not TrainingRecord.objects.exists()
    page = client.get(reverse("training:import_status", args=[job.public_id])).content.decode()
    assert "Nothing was imported" in page


def test_csv_with_wrong_columns_is_refused(
    client: Client, dsl, course, django_capture_on_commit_callbacks
) -> None:
    login(client, dsl)
    job = _upload(client, "name,training,date\nA,B,C\n", django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.FAILED
    assert "header row" in job.problems[0]["message"]
    job2_text = "email,course,when\nx,y,z\n"
    ImportJob.objects.all().delete()
    job2 = _upload(client, job2_text, django_capture_on_commit_callbacks)
    columns = {p["column"] for p in job2.problems}
    assert {"when", "completed_on"} <= columns
    assert not TrainingRecord.objects.exists()


def test_import_status_refreshes_itself_while_running(client: Client, dsl) -> None:
    job = ImportJob.objects.create(
        organisation=dsl.organisation, created_by=dsl.user, total_rows=10, processed_rows=5
    )
    login(client, dsl)
    response = client.get(reverse("training:import_status", args=[job.public_id]))
    assert response["Refresh"] == "2"
    assert '<progress class="app-progress" max="100" value="50"' in response.content.decode()


def test_default_requirements_are_added_once(dsl) -> None:
    assert len(courses.add_default_requirements(dsl)) == 3
    assert courses.add_default_requirements(dsl) == []


def test_the_default_requirements_button_redirects_to_the_requirements(client, dsl) -> None:
    login(client, dsl)
    response = client.post(reverse("training:requirements"))
    assert response.status_code == 302
    assert response["Location"] == reverse("training:requirements")
    assert Requirement.objects.count() == 3


def test_requirement_for_new_staff_counts_from_their_start(dsl, org) -> None:
    newcomer = make_member(org, Role.STAFF, "new@larkfield.example", "Nova Start")
    course = make_course(dsl)
    make_requirement(dsl, course, new_starter_days=28)
    grid = matrix(org.pk, TODAY(), membership_ids=[newcomer.pk])
    status = grid.rows[0].cells[0]
    assert status is not None and status.state == State.NEVER
    assert status.due_on == timezone.localdate(newcomer.created_at) + timedelta(days=28)


def test_dashboard_panel_shows_figures_with_small_numbers_suppressed(
    client: Client, governor, dsl, teacher, requirement
) -> None:
    login(client, governor)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Training compliance" in page
    assert "&lt;5" in page  # three never done, shown as <5 to a senior leader
    assert "Terry Tutor" not in page


def test_inspectors_cannot_filter_down_to_small_exact_counts(
    client: Client, dsl, teacher, governor, inspector, course, requirement
) -> None:
    """Figures only: filters are ignored and counts of 1 to 4 show as <5 everywhere."""
    from openpyxl import load_workbook

    make_record(dsl, teacher, course, TODAY())
    login(client, inspector)
    # The DSL's role alone would be a count of one: the filter is ignored.
    page = client.get(reverse("training:compliance"), {"role": Role.DSL}).content.decode()
    assert 'name="role"' not in page and 'name="site"' not in page
    assert "&lt;5" in page
    assert "–" in page  # fewer than 5 people: no percentage
    assert "%<br>" not in page
    book = load_workbook(
        io.BytesIO(client.get(reverse("training:compliance_xlsx"), {"role": Role.DSL}).content)
    )
    sheet = book["Compliance by requirement"]
    figures = [
        cell.value
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int) and 0 < cell.value < 5
    ]
    assert figures == []
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "<5" in values and "–" in values
    pdf = client.get(reverse("training:compliance_pdf"), {"role": Role.DSL})
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "<5" in text and "role filter" not in text
    # The safeguarding team still sees exact counts and can filter.
    login(client, dsl)
    page = client.get(reverse("training:compliance"), {"role": Role.DSL}).content.decode()
    assert 'name="role"' in page and "&lt;5" not in page


def test_each_change_to_a_record_is_audited_by_code(dsl, deputy, teacher, course) -> None:
    record = records.record_training(dsl, member=teacher, course=course, completed_on=TODAY())
    records.verify_record(deputy, record)
    records.withdraw_record(dsl, record, reason="Entered against the wrong person")

    trail = AuditEvent.objects.filter(object_id=record.public_id).order_by("sequence")
    assert [e.code for e in trail] == [
        "training_record.recorded",
        "training_record.verified",
        "training_record.withdrawn",
    ]
    assert trail[0].context == {
        "course": str(course.public_id),
        "verified": False,
        "evidence": False,
        "past_record": False,
    }
    # The reason is kept on the record, not copied into the trail.
    assert all("wrong person" not in f"{e.summary} {e.context}" for e in trail)


def test_counting_a_briefing_twice_answers_409_with_the_reason(
    client: Client, dsl, teacher, course
) -> None:
    briefing = briefings.add_briefing(
        dsl,
        title="Counter-terrorism update",
        given_by="Invented Constabulary Prevent Team",
        held_on=TODAY(),
        summary="",
        attendees=[teacher],
        counts_as=course,
    )
    counted = AuditEvent.objects.get(code="briefing.counted")
    assert counted.context == {"course": str(course.public_id), "records": 1}
    login(client, dsl)

    response = client.post(
        reverse("training:briefing", args=[briefing.public_id]), {"course": str(course.public_id)}
    )

    assert response.status_code == 409
    assert "This briefing already counts as a course." in response.content.decode()
    assert TrainingRecord.objects.filter(briefing=briefing).count() == 1
