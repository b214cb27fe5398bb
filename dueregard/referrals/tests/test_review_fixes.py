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
from dueregard.sharing.models import Disclosure

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


# --- 5. service-level guards ----------------------------------------------------------------


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
