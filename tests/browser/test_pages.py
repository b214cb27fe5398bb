"""Every other page a DSL, deputy, administrator or governor uses, checked with axe-core.

The journey test covers raising, triage, decisions, reviews and closure; this one visits
the remaining pages once each, at desktop width and on a phone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from dueregard.accounts.testing import enrol_totp
from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.concerns import categories
from dueregard.concerns.models import SafeguardingCategory
from dueregard.events import services as events
from dueregard.organisations.models import Role
from dueregard.people import record
from dueregard.policies import services as policies
from dueregard.referrals.services import NewReferral
from dueregard.subjectaccess.tests.builders import a_request
from dueregard.testing.factories import (
    make_concern,
    make_member,
    make_organisation,
    make_person,
)
from tests.browser.scope import work_in
from tests.browser.test_journey import PHONE, sign_in, sign_out


@pytest.mark.django_db(transaction=True)
def test_remaining_pages_pass_axe_at_desktop_and_phone_width(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = work_in(make_organisation("Fernhollow Training"))
    dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
    deputy = make_member(org, Role.DEPUTY_DSL, "deputy@fernhollow.example", "Dev Second")
    enrol_totp(dsl.user)
    enrol_totp(deputy.user)
    tutor = make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
    make_member(org, Role.SENIOR_LEADER, "board@fernhollow.example", "Bea Board")
    make_member(org, Role.ADMINISTRATOR, "admin@fernhollow.example", "Ada Admin")
    learner = make_person(org, "Kit", "Marlowe-Fenn", reference="L4001")
    case = cases.open_case_from_concern(dsl, make_concern(tutor, learner))
    cases.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Mentoring")
    cases.add_action(
        dsl,
        case,
        description="Weekly check-in",
        owner=tutor.user,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    cases.record_decision(
        dsl,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Threshold met",
        referral=NewReferral(
            kind="police_prevent",
            agency="Invented Police Prevent Team",
            referred_on=timezone.localdate(),
        ),
    )
    restricted = cases.open_case_from_concern(dsl, make_concern(tutor, learner))
    cases.restrict_case(dsl, restricted, [dsl.user])
    sar = a_request(dsl, learner)
    neglect = SafeguardingCategory.objects.get(organisation=org, key="neglect")
    cases.set_category(dsl, case, neglect)
    categories.retire_category(dsl, SafeguardingCategory.objects.get(organisation=org, key="fgm"))
    # The learner's safeguarding record: a flag (one ended), a carer, a sibling.
    sibling = make_person(org, "Lee", "Marlowe-Fenn", reference="L4002")
    ended = record.add_flag(dsl, learner, kind="looked_after", starts_on=date(2024, 9, 2))
    record.end_flag(dsl, ended, ends_on=date(2025, 7, 18))
    flag = record.add_flag(
        dsl, learner, kind="young_carer", starts_on=date(2025, 1, 6), detail="Cares for a parent"
    )
    record.add_contact(
        dsl,
        learner,
        record.ContactDetails(
            name="Morgan Marlowe-Fenn",
            relationship="Mother",
            parental_responsibility=True,
            phone="01632 960 001",
            email="morgan.marlowe-fenn@example.com",
            notes="Works nights: call after 2pm.",
        ),
    )
    record.relate(dsl, learner, sibling, kind="sibling")
    # A new concern about them: the queue and the concern show their history at a glance.
    waiting = make_concern(tutor, learner)
    start = timezone.now() + timedelta(days=20)
    event = events.submit_request(
        tutor,
        events.NewEvent(
            topic="Faith and the media: an invented panel with a long title for small screens",
            organiser="Media studies",
            speakers="Invented Speaker, Example Trust",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            venue="Lecture theatre",
            mode="in_person",
            audience="Level 3 learners",
        ),
    )
    policy = policies.create_policy(
        dsl,
        policies.PolicyDetails(
            title="Safeguarding and Prevent duty policy",
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=timezone.localdate() + timedelta(days=100),
        ),
    )
    policies.add_version(
        dsl,
        policy,
        summary="First version",
        approved_by="Board of governors",
        approved_on=timezone.localdate(),
        effective_on=timezone.localdate(),
        upload=SimpleUploadedFile("policy.txt", b"Invented policy text"),
    )

    # Each lead signs in once (an authenticator code cannot be used twice): the pages are
    # checked at desktop width and again on a phone within the same session.
    desktop: ViewportSize = {"width": 1280, "height": 900}
    sizes = ((desktop, "desktop"), (PHONE, "phone"))
    sign_in(page, base, "dsl@fernhollow.example")
    for width, suffix in sizes:
        page.set_viewport_size(width)
        for name, path in [
            ("case-list", "/cases/"),
            ("case-list-filtered", "/cases/?status=all&category=neglect&overdue=on&sort=review"),
            ("case-category", f"/cases/{case.public_id}/category/"),
            ("categories", "/concerns/categories/"),
            ("category-edit", f"/concerns/categories/{neglect.public_id}/"),
            ("case-detail", f"/cases/{case.public_id}/"),
            ("access-log", f"/cases/{case.public_id}/access-log/"),
            ("chronology", f"/cases/{case.public_id}/chronology/"),
            ("chronology-dates", f"/cases/{case.public_id}/chronology/?start=2026-01-02"),
            ("chronology-kinds", f"/cases/{case.public_id}/chronology/?kind=decision&kind=review"),
            ("chronology-kind-error", f"/cases/{case.public_id}/chronology/?kind=nonsense"),
            ("triage-queue", "/concerns/triage/"),
            ("concern-with-history", f"/concerns/{waiting.public_id}/"),
            ("add-action", f"/cases/{case.public_id}/actions/"),
            ("add-party", f"/cases/{case.public_id}/people/"),
            ("add-note", f"/cases/{case.public_id}/notes/"),
            ("restrict", f"/cases/{case.public_id}/restrict/"),
            ("approve-referral", f"/referrals/{case.referrals.get().public_id}/approve/"),
            ("people", "/people/"),
            ("person", f"/people/{learner.public_id}/"),
            ("person-add", "/people/add/"),
            ("people-import", "/people/import/"),
            ("alerts", "/alerts/"),
            ("members", "/organisation/members/"),
            ("member-add", "/organisation/members/add/"),
            ("sites", "/organisation/sites/"),
            ("settings", "/organisation/settings/"),
            ("account-security", "/accounts/security/"),
            ("person-access-log", f"/cases/person/{learner.public_id}/access-log/"),
            ("person-record", f"/cases/person/{learner.public_id}/"),
            ("person-record-filtered", f"/cases/person/{learner.public_id}/?kind=case"),
            ("person-flag-add", f"/people/{learner.public_id}/flags/add/"),
            ("person-flag-end", f"/people/flags/{flag.public_id}/end/"),
            ("person-contact-add", f"/people/{learner.public_id}/contacts/add/"),
            ("person-relation-add", f"/people/{learner.public_id}/related/add/"),
            ("api-keys", "/api/keys/"),
            ("api-key-add", "/api/keys/new/"),
            ("sar-list", "/subject-access/"),
            ("sar-start", f"/subject-access/start/?person={learner.public_id}"),
            ("sar-detail", f"/subject-access/{sar.public_id}/"),
            ("sar-extend", f"/subject-access/{sar.public_id}/extend/"),
            ("sar-redact", f"/subject-access/{sar.public_id}/redact/"),
            ("decide", f"/cases/{restricted.public_id}/decision/"),
            ("decide-emergency", f"/cases/{restricted.public_id}/decision/?kind=emergency"),
            ("decide-referral", f"/cases/{restricted.public_id}/decision/?kind=external_referral"),
            ("policies", "/policies/"),
            ("policy", f"/policies/{policy.public_id}/"),
            ("policy-outstanding", f"/policies/{policy.public_id}/not-acknowledged/"),
            ("events", "/events/"),
            ("event", f"/events/{event.public_id}/"),
            ("prevent-policy", "/prevent-policy/"),
            ("prevent", "/prevent/"),
        ]:
            page.goto(base + path)
            # axe, and no sideways scroll (scrollWidth <= clientWidth) at this width.
            a11y.check(page, f"{suffix}-{name}")
        # A form submitted empty shows the GOV.UK error summary, and it is accessible too.
        page.goto(f"{base}/cases/{case.public_id}/notes/")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        a11y.check(page, f"{suffix}-note-errors")
    sign_out(page)

    sign_in(page, base, "deputy@fernhollow.example")
    for width, suffix in sizes:
        page.set_viewport_size(width)
        page.goto(f"{base}/cases/{restricted.public_id}/")
        expect(page.get_by_role("heading", name="This case is restricted")).to_be_visible()
        a11y.check(page, f"{suffix}-restricted")
    sign_out(page)

    # A file chosen on a concern form sent back with an error stays attached (no script
    # needed): the re-shown form lists it with a tick-box to remove it.
    sign_in(page, base, "tutor@fernhollow.example")
    for width, suffix in sizes:
        page.set_viewport_size(width)
        page.goto(f"{base}/concerns/raise/details/?danger=no")
        page.get_by_label("Attach files (optional)").set_input_files(
            {"name": "note.txt", "mimeType": "text/plain", "buffer": b"An invented note."}
        )
        page.get_by_role("button", name="Send to the DSL").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page.get_by_label("Attached: note.txt (remove)")).to_be_visible()
        a11y.check(page, f"{suffix}-concern-held-file")
    sign_out(page)

    sign_in(page, base, "board@fernhollow.example")
    for width, suffix in sizes:
        page.set_viewport_size(width)
        page.goto(f"{base}/dashboard/")
        a11y.check(page, f"{suffix}-governor-dashboard")
        assert "Kit" not in page.locator("main").inner_text()
    sign_out(page)
    assert deputy.user.email.endswith(".example")
