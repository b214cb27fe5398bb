"""Risk register pages.

DSL and deputies edit; senior leaders and inspectors read; staff and administrators see
nothing (administrators run users and settings, not the Prevent assessment). Every change
goes through ``risks.services``; the form pages through ``core.formviews.form_view``. The
action plan's pages are in ``actions.views``; the exports are a table (``risks.exports``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.core.formviews import Done, form_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.risks import forms as risk_forms
from dueregard.risks import queries, services
from dueregard.risks.models import (
    LEVELS,
    LIKELIHOOD_LEVELS,
    SEVERITY_LEVELS,
    GuidanceChange,
    Register,
    RegisterVersion,
    Risk,
    RiskStatus,
    Theme,
    can_edit,
)
from dueregard.risks.pages import (
    RISK_PAGE,
    band_labels,
    editor_required,
    form_page,
    get_risk,
    reader_required,
    risk_button,
    risk_page,
)


def _register(request: HttpRequest) -> Register:
    return services.ensure_register(membership_of(request).organisation)


# --- The register ------------------------------------------------------------------------


@require_GET
@reader_required
def register(request: HttpRequest) -> HttpResponse:
    """The register grouped by theme, each theme with its highest score."""
    membership = membership_of(request)
    reg = _register(request)
    rows = queries.working_rows(reg)
    for row in rows:
        row["next_review_date"] = (
            date.fromisoformat(row["next_review_on"]) if row["next_review_on"] else None
        )
    themes = Theme.objects.filter(organisation_id=membership.organisation_id, is_active=True)
    groups = queries.group_by_theme(rows, [t.name for t in themes])
    latest = queries.last_version(reg)
    moves = queries.compare(latest.risks if latest else [], rows) if latest else []
    closed = Risk.objects.filter(register=reg, status=RiskStatus.CLOSED).count()
    return render(
        request,
        "risks/register.html",
        {
            "register": reg,
            "groups": groups,
            "risk_count": len(rows),
            "closed_count": closed,
            "flags": queries.review_flags(reg),
            "latest": latest,
            "counts": queries.movement_counts(moves),
            "can_edit": can_edit(membership),
            "bands": band_labels(),
        },
    )


@require_GET
@reader_required
def heatmap(request: HttpRequest) -> HttpResponse:
    """5x5 heatmap (links to each cell's risks) with the same counts as a table beside it."""
    membership = membership_of(request)
    reg = _register(request)
    rows = queries.working_rows(reg)
    grid = queries.grid_for(membership.organisation_id)
    selected = None
    chosen: list[dict[str, Any]] = []
    try:
        lk, sv = int(request.GET.get("likelihood", 0)), int(request.GET.get("severity", 0))
    except ValueError:
        lk = sv = 0
    if lk in LEVELS and sv in LEVELS:
        selected = {"likelihood": lk, "severity": sv, "score": lk * sv, "band": grid[(lk, sv)]}
        chosen = [r for r in rows if r["likelihood"] == lk and r["severity"] == sv]
    table = [
        {
            "likelihood": c["likelihood"],
            "severity": c["severity"],
            "score": c["score"],
            "band": c["band"],
            "count": c["count"],
        }
        for line in queries.heatmap(rows, grid)
        for c in line["cells"]
        if c["count"]
    ]
    table.sort(key=lambda c: (-c["score"], -c["severity"]))
    return render(
        request,
        "risks/heatmap.html",
        {
            "heatmap": queries.heatmap(rows, grid),
            "table": table,
            "likelihoods": [(n, LIKELIHOOD_LEVELS[n]) for n in LEVELS],
            "severities": SEVERITY_LEVELS,
            "selected": selected,
            "chosen": chosen,
            "bands": band_labels(),
            "total": len(rows),
        },
    )


def _version(request: HttpRequest, value: str | None) -> RegisterVersion | None:
    if not value or value == "working":
        return None
    membership = membership_of(request)
    try:
        version: RegisterVersion = get_object_for(
            RegisterVersion.objects.visible_to(membership), membership, value
        )
        return version
    except Http404:
        return None


@require_GET
@reader_required
def movement(request: HttpRequest) -> HttpResponse:
    """Movement between any two versions (default: last published -> working copy)."""
    reg = _register(request)
    versions = list(reg.versions.order_by("-number"))
    before = _version(request, request.GET.get("before"))
    after = _version(request, request.GET.get("after"))
    if before is None and request.GET.get("before") != "none":
        before = versions[0] if versions else None
    before_rows = before.risks if before else []
    after_rows = after.risks if after else queries.working_rows(reg)
    moves = queries.compare(before_rows, after_rows)
    return render(
        request,
        "risks/movement.html",
        {
            "versions": versions,
            "before": before,
            "after": after,
            "moves": moves,
            "counts": queries.movement_counts(moves),
            "bands": band_labels(),
            "no_versions": not versions,
        },
    )


@require_GET
@reader_required
def versions(request: HttpRequest) -> HttpResponse:
    reg = _register(request)
    return render(
        request,
        "risks/versions.html",
        {
            "register": reg,
            "versions": reg.versions.select_related("created_by").order_by("-number"),
            "changes": GuidanceChange.objects.filter(
                organisation_id=membership_of(request).organisation_id
            ).select_related("created_by")[:50],
            "can_edit": can_edit(membership_of(request)),
        },
    )


@require_GET
@reader_required
def version_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    version = get_object_for(RegisterVersion.objects.visible_to(membership), membership, public_id)
    rows = version.risks
    return render(
        request,
        "risks/version_detail.html",
        {
            "version": version,
            "groups": queries.group_by_theme(rows),
            "bands": band_labels(),
        },
    )


@require_GET
@reader_required
def risk_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    risk = get_risk(request, public_id)
    return render(request, RISK_PAGE, risk_page(membership_of(request), risk))


@require_http_methods(["GET", "POST"])
@editor_required
def risk_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    _register(request)
    form = risk_forms.RiskForm(membership, request.POST or None)
    form.fields.pop("score_note")

    def apply() -> Done:
        risk = services.add_risk(membership, form.to_command())
        return Done(
            f"Risk {risk.reference} added.", reverse("risks:risk_detail", args=[risk.public_id])
        )

    return form_page(
        request, form=form, apply=apply, title="Add a risk", back=reverse("risks:register")
    )


@require_http_methods(["GET", "POST"])
@editor_required
def risk_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    risk = get_risk(request, public_id)
    form = risk_forms.RiskForm(
        membership, request.POST or None, initial=risk_forms.RiskForm.initial_for(risk)
    )

    def apply() -> str:
        note = form.cleaned_data["score_note"]
        services.update_risk(membership, risk, form.to_command(), note=note)
        return f"Risk {risk.reference} saved."

    back = reverse("risks:risk_detail", args=[risk.public_id])
    return form_page(
        request, form=form, apply=apply, title=f"Change risk {risk.reference}", back=back
    )


@require_POST
@editor_required
def risk_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Close or reopen, a button on the risk's page."""
    risk = get_risk(request, public_id)
    form = risk_forms.RiskStatusForm(request.POST)

    def apply() -> str:
        status = form.cleaned_data["status"]
        services.set_risk_status(membership_of(request), risk, status)
        return f"Risk {risk.reference} {'closed' if status == RiskStatus.CLOSED else 'reopened'}."

    return risk_button(request, risk, form, apply)


@require_http_methods(["GET", "POST"])
@editor_required
def register_details(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    reg = _register(request)
    form = risk_forms.RegisterDetailsForm(
        membership,
        request.POST or None,
        initial={
            "completed_by": reg.completed_by.public_id if reg.completed_by else None,
            "competence_held": reg.competence_held,
            "assessed_on": reg.assessed_on,
            "next_review_on": reg.next_review_on,
        },
    )

    def apply() -> str:
        services.update_register_details(membership, reg, **form.cleaned_data)
        return "Register details saved."

    return form_page(
        request, form=form, apply=apply, title="Register details", back=reverse("risks:register")
    )


@require_http_methods(["GET", "POST"])
@editor_required
def publish(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    reg = _register(request)
    form = risk_forms.PublishForm(request.POST or None)

    def apply() -> str:
        summary = form.cleaned_data["summary"]
        version = services.publish_version(membership, reg, summary=summary)
        return f"Version {version.number} published. The working copy stays editable."

    return form_page(
        request,
        form=form,
        apply=apply,
        title="Publish a version of the register",
        back=reverse("risks:versions"),
        intro="Publishing freezes the register as it stands now, with its date, who "
        "completed it, their competence and the next review date. You can keep editing "
        "the working copy afterwards.",
    )


@require_http_methods(["GET", "POST"])
@editor_required
def guidance_change(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = risk_forms.GuidanceChangeForm(request.POST or None)

    def apply() -> str:
        services.record_guidance_change(membership, **form.cleaned_data)
        return "Recorded. The register is flagged for review until the next version."

    return form_page(
        request,
        form=form,
        apply=apply,
        title="Record a change in law or guidance",
        back=reverse("risks:versions"),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def themes(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    _register(request)
    all_themes = Theme.objects.filter(organisation_id=membership.organisation_id)
    form = risk_forms.ThemeForm(request.POST or None, initial={"position": all_themes.count() + 1})

    def apply() -> str:
        data = form.cleaned_data
        services.save_theme(membership, None, name=data["name"], position=data["position"])
        return "Theme added."

    # The back link goes to the register; an added theme shows here, in the list.
    return form_view(
        request,
        form=form,
        apply=apply,
        template="risks/themes.html",
        success_url=reverse("risks:themes"),
        context={"title": "Themes", "back": reverse("risks:register"), "themes": all_themes},
    )


@require_http_methods(["GET", "POST"])
@editor_required
def theme_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    theme = get_object_for(Theme.objects.visible_to(membership), membership, public_id)
    form = risk_forms.ThemeForm(
        request.POST or None,
        initial={"name": theme.name, "position": theme.position, "is_active": theme.is_active},
    )

    def apply() -> str:
        services.save_theme(membership, theme, **form.cleaned_data)
        return "Theme saved."

    return form_page(
        request, form=form, apply=apply, title="Change a theme", back=reverse("risks:themes")
    )


@require_http_methods(["GET", "POST"])
@editor_required
def grid(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = risk_forms.GridForm(queries.grid_for(membership.organisation_id), request.POST or None)

    def apply() -> str:
        services.save_grid(membership, form.cells())
        return "Scoring grid saved. Every risk's band follows it."

    return form_page(
        request,
        form=form,
        apply=apply,
        title="Scoring grid",
        back=reverse("risks:heatmap"),
        template="risks/grid.html",
        likelihoods=[(n, LIKELIHOOD_LEVELS[n]) for n in LEVELS],
        severities=[(n, SEVERITY_LEVELS[n]) for n in reversed(LEVELS)],
    )
