"""Permission rows for referrals, the information-sharing log, contacts and Channel.

The DSL team works referrals; only the DSL approves or sends back; inspectors read the
sharing log (anonymised) and the contacts directory; staff read only the emergency
contacts; administrators keep the directory but see no referral.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.channel import services as channel
from dueregard.contacts.services import save_contact
from dueregard.referrals import follow_ups
from dueregard.referrals import services as referrals
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing import services as sharing_services
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_concern
from tests.matrix import row, rule

FILTERED = "?status=draft&kind=other"  # the list's filters are GET parameters

#            anon   dsl  deputy teacher governor admin inspector outsider
ROWS = [
    rule("referrals:list"),
    rule("referrals:list", query=FILTERED),
    rule("referrals:detail", "GET", "referral"),
    rule("referrals:prepare", "GET", "case"),
    rule("referrals:edit", "GET", "referral"),
    # The world's referral is past its draft: refused (409) for whoever may submit.
    rule("referrals:submit", "POST", "referral", ok=409),
    row("referrals:submit", "GET", "referral", 405, 405, 405, 405, 405, 405, 405, 405),
    rule("referrals:send_back", "GET", "referral"),
    rule("referrals:sent", "GET", "referral"),
    rule("referrals:progress", "GET", "referral"),
    rule("referrals:follow_up_add", "GET", "referral"),
    rule("referrals:follow_up_done", "GET", "follow_up"),
    rule("referrals:document_pdf", "GET", "approved_referral"),
    rule("referrals:document_docx", "GET", "approved_referral"),
    rule("sharing:log"),
    rule("sharing:log", "POST", data={}, to="sharing:log"),
    rule("sharing:disclosure_add"),
    rule("sharing:disclosure_correct", "GET", "disclosure"),
    rule("sharing:log_csv"),
    rule("sharing:log_xlsx"),
    rule("contacts:list"),
    rule("contacts:add"),
    rule("contacts:edit", "GET", "contact"),
    rule("channel:case", "GET", "case"),
    rule("channel:add", "GET", "case"),
    rule("channel:review", "GET", "channel_review"),
    rule("channel:outcome", "GET", "pending_panel"),
    rule("channel:action_done", "POST", "panel_action", to="channel:case", again=409),
    row("channel:action_done", "GET", "panel_action", 405, 405, 405, 405, 405, 405, 405, 405),
]


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl = world["memberships"]["dsl"]
    teacher = world["memberships"]["teacher"]
    person = world["person"]
    contact = save_contact(
        dsl, {"kind": "police_prevent", "name": "Invented Prevent Team", "phone": "01632 960001"}
    )
    follow_up = follow_ups.add_follow_up(
        dsl,
        world["referral"],
        description="Chase the outcome.",
        owner=dsl.user,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    case = cases.open_case_from_concern(dsl, make_concern(teacher, person))
    cases.record_decision(
        dsl,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Refer",
        referral=a_complete_referral(),
    )
    approved = referrals.approve_referral(dsl, case.referrals.get())
    meeting = channel.record_panel(
        dsl,
        case,
        channel.NewPanel(
            met_on=timezone.localdate() - timedelta(days=200),
            consent="given",
            summary="Invented panel summary.",
            outcome="support_ended",
            attendees=[("Channel chair", "", "Invented Council")],
            support_ended_on=timezone.localdate() - timedelta(days=190),
        ),
    )
    pending = channel.record_panel(
        dsl,
        world["case"],
        channel.NewPanel(
            met_on=timezone.localdate() - timedelta(days=3),
            consent="given",
            summary="Invented panel summary.",
            outcome="not_yet_known",
            attendees=[("Channel chair", "", "Invented Council")],
            actions=[("Invented mentoring sessions", "Intervention provider", None)],
        ),
    )
    disclosure = sharing_services.record_disclosure(dsl, a_disclosure(world["case"]))
    return {
        "pending_panel": pending,
        "panel_action": pending.actions.get(),
        "disclosure": disclosure,
        "contact": contact,
        "follow_up": follow_up,
        "approved_referral": approved,
        "channel_review": meeting.reviews.order_by("months").first(),
    }
