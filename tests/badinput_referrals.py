"""Bad input through the main forms of referrals, the sharing log, contacts and Channel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from dueregard.cases import services as cases
from dueregard.cases.models import DecisionKind
from dueregard.channel import services as channel
from dueregard.referrals import services as referrals
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing import services as sharing_services
from dueregard.sharing.testing import a_disclosure
from dueregard.testing.factories import make_concern
from tests.matrix import Page


def objects(world: dict[str, Any]) -> dict[str, Any]:
    dsl, teacher, person = world["dsl"], world["teacher"], world["person"]
    draft = referrals.prepare_referral(
        dsl,
        world["referral"].case,
        referrals.NewReferral(
            kind="childrens_social_care",
            agency="Invented Children's Services",
            referred_on=timezone.localdate(),
        ),
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
    disclosure = sharing_services.record_disclosure(dsl, a_disclosure(world["referral"].case))
    pending = channel.record_panel(
        dsl,
        world["referral"].case,
        channel.NewPanel(
            met_on=timezone.localdate() - timedelta(days=3),
            consent="given",
            summary="Invented panel summary.",
            outcome="not_yet_known",
            attendees=[("Channel chair", "", "Invented Council")],
        ),
    )
    return {
        "draft_referral": draft,
        "approved_referral": approved,
        "disclosure": disclosure,
        "pending_panel": pending,
    }


def _url(name: str, key: str) -> Any:
    return lambda w: reverse(name, kwargs={"public_id": w[key].public_id})


def _today() -> str:
    return timezone.localdate().isoformat()


def _yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


PAGES = [
    Page(
        "referral draft",
        "dsl",
        _url("referrals:edit", "draft_referral"),
        lambda w: {
            "kind": "childrens_social_care",
            "agency": "Invented Children's Services",
            "referred_on": _today(),
            "how_arose": "Invented: the tutor noticed a change.",
            "shared_fields": ["how_arose"],
            "lawful_basis_art6": "6_1_e",
            "consent": "not_sought",
            "consent_reason": "Invented: asking could raise the risk.",
        },
    ),
    Page(
        "referral sent",
        "dsl",
        _url("referrals:sent", "approved_referral"),
        lambda w: {
            "method": "portal",
            "sent_on": _today(),
            "sent_time": timezone.localtime().strftime("%H:%M"),
            "officer": "Duty officer",
        },
    ),
    Page(
        "disclosure add",
        "dsl",
        lambda w: reverse("sharing:disclosure_add"),
        lambda w: {
            "kind": "phone",
            "disclosed_on": _yesterday(),
            "recipient": "Invented duty desk",
            "what": "Invented: the concern of Monday.",
            "purpose": "Invented: to check whether the family is known.",
            "lawful_basis_art6": "6_1_e",
            "lawful_basis_art9": "none",
            "lawful_basis_sch1": "none",
            "lawful_basis_art10": "none",
            "consent": "not_sought",
            "consent_reason": "Invented: asking could raise the risk.",
        },
    ),
    Page(
        "disclosure correct",
        "dsl",
        _url("sharing:disclosure_correct", "disclosure"),
        lambda w: {
            "correction_reason": "Invented: the wrong desk was named.",
            "kind": "phone",
            "disclosed_on": _yesterday(),
            "recipient": "Invented adult services desk",
            "what": "Invented: the concern of Monday.",
            "purpose": "Invented: to check whether the family is known.",
            "lawful_basis_art6": "6_1_e",
            "lawful_basis_art9": "none",
            "lawful_basis_sch1": "none",
            "lawful_basis_art10": "none",
            "consent": "not_sought",
            "consent_reason": "Invented: asking could raise the risk.",
        },
    ),
    Page(
        "referral follow-up",
        "dsl",
        _url("referrals:follow_up_add", "approved_referral"),
        lambda w: {
            "description": "Invented: chase the agency for its decision.",
            "owner": str(w["dsl"].user.pk),
            "due_on": _today(),
        },
    ),
    Page(
        "channel outcome",
        "dsl",
        _url("channel:outcome", "pending_panel"),
        lambda w: {"outcome": "continue", "note": "Invented: the chair's letter."},
    ),
    Page(
        "contact add",
        "admin",
        lambda w: reverse("contacts:add"),
        lambda w: {
            "kind": "police_prevent",
            "name": "Invented Prevent Team",
            "phone": "01632 960123",
        },
    ),
    Page(
        "channel panel",
        "dsl",
        _url("channel:add", "case"),
        lambda w: {
            "met_on": _yesterday(),
            "attendees": "Channel chair; ; Invented Council\nDSL; Dana Lead",
            "consent": "given",
            "summary": "Invented: the panel agreed mentoring.",
            "actions": "Mentoring sessions; Intervention provider; ",
            "outcome": "support_offered",
        },
    ),
]
