"""The heart, end to end in Chromium: raise on a phone, triage, support, review, close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.cases.models import Case, CaseStatus, Review
from dueregard.concerns.models import ConcernType, ConcernTypeList
from dueregard.concerns.taxonomy import load_concern_type_list
from dueregard.organisations.models import Role
from dueregard.testing.factories import PASSWORD, make_member, make_organisation, make_person
from tests.browser.scope import work_in
from tests.browser.test_mfa import enter_second_factor_if_asked

PHONE: ViewportSize = {"width": 360, "height": 740}


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    enter_second_factor_if_asked(page, email)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


@pytest.mark.django_db(transaction=True)
def test_concern_from_phone_to_closure(page: Page, live_server: Any, a11y: Any) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    # A transactional test before this one flushes the national Prevent types: load them.
    load_concern_type_list(ConcernTypeList, ConcernType, "concern_types_2024_25.json")
    make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    enrol_totp(make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead").user)
    make_person(org, "Kit", "Marlowe-Fenn", reference="L4001")

    # A member of staff raises a concern on a phone-sized screen.
    page.set_viewport_size(PHONE)
    sign_in(page, base, "tutor@fernhollow.example")
    page.get_by_role("link", name="Raise a concern").first.click()
    a11y.check(page, "01-raise-danger-question")
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    a11y.check(page, "02-raise-form-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The picker lists nobody until searched; typing fetches the matches (people.picker).
    page.locator("#id_person").fill("Marlowe")
    page.get_by_label("Marlowe-Fenn, Kit – Learner – L4001").check()
    a11y.check(page, "02b-raise-form-person-found")
    page.get_by_label("When did you see or hear it?").fill(
        (timezone.localdate() - timedelta(days=1)).isoformat()
    )
    page.get_by_label("Where?").fill("Canteen")
    page.get_by_label("Radicalisation (Prevent)").check()
    page.get_by_label("What did you see or hear?").fill(
        "Showed other learners a video praising an attack and said it was deserved."
    )
    page.get_by_role("button", name="Send to the DSL").click()
    expect(page.get_by_role("heading", name="Concern sent to the DSL")).to_be_visible()
    a11y.check(page, "03-receipt")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("C-")
    sign_out(page)

    # The DSL triages it into a case and decides on internal support.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "dsl@fernhollow.example")
    a11y.check(page, "04-dashboard")
    page.get_by_role("link", name="Triage", exact=True).click()
    a11y.check(page, "05-triage-queue")
    page.get_by_role("link", name=reference).click()
    a11y.check(page, "06-concern-detail")
    page.get_by_label("Open a new case").check()
    page.get_by_role("button", name="Triage this concern").click()
    expect(page.get_by_text("Record a decision.")).to_be_visible()
    a11y.check(page, "07-case-opened")
    page.get_by_role("link", name="Record a decision").click()
    page.get_by_label("Internal support").check()
    page.get_by_role("button", name="Continue").click()
    # Step 2 asks only what internal support needs: no referral or police fields.
    expect(page.get_by_label("Kind of referral")).to_have_count(0)
    expect(page.get_by_label("Who called the police")).to_have_count(0)
    page.get_by_label("Rationale").fill("Mentoring with the tutor; no referral threshold met.")
    a11y.check(page, "08-decision-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Decision recorded: Internal support.")).to_be_visible()
    case = Case.objects.get()
    review = Review.objects.get(case=case)
    assert case.status == CaseStatus.INTERNAL_SUPPORT
    expected = timedelta(hours=org.review_interval_hours)
    assert abs(review.due_at - review.created_at - expected) < timedelta(seconds=5)

    # The 48-hour review is held; support has done its job.
    page.get_by_role("link", name="Hold this review").click()
    a11y.check(page, "09-review-form")
    page.get_by_label("Review summary").fill("Engaging well with mentoring; no further concern.")
    page.get_by_label("Support no longer needed: move the case on").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()

    # The hide-screen control blanks the page at once.
    page.get_by_role("button", name="Hide screen").click()
    expect(page.locator("#hide-screen-overlay")).to_be_visible()
    page.get_by_role("button", name="Show the page again").click()
    expect(page.locator("#hide-screen-overlay")).to_be_hidden()

    # The DSL sets the category that counts (a case is never closed without one).
    page.get_by_role("link", name="Change category").click()
    page.get_by_label("Category", exact=True).select_option(label="Radicalisation (Prevent)")
    page.get_by_label("Prevent type").select_option(
        label="Fascination with extreme violence or mass-casualty attacks"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Category updated.")).to_be_visible()

    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Outcome summary").fill("Support completed; learner settled.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    a11y.check(page, "10-case-closed")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    sign_out(page)

    # The reporter sees only that it is closed.
    page.set_viewport_size(PHONE)
    sign_in(page, base, "tutor@fernhollow.example")
    page.get_by_role("link", name="My concerns").first.click()
    a11y.check(page, "11-reporter-list-phone")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Closed")
    body = page.locator("main").inner_text()
    assert "Mentoring" not in body and "Support completed" not in body
    assert len(a11y.visited) == 12
