"""The referral: the list, its page, preparing and editing the draft, the lead's approval or
sending back, recording that it was sent, and the agency's answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.cases.access import can_open
from dueregard.cases.models import Case
from dueregard.core.formviews import Done, button_view, form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can
from dueregard.referrals import audit_codes as codes
from dueregard.referrals import content, documents, sending, services
from dueregard.referrals.forms import (
    ApproveReferralForm,
    DraftForm,
    PrepareForm,
    ProgressForm,
    ReasonForm,
    ReferralFilterForm,
    SentForm,
)
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus
from dueregard.referrals.views.common import change, handler_required, referral_for, refusal
from dueregard.sharing import lawful


def _basis(referral: Referral) -> list[str]:
    return lawful.describe(
        referral.lawful_basis_art6,
        referral.lawful_basis_art9,
        referral.lawful_basis_sch1,
        referral.lawful_basis_art10,
    )


@require_GET
@handler_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """All referrals, those with an overdue follow-up first, filtered by status and kind.

    The filters are GET parameters: a status and a kind name no one. A bad value is shown
    as a form error and the list is not filtered by it.
    """
    membership = membership_of(request)
    form = ReferralFilterForm(request.GET or None)
    referrals = Referral.objects.visible_to(membership).select_related("case", "approved_by")
    filtered = False
    if form.is_bound and form.is_valid():
        if form.cleaned_data["status"]:
            referrals = referrals.filter(status=form.cleaned_data["status"])
            filtered = True
        if form.cleaned_data["kind"]:
            referrals = referrals.filter(kind=form.cleaned_data["kind"])
            filtered = True
    overdue = list(
        FollowUp.objects.filter(organisation_id=membership.organisation_id)
        .overdue()
        .select_related("referral", "referral__case", "owner")
        .order_by("due_on", "id")
    )
    late = {f.referral_id for f in overdue}
    # A stable sort: those with an overdue follow-up first, each group newest first.
    rows = sorted(referrals.order_by("-created_at", "-id"), key=lambda r: r.pk not in late)
    for referral in rows:
        referral.has_overdue = referral.pk in late
    waiting = [r for r in rows if r.status == ReferralStatus.AWAITING_APPROVAL]
    log(
        membership,
        codes.REFERRAL_LIST_VIEWED,
        object_type="referral_list",
        context={"filtered": filtered, "shown": len(rows)},
    )
    return render(
        request,
        "referrals/list.html",
        {
            "referrals": rows,
            "waiting": waiting,
            "overdue": overdue,
            "filter_form": form,
            "filtered": filtered,
        },
    )


@require_GET
@handler_required
def detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    referral = referral_for(request, public_id)
    log(membership, codes.REFERRAL_VIEWED, referral, context={"page": "detail"})
    identity, sections = documents.document_items(referral)
    progress = [s for s in services.PROGRESS if referral.status in services.ALLOWED_FROM[s]]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "identity": identity,
            "sections": sections,
            "unshared": [
                content.LABELS[c]
                for c in content.ALL_CODES
                if c not in (referral.shared_fields or [])
            ],
            "basis": _basis(referral),
            "problems": services.problems(referral)
            if referral.status == ReferralStatus.DRAFT
            else [],
            "follow_ups": referral.follow_ups.select_related("owner", "done_by"),
            "disclosures": referral.disclosures.select_related("disclosed_by"),
            "released": referral.is_approved,
            "can_progress": bool(progress),
            "is_lead": membership.can(Can.APPROVE_REFERRAL),
            "S": ReferralStatus,
        },
    )


@require_http_methods(["GET", "POST"])
@handler_required
def prepare(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A new draft referral on a case (a further referral, or one not made at a decision)."""
    membership = membership_of(request)
    case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    form = PrepareForm(membership, request.POST or None)

    def apply() -> Done:
        referral = services.prepare_referral(membership, case, form.to_command())
        return Done(
            "Draft referral started. Complete it and submit it for approval.",
            reverse("referrals:edit", kwargs={"public_id": referral.public_id}),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="referrals/prepare.html",
        context={"case": case},
        refusal="" if case.is_open else "Reopen the case before recording a referral.",
    )


