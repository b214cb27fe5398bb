"""A referral in Chromium: decision, minimised draft, approval, sent, outcome, sharing log."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.cases.tests.builders import open_case
from dueregard.contacts.services import save_contact
from dueregard.organisations.models import Role
from dueregard.referrals.models import Disclosure, Referral
from dueregard.testing.factories import make_member, make_organisation, make_person
from tests.browser.test_journey import sign_in


@pytest.mark.django_db(transaction=True)
def test_from_decision_to_approved_referral_to_recorded_outcome(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = make_organisation("Fernhollow Training")
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    enrol_totp(dsl.user)
    learner = make_person(org, "Kit", "Marlowe-Fenn", reference="L4001")
    save_contact(
        dsl,
        {"kind": "police_prevent", "name": "Invented Prevent Team", "phone": "01632 960410"},
    )
    case = open_case(dsl, learner)

    page.set_default_timeout(8000)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/cases/{case.public_id}/")
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("External referral").check()
    page.get_by_label("Rationale").fill("Praise for an attack and a video shown to others.")
    page.get_by_label("Kind of referral").select_option("police_prevent")
    page.get_by_label("Agency from the contacts directory").select_option(
        label="Invented Prevent Team"
    )
    page.get_by_label("Date of referral").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()

    # The case page lists the draft; the DSL completes it, sharing only what is needed.
    page.get_by_role("link", name="R-").first.click()
    a11y.check(page, "referral-01-draft")
    page.get_by_role("link", name="Complete the draft").click()
    page.get_by_role("textbox", name="How and why the concern arose").fill(
        "A tutor heard praise for an attack."
    )
    page.get_by_role("textbox", name="The event or incident").fill(
        "A video shown to others in the canteen."
    )
    page.get_by_role("textbox", name="Indicators observed").fill("Recent isolation from friends.")
    page.get_by_role("textbox", name="Online activity").fill("Kept back: not needed by the agency.")
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option("6_1_e")
    page.get_by_label("Article 9 condition (special category data)").select_option("none")
    page.get_by_label("Data Protection Act 2018 Schedule 1 condition").select_option("none")
    page.get_by_label("Article 10 (criminal offence data)").select_option("none")
    page.get_by_label("Not sought").check()
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Give the reason for sharing without consent.").first).to_be_visible()
    a11y.check(page, "referral-02-draft-error")
    page.get_by_label("Reason for sharing without consent").fill(
        "Telling the learner first could raise the risk."
    )
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Submitted for the lead's approval.")).to_be_visible()

    # The lead approves (a fresh factor: just signed in), then records it sent.
    page.get_by_role("link", name="Approve or send back").click()
    a11y.check(page, "referral-03-approve")
    expect(page.get_by_text("Kept back: not needed by the agency.")).to_have_count(0)
    page.get_by_role("button", name="Approve the referral").click()
    expect(page.get_by_text("Referral approved.")).to_be_visible()
    referral = Referral.objects.get(case=case)
    page.goto(f"{base}/referrals/{referral.public_id}/")
    page.get_by_role("link", name="Record that it was sent").click()
    page.get_by_label("The agency's online portal").check()
    page.get_by_label("Date sent").fill(timezone.localdate().isoformat())
    page.get_by_label("Time sent (optional)").fill(timezone.localtime().strftime("%H:%M"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Recorded as sent.")).to_be_visible()

    page.get_by_role("link", name="Record what happened").click()
    page.get_by_label("Adopted by the agency").check()
    page.get_by_label("Agency's reference (if given)").fill("NVP-26-0001")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Adopted by the agency")
    a11y.check(page, "referral-04-adopted")

    # The sharing log shows the one disclosure.
    page.goto(f"{base}/referrals/sharing-log/")
    a11y.check(page, "referral-05-sharing-log")
    expect(page.get_by_text("1 disclosure", exact=True)).to_be_visible()
    assert Disclosure.objects.get().referral == referral
    referral.refresh_from_db()
    assert referral.status == "adopted"
    assert referral.shared_fields == ["name", "date_of_birth", "how_arose", "event", "indicators"]
