"""Register and action-plan pages.

DSL and deputies edit; senior leaders and inspectors read; staff and administrators see
nothing (administrators run users and settings, not the Prevent assessment). Every change
goes through ``risks.services``.
"""

from __future__ import annotations

import io
import mimetypes
import re
from collections.abc import Callable
from datetime import date
from pathlib import PurePath
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import record_export, record_view
from dueregard.core import exports
from dueregard.core.errors import DomainError
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.risks import exports as risk_exports
from dueregard.risks import forms as risk_forms
from dueregard.risks import services
from dueregard.risks.models import (
    LEVELS,
    LIKELIHOOD_LEVELS,
    SEVERITY_LEVELS,
    ActionItem,
    ActionStatus,
    Band,
    EvidenceFile,
    GuidanceChange,
    Register,
    RegisterVersion,
    Risk,
    RiskStatus,
    Theme,
    can_edit,
)

reader_required = member_required(Can.READ_RISKS)
editor_required = member_required(Can.EDIT_RISKS)


def _register(request: HttpRequest) -> Register:
    return services.ensure_register(membership_of(request).organisation)


def _risk(request: HttpRequest, public_id: Any) -> Risk:
    membership = membership_of(request)
    return get_object_for(
        Risk.objects.visible_to(membership).select_related("theme", "owner"),
        membership,
        public_id,
    )


def _item(request: HttpRequest, public_id: Any) -> ActionItem:
    membership = membership_of(request)
    return get_object_for(ActionItem.objects.visible_to(membership), membership, public_id)


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    apply: Callable[[Membership, dict[str, Any]], str],
    back: str,
    done: Callable[[], str] | None = None,
    template: str = "risks/form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the form; POST applies it through a service or shows why not."""
    membership = membership_of(request)
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(membership, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect(done() if done else back)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, template, context, status=status)


# --- The register ------------------------------------------------------------------------


def _band_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Band.choices}


@require_GET
@reader_required
def register(request: HttpRequest) -> HttpResponse:
    """The register grouped by theme, each theme with its highest score."""
    membership = membership_of(request)
    reg = _register(request)
    rows = services.working_rows(reg)
    for row in rows:
        row["next_review_date"] = (
            date.fromisoformat(row["next_review_on"]) if row["next_review_on"] else None
        )
    themes = Theme.objects.filter(organisation_id=membership.organisation_id, is_active=True)
    groups = services.group_by_theme(rows, [t.name for t in themes])
    latest = services.last_version(reg)
    moves = services.compare(latest.risks if latest else [], rows) if latest else []
    closed = Risk.objects.filter(register=reg, status=RiskStatus.CLOSED).count()
    return render(
        request,
        "risks/register.html",
        {
            "register": reg,
            "groups": groups,
            "risk_count": len(rows),
            "closed_count": closed,
            "flags": services.review_flags(reg),
            "latest": latest,
            "counts": services.movement_counts(moves),
            "can_edit": can_edit(membership),
            "bands": _band_labels(),
        },
    )


@require_GET
@reader_required
def heatmap(request: HttpRequest) -> HttpResponse:
    """5x5 heatmap (links to each cell's risks) with the same counts as a table beside it."""
    membership = membership_of(request)
    reg = _register(request)
    rows = services.working_rows(reg)
    grid = services.grid_for(membership.organisation_id)
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
        for line in services.heatmap(rows, grid)
        for c in line["cells"]
        if c["count"]
    ]
    table.sort(key=lambda c: (-c["score"], -c["severity"]))
    return render(
        request,
        "risks/heatmap.html",
        {
            "heatmap": services.heatmap(rows, grid),
            "table": table,
            "likelihoods": [(n, LIKELIHOOD_LEVELS[n]) for n in LEVELS],
            "severities": SEVERITY_LEVELS,
            "selected": selected,
            "chosen": chosen,
            "bands": _band_labels(),
            "total": len(rows),
        },
    )


