"""Channel panel pages, reached from the case page. DSL team only.

Changes go through ``channel.services`` and ``core.formviews.form_view``: a refused change
is on the form; a review already held or an outcome already recorded answers 409.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.audit.services import log
from dueregard.cases.access import can_open
from dueregard.cases.models import Case
from dueregard.channel import audit_codes as codes
from dueregard.channel import services
from dueregard.channel.forms import OutcomeForm, PanelForm, ReviewForm
from dueregard.channel.models import ChannelReview, PanelAction, PanelMeeting, PanelOutcome
from dueregard.core.formviews import button_view, form_view
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can

handler_required = member_required(Can.RUN_CHANNEL)


def _case(request: HttpRequest, public_id: Any) -> Case:
    membership = membership_of(request)
    case: Case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    return case


def _panels_url(case: Case) -> str:
    return reverse("channel:case", kwargs={"public_id": case.public_id})


@require_http_methods(["GET", "POST"])
@handler_required
def add(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case(request, public_id)
    form = PanelForm(case, request.POST or None)

    def apply() -> str:
        services.record_panel(membership, case, form.to_command())
        return "Channel panel recorded."

    return form_view(
        request,
        form=form,
        apply=apply,
        template="channel/form.html",
        success_url=_panels_url(case),
        context={"case": case, "title": "Record a Channel panel"},
    )


@require_http_methods(["GET"])
@handler_required
def case_panels(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id)
    log(membership_of(request), codes.CHANNEL_PANELS_VIEWED, case)
    meetings = PanelMeeting.objects.filter(
        organisation_id=case.organisation_id, case=case
    ).prefetch_related("attendees", "actions", "actions__done_by", "reviews")
    return render(
        request,
        "channel/case.html",
        {"case": case, "meetings": meetings, "NOT_YET_KNOWN": PanelOutcome.NOT_YET_KNOWN},
    )


@require_http_methods(["GET", "POST"])
@handler_required
def hold_review(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    review = get_object_for(
        ChannelReview.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    case = _case(request, review.case.public_id)
    form = ReviewForm(request.POST or None)

    def apply() -> str:
        services.hold_review(membership, review, summary=form.cleaned_data["summary"])
        return "Review recorded."

    held = review.held_at is not None
    return form_view(
        request,
        form=form,
        apply=apply,
        template="channel/form.html",
        success_url=_panels_url(case),
        context={
            "case": case,
            "title": "Channel review"
            if held
            else f"Channel {review.months}-month review, due {review.due_on:%d %b %Y}",
        },
        refusal="This review has already been held." if held else "",
    )


@require_POST
@handler_required
def action_done(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Mark a panel action done (a button on the Channel panels page), then go back there."""
    membership = membership_of(request)
    action = get_object_for(
        PanelAction.objects.visible_to(membership).select_related("meeting__case"),
        membership,
        public_id,
    )
    case = _case(request, action.meeting.case.public_id)

    def apply() -> str:
        services.complete_action(membership, action)
        return "Action marked done."

    return button_view(
        request, apply=apply, success_url=_panels_url(case), title="Mark the action done"
    )


@require_http_methods(["GET", "POST"])
@handler_required
def record_outcome(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The outcome of a panel that was not known at the meeting, recorded once it is."""
    membership = membership_of(request)
    meeting = get_object_for(
        PanelMeeting.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    case = _case(request, meeting.case.public_id)
    form = OutcomeForm(meeting.met_on, request.POST or None)

    def apply() -> str:
        services.record_outcome(
            membership,
            meeting,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            support_ended_on=form.cleaned_data["support_ended_on"],
        )
        return "Panel outcome recorded."

    return form_view(
        request,
        form=form,
        apply=apply,
        template="channel/form.html",
        success_url=_panels_url(case),
        context={"case": case, "title": f"Outcome of the panel of {meeting.met_on:%d %b %Y}"},
        refusal=""
        if meeting.outcome in services.OUTCOME_LATER_FROM
        else "This panel's outcome is already recorded: record a new panel for a new decision.",
    )
