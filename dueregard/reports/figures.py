"""Aggregate figures for dashboards. Counts only: never a score or rank of a person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dueregard.cases.models import Case, CaseStatus
from dueregard.concerns.models import Concern

SMALL_NUMBER = 5


def suppress(count: int) -> str:
    """Counts under 5 are shown as '<5' where figures leave the safeguarding team."""
    return "<5" if 0 < count < SMALL_NUMBER else str(count)


@dataclass(frozen=True)
class Row:
    label: str
    count: int


def cases_by_status(organisation_id: int) -> list[Row]:
    counts = dict(
        Case.objects.filter(organisation_id=organisation_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [Row(str(label), counts.get(value, 0)) for value, label in CaseStatus.choices]


def concerns_by_month(organisation_id: int, months: int = 12) -> list[Row]:
    today = timezone.localdate()
    start_year, start_month = divmod(today.year * 12 + today.month - 1 - (months - 1), 12)
    start = date(start_year, start_month + 1, 1)
    counts = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in Concern.objects.filter(
            organisation_id=organisation_id, created_at__date__gte=start
        )
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
    }
    rows = []
    for i in range(months):
        y, m = divmod(start.year * 12 + start.month - 1 + i, 12)
        first = date(y, m + 1, 1)
        rows.append(Row(first.strftime("%b %Y"), counts.get(first.strftime("%Y-%m"), 0)))
    return rows


def cases_by_type(organisation_id: int) -> list[Row]:
    rows = (
        Case.objects.filter(organisation_id=organisation_id)
        .values("category__label")
        .annotate(n=Count("id"))
        .order_by("category__type_list", "category__order")
    )
    return [Row(r["category__label"] or "Not yet set", r["n"]) for r in rows]
