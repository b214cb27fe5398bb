"""Partnership in Chromium: the DSL records a police briefing, makes its agreed action an
action-plan item and sends staff an update, which a tutor reads and acknowledges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.organisations.models import Role
from dueregard.testing.factories import make_member, make_organisation
from tests.browser.scope import work_in
from tests.browser.test_journey import PHONE, sign_in, sign_out

DESKTOP: ViewportSize = {"width": 1280, "height": 900}


def no_sideways_scroll(page: Page, size: ViewportSize) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], page.url


@pytest.mark.django_db(transaction=True)
def test_briefing_to_action_plan_and_an_update_a_tutor_acknowledges(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    enrol_totp(make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead").user)
    make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    yesterday = timezone.localdate() - timedelta(days=1)

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/partnership/")
    a11y.check(page, "partnership-01-overview-empty")
    page.get_by_role("link", name="Record a meeting or briefing").click()
    page.get_by_label("Date held").fill(yesterday.isoformat())
    page.get_by_label("Police Prevent team").check()
    page.get_by_label("Title").fill("Police Prevent briefing")
    page.get_by_label("Who attended").fill("Police Prevent officer; DSL")
    page.get_by_label("What was learnt").fill("Stickers seen near bus stops on learner routes.")
    page.get_by_label("Actions agreed (optional)").fill("Walk the campus boundary weekly")
    a11y.check(page, "partnership-02-meeting-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Meeting recorded: Police Prevent briefing.")).to_be_visible()
    page.get_by_label("Due date").fill((yesterday + timedelta(days=31)).isoformat())
    a11y.check(page, "partnership-03-meeting")
    page.get_by_role("button", name="Add to the action plan").click()
    expect(page.get_by_text("Action A1 added to the action plan.")).to_be_visible()
    expect(page.get_by_role("link", name="A1")).to_be_visible()

    page.goto(f"{base}/partnership/threat-level/")
    page.get_by_label("Substantial: an attack is likely").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("National threat level recorded")).to_be_visible()
    page.goto(f"{base}/partnership/updates/send/")
    page.get_by_label("Title").fill("Stickers near bus stops")
    page.get_by_label("Update").fill("Photograph, remove if safe and tell the DSL the same day.")
    a11y.check(page, "partnership-04-update-form")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Update sent: Stickers near bus stops.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Tamsin Tutor")
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        for name, path in [
            ("overview", "/partnership/"),
            ("updates", "/partnership/updates/"),
            ("picture-note", "/partnership/local-picture/add/"),
        ]:
            page.goto(base + path)
            a11y.check(page, f"partnership-05-{suffix}-{name}")
            no_sideways_scroll(page, size)
    sign_out(page)

    page.set_viewport_size(PHONE)
    sign_in(page, base, "tutor@fernhollow.example")
    page.goto(f"{base}/partnership/updates/")
    expect(page.get_by_text("To read")).to_be_visible()
    page.get_by_role("link", name="Stickers near bus stops").click()
    a11y.check(page, "partnership-06-tutor-update")
    no_sideways_scroll(page, PHONE)
    page.get_by_role("button", name="I have read this update").click()
    expect(page.get_by_text("you have acknowledged this update")).to_be_visible()
    sign_out(page)

    page.set_viewport_size(DESKTOP)
    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/partnership/updates/")
    expect(page.locator("main")).to_contain_text("1 of 2")
