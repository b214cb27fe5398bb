"""The compliance matrix: the page, its chart and its XLSX and PDF exports.

DSL team, administrators and senior leaders see names; inspectors see figures only (also in
the exports). Exports need a recently re-entered factor and are audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dueregard.audit.models import AuditAction
from dueregard.audit.services import record_by
from dueregard.core import exports
from dueregard.core.access import member_required, membership_of
from dueregard.organisations.models import Membership, Role, Site
from dueregard.training import services
from dueregard.training.compliance import TAG_CLASS, State, matrix

matrix_readers = member_required(services.can_read_matrix, what="the training matrix")


def _role_choices() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in Role.choices if v != Role.INSPECTOR]


def _filters(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """Site and role filters from the query string (no personal data in either)."""
    sites = list(Site.objects.filter(organisation_id=membership.organisation_id))
    site = next((s for s in sites if str(s.public_id) == request.GET.get("site", "")), None)
    role = request.GET.get("role", "")
    if role not in dict(_role_choices()):
        role = ""
    return {"sites": sites, "site": site, "role": role, "roles": _role_choices()}


def _chart(summaries: list[Any]) -> dict[str, Any]:
    """Geometry of a horizontal bar chart of % compliant, drawn as SVG by the templates.

    Each bar has its requirement's title above it and its percentage at its end; the same
    figures are in the table beside the chart.
    """
    bar_height, row_height, width = 20, 54, 340
    bars = []
    for index, summary in enumerate(summaries):
        top = index * row_height
        bars.append(
            {
                "title": summary.title,
                "percent": summary.percent,
                "label_y": top + 16,
                "y": top + 24,
                "text_y": top + 24 + bar_height - 4,
                "width": summary.percent * width // 100,
                # GOV.UK green, orange and red by band; the text carries the figure.
                "colour": "#00703c"
                if summary.percent >= 90
                else "#f47738"
                if summary.percent >= 70
                else "#d4351c",
            }
        )
    return {
        "bars": bars,
        "height": max(1, len(bars)) * row_height + 4,
        "width": width + 60,
        "track": width,
        "bar_height": bar_height,
    }


def _matrix_context(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    filters = _filters(request, membership)
    today = timezone.localdate()
    grid = matrix(
        membership.organisation_id,
        today,
        site_id=filters["site"].pk if filters["site"] else None,
        role=filters["role"],
    )
    return {
        **filters,
        "grid": grid,
        "today": today,
        "chart": _chart(grid.summaries),
        "show_names": services.sees_names(membership),
        "states": [(s.value, s.label, TAG_CLASS[s]) for s in State],
        "can_manage": services.can_manage(membership),
        "organisation": membership.organisation,
    }


@require_GET
@matrix_readers
def compliance(request: HttpRequest) -> HttpResponse:
    """The compliance matrix: people x requirements, with % compliant as a chart and table."""
    membership = membership_of(request)
    context = _matrix_context(request, membership)
    if context["show_names"]:
        record_by(
            membership,
            AuditAction.VIEW,
            object_type="training_matrix",
            summary="Viewed the training compliance matrix",
            request=request,
        )
    return render(request, "training/compliance.html", context)


def _export_rows(context: dict[str, Any]) -> list[list[Any]]:
    grid = context["grid"]
    rows = []
    for row in grid.rows:
        cells = []
        for status in row.cells:
            if status is None:
                cells.append("Not required")
            elif status.due_on:
                cells.append(f"{status.state.label} (due {status.due_on:%d %b %Y})")
            else:
                cells.append(str(status.state.label))
        rows.append([row.name, row.role_label, row.site, *cells])
    return rows


@require_GET
@member_required(services.can_read_matrix, what="the training matrix", step_up=True)
def compliance_xlsx(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    context = _matrix_context(request, membership)
    grid = context["grid"]
    summary = exports.Sheet(
        title="Compliance by requirement",
        header=[
            "Requirement",
            "People it applies to",
            "In date",
            "Due within 30 days",
            "Overdue",
            "Never done",
            "% compliant",
        ],
        rows=[
            [
                s.title,
                s.applicable,
                s.counts[State.IN_DATE],
                s.counts[State.DUE_SOON],
                s.counts[State.OVERDUE],
                s.counts[State.NEVER],
                s.percent,
            ]
            for s in grid.summaries
        ],
        widths=(40, 14, 10, 14, 10, 12, 12),
        notes=[
            f"{membership.organisation.name}: training compliance on {context['today']:%d %B %Y}",
            "Compliant = in date or due within 30 days (still current).",
        ],
    )
    sheets = [summary]
    if context["show_names"]:
        sheets.append(
            exports.Sheet(
                title="People",
                header=["Name", "Role", "Site", *[r.title for r in grid.requirements]],
                rows=_export_rows(context),
                widths=(28, 24, 18, *[26] * len(grid.requirements)),
            )
        )
    content = exports.xlsx_bytes(sheets, marking=exports.OFFICIAL_SENSITIVE)
    exports.record_export(request, membership, "the training compliance matrix (XLSX)")
    return exports.download(
        content, exports.safe_filename("training-compliance", "xlsx"), exports.XLSX
    )


@require_GET
@member_required(services.can_read_matrix, what="the training matrix", step_up=True)
def compliance_pdf(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    context = _matrix_context(request, membership)
    context["generated_at"] = timezone.now()
    context["export_rows"] = _export_rows(context)
    content = exports.render_pdf("training/compliance_pdf.html", context)
    exports.record_export(request, membership, "the training compliance matrix (PDF)")
    return exports.download(
        content, exports.safe_filename("training-compliance", "pdf"), exports.PDF
    )
