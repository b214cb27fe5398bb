"""Action-plan pages.

The register's readers read the plan and its editors keep it (``Can.READ_RISKS``,
``Can.EDIT_RISKS``). Every change goes through ``actions.services``; the form pages through
``core.formviews.form_view``. The exports are a table (``actions.exports``).
"""

from __future__ import annotations

import io
import mimetypes
import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.actions import audit_codes as codes
from dueregard.actions import forms as action_forms
from dueregard.actions import services
from dueregard.actions.models import ActionItem, ActionStatus, EvidenceFile
from dueregard.audit.services import log
from dueregard.core import exports
from dueregard.core.formviews import Done, button_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.organisations.models import Membership
from dueregard.risks.models import can_edit
from dueregard.risks.pages import (
    editor_required,
    form_page,
    get_risk,
    reader_required,
    risk_button,
)

ITEM_PAGE = "actions/action_detail.html"


def _item(request: HttpRequest, public_id: Any) -> ActionItem:
    membership = membership_of(request)
    item: ActionItem = get_object_for(
        ActionItem.objects.visible_to(membership), membership, public_id
    )
    return item


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
        "actions/action_list.html",
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


def _item_page(membership: Membership, item: ActionItem) -> dict[str, Any]:
    """What the item's page shows."""
    return {
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
        "note_form": action_forms.ProgressNoteForm(initial={"noted_on": timezone.localdate()}),
        "evidence_form": action_forms.EvidenceForm(),
    }


@require_GET
@reader_required
def action_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return render(request, ITEM_PAGE, _item_page(membership_of(request), _item(request, public_id)))


@require_http_methods(["GET", "POST"])
@editor_required
def action_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = action_forms.ActionForm(membership, request.POST or None)

    def apply() -> Done:
        item = services.add_action(membership, form.to_command())
        return Done(
            f"Action {item.reference} added.",
            reverse("actions:action_detail", args=[item.public_id]),
        )

    return form_page(
        request,
        form=form,
        apply=apply,
        title="Add an action-plan item",
        back=reverse("actions:action_plan"),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def action_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    item = _item(request, public_id)
    form = action_forms.ActionForm(
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

    def apply() -> str:
        services.update_action(membership, item, form.to_command())
        return f"Action {item.reference} saved."

    return form_page(
        request,
        form=form,
        apply=apply,
        title=f"Change action {item.reference}",
        back=reverse("actions:action_detail", args=[item.public_id]),
    )


@require_POST
@editor_required
def risk_make_action(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A button on the risk's page: its further actions become an item linked to it."""
    risk = get_risk(request, public_id)

    def apply() -> Done:
        item = services.action_from_risk(membership_of(request), risk)
        return Done(
            f"Action {item.reference} made from risk {risk.reference}.",
            reverse("actions:action_detail", args=[item.public_id]),
        )

    return risk_button(request, risk, forms.Form(request.POST), apply)


@require_POST
@editor_required
def action_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A button on the item's page: refused, the page again with the reason (409 when the
    item's status does not allow the change, 400 for a status not offered)."""
    membership = membership_of(request)
    item = _item(request, public_id)
    form = action_forms.ActionStatusForm(request.POST)

    def apply() -> str:
        services.set_action_status(membership, item, form.cleaned_data["status"])
        return f"Action {item.reference} updated."

    return button_view(
        request,
        form=form,
        apply=apply,
        template=ITEM_PAGE,
        success_url=reverse("actions:action_detail", args=[item.public_id]),
        context=_item_page(membership, item),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def action_note(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    item = _item(request, public_id)
    form = action_forms.ProgressNoteForm(
        request.POST or None, initial={"noted_on": timezone.localdate()}
    )

    def apply() -> str:
        services.add_progress_note(membership, item, **form.cleaned_data)
        return "Progress noted."

    return form_page(
        request,
        form=form,
        apply=apply,
        title=f"Note progress on action {item.reference}",
        back=reverse("actions:action_detail", args=[item.public_id]),
    )


@require_http_methods(["GET", "POST"])
@editor_required
def evidence_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    item = _item(request, public_id)
    form = action_forms.EvidenceForm(request.POST or None, request.FILES or None)

    def apply() -> str:
        services.add_evidence(membership, item, form.cleaned_data["file"])
        return "Evidence added."

    return form_page(
        request,
        form=form,
        apply=apply,
        title=f"Add evidence to action {item.reference}",
        back=reverse("actions:action_detail", args=[item.public_id]),
        multipart=True,
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
    log(
        membership,
        codes.ACTION_EVIDENCE_DOWNLOADED,
        evidence_file,
        context={"item": str(evidence_file.item.public_id)},
    )
    # The uploaded name may hold a person's name: the download gets a neutral one.
    response = FileResponse(
        io.BytesIO(services.read_evidence(evidence_file)),
        as_attachment=True,
        filename=exports.safe_filename("action-evidence", _extension(evidence_file)),
        content_type=evidence_file.content_type,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
