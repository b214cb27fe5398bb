"""Dashboards: the DSL's working view, and aggregated figures for senior leaders."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dueregard.cases.queries import monitoring_due, overdue_actions, overdue_reviews
from dueregard.concerns.models import Concern, ConcernStatus
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.reports import figures
from dueregard.reports.panels import panels_for


@require_GET
@member_required(Can.SEE_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    org_id = membership.organisation_id
    context: dict[str, object] = {
        "cases_by_status": figures.cases_by_status(org_id),
        "concerns_by_month": figures.concerns_by_month(org_id),
        "cases_by_type": figures.cases_by_type(org_id),
        "suppress": not membership.can(Can.HANDLE_CASES),
    }
    if membership.can(Can.HANDLE_CASES):
        untriaged = Concern.objects.filter(
            organisation_id=org_id, status=ConcernStatus.AWAITING_TRIAGE
        ).values_list("created_at", flat=True)
        cutoff = timezone.now() - membership.organisation.triage_target
        context.update(
            untriaged=len(untriaged),
            untriaged_over_target=sum(1 for c in untriaged if c < cutoff),
            overdue_reviews=overdue_reviews(org_id).select_related("case").order_by("due_at")[:50],
            monitoring_due=monitoring_due(org_id).order_by("monitor_review_on")[:50],
            overdue_actions=overdue_actions(org_id)
            .select_related("case", "owner")
            .order_by("due_on")[:50],
        )
    context["panels"] = panels_for(membership)
    return render(request, "reports/dashboard.html", context)
