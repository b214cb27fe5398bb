"""The printable case file and the printable chronology (PDF, OFFICIAL-SENSITIVE).

Built for a member who may open the case (the views check restriction first); each is an
export in the audit trail (``case.exported``). Queries are fixed in number whatever the
size of the case: every list is one query (``cases/tests/test_query_counts.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dueregard.cases.models import Case, ChronologyEntry, ChronologyKind
from dueregard.core.exports import OFFICIAL_SENSITIVE, render_pdf
from dueregard.organisations.models import Membership


def _common(case: Case, membership: Membership) -> dict[str, Any]:
    return {
        "case": case,
        "organisation": membership.organisation,
        "printed_by": membership.user,
        "generated_at": timezone.localtime(),
        "marking": OFFICIAL_SENSITIVE,
    }


def entries_of(case: Case) -> QuerySet[ChronologyEntry]:
    """Every entry of ``case``, oldest first, with who wrote each (one query)."""
    return case.chronology.select_related("created_by").order_by("occurred_at", "id")


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def case_file_pdf(case: Case, membership: Membership) -> bytes:
    """The whole case: summary, people, concerns, decisions, support, reviews, referrals,
    Channel, notes and the chronology."""
    channel_panels = case.channel_panels.order_by("met_on", "id").prefetch_related(
        "attendees", "actions", "reviews"
    )
    context = _common(case, membership) | {
        "restricted_to": list(case.restricted_to.all()) if case.is_restricted else [],
        "parties": list(case.parties.select_related("person").order_by("role", "id")),
        "concerns": list(case.concerns.select_related("reporter").order_by("created_at")),
        "decisions": list(case.decisions.select_related("created_by")),
        "actions": list(case.actions.select_related("owner")),
        "reviews": list(case.reviews.select_related("held_by")),
        "referrals": list(case.referrals.select_related("approved_by")),
        "channel_panels": list(channel_panels),
        "notes": list(case.notes.select_related("created_by")),
        "entries": list(entries_of(case)),
    }
    return render_pdf("cases/exports/case_file.html", context)


def chronology_pdf(
    case: Case, membership: Membership, entries: QuerySet[ChronologyEntry], chosen: dict[str, Any]
) -> bytes:
    """The chronology, oldest first, narrowed as the page was (``chosen``: kinds, dates)."""
    kinds = [ChronologyKind(k).label for k in chosen.get("kinds", "").split(",") if k]
    context = _common(case, membership) | {
        "entries": list(entries),
        "kinds": kinds,
        "start": _day(chosen.get("start")),
        "end": _day(chosen.get("end")),
    }
    return render_pdf("cases/exports/chronology.html", context)
