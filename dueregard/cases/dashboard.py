"""The cases app's part of the dashboard: the DSL team's working lists, and case figures.

``work`` is for the DSL team only (it names case references and owners); ``figures`` is
counts only, with small numbers suppressed for viewers outside the safeguarding team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone

from dueregard.cases.models import Case, CaseStatus
from dueregard.cases.queries import monitoring_due, overdue_actions, overdue_reviews
from dueregard.concerns.models import Concern, ConcernStatus, over_triage_target
from dueregard.core.dashboard import Panel, Place, Row
from dueregard.organisations.permissions import Can

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


def work(membership: Membership) -> Panel | None:
    """Awaiting triage, overdue reviews, monitored cases due a look, overdue actions."""
    if not membership.can(Can.HANDLE_CASES):
        return None
    org_id = membership.organisation_id
    untriaged = Concern.objects.filter(
        organisation_id=org_id, status=ConcernStatus.AWAITING_TRIAGE
    ).aggregate(
        waiting=Count("pk"),
        over_target=Count("pk", filter=over_triage_target(membership.organisation, timezone.now())),
    )
    context = {
        "untriaged": untriaged["waiting"],
        "untriaged_over_target": untriaged["over_target"],
        "overdue_reviews": overdue_reviews(org_id).select_related("case").order_by("due_at")[:50],
        "monitoring_due": monitoring_due(org_id).order_by("monitor_review_on")[:50],
        "overdue_actions": overdue_actions(org_id)
        .select_related("case", "owner")
        .order_by("due_on")[:50],
    }
    return Panel("cases/_dashboard_work.html", context, place=Place.WORK)


def figures(membership: Membership) -> Panel | None:
    """Cases by status; Prevent and other safeguarding apart; by category; Prevent cases by
    Prevent type. For everyone who sees the dashboard."""
    if not membership.can(Can.SEE_DASHBOARD):
        return None
    org_id = membership.organisation_id
    by_category = cases_by_category(org_id)
    context = {
        "by_status": cases_by_status(org_id),
        "by_kind": by_category.kind,
        "by_category": by_category.category,
        "by_type": by_category.prevent_type,
        "suppress": not membership.can(Can.HANDLE_CASES),
    }
    return Panel("cases/_dashboard_figures.html", context, place=Place.FIGURES)


def cases_by_status(organisation_id: int) -> list[Row]:
    counts = dict(
        Case.objects.filter(organisation_id=organisation_id)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [Row(str(label), counts.get(value, 0)) for value, label in CaseStatus.choices]


@dataclass(frozen=True)
class CategoryFigures:
    """Cases counted by the category the DSL set: Prevent against other safeguarding
    (``kind``), by category, and the Prevent cases by Home Office type."""

    kind: list[Row]
    category: list[Row]
    prevent_type: list[Row]


NOT_SET = "Category not yet set"


def cases_by_category(organisation_id: int) -> CategoryFigures:
    """One grouped query: every (category, Prevent type) pair with its count."""
    rows = list(
        Case.objects.filter(organisation_id=organisation_id)
        .values(
            "safeguarding_category__name",
            "safeguarding_category__is_prevent",
            "safeguarding_category__order",
            "category__label",
            "category__type_list",
            "category__order",
        )
        .annotate(n=Count("id"))
        .order_by(
            "safeguarding_category__order",
            "safeguarding_category__name",
            "category__type_list",
            "category__order",
        )
    )
    prevent = sum(r["n"] for r in rows if r["safeguarding_category__is_prevent"] is True)
    other = sum(r["n"] for r in rows if r["safeguarding_category__is_prevent"] is False)
    unset = sum(r["n"] for r in rows if r["safeguarding_category__name"] is None)
    kind = [Row("Prevent (radicalisation)", prevent), Row("Other safeguarding", other)]
    if unset:
        kind.append(Row(NOT_SET, unset))
    by_name: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for r in rows:
        name = r["safeguarding_category__name"] or NOT_SET
        by_name[name] = by_name.get(name, 0) + r["n"]
        if r["safeguarding_category__is_prevent"]:
            label = r["category__label"] or "Prevent type not yet set"
            by_type[label] = by_type.get(label, 0) + r["n"]
    # "Not yet set" goes last (it sorts first: NULLs come first in ascending order here).
    category = [Row(k, v) for k, v in by_name.items() if k != NOT_SET]
    if NOT_SET in by_name:
        category.append(Row(NOT_SET, by_name[NOT_SET]))
    return CategoryFigures(
        kind=kind, category=category, prevent_type=[Row(k, v) for k, v in by_type.items()]
    )