def _version(request: HttpRequest, value: str | None) -> RegisterVersion | None:
    if not value or value == "working":
        return None
    membership = membership_of(request)
    try:
        return get_object_for(RegisterVersion.objects.visible_to(membership), membership, value)
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
    after_rows = after.risks if after else services.working_rows(reg)
    moves = services.compare(before_rows, after_rows)
    return render(
        request,
        "risks/movement.html",
        {
            "versions": versions,
            "before": before,
            "after": after,
            "moves": moves,
            "counts": services.movement_counts(moves),
            "bands": _band_labels(),
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
            "groups": services.group_by_theme(rows),
            "bands": _band_labels(),
        },
    )


@require_GET
@reader_required
def risk_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    risk = _risk(request, public_id)
    grid = services.grid_for(membership.organisation_id)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "band": grid[(risk.likelihood, risk.severity)],
            "bands": _band_labels(),
            "history": risk.score_changes.select_related("created_by").order_by("-created_at"),
            "actions": risk.action_items.all(),
            "can_edit": can_edit(membership),
        },
    )


def _risk_data(d: dict[str, Any]) -> services.RiskData:
    return services.RiskData(
        theme=d["theme"],
        intended_outcome=d["intended_outcome"],
        description=d["description"],
        likelihood=d["likelihood"],
        severity=d["severity"],
        actions_taken=d["actions_taken"],
        owner=d["owner"],
        owner_role=d["owner_role"],
        further_actions=d["further_actions"],
        evidence=d["evidence"],
        last_reviewed_on=d["last_reviewed_on"],
        next_review_on=d["next_review_on"],
    )


