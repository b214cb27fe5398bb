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

from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.reports.hub import sections_for
from dueregard.reports.panels import panels_for

if TYPE_CHECKING:
    pass


@require_GET
@member_required(Can.SEE_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    return render(request, "reports/dashboard.html", {"panels": panels_for(membership)})


@require_GET
@member_required()
def prevent(request: HttpRequest) -> HttpResponse:
    """Links to the registers, logs and records around the case work that this member may
    open (``reports/hub.py``)."""
    return render(
        request, "reports/prevent.html", {"sections": sections_for(membership_of(request))}
    )
