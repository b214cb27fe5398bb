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
from tests.browser.test_journey import sign_in


@pytest.mark.django_db(transaction=True)
def test_session_register_changes_compliance(page: Page, live_server: Any, a11y: Any) -> None:
    base = live_server.url
    org = make_organisation("Fernhollow Training")
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