@require_http_methods(["GET", "POST"])
@handler_required
def edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    membership = membership_of(request)
    if request.method == "GET":
        log(membership, codes.REFERRAL_VIEWED, referral, context={"page": "draft"})
    form = DraftForm(
        membership, referral.case, request.POST or None, initial=DraftForm.initial_for(referral)
    )

    def apply() -> str:
        sections = {code: form.cleaned_data[code] for code in content.SECTION_CODES}
        services.update_draft(membership, referral, form.to_command(sections=sections))
        return "Draft saved."

    allowed = referral.status == ReferralStatus.DRAFT and referral.case.is_open
    return change(
        request,
        referral,
        title="Prepare the referral",
        form=form,
        apply=apply,
        refused=""
        if allowed
        else "Only a draft on an open case can be changed; ask the lead to send it back.",
        template="referrals/edit.html",
    )


@require_POST
@handler_required
def submit(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Submit the draft (a button on the referral's page): the answer is flashed there."""
    referral = referral_for(request, public_id)

    def apply() -> str:
        services.submit_for_approval(membership_of(request), referral)
        return "Submitted for the lead's approval."

    return button_view(
        request,
        apply=apply,
        success_url=reverse("referrals:detail", kwargs={"public_id": referral.public_id}),
        title="Submit the referral",
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.APPROVE_REFERRAL)
def approve(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    membership = membership_of(request)
    form = ApproveReferralForm(
        request.POST or None, initial={"agency_reference": referral.agency_reference}
    )

    def apply() -> str:
        services.approve_referral(
            membership, referral, agency_reference=form.cleaned_data["agency_reference"]
        )
        return "Referral approved."

    if request.method == "GET":
        log(membership, codes.REFERRAL_VIEWED, referral, context={"page": "approval"})
    identity, sections = documents.document_items(referral)
    if referral.is_approved:
        refused = "This referral has already been approved."
    else:
        refused = refusal(referral, ReferralStatus.APPROVED)
    return form_view(
        request,
        form=form,
        apply=apply,
        template="referrals/approve.html",
        # The case page was where the lead came from before referrals had their own page.
        success_url=reverse("cases:detail", kwargs={"public_id": referral.case.public_id}),
        context={
            "referral": referral,
            "title": "Approve the referral",
            "identity": identity,
            "sections": sections,
            "basis": _basis(referral),
            "problems": services.problems(referral),
        },
        refusal=refused,
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.SEND_BACK_REFERRAL)
def send_back(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    form = ReasonForm(request.POST or None)

    def apply() -> str:
        services.send_back(membership_of(request), referral, reason=form.cleaned_data["reason"])
        return "Referral sent back to the preparer."

    return change(
        request,
        referral,
        title="Send the referral back",
        form=form,
        apply=apply,
        refused=refusal(referral, ReferralStatus.DRAFT),
    )


@require_http_methods(["GET", "POST"])
@handler_required
def record_sent(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    form = SentForm(request.POST or None)

    def apply() -> str:
        sending.record_sent(
            membership_of(request),
            referral,
            method=form.cleaned_data["method"],
            sent_at=form.sent_at(),
            officer=form.cleaned_data["officer"],
        )
        return "Recorded as sent. The disclosure is in the information-sharing log."

    return change(
        request,
        referral,
        title="Record that the referral was sent",
        form=form,
        apply=apply,
        refused=refusal(referral, ReferralStatus.SENT),
    )


@require_http_methods(["GET", "POST"])
@handler_required
def progress(request: HttpRequest, public_id: Any) -> HttpResponse:
    referral = referral_for(request, public_id)
    allowed_statuses = [s for s in services.PROGRESS if referral.status in services.ALLOWED_FROM[s]]
    form = ProgressForm(allowed_statuses, request.POST or None)

    def apply() -> str:
        services.record_progress(
            membership_of(request),
            referral,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            agency_reference=form.cleaned_data["agency_reference"],
        )
        return "Referral updated."

    return change(
        request,
        referral,
        title="Record what happened",
        form=form,
        apply=apply,
        refused="" if allowed_statuses else "This referral is closed.",
    )
