"""The cases app's part of the dashboard: the DSL team's working lists, and case figures.

``work`` is for the DSL team only (it names case references and owners); ``figures`` is
counts only, with small numbers suppressed for viewers outside the safeguarding team.
"""

from __future__ import annotations

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
    """Cases by status and by type of concern, for everyone who sees the dashboard."""
    if not membership.can(Can.SEE_DASHBOARD):
        return None
    org_id = membership.organisation_id
    context = {
        "by_status": cases_by_status(org_id),
        "by_type": cases_by_type(org_id),
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


def cases_by_type(organisation_id: int) -> list[Row]:
    rows = (
        Case.objects.filter(organisation_id=organisation_id)
        .values("category__label")
        .annotate(n=Count("id"))
        .order_by("category__type_list", "category__order")
    )
    return [Row(r["category__label"] or "Not yet set", r["n"]) for r in rows]