@require_http_methods(["GET", "POST"])
@editor_required
def risk_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    _register(request)
    form = risk_forms.RiskForm(membership, request.POST or None)
    form.fields.pop("score_note")
    created: list[Risk] = []

    def apply(m: Membership, d: dict[str, Any]) -> str:
        created.append(services.add_risk(m, _risk_data(d), request=request))
        return f"Risk {created[0].reference} added."

    return _form_page(
        request,
        form,
        title="Add a risk",
        apply=apply,
        back=reverse("risks:register"),
        done=lambda: reverse("risks:risk_detail", args=[created[0].public_id]),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def risk_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    risk = _risk(request, public_id)
    form = risk_forms.RiskForm(
        membership, request.POST or None, initial=risk_forms.RiskForm.initial_for(risk)
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.update_risk(m, risk, _risk_data(d), note=d["score_note"], request=request)
        return f"Risk {risk.reference} saved."

    return _form_page(
        request,
        form,
        title=f"Change risk {risk.reference}",
        apply=apply,
        back=reverse("risks:risk_detail", args=[risk.public_id]),
    )


@require_POST
@editor_required
def risk_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    risk = _risk(request, public_id)
    form = risk_forms.RiskStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Choose open or closed.")
        services.set_risk_status(
            membership_of(request), risk, form.cleaned_data["status"], request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        done = "closed" if form.cleaned_data["status"] == RiskStatus.CLOSED else "reopened"
        messages.success(request, f"Risk {risk.reference} {done}.")
    return redirect("risks:risk_detail", public_id=risk.public_id)


@require_POST
@editor_required
def risk_make_action(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One POST: the risk's further actions become an action-plan item linked to it."""
    risk = _risk(request, public_id)
    try:
        item = services.action_from_risk(membership_of(request), risk, request=request)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("risks:risk_detail", public_id=risk.public_id)
    messages.success(request, f"Action {item.reference} made from risk {risk.reference}.")
    return redirect("risks:action_detail", public_id=item.public_id)


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

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.update_register_details(m, reg, request=request, **d)
        return "Register details saved."

    return _form_page(
        request, form, title="Register details", apply=apply, back=reverse("risks:register")
    )


@require_http_methods(["GET", "POST"])
@editor_required
def publish(request: HttpRequest) -> HttpResponse:
    reg = _register(request)
    form = risk_forms.PublishForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        version = services.publish_version(m, reg, summary=d["summary"], request=request)
        return f"Version {version.number} published. The working copy stays editable."

    return _form_page(
        request,
        form,
        title="Publish a version of the register",
        apply=apply,
        back=reverse("risks:versions"),
        extra={
            "intro": "Publishing freezes the register as it stands now, with its date, who "
            "completed it, their competence and the next review date. You can keep editing "
            "the working copy afterwards."
        },
    )


@require_http_methods(["GET", "POST"])
@editor_required
def guidance_change(request: HttpRequest) -> HttpResponse:
    form = risk_forms.GuidanceChangeForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.record_guidance_change(m, request=request, **d)
        return "Recorded. The register is flagged for review until the next version."

    return _form_page(
        request,
        form,
        title="Record a change in law or guidance",
        apply=apply,
        back=reverse("risks:versions"),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def themes(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    _register(request)
    all_themes = Theme.objects.filter(organisation_id=membership.organisation_id)
    form = risk_forms.ThemeForm(request.POST or None, initial={"position": all_themes.count() + 1})

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.save_theme(m, None, name=d["name"], position=d["position"], request=request)
        return "Theme added."

    return _form_page(
        request,
        form,
        title="Themes",
        apply=apply,
        back=reverse("risks:register"),
        done=lambda: reverse("risks:themes"),
        template="risks/themes.html",
        extra={"themes": all_themes},
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

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.save_theme(m, theme, request=request, **d)
        return "Theme saved."

    return _form_page(
        request, form, title="Change a theme", apply=apply, back=reverse("risks:themes")
    )


@require_http_methods(["GET", "POST"])
@editor_required
def grid(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = risk_forms.GridForm(services.grid_for(membership.organisation_id), request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.save_grid(m, form.cells(), request=request)
        return "Scoring grid saved. Every risk's band follows it."

    return _form_page(
        request,
        form,
        title="Scoring grid",
        apply=apply,
        back=reverse("risks:heatmap"),
        template="risks/grid.html",
        extra={
            "likelihoods": [(n, LIKELIHOOD_LEVELS[n]) for n in LEVELS],
            "severities": [(n, SEVERITY_LEVELS[n]) for n in reversed(LEVELS)],
        },
    )


# --- The action plan ------------------------------------------------------------------------


@require_GET
@reader_required
def action_plan(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    status = request.GET.get("status", "active")
    items = ActionItem.objects.visible_to(membership).prefetch_related("owners", "risks")
    if status == "active":
        items = items.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    elif status == "overdue":
        items = items.overdue()
    elif status in ActionStatus.values:
        items = items.filter(status=status)
    else:
        status = "all"
    return render(
        request,
        "risks/action_list.html",
        {
            "items": list(items),
            "status": status,
            "statuses": [
                ("active", "Not yet done"),
                ("overdue", "Overdue"),
                *ActionStatus.choices,
                ("all", "All"),
            ],
            "can_edit": can_edit(membership),
        },
    )


@require_GET
@reader_required
def action_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    item = _item(request, public_id)
    return render(
        request,
        "risks/action_detail.html",
        {
            "item": item,
            "owners": item.owners.order_by("full_name"),
            "risks": item.risks.select_related("theme"),
            "notes": item.notes.select_related("created_by").order_by("-noted_on", "-id"),
            "evidence": item.evidence.all(),
            "can_edit": can_edit(membership),
            "next_statuses": [
                (value, ActionStatus(value).label)
                for value in ActionStatus.values
                if value in services.ALLOWED_FROM[item.status]
            ],
            "note_form": risk_forms.ProgressNoteForm(initial={"noted_on": timezone.localdate()}),
            "evidence_form": risk_forms.EvidenceForm(),
        },
    )


def _action_data(d: dict[str, Any]) -> services.ActionData:
    return services.ActionData(
        objective=d["objective"],
        action=d["action"],
        owners=list(d["owners"]),
        due_on=d["due_on"],
        risks=list(d["risks"]),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def action_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = risk_forms.ActionForm(membership, request.POST or None)
    created: list[ActionItem] = []

    def apply(m: Membership, d: dict[str, Any]) -> str:
        created.append(services.add_action(m, _action_data(d), request=request))
        return f"Action {created[0].reference} added."

    return _form_page(
        request,
        form,
        title="Add an action-plan item",
        apply=apply,
        back=reverse("risks:action_plan"),
        done=lambda: reverse("risks:action_detail", args=[created[0].public_id]),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def action_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    item = _item(request, public_id)
    form = risk_forms.ActionForm(
        membership,
        request.POST or None,
        item=item,
        initial={
            "objective": item.objective,
            "action": item.action,
            "owners": [u.public_id for u in item.owners.all()],
            "due_on": item.due_on,
            "risks": [r.public_id for r in item.risks.all()],
        },
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.update_action(m, item, _action_data(d), request=request)
        return f"Action {item.reference} saved."

    return _form_page(
        request,
        form,
        title=f"Change action {item.reference}",
        apply=apply,
        back=reverse("risks:action_detail", args=[item.public_id]),
    )


@require_POST
@editor_required
def action_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    form = risk_forms.ActionStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Choose a status.")
        services.set_action_status(
            membership_of(request), item, form.cleaned_data["status"], request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Action {item.reference} updated.")
    return redirect("risks:action_detail", public_id=item.public_id)


@require_http_methods(["GET", "POST"])
@editor_required
def action_note(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    form = risk_forms.ProgressNoteForm(
        request.POST or None, initial={"noted_on": timezone.localdate()}
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_progress_note(m, item, request=request, **d)
        return "Progress noted."

    return _form_page(
        request,
        form,
        title=f"Note progress on action {item.reference}",
        apply=apply,
        back=reverse("risks:action_detail", args=[item.public_id]),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def evidence_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    item = _item(request, public_id)
    form = risk_forms.EvidenceForm(request.POST or None, request.FILES or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_evidence(m, item, d["file"], request=request)
        return "Evidence added."

    return _form_page(
        request,
        form,
        title=f"Add evidence to action {item.reference}",
        apply=apply,
        back=reverse("risks:action_detail", args=[item.public_id]),
        extra={"multipart": True},
    )


def _extension(evidence_file: EvidenceFile) -> str:
    """The file's extension (letters and digits only), from its name or its type."""
    suffix = PurePath(evidence_file.original_name).suffix.lstrip(".").lower()
    if re.fullmatch(r"[a-z0-9]{1,8}", suffix):
        return suffix
    guessed = mimetypes.guess_extension(evidence_file.content_type or "") or ".bin"
    return guessed.lstrip(".")


@require_GET
@reader_required
def evidence(request: HttpRequest, public_id: Any) -> FileResponse:
    """Serve an evidence file as a download, decrypted. Audited."""
    membership = membership_of(request)
    evidence_file = get_object_for(
        EvidenceFile.objects.visible_to(membership), membership, public_id
    )
    record_view(request, evidence_file, summary="Downloaded action-plan evidence")
    # The uploaded name may hold a person's name: the download gets a neutral one.
    response = FileResponse(
        io.BytesIO(services.read_evidence(evidence_file)),
        as_attachment=True,
        filename=exports.safe_filename("action-evidence", _extension(evidence_file)),
        content_type=evidence_file.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- Exports ---------------------------------------------------------------------------------

export_required = member_required(Can.EXPORT_RISKS)


def _export(
    request: HttpRequest, what: str, stem: str, build: Callable[[Any], bytes], kind: str
) -> HttpResponse:
    membership = membership_of(request)
    content = build(membership.organisation)
    record_export(request, membership, what)
    extension = {exports.XLSX: "xlsx", exports.PDF: "pdf", exports.DOCX: "docx"}[kind]
    return exports.download(content, exports.safe_filename(stem, extension), kind)


@require_GET
@export_required
def register_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        "risk register (XLSX)",
        "prevent-risk-register",
        risk_exports.register_xlsx,
        exports.XLSX,
    )


@require_GET
@export_required
def register_pdf(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        "risk register (PDF)",
        "prevent-risk-register",
        risk_exports.register_pdf,
        exports.PDF,
    )


@require_GET
@export_required
def register_docx(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        "risk register (DOCX)",
        "prevent-risk-register",
        risk_exports.register_docx,
        exports.DOCX,
    )


@require_GET
@export_required
def actions_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        "action plan (XLSX)",
        "prevent-action-plan",
        risk_exports.actions_xlsx,
        exports.XLSX,
    )


@require_GET
@export_required
def actions_pdf(request: HttpRequest) -> HttpResponse:
    return _export(
        request, "action plan (PDF)", "prevent-action-plan", risk_exports.actions_pdf, exports.PDF
    )


@require_GET
@export_required
def actions_docx(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        "action plan (DOCX)",
        "prevent-action-plan",
        risk_exports.actions_docx,
        exports.DOCX,
    )
