"""Raising a concern: references, subjects, attachments, alerts, the reporter's view, the
form without JavaScript, and the DSL's triage queue."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit import services as audit_services
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as case_services
from dueregard.cases.models import Case, DecisionKind
from dueregard.cases.tests.builders import categorise, fail_on_call, freeze, snapshot
from dueregard.concerns import services as concern_services
from dueregard.concerns.models import Attachment, Concern, ConcernStatus
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.notifications.models import Alert, AlertKind
from dueregard.organisations.models import Role
from dueregard.testing.factories import make_concern, make_member, make_person

NARRATIVE = "Was heard repeating slogans from a video in the canteen queue."


def new_concern(**extra: object) -> NewConcern:
    data: dict[str, object] = {
        "immediate_danger": False,
        "observed_at": timezone.now() - timedelta(hours=1),
        "location": "Canteen",
        "narrative": NARRATIVE,
    }
    data.update(extra)
    return NewConcern(**data)  # type: ignore[arg-type]


@pytest.fixture
def private_root(settings, tmp_path: Path) -> Path:
    """Attachments go to a temporary private folder for the test."""
    root = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


# --- References -----------------------------------------------------------------------


def test_references_count_up_per_organisation_and_year(teacher, outsider_dsl, learner, monkeypatch):
    year = timezone.localdate().year

    first = make_concern(teacher, learner)
    second = make_concern(teacher, learner)
    elsewhere = make_concern(outsider_dsl)

    assert first.reference == f"C-{year}-000001"
    assert second.reference == f"C-{year}-000002"
    assert elsewhere.reference == f"C-{year}-000001"
    # A new year starts again at 1 (noon UTC on 2 January is 2 January in London too).
    freeze(monkeypatch, datetime(year + 1, 1, 2, 12, tzinfo=UTC))
    assert make_concern(teacher, learner).reference == f"C-{year + 1}-000001"
    assert make_concern(outsider_dsl).reference == f"C-{year + 1}-000001"


def test_a_reference_uses_the_organisations_prefix(teacher, learner):
    teacher.organisation.reference_prefix = "LT"
    teacher.organisation.save()

    concern = make_concern(teacher, learner)

    assert re.fullmatch(rf"LT-{timezone.localdate().year}-000001", concern.reference)


# --- Who it is about ------------------------------------------------------------------


def test_a_concern_can_be_about_people_from_the_directory_and_someone_described(
    teacher, learner, org
):
    friend = make_person(org, "Alex", "Rowe")

    concern = raise_concern(
        teacher, new_concern(people=[learner, friend], unknown_subject="Older man at the gate")
    )

    assert concern.status == ConcernStatus.AWAITING_TRIAGE
    assert concern.reporter == teacher.user
    assert {s.person_id for s in concern.subjects.exclude(person=None)} == {learner.pk, friend.pk}
    assert concern.subjects.get(person=None).description == "Older man at the gate"


def test_a_concern_must_say_who_it_is_about(teacher):
    before = snapshot()

    with pytest.raises(DomainError, match="Say who the concern is about"):
        raise_concern(teacher, new_concern(unknown_subject="  "))

    assert snapshot() == before


def test_people_of_another_organisation_are_refused(teacher, learner, other_org):
    stranger = make_person(other_org, "Sam", "Elsewhere")
    before = snapshot()

    with pytest.raises(DomainError, match="your own organisation"):
        raise_concern(teacher, new_concern(people=[learner, stranger]))

    assert snapshot() == before


def test_an_inspector_cannot_raise_a_concern(inspector, learner):
    with pytest.raises(NotPermitted):
        raise_concern(inspector, new_concern(people=[learner]))
    assert not Concern.objects.exists()


def test_an_emergency_is_flagged_and_alerted_as_one(dsl, teacher, learner):
    concern = raise_concern(teacher, new_concern(immediate_danger=True, people=[learner]))

    assert concern.immediate_danger is True
    assert Alert.objects.get(recipient=dsl.user).kind == AlertKind.EMERGENCY_CONCERN
    event = AuditEvent.objects.get(object_id=concern.public_id)
    assert event.code == "concern.raised"
    assert event.context == {
        "emergency": True,
        "people": 1,
        "unknown_subject": False,
        "attachments": 0,
    }
    assert NARRATIVE not in f"{event.summary} {event.reason} {event.context}"


# --- Attachments ----------------------------------------------------------------------


def test_an_attachment_is_stored_privately_under_a_random_name(private_root, teacher, learner):
    upload = SimpleUploadedFile(
        "Robin Ashdown statement.PDF", b"%PDF-1.4 invented", content_type="text/html"
    )

    concern = raise_concern(teacher, new_concern(people=[learner], attachments=[upload]))

    attachment = concern.attachments.get()
    assert attachment.original_name == "Robin Ashdown statement.PDF"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(b"%PDF-1.4 invented")
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(private_root)
    assert b"invented" not in stored.read_bytes()  # encrypted at rest (core/crypto.py)
    assert concern_services.read_attachment(attachment) == b"%PDF-1.4 invented"
    assert stored.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in private_root.rglob("*") if p.is_file()] == [stored.name]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run-me.exe", b"MZ", "The file must be one of these types"),
        ("notes", b"no suffix", "The file must be one of these types"),
        ("photo.jpg.html", b"<script>", "The file must be one of these types"),
        ("big.pdf", b"x" * (1024 * 1024 + 1), "Each file must be smaller than 1 MB"),
    ],
)
def test_a_bad_attachment_refuses_the_whole_concern(
    private_root, settings, teacher, learner, name, content, message
):
    settings.MAX_ATTACHMENT_BYTES = 1024 * 1024
    good = SimpleUploadedFile("fine.txt", b"fine")
    bad = SimpleUploadedFile(name, content)
    before = snapshot()

    with pytest.raises(DomainError, match=message):
        raise_concern(teacher, new_concern(people=[learner], attachments=[good, bad]))

    assert snapshot() == before
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_a_concern_that_fails_half_way_leaves_no_rows_behind(
    private_root, teacher, learner, monkeypatch
):
    before = snapshot()
    monkeypatch.setattr(concern_services, "log", fail_on_call(1, audit_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        raise_concern(
            teacher,
            new_concern(people=[learner], attachments=[SimpleUploadedFile("a.txt", b"said")]),
        )

    assert snapshot() == before


def test_a_concern_that_fails_half_way_leaves_no_file_behind(
    private_root, teacher, learner, monkeypatch
):
    monkeypatch.setattr(concern_services, "log", fail_on_call(1, audit_services.log))

    with pytest.raises(RuntimeError, match="injected"):
        raise_concern(
            teacher,
            new_concern(
                people=[learner],
                attachments=[SimpleUploadedFile("statement.txt", b"Robin said something")],
            ),
        )

    assert [p for p in private_root.rglob("*") if p.is_file()] == []


def _details(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "unknown_subject": "Learner in a red coat",
        "observed_on": timezone.localdate().isoformat(),
        "location": "Canteen",
        "narrative": NARRATIVE,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("run-me.exe", 10, "The file must be one of these types"),
        ("big.png", 1024 * 1024 + 1, "Each file must be smaller than 1 MB"),
    ],
)
def test_the_form_shows_why_an_attachment_was_refused(
    client, private_root, settings, teacher, name, size, message
):
    settings.MAX_ATTACHMENT_BYTES = 1024 * 1024
    login(client, teacher)

    response = client.post(
        "/concerns/raise/details/?danger=no",
        _details(attachments=[SimpleUploadedFile(name, b"x" * size)]),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert not Concern.objects.exists()
    assert not Attachment.objects.exists()


def test_the_form_stores_an_attachment(client, private_root, teacher):
    login(client, teacher)

    one_red_pixel = (  # a real PNG: attachments are checked by content
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc8!'\x07\x00\x02\xb6\x01\x054\xa6u\xaa\x00"
        b"\x00\x00\x00IEND\xaeB`\x82"
    )
    response = client.post(
        "/concerns/raise/details/?danger=no",
        _details(attachments=[SimpleUploadedFile("photo.png", one_red_pixel)]),
    )

    assert response.status_code == 302
    attachment = Concern.objects.get().attachments.get()
    assert attachment.original_name == "photo.png"
    assert Path(attachment.file.path).is_relative_to(private_root)


# --- Alerts ---------------------------------------------------------------------------


def test_every_dsl_and_deputy_who_receives_alerts_gets_one_and_nobody_else(
    org, dsl, deputy, teacher, governor, admin, inspector, outsider_dsl, learner
):
    quiet = make_member(org, Role.DEPUTY_DSL, "quiet@larkfield.example", receives_alerts=False)
    keen = make_member(org, Role.STAFF, "keen@larkfield.example", receives_alerts=True)
    gone = make_member(org, Role.DSL, "gone@larkfield.example")
    gone.is_active = False
    gone.save()

    concern = raise_concern(teacher, new_concern(people=[learner]))

    alerts = Alert.objects.all()
    assert sorted(a.recipient_id for a in alerts) == sorted([dsl.user_id, deputy.user_id])
    assert all(a.organisation_id == org.pk for a in alerts)
    assert {a.kind for a in alerts} == {AlertKind.NEW_CONCERN}
    assert {a.link for a in alerts} == {reverse("concerns:detail", args=[concern.public_id])}
    assert {a.message for a in alerts} == {"A new concern needs triage"}
    for member in (quiet, keen, gone, outsider_dsl, governor, admin, inspector):
        assert not Alert.objects.filter(recipient=member.user).exists()


@pytest.mark.parametrize(
    ("danger", "subject"),
    [
        (False, "A new concern needs triage"),
        (True, "URGENT: a concern flagged as an emergency needs triage"),
    ],
)
def test_the_alert_email_says_only_the_fixed_sentence_and_a_link(
    settings,
    dsl,
    deputy,
    teacher,
    learner,
    mailoutbox,
    django_capture_on_commit_callbacks,
    danger,
    subject,
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = raise_concern(
            teacher, new_concern(immediate_danger=danger, people=[learner], location="Room B12")
        )

    assert sorted(m.to[0] for m in mailoutbox) == sorted([dsl.user.email, deputy.user.email])
    for message in mailoutbox:
        # The link is the recipient's own alert, on the site's own address.
        alert = Alert.objects.get(recipient__email=message.to[0])
        expected = (
            f"{subject}.\n\nSign in to see it: {settings.SITE_URL}/alerts/{alert.public_id}/"
            "\n\nThis email holds no details by design."
        )
        assert len(message.to) == 1
        assert message.subject == subject
        assert message.body == expected
        assert not message.attachments
        text = message.subject + message.body
        for secret in (
            learner.given_name,
            learner.family_name,
            learner.reference,
            teacher.user.full_name,
            teacher.user.email,
            concern.reference,
            str(concern.public_id),
            "Room B12",
            "slogans",
        ):
            assert secret not in text


# --- What the reporter sees -----------------------------------------------------------


def test_the_reporter_sees_only_a_coarse_status(client, dsl, teacher, learner):
    concern = raise_concern(teacher, new_concern(people=[learner]))
    login(client, teacher)
    receipt = reverse("concerns:receipt", kwargs={"public_id": concern.public_id})

    def shown() -> str:
        page = client.get(receipt).content.decode()
        assert concern.reference in page
        assert NARRATIVE not in page
        assert learner.family_name not in page
        return page

    assert "Received" in shown()
    assert "If anyone is in immediate danger, call 999 now" in shown()
    case = case_services.open_case_from_concern(dsl, concern)
    case_services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring with Mr Invented."
    )
    page = shown()
    assert "Being dealt with" in page
    assert "Mentoring with Mr Invented" not in page
    assert "Internal support" not in page
    case_services.close_case(dsl, categorise(dsl, case), outcome_summary="Support finished well.")
    page = shown()
    assert "Closed" in page
    assert "Support finished well" not in page
    mine = client.get(reverse("concerns:mine")).content.decode()
    assert concern.reference in mine
    assert "Closed" in mine


def test_a_reporter_never_sees_another_reporters_concern(client, org, teacher, learner):
    colleague = make_member(org, Role.STAFF, "colleague@larkfield.example", "Cass Colleague")
    theirs = raise_concern(
        colleague, new_concern(people=[learner], narrative="An invented private account.")
    )
    mine = raise_concern(teacher, new_concern(people=[learner]))
    login(client, teacher)

    page = client.get(reverse("concerns:mine")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert "An invented private account." not in page
    response = client.get(reverse("concerns:receipt", kwargs={"public_id": theirs.public_id}))
    assert response.status_code == 404
    assert "An invented private account." not in response.content.decode()


# --- The form, without JavaScript -----------------------------------------------------


def test_the_concern_form_works_as_plain_posts(
    client, dsl, teacher, learner, django_capture_on_commit_callbacks
):
    login(client, teacher)
    start = client.get(reverse("concerns:raise"))
    assert "Is anyone in immediate danger?" in start.content.decode()

    response = client.post(reverse("concerns:raise"), {"immediate_danger": "yes"})
    assert response.status_code == 302
    assert response["Location"] == "/concerns/raise/details/?danger=yes"
    page = client.get(response["Location"]).content.decode()
    assert "call 999" in page
    # The instruction comes before anything else asks for input.
    assert page.index("call 999") < page.index('enctype="multipart/form-data"')

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/concerns/raise/details/?danger=yes",
            _details(person=str(learner.public_id), unknown_subject=""),
        )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "concerns:receipt", kwargs={"public_id": concern.public_id}
    )
    assert concern.immediate_danger is True
    assert concern.narrative == NARRATIVE
    assert [s.person for s in concern.subjects.all()] == [learner]
    assert Alert.objects.get(recipient=dsl.user).kind == AlertKind.EMERGENCY_CONCERN


def test_no_emergency_instruction_when_nobody_is_in_danger(client, teacher):
    login(client, teacher)

    page = client.get("/concerns/raise/details/?danger=no").content.decode()

    assert "call 999" not in page


def test_the_details_page_without_the_danger_answer_goes_back_to_the_question(client, teacher):
    login(client, teacher)

    response = client.get("/concerns/raise/details/")

    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:raise")


def test_the_danger_question_must_be_answered(client, teacher):
    login(client, teacher)

    # What a browser sends when no radio is chosen: only the CSRF token.
    response = client.post(reverse("concerns:raise"), {"csrfmiddlewaretoken": "token"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Say whether anyone is in immediate danger" in page


def test_an_empty_narrative_is_shown_in_the_error_summary(client, teacher):
    login(client, teacher)

    response = client.post("/concerns/raise/details/?danger=no", _details(narrative=""))

    assert response.status_code == 200
    page = response.content.decode()
    summary = page[page.index("govuk-error-summary") :]
    assert 'href="#id_narrative"' in summary
    assert "Describe what you saw or heard" in summary
    assert not Concern.objects.exists()


# --- The triage queue -----------------------------------------------------------------


def _rows(page: str) -> list[str]:
    body = page[page.index("govuk-table__body") :]
    return body.split('<tr class="govuk-table__row">')[1:]


def test_the_triage_queue_lists_emergencies_first_then_oldest_first(
    client, dsl, teacher, outsider_dsl, learner
):
    now = timezone.now()
    recent = make_concern(teacher, learner)
    old = make_concern(teacher, learner)
    oldest = make_concern(teacher, learner)
    emergency = make_concern(teacher, learner, immediate_danger=True)
    triaged = make_concern(teacher, learner)
    case_services.open_case_from_concern(dsl, triaged)
    elsewhere = make_concern(outsider_dsl)
    ages = {recent: 10, old: 5 * 60, oldest: 20 * 60, emergency: 60}
    for concern, minutes in ages.items():
        Concern.objects.filter(pk=concern.pk).update(created_at=now - timedelta(minutes=minutes))
    login(client, dsl)

    response = client.get(reverse("concerns:triage_queue"))

    assert response.status_code == 200
    page = response.content.decode()
    rows = _rows(page)
    listed = [re.search(r"C-\d{4}-\d{6}", row).group(0) for row in rows]  # type: ignore[union-attr]
    assert listed == [c.reference for c in (emergency, oldest, old, recent)]
    assert triaged.reference not in listed
    # The other organisation's first concern shares a reference number, never a row.
    assert str(elsewhere.public_id) not in page
    flags = {ref: ("Over target" in row) for ref, row in zip(listed, rows, strict=True)}
    # The default target is 8 hours: only the 20-hour-old concern is over it; an
    # emergency's is 15 minutes, so the hour-old emergency is over its own.
    assert flags == {
        emergency.reference: True,
        oldest.reference: True,
        old.reference: False,
        recent.reference: False,
    }


def test_the_triage_target_follows_the_organisations_setting(client, dsl, teacher, learner):
    dsl.organisation.triage_target_hours = 2
    dsl.organisation.save()
    concern = make_concern(teacher, learner)
    Concern.objects.filter(pk=concern.pk).update(created_at=timezone.now() - timedelta(hours=3))
    login(client, dsl)

    rows = _rows(client.get(reverse("concerns:triage_queue")).content.decode())

    assert len(rows) == 1
    assert "Over target" in rows[0]


def test_triaging_an_already_triaged_concern_is_refused_with_a_message(
    client, dsl, teacher, learner
):
    concern = make_concern(teacher, learner)
    login(client, dsl)
    url = reverse("concerns:detail", kwargs={"public_id": concern.public_id})

    first = client.post(url, {"action": "new"})
    case = Case.objects.get()
    assert first.status_code == 302
    assert first["Location"] == reverse("cases:detail", kwargs={"public_id": case.public_id})

    second = client.post(url, {"action": "new"})

    # A refused transition: 409, with the reason on the form.
    assert second.status_code == 409
    page = second.content.decode()
    assert "govuk-error-summary" in page
    assert "This concern has already been triaged." in page
    assert Case.objects.count() == 1
    assert Concern.objects.get(pk=concern.pk).case == case
