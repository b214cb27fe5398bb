"""The register in Chromium: rescore a risk, see the heatmap and the movement change."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Role
from dueregard.risks import services
from dueregard.risks.tests.builders import make_risk
from dueregard.testing.factories import make_member, make_organisation
from tests.browser.scope import work_in
from tests.browser.test_journey import sign_in


@pytest.mark.django_db(transaction=True)
def test_dsl_rescores_a_risk_and_sees_heatmap_and_movement(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    enrol_totp(dsl.user)
    with organisation_scope(org.pk):
        risk = make_risk(dsl, 2, 2, description="Filtering misses newly created sites")
        services.publish_version(dsl, risk.register, summary="Annual review")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, base, "dsl@fernhollow.example")
    page.goto(f"{base}/risks/heatmap/")
    expect(
        page.get_by_role("link", name="1 risk at likelihood 2, severity 2, green")
    ).to_be_visible()
    a11y.check(page, "risks-01-heatmap-before")

    page.goto(f"{base}/risks/")
    a11y.check(page, "risks-02-register")
    page.get_by_role("link", name="R1").click()
    page.get_by_role("link", name="Change or rescore").click()
    page.get_by_role("group", name="Likelihood").get_by_label("5 – Almost certain").check()
    page.get_by_role("group", name="Severity").get_by_label("4 – Major").check()
    page.get_by_label("Why the score changed (if it did)").fill("New platforms seen this term")
    a11y.check(page, "risks-03-rescore-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Risk R1 saved.")).to_be_visible()
    expect(page.locator("#risk-score")).to_have_text("20 Red")
    expect(page.locator("#score-history")).to_contain_text("New platforms seen this term")

    # The heatmap moved the risk; its cell is reachable from the keyboard.
    page.goto(f"{base}/risks/heatmap/")
    expect(
        page.get_by_role("link", name="1 risk at likelihood 2, severity 2, green")
    ).to_have_count(0)
    cell = page.get_by_role("link", name="1 risk at likelihood 5, severity 4, red")
    cell.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chosen")).to_contain_text("Risks at likelihood 5, severity 4")
    expect(page.get_by_text("Filtering misses newly created sites")).to_be_visible()
    expect(page.locator("#heatmap-table")).to_contain_text("20 Red")
    a11y.check(page, "risks-04-heatmap-after")

    page.get_by_role("link", name="Movement").click()
    expect(page.locator("#movement-summary")).to_have_text(
        "1 up, 0 down, 0 new, 0 closed, 0 unchanged."
    )
    expect(page.locator("#movement")).to_contain_text("Up")
    a11y.check(page, "risks-05-movement")


@pytest.mark.django_db(transaction=True)
def test_populated_register_action_plan_and_policy_pages_are_accessible(
    page: Page, live_server: Any, a11y: Any
) -> None:
    from dataclasses import dataclass, field
    from datetime import datetime, timedelta

    from django.utils import timezone

    from dueregard.demo.engine import travel_to
    from dueregard.demo.loaders.risks import load

    @dataclass
    class FakeOrganisation:
        organisation: Any
        members: dict[str, Any] = field(default_factory=dict)

    @dataclass
    class FakeDemo:
        real_now: datetime
        organisations: dict[str, FakeOrganisation]
        set_up_at: datetime

        @property
        def today(self) -> Any:
            return timezone.localdate(self.real_now)

    org = work_in(make_organisation("Fernhollow Training"))
    members = {
        "dsl": make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead"),
        "deputy": make_member(org, Role.DEPUTY_DSL, "deputy@fernhollow.example", "Dev Second"),
        "senior": make_member(org, Role.SENIOR_LEADER, "head@fernhollow.example", "Hal Head"),
        "tutor": make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tam Tutor"),
    }
    enrol_totp(members["dsl"].user)
    now = timezone.now()
    demo = FakeDemo(now, {"fh": FakeOrganisation(org, members)}, now - timedelta(days=400))
    # The loader is played as load_demo plays it: each step at the moment it yields.
    steps = load(demo)  # type: ignore[arg-type]
    moment = next(steps, None)
    while moment is not None:
        with travel_to(moment):
            moment = next(steps, None)

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "dsl@fernhollow.example")
    for name, path in [
        ("risks-10-register-demo", "/risks/"),
        ("risks-11-heatmap-demo", "/risks/heatmap/?likelihood=3&severity=4"),
        ("risks-12-movement-demo", "/risks/movement/"),
        ("risks-13-versions-demo", "/risks/versions/"),
        ("risks-14-actions-demo", "/risks/actions/"),
        ("risks-15-grid", "/risks/grid/"),
        ("risks-16-policy", "/prevent-policy/"),
        ("risks-17-dashboard", "/dashboard/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        a11y.check(page, name)
    page.goto(f"{live_server.url}/risks/actions/?status=overdue")
    page.get_by_role("link", name=re.compile(r"^A\d+$")).first.click()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    a11y.check(page, "risks-18-action-detail")
