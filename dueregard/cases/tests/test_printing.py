"""The printable case file and chronology: what they hold, who may print them, the audit.

Every name is invented.
"""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services
from dueregard.cases.models import DecisionKind, PartyRole
from dueregard.cases.tests.builders import in_a_week, open_case
from dueregard.testing.factories import make_concern, make_person


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def case(dsl, teacher, learner):
    concern = make_concern(teacher, learner, narrative="Invented: a drawing in a workbook.")
    case = services.open_case_from_concern(dsl, concern)
    witness = make_person(dsl.organisation, "Jo", "Bloggs", reference="L0777")
    services.add_party(dsl, case, role=PartyRole.WITNESS, person=witness)
    services.add_action(
        dsl, case, description="Weekly mentoring", owner=dsl.user, due_on=in_a_week()
    )
    services.record_decision(
        dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Invented: support first."
    )
    services.hold_review(dsl, case.reviews.get(), summary="Invented: engaging.", outcome="continue")
    services.add_note(dsl, case, body="Invented: spoke to the tutor.")
    return case


def test_the_case_file_holds_every_section(client, dsl, case):
    response = login(client, dsl).get(reverse("cases:case_file_pdf", args=[case.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert f"case-file-{case.reference}" in disposition
    assert "Ashdown" not in disposition and "Bloggs" not in disposition
    text = pdf_text(response.content)
    for heading in (
        "OFFICIAL-SENSITIVE",
        f"Case {case.reference}",
        "Page 1 of",
        "Summary",
        "Subjects and other people",
        "Concerns",
        "Decisions",
        "Support actions",
        "Reviews",
        "Referrals",
        "Channel",
        "Notes",
        "Chronology",
    ):
        assert heading in text, heading
    for content in (
        "Robin Ashdown",
        "Jo Bloggs",
        "a drawing in a workbook",
        "support first",
        "Weekly mentoring",
        "engaging",
        "spoke to the tutor",
        "Linked Jo Bloggs as witness.",
    ):
        assert content in text, content


def test_printing_is_audited_as_an_export(client, dsl, case):
    login(client, dsl)
    client.get(reverse("cases:case_file_pdf", args=[case.public_id]))
    client.get(reverse("cases:chronology_pdf", args=[case.public_id]) + "?kind=note")
    events = AuditEvent.objects.filter(code="case.exported").order_by("sequence")
    assert [(e.action, e.object_id) for e in events] == [("export", case.public_id)] * 2
    assert events[0].context == {"format": "pdf", "document": "case_file"}
    assert events[1].context == {"format": "pdf", "document": "chronology", "kinds": "note"}


def test_the_printed_chronology_is_narrowed_like_its_page(client, dsl, case):
    login(client, dsl)
    url = reverse("cases:chronology_pdf", args=[case.public_id])
    text = pdf_text(client.get(url + "?kind=note&kind=review").content)
    assert "spoke to the tutor" in text
    assert "Review held" in text
    assert "Support action agreed" not in text
    assert "Notes, Reviews" in text
    whole = pdf_text(client.get(url).content)
    assert "Support action agreed" in whole and "Every kind" in whole


@pytest.mark.parametrize("query", ["?kind=nonsense", "?start=2026-03-05&end=2026-03-01"])
def test_a_bad_query_for_the_printed_chronology_is_400_with_a_message(client, dsl, case, query):
    login(client, dsl)
    response = client.get(reverse("cases:chronology_pdf", args=[case.public_id]) + query)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(code="case.exported").exists()


@pytest.mark.parametrize("url_name", ["cases:case_file_pdf", "cases:chronology_pdf"])
def test_a_restricted_case_is_refused_to_a_dsl_not_named(client, dsl, deputy, learner, url_name):
    secret = open_case(dsl, learner)
    services.restrict_case(dsl, secret, [dsl.user])
    response = login(client, deputy).get(reverse(url_name, args=[secret.public_id]))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(code="case.exported").exists()
    assert AuditEvent.objects.filter(code="access.denied", actor=deputy.user).exists()
    # The named DSL may print it.
    named = login(Client(), dsl).get(reverse(url_name, args=[secret.public_id]))
    assert named.status_code == 200
