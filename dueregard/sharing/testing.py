"""Sharing-log builders for tests and demo data. Every name here is invented."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dueregard.cases.models import Case
from dueregard.sharing import lawful
from dueregard.sharing.models import DisclosureKind
from dueregard.sharing.services import NewDisclosure


def a_disclosure(case: Case | None = None, **overrides: Any) -> NewDisclosure:
    """A phone call to social care recorded after the fact, without consent and saying why."""
    fields: dict[str, Any] = {
        "kind": DisclosureKind.PHONE,
        "disclosed_at": timezone.now() - timedelta(hours=1),
        "recipient": "Invented Children's Services duty desk",
        "what": "Invented: name, date of birth and the concern of Monday.",
        "purpose": "Invented: to check whether the family is known.",
        "lawful_basis_art6": lawful.Article6.PUBLIC_TASK,
        "lawful_basis_art9": lawful.Article9.NONE,
        "lawful_basis_sch1": lawful.Schedule1.NONE,
        "lawful_basis_art10": lawful.Article10.NONE,
        "consent": lawful.Consent.NOT_SOUGHT,
        "consent_reason": "Invented: asking first could place the child at risk.",
        "case": case,
    }
    fields.update(overrides)
    return NewDisclosure(**fields)
