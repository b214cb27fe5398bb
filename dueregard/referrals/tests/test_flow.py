"""Referrals from decision to outcome: transitions and their guards, consent, the document
and the information-sharing log. Every name here is invented."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases.models import CaseStatus
from dueregard.cases.tests.builders import case_in_status, open_case, snapshot
from dueregard.core.errors import DomainError, NotPermitted, TransitionNotAllowed
from dueregard.referrals import follow_ups, sending, services
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus
from dueregard.referrals.reminders import overdue
from dueregard.referrals.testing import SECTIONS, a_complete_referral
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.sharing.testing import a_disclosure

S = ReferralStatus

#: How to reach each status from a fresh referral awaiting approval.
PATH: dict[str, list[str]] = {
    S.AWAITING_APPROVAL: [],
    S.DRAFT: ["back"],
    S.APPROVED: ["approve"],
    S.SENT: ["approve", "send"],
    S.ACKNOWLEDGED: ["approve", "send", S.ACKNOWLEDGED],
    S.ADOPTED: ["approve", "send", S.ADOPTED],
    S.NOT_ADOPTED: ["approve", "send", S.NOT_ADOPTED],
    S.SUPPORT_IN_PROGRESS: ["approve", "send", S.ADOPTED, S.SUPPORT_IN_PROGRESS],
    S.CLOSED: ["approve", "send", S.CLOSED],
}


def referral_in(status: str, dsl, learner) -> Referral:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    for step in PATH[status]:
        if step == "back":
            services.send_back(dsl, referral, reason="Add the online activity.")
        elif step == "approve":
            services.approve_referral(dsl, referral)
        elif step == "send":
            sending.record_sent(dsl, referral, method="secure_email")
        else:
            services.record_progress(dsl, referral, status=step, note="Agency's answer.")
        referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == status
    return referral


def attempt(dsl, referral: Referral, target: str) -> None:
    if target == S.DRAFT:
        services.send_back(dsl, referral, reason="Again.")
    elif target == S.AWAITING_APPROVAL:
        services.submit_for_approval(dsl, referral)
    elif target == S.APPROVED:
        services.approve_referral(dsl, referral)
    elif target == S.SENT:
        sending.record_sent(dsl, referral, method="portal")
    else:
        services.record_progress(dsl, referral, status=target, note="Note.")


DISALLOWED = [
    (start, target)
    for target, allowed in services.ALLOWED_FROM.items()
    for start in S.values
    if start not in allowed
]
ALLOWED = [
    (start, target) for target, allowed in services.ALLOWED_FROM.items() for start in allowed
]


@pytest.mark.parametrize(("start", "target"), DISALLOWED)
def test_a_disallowed_transition_is_refused_and_writes_nothing(dsl, learner, start, target):
    referral = referral_in(start, dsl, learner)
    before = snapshot([Disclosure, FollowUp])

    with pytest.raises(TransitionNotAllowed):
        attempt(dsl, referral, target)

    assert snapshot([Disclosure, FollowUp]) == before


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_every_allowed_transition_moves_the_referral_and_is_audited(dsl, learner, start, target):
    referral = referral_in(start, dsl, learner)

    attempt(dsl, referral, target)

    referral.refresh_from_db()
    assert referral.status == target
    assert referral.case.chronology.filter(title__contains=referral.reference).exists()


def test_a_decision_makes_a_draft_that_the_deputy_completes_and_submits(dsl, deputy, learner):
    case = open_case(deputy, learner)
    referral = services.prepare_referral(
        deputy, case, a_complete_referral(submit=False, sections={}, kind="channel")
    )
    assert referral.status == S.DRAFT
    assert referral.reference.startswith("R-")
    assert referral.person == learner

    with pytest.raises(DomainError, match="or untick it"):
        services.submit_for_approval(deputy, referral)
    services.update_draft(
        deputy,
        referral,
        services.DraftChanges(
            kind="channel",
            contact=None,
            agency="Invented Council Channel panel",
            referred_on=timezone.localdate(),
            person=learner,
            sections=dict(SECTIONS),
            shared_fields=["name", "how_arose", "event"],
            lawful_basis_art6="6_1_e",
            lawful_basis_art9="none",
            lawful_basis_sch1="none",
            lawful_basis_art10="none",
            consent="given",
            consent_reason="",
        ),
    )
    services.submit_for_approval(deputy, referral)

    assert Referral.objects.get(pk=referral.pk).status == S.AWAITING_APPROVAL


def test_only_the_lead_approves_or_sends_back(dsl, deputy, learner):
    referral = referral_in(S.AWAITING_APPROVAL, dsl, learner)

    with pytest.raises(NotPermitted):
        services.approve_referral(deputy, referral)
    with pytest.raises(NotPermitted):
        services.send_back(deputy, referral, reason="No.")
    assert Referral.objects.get(pk=referral.pk).status == S.AWAITING_APPROVAL


def test_sending_back_needs_a_reason(dsl, learner):
    referral = referral_in(S.AWAITING_APPROVAL, dsl, learner)
    with pytest.raises(DomainError, match="Say why"):
        services.send_back(dsl, referral, reason="  ")


@pytest.mark.parametrize("consent", ["not_sought", "refused"])
def test_sharing_without_consent_is_refused_without_a_reason(dsl, learner, consent):
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="reason for sharing without consent"):
        services.prepare_referral(dsl, case, a_complete_referral(consent=consent))
    with pytest.raises(DomainError, match="reason for sharing without consent"):
        sharing_services.record_disclosure(
            dsl, a_disclosure(case, consent=consent, consent_reason="")
        )
    draft = services.prepare_referral(dsl, case, a_complete_referral(consent=consent, submit=False))
    with pytest.raises(DomainError, match="reason for sharing without consent"):
        services.submit_for_approval(dsl, draft)

    services.prepare_referral(
        dsl, case, a_complete_referral(consent=consent, consent_reason="Risk to another learner.")
    )


def test_the_draft_form_shows_the_consent_reason_error(client, dsl, learner):
    case = open_case(dsl, learner)
    draft = services.prepare_referral(dsl, case, a_complete_referral(submit=False))
    login(client, dsl)

    response = client.post(
        reverse("referrals:edit", kwargs={"public_id": draft.public_id}),
        {
            "kind": "police_prevent",
            "agency": "Invented",
            "referred_on": timezone.localdate().isoformat(),
            "consent": "refused",
            "consent_reason": "",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Give the reason for sharing without consent." in page


def test_a_lawful_basis_is_required_and_checked(dsl, learner):
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="Article 6"):
        services.prepare_referral(dsl, case, a_complete_referral(lawful_basis_art6=""))
    with pytest.raises(DomainError, match="Schedule 1"):
        services.prepare_referral(dsl, case, a_complete_referral(lawful_basis_sch1="none"))


def test_nothing_can_leave_before_approval(client, dsl, learner):
    referral = referral_in(S.AWAITING_APPROVAL, dsl, learner)
    client.force_login(dsl.user)

    response = client.get(
        reverse("referrals:document_pdf", kwargs={"public_id": referral.public_id})
    )

    assert response.status_code == 409
    with pytest.raises(TransitionNotAllowed):
        sending.record_sent(dsl, referral, method="portal")
    assert not Disclosure.objects.exists()


# --- the document ---------------------------------------------------------------------------

CHOSEN = ["name", "how_arose", "event"]


def _document_referral(dsl, learner) -> Referral:
    learner.date_of_birth = timezone.localdate().replace(year=2009, month=3, day=3)
    learner.save()
    case = open_case(dsl, learner)
    referral = services.prepare_referral(dsl, case, a_complete_referral(shared_fields=CHOSEN))
    return services.approve_referral(dsl, referral, agency_reference="NVP-1")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages
    )


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize(
    ("url_name", "read"),
    [("referrals:document_pdf", _pdf_text), ("referrals:document_docx", _docx_text)],
)
def test_the_document_holds_the_chosen_fields_and_nothing_else(
    client, dsl, learner, url_name, read
):
    referral = _document_referral(dsl, learner)
    client.force_login(dsl.user)

    response = client.get(reverse(url_name, kwargs={"public_id": referral.public_id}))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert learner.family_name not in response["Content-Disposition"]
    text = read(response.content)
    assert "OFFICIAL-SENSITIVE" in text
    assert referral.reference in text
    assert learner.full_name in text
    assert SECTIONS["how_arose"] in text
    assert SECTIONS["event"] in text
    # Not ticked: never in the document.
    assert "2009" not in text  # date of birth
    assert SECTIONS["indicators"] not in text
    assert SECTIONS["online_activity"] not in text
    assert SECTIONS["discussions"] not in text
    assert learner.reference not in text


def test_each_download_is_one_disclosure_and_an_export_event(client, dsl, learner):
    from dueregard.audit.models import AuditEvent

    referral = _document_referral(dsl, learner)
    client.force_login(dsl.user)
    url = reverse("referrals:document_pdf", kwargs={"public_id": referral.public_id})

    client.get(url)
    client.get(url)

    entries = Disclosure.objects.filter(referral=referral)
    assert entries.count() == 2
    assert {e.kind for e in entries} == {"document"}
    assert all(e.approved_by == dsl.user for e in entries)
    assert AuditEvent.objects.filter(action="export", object_id=referral.public_id).count() == 2


# --- follow-ups --------------------------------------------------------------------------------


def test_an_overdue_follow_up_is_reminded_to_its_owner(dsl, deputy, learner):
    referral = referral_in(S.SENT, dsl, learner)
    follow_up = follow_ups.add_follow_up(
        dsl,
        referral,
        description="Chase the decision.",
        owner=deputy.user,
        due_on=timezone.localdate() - timedelta(days=1),
    )

    assert list(overdue(dsl.organisation_id)) == [("referral follow-up(s)", deputy.user_id)]

    follow_ups.complete_follow_up(dsl, follow_up, outcome="Adopted.")
    assert list(overdue(dsl.organisation_id)) == []
    with pytest.raises(TransitionNotAllowed):
        follow_ups.complete_follow_up(dsl, follow_up, outcome="Again.")


def test_the_dashboard_panel_counts_referrals_for_the_dsl_team_only(dsl, governor, learner):
    from dueregard.referrals.dashboard import panel

    referral_in(S.SENT, dsl, learner)
    shown = panel(dsl)
    assert shown is not None and ("Sent", 1) in shown.context["rows"]
    assert panel(governor) is None


def test_the_submit_button_redirects_then_a_second_press_is_409_with_the_reason(
    client, dsl, learner
):
    referral = referral_in(S.DRAFT, dsl, learner)
    url = reverse("referrals:submit", kwargs={"public_id": referral.public_id})
    login(client, dsl)

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "referrals:detail", kwargs={"public_id": referral.public_id}
    )
    assert Referral.objects.get(pk=referral.pk).status == S.AWAITING_APPROVAL

    again = client.post(url)
    assert again.status_code == 409
    assert "govuk-error-summary" in again.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == S.AWAITING_APPROVAL
