"""The checks pages in Chromium: an administrator records a filtering check with a gap
(refused until what was done is said), and every checks page passes axe at desktop and
phone width without scrolling sideways."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.checks import services
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Role
from dueregard.testing.factories import make_member, make_organisation
from tests.browser.scope import work_in
from tests.browser.test_journey import PHONE, sign_in
from tests.browser.test_partnership import DESKTOP, no_sideways_scroll


@pytest.mark.django_db(transaction=True)
def test_an_administrator_records_checks(page: Page, live_server: Any, a11y: Any) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    admin = make_member(org, Role.ADMINISTRATOR, "admin@fernhollow.example", "Ada Admin")
    enrol_totp(admin.user)
    with organisation_scope(org.pk):
        room = services.save_room(
            admin, None, name="Quiet room", site=None, rules="Open 8 to 6.", overseen_by=admin.user
        )

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "admin@fernhollow.example")
    page.goto(f"{base}/checks/filtering/add/")
    page.get_by_label("Web filtering").check()
    page.get_by_label("What was tested").fill("Blocked categories from a learner account")
    page.get_by_label("A gap was found").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was done about the gap.")
    a11y.check(page, "checks-01-gap-error")
    page.get_by_label("What was done about a gap").fill("New proxy site added to the block list.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Check recorded.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("New proxy site added to the block list.")
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        for name, path in [
            ("overview", "/checks/"),
            ("alert", "/checks/alerts/add/"),
            ("room", "/checks/rooms/add/"),
            ("room-check", f"/checks/rooms/{room.public_id}/check/"),
            ("faith-date", "/checks/faith-calendar/add/"),
        ]:
            page.goto(base + path)
            a11y.check(page, f"checks-02-{suffix}-{name}")
            no_sideways_scroll(page, size)
