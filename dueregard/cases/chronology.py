"""Writing to a case's chronology: every service that changes a case calls ``add``."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from dueregard.accounts.models import User
from dueregard.cases.models import Case, ChronologyEntry, ChronologyKind
from dueregard.organisations.models import Membership


def add(
    case: Case,
    membership: Membership,
    title: str,
    *,
    kind: ChronologyKind,
    body: str = "",
    occurred_at: datetime | None = None,
    by: User | None = None,
) -> ChronologyEntry:
    """Append an entry of ``kind``. ``occurred_at`` back-dates it; the write time is kept.

    ``by`` is who did it when that is not the member writing it (the reporter who raised
    a concern the DSL triaged). ``title`` is stored as plain text: never a name or
    narrative (those go in the encrypted ``body``).
    """
    entry: ChronologyEntry = ChronologyEntry.objects.create(
        organisation_id=case.organisation_id,
        created_by=by or membership.user,
        case=case,
        occurred_at=occurred_at or timezone.now(),
        kind=kind,
        title=title[:200],
        body=body,
    )
    return entry
