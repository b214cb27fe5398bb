"""Referral builders for tests and demo data. Every name here is invented."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dueregard.referrals.models import ReferralKind
from dueregard.referrals.services import DraftChanges, NewReferral
from dueregard.sharing import lawful

SECTIONS = {
    "how_arose": "Invented: a tutor heard remarks in class and told the DSL the same day.",
    "event": "Invented: on Monday in the workshop the learner showed a video to others.",
    "indicators": "Invented: recent isolation from friends; new interest in violent material.",
    "online_activity": "Invented: mentions of a messaging channel; no details known.",
    "discussions": "Invented: the learner and a parent were spoken to on Tuesday.",
}


def a_complete_referral(**overrides: Any) -> NewReferral:
    """A referral ready for approval: content, lawful basis and consent recorded, submitted."""
    fields: dict[str, Any] = {
        "kind": ReferralKind.POLICE_PREVENT,
        "agency": "Invented Police Prevent Team",
        "referred_on": timezone.localdate(),
        "sections": dict(SECTIONS),
        "lawful_basis_art6": lawful.Article6.PUBLIC_TASK,
        "lawful_basis_art9": lawful.Article9.SUBSTANTIAL_PUBLIC_INTEREST,
        "lawful_basis_sch1": lawful.Schedule1.SAFEGUARDING,
        "lawful_basis_art10": lawful.Article10.NONE,
        "consent": lawful.Consent.GIVEN,
        "submit": True,
    }
    fields.update(overrides)
    return NewReferral(**fields)


def a_draft_change(**overrides: Any) -> DraftChanges:
    """Valid changes to a draft: the complete referral's content, to the same agency."""
    base = a_complete_referral()
    fields: dict[str, Any] = {
        "kind": base.kind,
        "contact": None,
        "agency": base.agency,
        "referred_on": base.referred_on,
        "person": None,
        "sections": dict(base.sections),
        "shared_fields": list(base.shared_fields),
        "lawful_basis_art6": base.lawful_basis_art6,
        "lawful_basis_art9": base.lawful_basis_art9,
        "lawful_basis_sch1": base.lawful_basis_sch1,
        "lawful_basis_art10": base.lawful_basis_art10,
        "consent": base.consent,
        "consent_reason": base.consent_reason,
    }
    fields.update(overrides)
    return DraftChanges(**fields)
