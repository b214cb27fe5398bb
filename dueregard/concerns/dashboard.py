"""The concerns app's part of the dashboard: concerns raised by month, counts only."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dueregard.concerns.models import Concern
from dueregard.core.dashboard import Panel, Place, Row
from dueregard.organisations.permissions import Can

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


def by_month(membership: Membership) -> Panel | None:
    """The last twelve months, for everyone who sees the dashboard (small numbers
    suppressed outside the safeguarding team)."""
    if not membership.can(Can.SEE_DASHBOARD):
        return None
    context = {
        "rows": concerns_by_month(membership.organisation_id),
        "suppress": not membership.can(Can.HANDLE_CASES),
    }
    return Panel("concerns/_dashboard_by_month.html", context, place=Place.TRENDS)


def concerns_by_month(organisation_id: int, months: int = 12) -> list[Row]:
    today = timezone.localdate()
    start_year, start_month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
    start = date(start_year, start_month + 1, 1)
    # An aware instant (midnight UK time on the first day), not ``created_at__date``: a
    # range on the column itself is what the (organisation, created_at) index serves, and
    # Count("*") lets it be an index-only scan.
    since = timezone.make_aware(datetime.combine(start, time.min))
    counts = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in Concern.objects.filter(organisation_id=organisation_id, created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("*"))
    }
    rows = []
    for i in range(months):
        y, m = divmod(start.year * 12 + start.month - 1 + i, 12)
        first = date(y, m + 1, 1)
        rows.append(Row(first.strftime("%b %Y"), counts.get(first.strftime("%Y-%m"), 0)))
    return rows
