"""Channel panel pages, reached from the case page. DSL team only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dueregard.audit.services import record_view
from dueregard.cases.access import can_open
from dueregard.cases.models import Case
from dueregard.channel import services
from dueregard.channel.forms import OutcomeForm, PanelForm, ReviewForm
from dueregard.channel.models import ChannelReview, PanelAction, PanelMeeting, PanelOutcome
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.access import deny, get_object_for, member_required, membership_of
from dueregard.organisations.permissions import Can

handler_required = member_required(Can.RUN_CHANNEL)


def _case(request: HttpRequest, public_id: Any) -> Case:
    membership = membership_of(request)
    case = get_object_for(Case.objects.visible_to(membership), membership, public_id)
    if not can_open(membership, case):
        raise deny(request, "a restricted case")
    return case


@require_http_methods(["GET", "POST"])
@handler_required
def add(request: HttpRequest, public_id: Any) -> HttpResponse:
    membership = membership_of(request)
    case = _case(request, public_id)
    form = PanelForm(case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_panel(
                membership,
                case,
                services.NewPanel(
                    met_on=d["met_on"],
                    consent=d["consent"],
                    summary=d["summary"],
                    outcome=d["outcome"],
                    attendees=d["attendees"],
                    actions=d["actions"],
                    referral=d["referral"],
                    support_ended_on=d["support_ended_on"],
                ),
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Channel panel recorded.")
            return redirect("channel:case", public_id=case.public_id)
    return render(
        request,
        "channel/form.html",
        {"case": case, "form": form, "title": "Record a Channel panel"},
    )


@require_http_methods(["GET"])
@handler_required
def case_panels(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case(request, public_id)
    record_view(request, case, summary="Viewed Channel panels")
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
    if review.held_at is not None:
        return render(
            request,
            "channel/form.html",
            {
                "case": case,
                "form": None,
                "title": "Channel review",
                "not_allowed": "This review has already been held.",
            },
            status=409 if request.method == "POST" else 200,
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.hold_review(
                membership, review, summary=form.cleaned_data["summary"], request=request
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Review recorded.")
            return redirect("channel:case", public_id=case.public_id)
    return render(
        request,
        "channel/form.html",
        {
            "case": case,
            "form": form,
            "title": f"Channel {review.months}-month review, due {review.due_on:%d %b %Y}",
        },
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
    try:
        services.complete_action(membership, action, request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Action marked done.")
    return redirect("channel:case", public_id=case.public_id)


@require_http_methods(["GET", "POST"])
@handler_required
def record_outcome(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The outcome of a panel that was not known at the meeting, recorded once it is."""
    membership = membership_of(request)
    meeting = get_object_for(
        PanelMeeting.objects.visible_to(membership).select_related("case"), membership, public_id
    )
    case = _case(request, meeting.case.public_id)
    title = f"Outcome of the panel of {meeting.met_on:%d %b %Y}"
    form = OutcomeForm(meeting.met_on, request.POST or None)
    not_allowed = ""
    if meeting.outcome not in services.OUTCOME_LATER_FROM:
        not_allowed = (
            "This panel's outcome is already recorded: record a new panel for a new decision."
        )
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_outcome(
                membership,
                meeting,
                outcome=d["outcome"],
                note=d["note"],
                support_ended_on=d["support_ended_on"],
                request=request,
            )
        except TransitionNotAllowed as error:
            not_allowed = str(error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Panel outcome recorded.")
            return redirect("channel:case", public_id=case.public_id)
    status = 409 if request.method == "POST" and not_allowed else 200
    return render(
        request,
        "channel/form.html",
        {"case": case, "form": form, "title": title, "not_allowed": not_allowed},
        status=status,
    )
