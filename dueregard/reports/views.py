"""The dashboard (the DSL's working view, and aggregated figures for senior leaders) and
the Prevent duty page.

Every list and figure on the dashboard comes from the apps through
``AppConfig.dashboard_panel`` (``reports/panels.py``); the Prevent duty page links to the
apps by URL name (``reports/hub.py``). This app imports no other domain app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dueregard.core.access import member_required, membership_of
from dueregard.reports.hub import sections_for
from dueregard.reports.panels import panels_for

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership


def sees_dashboard(m: Membership) -> bool:
    return m.can_see_aggregates


@require_GET
@member_required(sees_dashboard, what="the dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    return render(request, "reports/dashboard.html", {"panels": panels_for(membership)})


@require_GET
@member_required(what="the Prevent duty page")
def prevent(request: HttpRequest) -> HttpResponse:
    """Links to the registers, logs and records around the case work that this member may
    open (``reports/hub.py``)."""
    return render(
        request, "reports/prevent.html", {"sections": sections_for(membership_of(request))}
    )
