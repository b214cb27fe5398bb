"""Closing and reopening a case, monitoring a closed one, and its type of concern."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.views.changes import case_for, change_view, handler_required, posted
from dueregard.organisations.access import membership_of


@require_http_methods(["GET", "POST"])
@handler_required
def close(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.CloseForm(posted(request))

    def apply() -> str:
        services.close_case(membership, case, outcome_summary=form.cleaned_data["outcome_summary"])
        return "Case closed."

    return change_view(
        request, case, change="close", title="Close the case", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def reopen(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.ReasonForm(posted(request))

    def apply() -> str:
        services.reopen_case(membership, case, reason=form.cleaned_data["reason"])
        return "Case reopened. Record a decision."

    return change_view(
        request, case, change="reopen", title="Reopen the case", form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@handler_required
def monitor(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Set the monitor flag on a closed case, or end it when it is set."""
    membership = membership_of(request)
    case = case_for(request, public_id)
    if case.monitor:
        reason_form = case_forms.ReasonForm(posted(request))

        def end() -> str:
            services.end_monitor(membership, case, reason=reason_form.cleaned_data["reason"])
            return "Monitoring ended."

        return change_view(
            request,
            case,
            change="end monitoring of",
            title="End monitoring",
            form=reason_form,
            apply=end,
        )
    form = case_forms.MonitorForm(posted(request))

    def start() -> str:
        services.set_monitor(
            membership,
            case,
            rationale=form.cleaned_data["rationale"],
            review_on=form.cleaned_data["review_on"],
        )
        return "Monitor flag set."

    return change_view(
        request,
        case,
        change="set the monitor flag on",
        title="Monitor this closed case",
        form=form,
        apply=start,
    )


@require_http_methods(["GET", "POST"])
@handler_required
def category(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.CategoryForm(
        membership,
        case,
        posted(request),
        initial={"category": case.safeguarding_category, "prevent_type": case.category},
    )

    def apply() -> str:
        services.set_category(
            membership, case, form.cleaned_data["category"], form.cleaned_data["prevent_type"]
        )
        return "Category updated."

    return change_view(
        request,
        case,
        change="set the type of concern of",
        title="Category",
        form=form,
        apply=apply,
    )
