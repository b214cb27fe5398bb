"""The work on an open case: people on it, support actions, reviews and notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.cases import forms as case_forms
from dueregard.cases import services
from dueregard.cases.models import ActionStatus, Review, ReviewStatus, SupportAction
from dueregard.cases.views.changes import case_for, change_view, handler_required, posted
from dueregard.core.errors import FieldErrors
from dueregard.core.formviews import button_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.people.picker import picker_response


@require_http_methods(["GET", "POST"])
@handler_required
def add_party(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.PartyForm(membership, posted(request))

    def apply() -> str:
        data = form.cleaned_data
        services.add_party(
            membership,
            case,
            role=data["role"],
            person=data["person"],
            description=data["description"],
        )
        return "Person linked to the case."

    return change_view(
        request, case, change="add a person to", title="Link a person", form=form, apply=apply
    )


@require_POST
@handler_required
def person_picker(request: HttpRequest) -> JsonResponse:
    """The matches for the picker of "Link a person" (``people.picker``), for its script."""
    return picker_response(request, case_forms.PartyForm(membership_of(request)), purpose="case")


@require_http_methods(["GET", "POST"])
@handler_required
def add_action(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.ActionForm(membership, posted(request))

    def apply() -> str:
        data = form.cleaned_data
        services.add_action(
            membership,
            case,
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
        return "Support action added."

    return change_view(
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
    action: SupportAction = get_object_for(
        SupportAction.objects.visible_to(membership).select_related("case"),
        membership,
        public_id,
    )
    case = case_for(request, action.case.public_id)
    status = request.POST.get("status", "")

    def apply() -> str:
        if status not in (ActionStatus.DONE, ActionStatus.CANCELLED):
            raise FieldErrors.on("status", "Choose done or cancelled.")
        services.set_action_status(membership, action, status)
        return f"Action marked {ActionStatus(status).label.lower()}."

    return button_view(
        request,
        apply=apply,
        success_url=reverse("cases:detail", kwargs={"public_id": case.public_id}),
        title="Change the support action",
    )


@require_http_methods(["GET", "POST"])
@handler_required
def hold_review(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    review: Review = get_object_for(
        Review.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    case = case_for(request, review.case.public_id)
    form = case_forms.ReviewForm(posted(request))

    def apply() -> str:
        services.hold_review(
            membership,
            review,
            summary=form.cleaned_data["summary"],
            outcome=form.cleaned_data["outcome"],
            next_due_at=form.next_due_at(),
        )
        return "Review recorded."

    if review.status != ReviewStatus.SCHEDULED and request.method == "GET":
        messages.error(request, "This review has already been held or was cancelled.")
        return redirect("cases:detail", public_id=case.public_id)
    return change_view(
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
    membership = membership_of(request)
    case = case_for(request, public_id)
    form = case_forms.NoteForm(posted(request))

    def apply() -> str:
        services.add_note(
            membership, case, body=form.cleaned_data["body"], occurred_at=form.occurred_at()
        )
        return "Note added."

    return change_view(
        request, case, change="add a note to", title="Add a note", form=form, apply=apply
    )
