"""The information-sharing log: every disclosure once, append-only, filters kept in the
session, exports, corrections, restricted cases hidden, and the inspector's anonymised view.
Every name here is invented."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as case_services
from dueregard.cases.tests.builders import open_case
from dueregard.contacts.services import save_contact
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.referrals import sending, services
from dueregard.referrals.models import Referral
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_person


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


def _approved_referral(dsl, learner) -> Referral:
    referral = services.prepare_referral(dsl, open_case(dsl, learner), a_complete_referral())
    return services.approve_referral(dsl, referral, agency_reference="NVP-1")


def test_the_xlsx_export_leaves_out_restricted_entries(client, dsl, deputy, learner):

    from openpyxl import load_workbook

    secret = open_case(dsl, learner)
    sharing_services.record_disclosure(dsl, a_disclosure(secret, person=learner))
    case_services.restrict_case(dsl, secret, [dsl.user])
    login(client, deputy)

    book = load_workbook(io.BytesIO(client.get(reverse("sharing:log_xlsx")).content))
    cells = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
    assert learner.full_name not in cells


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


def test_a_correction_needs_a_reason_in_the_service(dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    with pytest.raises(DomainError, match="what was wrong"):
        sharing_services.record_disclosure(dsl, a_disclosure(None, corrects=entry), reason="  ")
    assert Disclosure.objects.count() == 1


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


def _correct_url(entry: Disclosure) -> str:
    return reverse("sharing:disclosure_correct", kwargs={"public_id": entry.public_id})


def _correction_post(entry: Disclosure, **changes: str) -> dict[str, str]:
    at = timezone.localtime(entry.disclosed_at)
    data = {
        "correction_reason": "Invented: the wrong team was named.",
        "kind": entry.kind,
        "disclosed_on": at.date().isoformat(),
        "disclosed_time": at.strftime("%H:%M"),
        "recipient": entry.recipient,
        "what": str(entry.what),
        "purpose": str(entry.purpose),
        "lawful_basis_art6": entry.lawful_basis_art6,
        "lawful_basis_art9": entry.lawful_basis_art9,
        "lawful_basis_sch1": entry.lawful_basis_sch1,
        "lawful_basis_art10": entry.lawful_basis_art10,
        "consent": entry.consent,
        "consent_reason": str(entry.consent_reason),
    }
    data.update(changes)
    return data


def test_the_correction_form_starts_from_the_entry_and_its_viewing_is_audited(client, dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    login(client, dsl)

    page = client.get(_correct_url(entry)).content.decode()

    assert "Invented Children&#x27;s Services duty desk" in page
    assert "What was wrong with the entry" in page
    assert AuditEvent.objects.filter(object_id=entry.public_id, code="disclosure.viewed").exists()


def test_a_correction_is_a_new_entry_and_the_log_shows_the_original_as_corrected(
    client, deputy, dsl, learner
):
    case = open_case(dsl, learner)
    entry = sharing_services.record_disclosure(dsl, a_disclosure(case))
    login(client, deputy)

    response = client.post(
        _correct_url(entry),
        _correction_post(
            entry, recipient="Invented Adult Services duty desk", approved_by=str(dsl.user.pk)
        ),
    )

    assert response.status_code == 302, response.content.decode()
    correction = Disclosure.objects.get(corrects=entry)
    assert correction.recipient == "Invented Adult Services duty desk"
    assert correction.correction_reason == "Invented: the wrong team was named."
    assert correction.disclosed_by == deputy.user and correction.approved_by == dsl.user
    entry.refresh_from_db()
    assert entry.recipient == "Invented Children's Services duty desk"
    assert AuditEvent.objects.filter(
        object_id=correction.public_id, code="disclosure.corrected"
    ).exists()
    page = client.get(reverse("sharing:log")).content.decode()
    assert "Corrected" in page
    assert f'href="#entry-{correction.public_id}"' in page
    assert f'id="entry-{correction.public_id}"' in page
    assert "Corrects the entry of" in page
    assert page.count("Correct this entry") == 1  # only the correction can be corrected now


def test_an_entry_is_corrected_once_then_its_correction_is(client, dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    correction = sharing_services.record_disclosure(
        dsl, a_disclosure(None, recipient="Invented desk", corrects=entry), reason="Wrong desk."
    )
    with pytest.raises(TransitionNotAllowed):
        sharing_services.record_disclosure(dsl, a_disclosure(None, corrects=entry), reason="Again.")
    login(client, dsl)
    before = list(Disclosure.objects.order_by("pk").values())

    response = client.post(_correct_url(entry), _correction_post(entry))

    assert response.status_code == 409
    assert "already been corrected" in response.content.decode()
    assert _correct_url(correction) in response.content.decode()
    assert list(Disclosure.objects.order_by("pk").values()) == before
    sharing_services.record_disclosure(
        dsl, a_disclosure(None, corrects=correction), reason="Time was wrong."
    )


def test_a_correction_needs_a_reason_and_a_lawful_basis(client, dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    login(client, dsl)
    before = list(Disclosure.objects.order_by("pk").values())

    response = client.post(
        _correct_url(entry), _correction_post(entry, correction_reason="", lawful_basis_art6="")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Say what was wrong with the entry." in page
    assert list(Disclosure.objects.order_by("pk").values()) == before


def test_correcting_a_referral_sent_keeps_the_referral(dsl, learner):
    case = open_case(dsl, learner)
    referral = services.prepare_referral(dsl, case, a_complete_referral())
    referral = services.approve_referral(dsl, referral)
    sending.record_sent(
        dsl, referral, method="portal", sent_at=timezone.now() - timedelta(minutes=5), officer=""
    )
    sent = Disclosure.objects.get(referral=referral)

    correction = sharing_services.record_disclosure(
        dsl,
        a_disclosure(case, kind="referral_sent", corrects=sent),
        reason="The officer was named.",
    )

    assert correction.kind == "referral_sent" and correction.referral == referral
    with pytest.raises(DomainError, match="how the information was shared"):
        sharing_services.record_disclosure(dsl, a_disclosure(case, kind="referral_sent"))


def test_every_disclosure_appears_once_in_the_log(client, dsl, learner):
    referral = _approved_referral(dsl, learner)
    sending.record_sent(dsl, referral, method="portal", officer="Duty officer")
    sharing_services.record_disclosure(dsl, a_disclosure(referral.case))
    client.force_login(dsl.user)
    client.get(reverse("referrals:document_docx", kwargs={"public_id": referral.public_id}))

    assert Disclosure.objects.count() == 3
    page = client.get(reverse("sharing:log")).content.decode()
    assert page.count("Referral sent<br>") == 1
    assert page.count("Phone call<br>") == 1
    assert page.count("Document printed or downloaded for an agency<br>") == 1
    assert "3 disclosures" in page


def test_the_log_is_append_only(dsl, learner):
    entry = sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner)))
    entry.recipient = "Changed"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        Disclosure.objects.all().delete()
    with pytest.raises(TypeError):
        Disclosure.objects.update(recipient="x")
    correction = sharing_services.record_disclosure(
        dsl,
        a_disclosure(None, recipient="Invented duty desk (corrected)", corrects=entry),
        reason="The wrong duty desk was named.",
    )
    assert correction.corrects == entry


def test_a_deputys_disclosure_names_the_lead_who_approved_it(dsl, deputy, learner):
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="Name the DSL"):
        sharing_services.record_disclosure(deputy, a_disclosure(case))
    with pytest.raises(DomainError, match="must be the DSL"):
        sharing_services.record_disclosure(deputy, a_disclosure(case, approved_by=deputy.user))
    entry = sharing_services.record_disclosure(deputy, a_disclosure(case, approved_by=dsl.user))
    assert entry.approved_by == dsl.user and entry.disclosed_by == deputy.user


def test_the_log_filters_by_person_agency_and_date_through_the_session(client, dsl, learner, org):
    from dueregard.testing.factories import make_person

    other = make_person(org, "Ash", "Other", reference="L7777")
    sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner), person=learner))
    sharing_services.record_disclosure(
        dsl, a_disclosure(None, person=other, disclosed_at=timezone.now() - timedelta(days=40))
    )
    client.force_login(dsl.user)

    response = client.post(reverse("sharing:log"), {"person": str(learner.pk)})
    assert response.status_code == 302 and response["Location"] == reverse("sharing:log")
    page = client.get(reverse("sharing:log")).content.decode()
    assert "1 disclosure" in page
    assert f"<strong>{learner.full_name}</strong>" in page
    assert f"<strong>{other.full_name}</strong>" not in page

    client.post(reverse("sharing:log"), {"clear": "1"})
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    client.post(reverse("sharing:log"), {"date_from": since})
    page = client.get(reverse("sharing:log")).content.decode()
    assert "1 disclosure" in page and f"<strong>{other.full_name}</strong>" not in page
    csv = client.get(reverse("sharing:log_csv")).content.decode("utf-8-sig")
    assert learner.full_name in csv and other.full_name not in csv


def test_the_csv_export_escapes_formulas(client, dsl, learner):
    sharing_services.record_disclosure(
        dsl, a_disclosure(open_case(dsl, learner), recipient='=HYPERLINK("x")', what="+1 call")
    )
    client.force_login(dsl.user)

    body = client.get(reverse("sharing:log_csv")).content.decode("utf-8-sig")

    assert "'=HYPERLINK" in body and "'+1 call" in body
    xlsx = client.get(reverse("sharing:log_xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_the_inspector_reads_the_log_without_names_or_content(client, dsl, inspector, learner):
    sharing_services.record_disclosure(dsl, a_disclosure(open_case(dsl, learner), person=learner))
    client.force_login(inspector.user)

    page = client.get(reverse("sharing:log")).content.decode()

    assert "1 disclosure" in page
    assert learner.full_name not in page
    assert "the concern of Monday" not in page
    assert client.get(reverse("sharing:log_csv")).status_code == 403
