"""Writing to a case's chronology: every service that changes a case calls ``add``."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from dueregard.cases.models import Case, ChronologyEntry
from dueregard.organisations.models import Membership


def add(
    case: Case,
    membership: Membership,
    title: str,
    *,
    body: str = "",
    occurred_at: datetime | None = None,
) -> ChronologyEntry:
    """Append an entry. ``occurred_at`` back-dates it; the write time is kept as well."""
    entry: ChronologyEntry = ChronologyEntry.objects.create(
        organisation_id=case.organisation_id,
        created_by=membership.user,
        case=case,
        occurred_at=occurred_at or timezone.now(),
        title=title[:200],
        body=body,
    )
    return entry
