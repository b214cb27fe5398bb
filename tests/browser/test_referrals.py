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
from dueregard.referrals.models import Referral
from dueregard.sharing import services as sharing_services
from dueregard.sharing.models import Disclosure
from dueregard.testing.factories import in_scope, make_member, make_organisation, make_person
from tests.browser.test_journey import sign_in


@pytest.mark.django_db(transaction=True)
def test_from_decision_to_approved_referral_to_recorded_outcome(
    page: Page, live_server: Any, a11y: Any
) -> None:
    base = live_server.url
    org = make_organisation("Fernhollow Training")
    # Setting up and checking run in the organisation's scope; the pages open their own.
    with in_scope(org):
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
        page.get_by_role("button", name="Continue").click()
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
        page.get_by_role("textbox", name="Indicators observed").fill(
            "Recent isolation from friends."
        )
        page.get_by_role("textbox", name="Online activity").fill(
            "Kept back: not needed by the agency."
        )
        page.get_by_label("UK GDPR Article 6 lawful basis").select_option("6_1_e")
        page.get_by_label("Article 9 condition (special category data)").select_option("none")
        page.get_by_label("Data Protection Act 2018 Schedule 1 condition").select_option("none")
        page.get_by_label("Article 10 (criminal offence data)").select_option("none")
        page.get_by_label("Not sought").check()
        page.get_by_role("button", name="Save the draft").click()
        expect(
            page.get_by_text("Give the reason for sharing without consent.").first
        ).to_be_visible()
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
        assert referral.shared_fields == [
            "name",
            "date_of_birth",
            "how_arose",
            "event",
            "indicators",
        ]


@pytest.mark.django_db(transaction=True)
def test_correcting_the_log_filtering_referrals_and_following_a_channel_panel(
    page: Page, live_server: Any, a11y: Any
) -> None:
    from datetime import timedelta

    from dueregard.channel import services as channel
    from dueregard.organisations.models import Site
    from dueregard.referrals import services as referrals
    from dueregard.referrals.testing import a_complete_referral
    from dueregard.sharing.testing import a_disclosure
    from dueregard.training.services.records import save_profile

    base = live_server.url
    org = make_organisation("Fernhollow Training")
    # Setting up and checking run in the organisation's scope; the pages open their own.
    with in_scope(org):
        dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
        enrol_totp(dsl.user)
        admin = make_member(org, Role.ADMINISTRATOR, "admin@fernhollow.example", "Ash Admin")
        tutor = make_member(org, Role.STAFF, "tutor@fernhollow.example", "Tamsin Tutor")
        annexe = Site.objects.create(organisation=org, name="Riverside Annexe")
        save_profile(admin, tutor, site=annexe, started_on=None)
        save_contact(dsl, {"kind": "emergency", "name": "Emergency services", "phone": "999"})
        save_contact(
            dsl,
            {"kind": "deputy_dsl", "name": "Rowan Reed, deputy DSL", "phone": "01632 960402"},
            sites=[annexe],
        )
        save_contact(
            dsl,
            {"kind": "police_prevent", "name": "Invented Prevent Team", "phone": "01632 960410"},
        )
        learner = make_person(org, "Kit", "Marlowe-Fenn", reference="L4001")
        case = open_case(dsl, learner)
        referrals.prepare_referral(dsl, case, a_complete_referral(submit=False))
        referrals.prepare_referral(
            dsl, case, a_complete_referral(kind="lado", agency="Invented LADO", submit=False)
        )
        entry = sharing_services.record_disclosure(dsl, a_disclosure(case))
        channel.record_panel(
            dsl,
            case,
            channel.NewPanel(
                met_on=timezone.localdate() - timedelta(days=2),
                consent="given",
                summary="Invented: the panel met and will write with its decision.",
                outcome="not_yet_known",
                attendees=[("Channel chair", "", "Invented Council"), ("DSL", "Dora Lead", "")],
                actions=[("Invented: arrange mentoring", "Intervention provider", None)],
            ),
        )

        page.set_default_timeout(8000)
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, base, "dsl@fernhollow.example")

        page.goto(f"{base}/referrals/")
        page.get_by_label("Kind of referral").select_option("lado")
        page.get_by_role("button", name="Filter").click()
        expect(page.get_by_text("1 referral matches the filters")).to_be_visible()
        a11y.check(page, "referral-10-list-filtered")

        page.goto(f"{base}/referrals/case/{case.public_id}/prepare/")
        page.get_by_label("Kind of referral").select_option("lado")
        page.get_by_label("Agency from the contacts directory").select_option(
            label="Invented Prevent Team"
        )
        page.get_by_label("Date of referral").fill(timezone.localdate().isoformat())
        page.get_by_role("button", name="Start the draft").click()
        expect(
            page.get_by_text("That agency does not fit the kind of referral").first
        ).to_be_visible()
        a11y.check(page, "referral-11-agency-mismatch")

        page.goto(f"{base}/referrals/sharing-log/")
        page.get_by_role("link", name="Correct this entry").click()
        a11y.check(page, "referral-12-correct-entry")
        page.get_by_label("What was wrong with the entry").fill("The wrong desk was named.")
        page.get_by_label("Shared with").fill("Invented Early Help desk")
        page.get_by_role("button", name="Add the correction to the log").click()
        expect(page.get_by_text("Corrected", exact=True)).to_be_visible()
        a11y.check(page, "referral-13-log-corrected")
        assert Disclosure.objects.get(corrects=entry).recipient == "Invented Early Help desk"

        page.goto(f"{base}/channel/case/{case.public_id}/")
        page.get_by_role("button", name="Mark done").click()
        expect(page.get_by_text("Action marked done.")).to_be_visible()
        page.get_by_role("link", name="Record the outcome").click()
        a11y.check(page, "referral-14-channel-outcome")
        page.get_by_label("Continue: review at the next panel").check()
        page.get_by_label("How you learned the outcome").fill("The chair's letter of this week.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Outcome recorded later")).to_be_visible()
        a11y.check(page, "referral-15-channel-panels")

        page.get_by_role("button", name="Sign out").click()
        sign_in(page, base, "tutor@fernhollow.example")
        page.goto(f"{base}/concerns/raise/details/?danger=yes")
        expect(page.get_by_text("At Riverside Annexe, your site")).to_be_visible()
        a11y.check(page, "referral-16-emergency-site")


