"""Review findings: approval before anything leaves, restricted cases in the sharing log,
viewing audits, the inspector's view, service-level guards, and the decision form's agency.
Every name here is invented."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as case_services
from dueregard.cases.forms import DecisionForm
from dueregard.cases.models import CaseStatus
from dueregard.cases.tests.builders import case_in_status, open_case
from dueregard.contacts.services import save_contact
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.referrals import follow_ups, sending, services
from dueregard.referrals.models import Referral, ReferralStatus
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing import lawful
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_person

S = ReferralStatus


def _doc_url(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", kwargs={"public_id": referral.public_id})


# --- 1. approval means the lead approved it ------------------------------------------------


def test_a_referral_closed_before_approval_cannot_be_printed_or_logged(client, dsl, learner):
    case = open_case(dsl, learner)
    referral = services.prepare_referral(dsl, case, a_complete_referral())
    services.record_progress(dsl, referral, status=S.CLOSED, note="Withdrawn: not needed.")
    referral.refresh_from_db()
    assert referral.status == S.CLOSED and not referral.is_approved
    login(client, dsl)

    for name in ("document_pdf", "document_docx"):
        assert client.get(_doc_url(name, referral)).status_code == 409
    with pytest.raises(TransitionNotAllowed):
        sending.log_document(dsl, referral, file_format="pdf")
    page = client.get(_doc_url("detail", referral)).content.decode()
    assert _doc_url("document_pdf", referral) not in page
    assert not Disclosure.objects.exists()


def test_a_referral_approved_then_closed_can_still_be_printed(client, dsl, learner):
    case = open_case(dsl, learner)
    referral = services.prepare_referral(dsl, case, a_complete_referral())
    services.approve_referral(dsl, referral)
    services.record_progress(dsl, referral, status=S.CLOSED, note="Agency closed it.")
    login(client, dsl)

    assert client.get(_doc_url("document_pdf", referral)).status_code == 200
    assert Disclosure.objects.get().approved_by == dsl.user


def test_a_disclosure_needs_an_approver_and_a_complete_basis(dsl, learner):
    case = open_case(dsl, learner)
    unapproved = services.prepare_referral(dsl, case, a_complete_referral())
    # A status reached without the lead (e.g. data written outside the services).
    Referral.objects.filter(pk=unapproved.pk).update(status=S.APPROVED)
    with pytest.raises(TransitionNotAllowed):
        sending.log_document(dsl, unapproved, file_format="pdf")
    with pytest.raises(TransitionNotAllowed):
        sending.record_sent(dsl, unapproved, method="portal")

    approved = services.approve_referral(
        dsl, services.prepare_referral(dsl, case, a_complete_referral())
    )
    Referral.objects.filter(pk=approved.pk).update(lawful_basis_sch1="")
    with pytest.raises(DomainError, match="Schedule 1"):
        sending.log_document(dsl, approved, file_format="pdf")
    Referral.objects.filter(pk=approved.pk).update(
        lawful_basis_sch1=lawful.Schedule1.SAFEGUARDING, consent="not_sought", consent_reason=None
    )
    with pytest.raises(DomainError):
        sending.record_sent(dsl, approved, method="portal")
    assert not Disclosure.objects.exists()


# --- 2. restricted cases in the sharing log -----------------------------------------------


def test_the_sharing_log_hides_restricted_case_entries_from_a_deputy_not_named(
    client, org, dsl, deputy, learner
):
    secret = open_case(dsl, learner)
    sharing_services.record_disclosure(
        dsl, a_disclosure(secret, person=learner, what="Secret detail.")
    )
    case_services.restrict_case(dsl, secret, [dsl.user])
    other = make_person(org, "Ash", "Open", reference="L7001")
    sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, other), person=other))
    login(client, deputy)

    page = client.get(reverse("sharing:log")).content.decode()
    assert "1 disclosure" in page
    assert learner.full_name not in page and "Secret detail." not in page
    assert other.full_name in page
    # The person filter does not offer the restricted case's person, nor accept it.
    assert f'<option value="{learner.pk}"' not in page
    response = client.post(reverse("sharing:log"), {"person": str(learner.pk)})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    csv = client.get(reverse("sharing:log_csv")).content.decode("utf-8-sig")
    assert learner.full_name not in csv and "Secret detail." not in csv
    assert other.full_name in csv
    xlsx = client.get(reverse("sharing:log_xlsx"))
    assert xlsx.status_code == 200

    case_services.break_glass(deputy, secret, reason="Covering for the lead today.")
    page = client.get(reverse("sharing:log")).content.decode()
    assert "2 disclosures" in page and learner.full_name in page

    login(client, dsl)
    assert "2 disclosures" in client.get(reverse("sharing:log")).content.decode()


def test_the_xlsx_export_leaves_out_restricted_entries(client, dsl, deputy, learner):
    import io

    from openpyxl import load_workbook

    secret = open_case(dsl, learner)
    sharing_services.record_disclosure(dsl, a_disclosure(secret, person=learner))
    case_services.restrict_case(dsl, secret, [dsl.user])
    login(client, deputy)

    book = load_workbook(io.BytesIO(client.get(reverse("sharing:log_xlsx")).content))
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    assert learner.full_name not in cells


# --- 3. viewing the content is audited -----------------------------------------------------


def test_opening_the_approval_and_edit_pages_is_audited(client, dsl, learner):
    case = open_case(dsl, learner)
    waiting = services.prepare_referral(dsl, case, a_complete_referral())
    draft = services.prepare_referral(dsl, case, a_complete_referral(submit=False))
    login(client, dsl)

    assert client.get(_doc_url("approve", waiting)).status_code == 200
    assert client.get(_doc_url("edit", draft)).status_code == 200

    assert AuditEvent.objects.filter(action="view", object_id=waiting.public_id).exists()
    assert AuditEvent.objects.filter(action="view", object_id=draft.public_id).exists()


# --- 4. the inspector's view ---------------------------------------------------------------


def test_the_inspector_sees_agency_kinds_and_roles_not_names(
    client, dsl, deputy, inspector, learner
):
    contact = save_contact(
        dsl,
        {"kind": "childrens_social_care", "name": "Invented Front Door", "phone": "01632 960401"},
    )
    case = open_case(dsl, learner)
    sharing_services.record_disclosure(
        deputy,
        a_disclosure(
            case,
            contact=contact,
            recipient="Invented Front Door (Officer Pat Quill)",
            approved_by=dsl.user,
        ),
    )
    login(client, inspector)

    page = client.get(reverse("sharing:log")).content.decode()

    assert "Pat Quill" not in page and "Invented Front Door" not in page
    assert dsl.user.full_name not in page and deputy.user.full_name not in page
    assert "Children&#x27;s social care" in page or "Children's social care" in page
    assert "Deputy DSL" in page or "deputy" in page.lower()


# --- 5. service-level guards ----------------------------------------------------------------


def test_a_correction_needs_a_reason_in_the_service(dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    with pytest.raises(DomainError, match="what was wrong"):
        sharing_services.record_disclosure(dsl, a_disclosure(None, corrects=entry), reason="  ")
    assert Disclosure.objects.count() == 1


def test_a_follow_up_owner_is_a_handler_who_can_open_the_case(dsl, deputy, teacher, learner):
    case = open_case(dsl, learner)
    referral = services.prepare_referral(dsl, case, a_complete_referral())
    due = timezone.localdate() + timedelta(days=7)
    with pytest.raises(DomainError, match="DSL or a deputy"):
        follow_ups.add_follow_up(
            dsl, referral, description="Chase.", owner=teacher.user, due_on=due
        )
    case_services.restrict_case(dsl, case, [dsl.user])
    with pytest.raises(DomainError, match="restricted"):
        follow_ups.add_follow_up(dsl, referral, description="Chase.", owner=deputy.user, due_on=due)
    follow_ups.add_follow_up(dsl, referral, description="Chase.", owner=dsl.user, due_on=due)


def test_an_approver_named_by_someone_else_reads_as_stated_by_the_recorder(
    client, dsl, deputy, learner
):
    case = open_case(dsl, learner)
    stated = sharing_services.record_disclosure(deputy, a_disclosure(case, approved_by=dsl.user))
    own = sharing_services.record_disclosure(dsl, a_disclosure(case))
    referral = services.approve_referral(
        dsl, services.prepare_referral(dsl, case, a_complete_referral())
    )
    sending.record_sent(deputy, referral, method="portal")
    sent = Disclosure.objects.get(referral=referral)

    assert stated.approval_is_stated and stated.created_by == deputy.user
    assert not own.approval_is_stated
    assert not sent.approval_is_stated  # the lead approved the referral in the app
    login(client, dsl)
    page = client.get(reverse("sharing:log")).content.decode()
    assert page.count(f"as stated by {deputy.user.full_name}") == 1
    csv = client.get(reverse("sharing:log_csv")).content.decode("utf-8-sig")
    assert f"{dsl.user.full_name} (as stated by {deputy.user.full_name})" in csv


# --- 7. the decision form's agency ----------------------------------------------------------


def _decision(contact_pk: int, kind: str) -> dict[str, str]:
    return {
        "kind": "external_referral",
        "rationale": "Invented rationale.",
        "referral_kind": kind,
        "referral_contact": str(contact_pk),
        "referral_on": timezone.localdate().isoformat(),
    }


def test_the_decision_form_checks_the_agency_fits_the_referral_kind(dsl):
    social = save_contact(
        dsl, {"kind": "childrens_social_care", "name": "Invented Door", "phone": "01632 960402"}
    )
    own = save_contact(dsl, {"kind": "dsl", "name": "Dana Lead, DSL", "phone": "01632 960403"})

    form = DecisionForm(_decision(social.pk, "police_prevent"), membership=dsl)
    assert not form.is_valid()
    assert "does not fit" in form.errors["referral_contact"][0]

    form = DecisionForm(_decision(own.pk, "other"), membership=dsl)
    assert not form.is_valid() and "referral_contact" in form.errors  # not an agency

    assert DecisionForm(_decision(social.pk, "childrens_social_care"), membership=dsl).is_valid()


def test_a_deputy_sees_the_referral_of_a_case_they_may_open(client, dsl, deputy, learner):
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    login(client, deputy)
    assert client.get(_doc_url("detail", case.referrals.get())).status_code == 200
