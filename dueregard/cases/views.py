"""Case pages for the DSL and deputies. Every change goes through ``cases.services``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.audit.services import record_by, record_view
from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.access import can_open
from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    DecisionKind,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.cases.queries import annotated_cases
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.referrals.services import NewReferral

handler_required = member_required(Can.HANDLE_CASES)


def _case_for(request: HttpRequest, public_id: Any) -> Case:
    """The case if in scope (404 otherwise) and openable (403 and audited otherwise)."""
    membership = membership_of(request)
    case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    return case


@require_GET
@handler_required
def case_list(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    status = request.GET.get("status", "open")
    cases = annotated_cases(membership).order_by("-created_at")
    if status == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status in CaseStatus.values:
        cases = cases.filter(status=status)
    else:
        status = "all"
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    subjects = services.subjects_by_case([c.pk for c in rows if not c.is_restricted or c.is_named])
    # The list shows subjects' names: reading it is audited like reading a record.
    record_by(
        membership,
        AuditAction.VIEW,
        object_type="case_list",
        summary="Viewed case list",
        request=request,
    )
    now = timezone.now()
    for case in rows:
        case.subjects = subjects.get(case.pk, [])
        case.review_overdue = bool(case.next_review_due and case.next_review_due < now)
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "cases": rows,
            "status": status,
            "statuses": [("open", "Open"), *CaseStatus.choices, ("all", "All")],
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.HANDLE_CASES, post=Can.BREAK_GLASS)
def case_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = get_object_for(
        Case.objects.visible_to(membership)
        .select_related("category", "lead")
        .annotate(channel_panel_count=Count("channel_panels")),
        membership,
        public_id,
    )
    if not can_open(membership, case):
        return _restricted(request, membership, case)
    record_view(request, case, summary="Viewed case")
    now = timezone.now()
    context = {
        "case": case,
        "parties": case.parties.select_related("person"),
        "concerns": case.concerns.order_by("created_at"),
        "decisions": case.decisions.select_related("created_by"),
        "actions": case.actions.select_related("owner"),
        "reviews": case.reviews.select_related("held_by"),
        "referrals": case.referrals.select_related("approved_by"),
        "channel_panels": case.channel_panel_count,
        "chronology": case.chronology.select_related("created_by"),
        "attachments": case.attachments.all(),
        "restricted_to": case.restricted_to.all() if case.is_restricted else [],
        "now": now,
        "today": timezone.localdate(),
        "ActionStatus": ActionStatus,
        "can_decide": case.status in services.ALLOWED_FROM["record a decision on"],
    }
    return render(request, "cases/detail.html", context)


def _restricted(request: HttpRequest, membership: Membership, case: Case) -> HttpResponse:
    """A restricted case the member is not named on: offer break glass, show nothing else."""
    form = case_forms.ReasonForm(request.POST or None)
    form.fields["reason"].label = "Why do you need to open this case?"
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(
                membership, case, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Access granted for 8 hours. The lead can see that you opened this case and why.",
            )
            return redirect("cases:detail", public_id=case.public_id)
    else:
        deny(request, "a restricted case (break glass offered)")
    return render(request, "cases/restricted.html", {"case": case, "form": form}, status=403)


def _change_view(
    request: HttpRequest,
    case: Case,
    *,
    change: str,
    title: str,
    form: forms.Form,
    apply: Callable[[Membership, dict[str, Any]], str],
) -> HttpResponse:
    """GET shows the form; POST applies the change through a service, or shows why not.

    ``change`` names the row of ``services.ALLOWED_FROM``; when the case's status does not
    allow it, the page says so instead of offering a form that would fail.
    """
    membership = membership_of(request)
    allowed = case.status in services.ALLOWED_FROM[change]
    if request.method == "POST" and form.is_valid():
        try:
            message = apply(membership, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("cases:detail", public_id=case.public_id)
    not_allowed = ""
    if not allowed:
        not_allowed = str(
            TransitionNotAllowed(
                f"This case is {CaseStatus(case.status).label.lower()}: you cannot {change} it."
            )
        )
    return render(
        request,
        "cases/change.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "not_allowed": not_allowed,
        },
        status=200 if allowed or request.method == "GET" else 409,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def decide(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for(request, public_id)
    form = case_forms.DecisionForm(request.POST or None, membership=membership_of(request))

    def apply(m: Membership, d: dict[str, Any]) -> str:
        referral = emergency = None
        if d["kind"] == DecisionKind.EXTERNAL_REFERRAL:
            referral = NewReferral(
                kind=d["referral_kind"],
                agency=d["referral_agency"],
                referred_on=d["referral_on"],
                agency_reference=d["referral_reference"],
                contact=d["referral_contact"],
            )
        if d["kind"] == DecisionKind.EMERGENCY:
            called_at = case_forms.combine(d["police_called_on"], d["police_called_time"])
            assert called_at is not None
            emergency = services.EmergencyDetails(
                called_by=d["police_called_by"],
                called_at=called_at,
                police_reference=d["police_reference"],
            )
        decision = services.record_decision(
            m,
            case,
            kind=d["kind"],
            rationale=d["rationale"],
            referral=referral,
            emergency=emergency,
            request=request,
        )
        return f"Decision recorded: {decision.get_kind_display()}."

    return _change_view(
        request,
        case,
        change="record a decision on",
        title="Record a decision",
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def add_party(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case_for(request, public_id)
    form = case_forms.PartyForm(membership, request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_party(
            m,
            case,
            role=d["role"],
            person=d["person"],
            description=d["description"],
            request=request,
        )
        return "Person linked to the case."

    return _change_view(
        request, case, change="add a person to", title="Link a person", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def add_action(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case_for(request, public_id)
    form = case_forms.ActionForm(membership, request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_action(
            m,
            case,
            description=d["description"],
            owner=d["owner"],
            due_on=d["due_on"],
            request=request,
        )
        return "Support action added."

    return _change_view(
        request,
        case,
        change="add an action to",
        title="Add a support action",
        form=form,
        apply=apply,
    )


@require_POST
@handler_required
def action_status(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    action = get_object_for(
        SupportAction.objects.visible_to(membership).select_related("case"),
        membership,
        public_id,
    )
    case = _case_for(request, action.case.public_id)
    status = request.POST.get("status", "")
    try:
        if status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
            raise DomainError("Choose done or cancelled.")
        services.set_action_status(membership, action, status, request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Action marked {ActionStatus(status).label.lower()}.")
    return redirect("cases:detail", public_id=case.public_id)


@require_http_methods(["GET", "POST"])
@handler_required
def hold_review(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    review = get_object_for(
        Review.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    case = _case_for(request, review.case.public_id)
    form = case_forms.ReviewForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.hold_review(
            m,
            review,
            summary=d["summary"],
            outcome=d["outcome"],
            next_due_at=form.next_due_at(),
            request=request,
        )
        return "Review recorded."

    if review.status != ReviewStatus.SCHEDULED and request.method == "GET":
        messages.error(request, "This review has already been held or was cancelled.")
        return redirect("cases:detail", public_id=case.public_id)
    return _change_view(
        request,
        case,
        change="hold a review on",
        title=f"Review due {timezone.localtime(review.due_at):%d %b %Y %H:%M}",
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def add_note(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for(request, public_id)
    form = case_forms.NoteForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_note(m, case, body=d["body"], occurred_at=form.occurred_at(), request=request)
        return "Note added."

    return _change_view(
        request, case, change="add a note to", title="Add a note", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for(request, public_id)
    form = case_forms.CloseForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.close_case(m, case, outcome_summary=d["outcome_summary"], request=request)
        return "Case closed."

    return _change_view(
        request, case, change="close", title="Close the case", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def reopen(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for(request, public_id)
    form = case_forms.ReasonForm(request.POST or None)

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.reopen_case(m, case, reason=d["reason"], request=request)
        return "Case reopened. Record a decision."

    return _change_view(
        request, case, change="reopen", title="Reopen the case", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def monitor(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for(request, public_id)
    if case.monitor:
        form: forms.Form = case_forms.ReasonForm(request.POST or None)

        def apply(m: Membership, d: dict[str, Any]) -> str:
            services.end_monitor(m, case, reason=d["reason"], request=request)
            return "Monitoring ended."

        return _change_view(
            request,
            case,
            change="end monitoring of",
            title="End monitoring",
            form=form,
            apply=apply,
        )
    form = case_forms.MonitorForm(request.POST or None)

    def apply_set(m: Membership, d: dict[str, Any]) -> str:
        services.set_monitor(
            m, case, rationale=d["rationale"], review_on=d["review_on"], request=request
        )
        return "Monitor flag set."

    return _change_view(
        request,
        case,
        change="set the monitor flag on",
        title="Monitor this closed case",
        form=form,
        apply=apply_set,
    )


@require_http_methods(["GET", "POST"])
@member_required(Can.RESTRICT_CASE)
def restrict(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case_for(request, public_id)
    form = case_forms.RestrictForm(
        membership,
        request.POST or None,
        initial={"users": list(case.restricted_to.all())},
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.restrict_case(m, case, list(d["users"]), request=request)
        return "Restriction updated."

    return _change_view(
        request,
        case,
        change="change the restriction of",
        title="Restrict access",
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def category(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case_for(request, public_id)
    form = case_forms.CategoryForm(
        membership, request.POST or None, initial={"category": case.category}
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.set_category(m, case, d["category"], request=request)
        return "Type of concern updated."

    return _change_view(
        request,
        case,
        change="set the type of concern of",
        title="Type of concern",
        form=form,
        apply=apply,
    )


@require_GET
@handler_required
def access_log(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Who has viewed or changed this case, newest first, including break glass."""
    membership = membership_of(request)
    case = _case_for(request, public_id)
    events = (
        AuditEvent.objects.filter(
            organisation_id=membership.organisation_id,
            object_type="case",
            object_id=case.public_id,
        )
        .select_related("actor")
        .order_by("-sequence")[:500]
    )
    # Break-glass reasons are personal data, kept encrypted on the grant, not in the audit.
    grants = case.break_glass.select_related("user").order_by("-created_at")
    record_view(request, case, summary="Viewed case access log")
    return render(
        request,
        "cases/access_log.html",
        {
            "case": case,
            "events": events,
            "grants": grants,
            "BREAK_GLASS": AuditAction.BREAK_GLASS,
        },
    )
