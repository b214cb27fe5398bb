"""The subject access pages: bad input is a message on the form with nothing changed; the
workspace and the export are audited; the links from the person and the Prevent duty page.

Every name and story here is invented.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.sharing.models import Disclosure
from dueregard.subjectaccess.models import SubjectAccessRequest, TermDecision
from dueregard.subjectaccess.tests.builders import a_request
from dueregard.testing.factories import make_concern, make_person


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-10 10:00 +0000", tick=False):
        yield


def _start(client, learner, **data):
    posted = {
        "person": str(learner.public_id),
        "received_on": "2026-03-09",
        "identity_checked": "on",
        "identity_how": "Photo ID seen at reception.",
        **data,
    }
    return client.post(reverse("subjectaccess:start"), posted)


def test_starting_a_request_goes_to_its_workspace(frozen, client, dsl, learner):
    response = _start(login(client, dsl), learner)

    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("subjectaccess:detail", args=[sar.public_id])
    assert sar.due_on == date(2026, 4, 9)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_on": "2026-03-11"}, "cannot be in the future"),
        ({"received_on": ""}, "Enter the date the request was received"),
        ({"identity_how": ""}, "Say how their identity was checked"),
        ({"person": ""}, "Choose the person the request is about"),
    ],
)
def test_bad_input_on_the_start_form_is_a_message_and_nothing_changes(
    frozen, client, dsl, learner, data, message
):
    response = _start(login(client, dsl), learner, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"extended_to": "2026-03-01"}, "cannot be before the date the request was received"),
        ({"extended_to": "2026-04-09"}, "must be after 9 April 2026"),
        ({"extended_to": "2026-06-10"}, "three months after the request was received at most"),
        ({"reason": " "}, "Give the reason for the extension"),
    ],
)
def test_bad_extensions_are_a_message_and_nothing_changes(
    frozen, client, dsl, learner, data, message
):
    sar = a_request(dsl, learner, received_on=date(2026, 3, 9))
    posted = {"extended_to": "2026-05-09", "reason": "Invented: records on three cases.", **data}
    response = login(client, dsl).post(
        reverse("subjectaccess:extend", args=[sar.public_id]), posted
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    sar.refresh_from_db()
    assert sar.extended_to is None


def test_a_closed_request_refuses_an_extension_with_409(frozen, client, dsl, learner):
    from dueregard.subjectaccess import services

    sar = a_request(dsl, learner, received_on=date(2026, 3, 9))
    services.close(dsl, sar, reason="Invented: withdrawn.")
    response = login(client, dsl).post(
        reverse("subjectaccess:extend", args=[sar.public_id]),
        {"extended_to": "2026-05-09", "reason": "x"},
    )
    assert response.status_code == 409


def test_the_workspace_shows_what_is_held_and_is_audited(frozen, client, dsl, teacher, learner):
    make_concern(teacher, learner, narrative="Invented narrative seen in the workspace.")
    sar = a_request(dsl, learner)

    page = login(client, dsl).get(reverse("subjectaccess:detail", args=[sar.public_id]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Invented narrative seen in the workspace." in html
    assert teacher.user.full_name in html  # proposed for redaction, to decide
    event = AuditEvent.objects.filter(code="subject_access.viewed").get()
    assert event.object_id == sar.public_id
    # The person's "who has seen it" page lists the workspace's view of them.
    log_page = client.get(reverse("cases:person_access_log", args=[learner.public_id]))
    assert "Viewed a subject access request" in log_page.content.decode()


def test_the_export_downloads_a_zip_and_logs_a_disclosure(frozen, client, dsl, teacher, learner):
    other = make_person(dsl.organisation, "Sam", "Quenby")
    concern = make_concern(teacher, learner, narrative="Invented: Sam Quenby was there too.")
    concern.subjects.create(person=other)
    sar = a_request(dsl, learner)
    for term in sar.terms.all():
        term.decision = TermDecision.ACCEPTED
        term.save()

    response = login(client, dsl).post(reverse("subjectaccess:export", args=[sar.public_id]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        text = archive.read("response.json").decode()
        assert {"response.pdf", "response.json"} <= set(archive.namelist())
    assert "Invented: [redacted] was there too." in text
    assert Disclosure.objects.filter(kind="sar", person=learner).count() == 1


def test_the_export_with_undecided_proposals_is_refused(frozen, client, dsl, teacher, learner):
    make_concern(teacher, learner)
    sar = a_request(dsl, learner)
    response = login(client, dsl).post(reverse("subjectaccess:export", args=[sar.public_id]))
    assert response.status_code == 409
    assert "Decide each proposed redaction" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_the_person_page_and_the_prevent_page_link_to_subject_access(client, dsl, learner):
    login(client, dsl)
    person_page = client.get(reverse("people:detail", args=[learner.public_id])).content.decode()
    assert f"{reverse('subjectaccess:start')}?person={learner.public_id}" in person_page
    assert reverse("subjectaccess:list") in client.get(reverse("prevent")).content.decode()
    started = client.get(f"{reverse('subjectaccess:start')}?person={learner.public_id}")
    assert "checked" in started.content.decode()
    assert str(learner.public_id) in started.content.decode()


def test_staff_do_not_see_the_links(client, teacher, learner):
    login(client, teacher)
    assert reverse("subjectaccess:list") not in client.get(reverse("prevent")).content.decode()