@pytest.mark.django_db(transaction=True)
def test_the_inspector_reads_the_sharing_log_by_agency_kind_and_role(
    page: Page, live_server: Any, a11y: Any
) -> None:
    from dueregard.sharing.testing import a_disclosure

    base = live_server.url
    org = make_organisation("Fernhollow Training")
    # Setting up and checking run in the organisation's scope; the pages open their own.
    with in_scope(org):
        dsl = make_member(org, Role.DSL, "dsl@fernhollow.example", "Dora Lead")
        deputy = make_member(org, Role.DEPUTY_DSL, "deputy@fernhollow.example", "Dev Second")
        make_member(org, Role.INSPECTOR, "inspector@fernhollow.example", "Ines Visit")
        door = save_contact(
            dsl,
            {
                "kind": "childrens_social_care",
                "name": "Invented Front Door",
                "phone": "01632 960411",
            },
        )
        learner = make_person(org, "Kit", "Marlowe-Fenn", reference="L4001")
        case = open_case(dsl, learner)
        sharing_services.record_disclosure(
            deputy,
            a_disclosure(
                case,
                contact=door,
                recipient="Invented Front Door (Officer Pat Quill)",
                approved_by=dsl.user,
            ),
        )

        page.set_default_timeout(8000)
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, base, "inspector@fernhollow.example")
        page.goto(f"{base}/referrals/sharing-log/")
        a11y.check(page, "referral-20-inspector-log")
        expect(page.get_by_text("1 disclosure", exact=True)).to_be_visible()
        body = page.locator("main").inner_text()
        for name in ("Pat Quill", "Invented Front Door", "Dora Lead", "Dev Second", "Marlowe-Fenn"):
            assert name not in body
        assert "Children's social care" in body
