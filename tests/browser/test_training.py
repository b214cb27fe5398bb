"""Training in Chromium: a DSL records a session's register and sees compliance change.

Runs axe-core (WCAG 2.2 AA) on the matrix, the session form and the events and policy
pages on the way.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.organisations.models import Role
from dueregard.testing.factories import make_member, make_organisation
from dueregard.training.tests.builders import make_course, make_requirement
from tests.browser.scope import work_in
from tests.browser.test_journey import sign_in


@pytest.mark.django_db(transaction=True)
def test_session_register_changes_compliance(page: Page, live_server: Any, a11y: Any) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    enrol_totp(dsl.user)
    make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    make_member(org, Role.STAFF, "coach@fernhollow.example", "Cal Coach")
    course = make_course(dsl)
    make_requirement(dsl, course)

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/training/")
    a11y.check(page, "training-01-matrix-before")
    table = page.locator("table", has_text="Staff compliant, by requirement")
    expect(table.get_by_role("cell", name="0% 0 of 3")).to_be_visible()

    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Course").select_option(label="Prevent awareness")
    page.get_by_label("Date of the session").fill(timezone.localdate().isoformat())
    page.get_by_label("Tamsin Tutor (Staff member)").check()
    page.get_by_label("Cal Coach (Staff member)").check()
    a11y.check(page, "training-02-session-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Attendance recorded for 2 people")).to_be_visible()
    expect(table.get_by_role("cell", name="66% 2 of 3")).to_be_visible()
    row = page.get_by_role("row", name="Tamsin Tutor")
    expect(row.get_by_text("In date")).to_be_visible()
    expect(page.get_by_role("row", name="Dora Lead").get_by_text("Never done")).to_be_visible()
    a11y.check(page, "training-03-matrix-after")

    page.goto(f"{base}/events/request/")
    a11y.check(page, "training-04-event-request")
    page.goto(f"{base}/policies/")
    a11y.check(page, "training-05-policy-register")


@pytest.mark.django_db(transaction=True)
def test_own_training_is_verified_and_a_policy_reviewed(
    page: Page, live_server: Any, a11y: Any
) -> None:
    """A tutor records their own training; the DSL verifies it, retires a course and
    records a policy review with no change."""
    from datetime import timedelta

    from dueregard.policies import services as policies

    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    enrol_totp(dsl.user)
    make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    course = make_course(dsl)
    make_requirement(dsl, course)
    make_course(dsl, title="Old safeguarding module")
    today = timezone.localdate()
    policy = policies.create_policy(
        dsl,
        policies.PolicyDetails(
            title="External speakers policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=today + timedelta(days=10),
        ),
    )
    policies.add_version(
        dsl,
        policy,
        summary="First version",
        approved_by="Board of governors",
        approved_on=today - timedelta(days=355),
        effective_on=today - timedelta(days=355),
        text="Invented policy text.",
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "tutor@fernhollow.example")
    page.goto(f"{base}/training/mine/")
    page.get_by_role("link", name="Record training you have done").click()
    page.get_by_label("Course").select_option(label="Prevent awareness")
    page.get_by_label("Date completed").fill(today.isoformat())
    a11y.check(page, "training-06-own-record-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("It will count once")).to_be_visible()
    expect(page.get_by_text("Awaiting verification").first).to_be_visible()
    expect(page.get_by_role("row", name="Prevent awareness Never done")).to_be_visible()
    a11y.check(page, "training-07-mine-awaiting")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/training/records/awaiting/")
    a11y.check(page, "training-08-awaiting")
    page.get_by_role("button", name="Verify Prevent awareness, Tamsin Tutor").click()
    expect(page.get_by_text("Record verified")).to_be_visible()
    expect(page.get_by_text("Nothing is awaiting verification.")).to_be_visible()

    page.goto(f"{base}/training/courses/")
    page.get_by_role("link", name="Change Old safeguarding module").click()
    a11y.check(page, "training-09-course-edit")
    page.get_by_role("button", name="Retire course").click()
    expect(page.get_by_text("Course retired")).to_be_visible()
    expect(
        page.get_by_role("row", name="Old safeguarding module").get_by_text("Retired")
    ).to_be_visible()

    page.goto(f"{base}/policies/")
    page.get_by_role("link", name="External speakers policy").click()
    page.get_by_role("link", name="Reviewed, no change").click()
    page.get_by_label("What the review found").fill("Checked against current guidance.")
    a11y.check(page, "training-10-policy-review")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Review recorded")).to_be_visible()
    a11y.check(page, "training-11-policy-after-review")
