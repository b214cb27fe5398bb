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

from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.dashboard import SMALL_NUMBER
from dueregard.core.dashboard import suppress as suppress_small
from dueregard.organisations.access import member_required, membership_of
from dueregard.organisations.models import Membership, Role, Site
from dueregard.organisations.permissions import Can, role_can
from dueregard.training import audit_codes as codes
from dueregard.training.compliance import TAG_CLASS, State, matrix

matrix_readers = member_required(Can.READ_TRAINING_MATRIX)


def _role_choices() -> list[tuple[str, str]]:
    return [(v, str(label)) for v, label in Role.choices if role_can(v, Can.HAVE_TRAINING)]


def _filters(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """Site and role filters from the query string (no personal data in either).

    Those who see figures only (inspectors) get no filters: a filtered count of one or two
    (the DSL's own role, a small site) would say whose training is out of date.
    """
    if not membership.can(Can.SEE_TRAINEE_NAMES):
        return {"sites": [], "site": None, "role": "", "roles": [], "can_filter": False}
    sites = list(Site.objects.filter(organisation_id=membership.organisation_id))
    site = next((s for s in sites if str(s.public_id) == request.GET.get("site", "")), None)
    role = request.GET.get("role", "")
    if role not in dict(_role_choices()):
        role = ""
    return {
        "sites": sites,
        "site": site,
        "role": role,
        "roles": _role_choices(),
        "can_filter": True,
    }


def _summary_rows(summaries: list[Any], suppress: bool) -> list[dict[str, Any]]:
    """Each requirement's figures as shown on the page and in the exports.

    With ``suppress`` (figures only), counts of 1 to 4 show as "<5", as on the dashboard
    (``core.dashboard.suppress``), and the percentage shows as a dash when the requirement
    applies to fewer than 5 people, where it would give the small counts away.
    """

    def shown(count: int) -> Any:
        return suppress_small(count) if suppress else count

    rows = []
    for s in summaries:
        hide_percent = suppress and s.applicable < SMALL_NUMBER
        rows.append(
            {
                "title": s.title,
                "applicable": shown(s.applicable),
                "in_date": shown(s.counts[State.IN_DATE]),
                "due_soon": shown(s.counts[State.DUE_SOON]),
                "overdue": shown(s.counts[State.OVERDUE]),
                "never": shown(s.counts[State.NEVER]),
                "compliant": shown(s.compliant),
                "percent": None if hide_percent else s.percent,
                "percent_label": "–" if hide_percent else f"{s.percent}%",
            }
        )
    return rows


def _chart(summaries: list[Any]) -> dict[str, Any]:
    """Geometry of a horizontal bar chart of % compliant, drawn as SVG by the templates.

    Each bar has its requirement's title above it and its percentage (or a dash where it is
    withheld) at its end; the same figures are in the table beside the chart.
    """
    bar_height, row_height, width = 20, 54, 340
    bars = []
    for index, summary in enumerate(summaries):
        top = index * row_height
        percent = summary["percent"] or 0  # None: withheld, drawn as an empty track
        bars.append(
            {
                "title": summary["title"],
                "label": summary["percent_label"],
                "label_y": top + 16,
                "y": top + 24,
                "text_y": top + 24 + bar_height - 4,
                "width": percent * width // 100,
                # GOV.UK green, orange and red by band; the text carries the figure.
                "colour": "#00703c" if percent >= 90 else "#f47738" if percent >= 70 else "#d4351c",
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
    show_names = membership.can(Can.SEE_TRAINEE_NAMES)
    summary_rows = _summary_rows(grid.summaries, suppress=not show_names)
    return {
        **filters,
        "grid": grid,
        "summary_rows": summary_rows,
        "today": today,
        "chart": _chart(summary_rows),
        "show_names": show_names,
        "states": [(s.value, s.label, TAG_CLASS[s]) for s in State],
        "can_manage": membership.can(Can.MANAGE_TRAINING),
        "organisation": membership.organisation,
    }


def _filter_context(context: dict[str, Any]) -> dict[str, str | None]:
    """The filters a matrix was drawn with, for its audit event (public ids and codes)."""
    site = context["site"]
    return {"site": str(site.public_id) if site else None, "role": context["role"] or None}


@require_GET
@matrix_readers
def compliance(request: HttpRequest) -> HttpResponse:
    """The compliance matrix: people x requirements, with % compliant as a chart and table."""
    membership = membership_of(request)
    context = _matrix_context(request, membership)
    if context["show_names"]:
        log(
            membership,
            codes.MATRIX_VIEWED,
            object_type="training_matrix",
            context=_filter_context(context),
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
@member_required(Can.EXPORT_TRAINING_MATRIX)
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
                s["title"],
                s["applicable"],
                s["in_date"],
                s["due_soon"],
                s["overdue"],
                s["never"],
                s["percent"] if s["percent"] is not None else s["percent_label"],
            ]
            for s in context["summary_rows"]
        ],
        widths=(40, 14, 10, 14, 10, 12, 12),
        notes=[
            f"{membership.organisation.name}: training compliance on {context['today']:%d %B %Y}",
            "Compliant = in date or due within 30 days (still current).",
            *(
                []
                if context["show_names"]
                else [
                    "Figures only: counts of 1 to 4 show as <5, and a percentage is not "
                    "given where a requirement applies to fewer than 5 people."
                ]
            ),
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
    log(
        membership,
        codes.MATRIX_EXPORTED,
        object_type="export",
        context={"format": "xlsx", "names": context["show_names"], **_filter_context(context)},
    )
    return exports.download(
        content, exports.safe_filename("training-compliance", "xlsx"), exports.XLSX
    )


@require_GET
@member_required(Can.EXPORT_TRAINING_MATRIX)
def compliance_pdf(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    context = _matrix_context(request, membership)
    context["generated_at"] = timezone.now()
    context["export_rows"] = _export_rows(context)
    content = exports.render_pdf("training/compliance_pdf.html", context)
    log(
        membership,
        codes.MATRIX_EXPORTED,
        object_type="export",
        context={"format": "pdf", "names": context["show_names"], **_filter_context(context)},
    )
    return exports.download(
        content, exports.safe_filename("training-compliance", "pdf"), exports.PDF
    )
