"""The agency picker by kind, correcting the sharing log, and the referral list's filters.
Every name here is invented."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases.tests.builders import open_case, snapshot
from dueregard.contacts.services import save_contact
from dueregard.core.errors import DomainError
from dueregard.referrals import follow_ups, services
from dueregard.referrals.models import FollowUp, Referral, contact_fits
from dueregard.referrals.testing import a_complete_referral, a_draft_change


def _directory(dsl):
    return {
        kind: save_contact(dsl, {"kind": kind, "name": name, "phone": "01632 960400"})
        for kind, name in (
            ("police_prevent", "Invented Prevent Team"),
            ("channel_panel", "Invented Channel Panel"),
            ("childrens_social_care", "Invented Children's Front Door"),
            ("other", "Invented Youth Service"),
            ("dsl", "Dana Lead, DSL"),
            ("emergency", "Emergency services"),
        )
    }


# --- the agency picker -----------------------------------------------------------------


def test_contact_kinds_fit_their_referral_kinds_and_other_takes_any_agency():
    assert contact_fits("police_prevent", "police_prevent")
    assert contact_fits("channel", "la_prevent")
    assert not contact_fits("police_prevent", "childrens_social_care")
    assert contact_fits("other", "childrens_social_care")
    assert not contact_fits("other", "dsl")
    assert not contact_fits("other", "emergency")


def test_the_picker_groups_agencies_by_referral_kind_without_the_organisations_own(
    client, dsl, learner
):
    _directory(dsl)
    case = open_case(dsl, learner)
    login(client, dsl)

    page = client.get(
        reverse("referrals:prepare", kwargs={"public_id": case.public_id})
    ).content.decode()

    assert '<optgroup label="Police Prevent referral">' in page
    assert '<optgroup label="Channel (through the local authority)">' in page
    assert '<optgroup label="Other agency">' in page
    police = page.index('<optgroup label="Police Prevent referral">')
    assert page.index("Invented Prevent Team") > police
    assert "Dana Lead, DSL" not in page and "Emergency services" not in page


def test_a_contact_of_another_kind_is_a_form_error_and_nothing_is_written(client, dsl, learner):
    contacts = _directory(dsl)
    case = open_case(dsl, learner)
    login(client, dsl)
    before = snapshot([Referral])

    response = client.post(
        reverse("referrals:prepare", kwargs={"public_id": case.public_id}),
        {
            "kind": "police_prevent",
            "contact": contacts["childrens_social_care"].pk,
            "referred_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "That agency does not fit the kind of referral" in page
    assert snapshot([Referral]) == before


def test_other_referrals_may_go_to_any_agency_in_the_directory(client, dsl, learner):
    contacts = _directory(dsl)
    case = open_case(dsl, learner)
    login(client, dsl)

    response = client.post(
        reverse("referrals:prepare", kwargs={"public_id": case.public_id}),
        {
            "kind": "other",
            "contact": contacts["childrens_social_care"].pk,
            "referred_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    referral = Referral.objects.get(case=case)
    assert referral.contact == contacts["childrens_social_care"]


def test_the_services_refuse_a_contact_that_does_not_fit(dsl, learner):
    contacts = _directory(dsl)
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="does not fit"):
        services.prepare_referral(
            dsl, case, a_complete_referral(contact=contacts["dsl"], submit=False)
        )
    draft = services.prepare_referral(dsl, case, a_complete_referral(submit=False))
    with pytest.raises(DomainError, match="does not fit"):
        services.update_draft(dsl, draft, a_draft_change(contact=contacts["channel_panel"]))
    services.update_draft(dsl, draft, a_draft_change(contact=contacts["police_prevent"]))


# --- correcting the sharing log ------------------------------------------------------------


# --- the referral list's filters ------------------------------------------------------------


def test_the_list_filters_by_status_and_kind_and_shows_overdue_follow_ups_first(
    client, dsl, learner
):
    case = open_case(dsl, learner)
    police = services.prepare_referral(dsl, case, a_complete_referral(submit=False))
    social = services.prepare_referral(
        dsl,
        case,
        a_complete_referral(kind="childrens_social_care", agency="Invented CSC", submit=False),
    )
    services.prepare_referral(
        dsl, case, a_complete_referral(kind="lado", agency="Invented LADO", submit=True)
    )
    follow_ups.add_follow_up(
        dsl,
        police,
        description="Chase the outcome.",
        owner=dsl.user,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    late = follow_ups.add_follow_up(
        dsl,
        police,
        description="Chase the outcome.",
        owner=dsl.user,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    FollowUp.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    login(client, dsl)
    url = reverse("referrals:list")

    page = client.get(url).content.decode()
    assert page.index(police.reference) < page.index(social.reference)
    assert "Follow-up overdue" in page and "Overdue follow-ups" in page

    page = client.get(url, {"status": "draft", "kind": "childrens_social_care"}).content.decode()
    listed = page[page.index("1 referral matches the filters") :]
    assert social.reference in listed and police.reference not in listed
    assert police.reference in page  # the overdue follow-up is still shown above the list

    page = client.get(url, {"status": "awaiting_approval"}).content.decode()
    assert "Invented LADO" in page and "Invented CSC" not in page


def test_a_bad_filter_value_is_a_form_error_not_a_500(client, dsl):
    login(client, dsl)

    response = client.get(reverse("referrals:list"), {"status": "<script>", "kind": "x" * 5000})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a status from the list." in page and "govuk-error-summary" in page
