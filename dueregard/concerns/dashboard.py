"""The concerns app's part of the dashboard: concerns raised by month, counts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from dueregard.concerns.models import Concern
from dueregard.core.dashboard import Panel, Place, Row
from dueregard.organisations.permissions import Can

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


def by_month(membership: Membership) -> Panel | None:
    """The last twelve months, all concerns and Prevent and other safeguarding apart, for
    everyone who sees the dashboard (small numbers suppressed outside the safeguarding
    team)."""
    if not membership.can(Can.SEE_DASHBOARD):
        return None
    monthly = monthly_figures(membership.organisation_id)
    context = {
        "rows": monthly.all,
        "prevent": monthly.prevent,
        "other": monthly.other,
        "months": list(zip(monthly.all, monthly.prevent, monthly.other, strict=True)),
        "suppress": not membership.can(Can.HANDLE_CASES),
    }
    return Panel("concerns/_dashboard_by_month.html", context, place=Place.TRENDS)


@dataclass(frozen=True)
class MonthlyFigures:
    """Concerns raised each month: all of them, then Prevent and other safeguarding. A
    concern counts under its case's category once the DSL has set it, before that under
    the reporter's choice; one with neither (or 'not sure') is in ``all`` only."""

    all: list[Row]
    prevent: list[Row]
    other: list[Row]


def concerns_by_month(organisation_id: int, months: int = 12) -> list[Row]:
    return monthly_figures(organisation_id, months).all


def monthly_figures(organisation_id: int, months: int = 12) -> MonthlyFigures:
    today = timezone.localdate()
    start_year, start_month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
    start = date(start_year, start_month + 1, 1)
    # An aware instant (midnight UK time on the first day), not ``created_at__date``: a
    # range on the column itself is what the (organisation, created_at) index serves.
    since = timezone.make_aware(datetime.combine(start, time.min))
    counts: dict[tuple[str, bool | None], int] = {}
    for row in (
        Concern.objects.filter(organisation_id=organisation_id, created_at__gte=since)
        .annotate(
            month=TruncMonth("created_at"),
            prevent=Coalesce(
                "case__safeguarding_category__is_prevent", "reported_category__is_prevent"
            ),
        )
        .values("month", "prevent")
        .annotate(n=Count("*"))
    ):
        found = (row["month"].strftime("%Y-%m"), row["prevent"])
        counts[found] = counts.get(found, 0) + row["n"]
    figures = MonthlyFigures([], [], [])
    for i in range(months):
        y, m = divmod(start.year * 12 + start.month - 1 + i, 12)
        first = date(y, m + 1, 1)
        label, month = first.strftime("%b %Y"), first.strftime("%Y-%m")
        prevent, other = counts.get((month, True), 0), counts.get((month, False), 0)
        figures.all.append(Row(label, prevent + other + counts.get((month, None), 0)))
        figures.prevent.append(Row(f"Prevent, {label}", prevent))
        figures.other.append(Row(f"Other safeguarding, {label}", other))
    return figures
