"""Event request pages. Staff submit and see their own; reviewers see all; the DSL or a
senior leader decides. Every change goes through ``events.services``."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log
from dueregard.core.formviews import Done, form_view
from dueregard.events import audit_codes as codes
from dueregard.events import forms as f
from dueregard.events import services
from dueregard.events.models import EventRequest
from dueregard.organisations.access import get_object_for, member_required, membership_of
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can

submitters = member_required(Can.SUBMIT_EVENT)
reviewers = member_required(Can.REVIEW_EVENT)
approvers = member_required(Can.DECIDE_EVENT)


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one (so a refused change can say why)."""
    return request.POST if request.method == "POST" else None


def _event_for(request: HttpRequest, public_id: uuid.UUID) -> EventRequest:
    membership = membership_of(request)
    event: EventRequest = get_object_for(
        EventRequest.objects.visible_to(membership).select_related(
            "created_by", "decided_by", "decided_on_assessment"
        ),
        membership,
        public_id,
    )
    return event


@require_GET
@submitters
def event_list(request: HttpRequest) -> HttpResponse:
    """A calendar list: upcoming events by date with their state, then recent past ones."""
    membership = membership_of(request)
    now = timezone.now()
    events = EventRequest.objects.visible_to(membership)
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at"))
    past = list(events.filter(ends_at__lt=now).order_by("-starts_at")[:50])
    return render(
        request,
        "events/list.html",
        {"upcoming": upcoming, "past": past, "reviewer": membership.can(Can.REVIEW_EVENT)},
    )


@require_http_methods(["GET", "POST"])
@submitters
def submit(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.EventForm(_posted(request))

    def apply() -> Done:
        event = services.submit_request(membership, form.to_command())
        return Done(
            _("Request submitted. The safeguarding team will check it."),
            reverse("events:detail", kwargs={"public_id": event.public_id}),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="events/form.html",
        context={"title": _("Request an external speaker or event")},
    )


@require_GET
@submitters
def detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    event = _event_for(request, public_id)
    log(membership, codes.EVENT_VIEWED, event)
    status = event.status
    # The safeguarding team's findings (checks, risk notes, assessments, rationale) are for
    # those who review; the requester sees the state, the decision and its conditions.
    reviewer = membership.can(Can.REVIEW_EVENT)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "reviewer": reviewer,
            "checks": event.checks.select_related("done_by") if reviewer else [],
            "assessments": (event.assessments.select_related("assessed_by") if reviewer else []),
            "can_check": membership.can(Can.REVIEW_EVENT)
            and status in services.ALLOWED_FROM["add a check to"],
            "can_assess": membership.can(Can.REVIEW_EVENT)
            and status in services.ALLOWED_FROM["assess"],
            "can_decide": membership.can(Can.DECIDE_EVENT)
            and status in services.ALLOWED_FROM["decide on"],
            "can_record": status in services.ALLOWED_FROM["record the outcome of"]
            and event.starts_at <= timezone.now()
            and (membership.can(Can.REVIEW_EVENT) or event.created_by_id == membership.user_id),
            "can_cancel": status in services.ALLOWED_FROM["cancel"]
            and (membership.can(Can.REVIEW_EVENT) or event.created_by_id == membership.user_id),
        },
    )


def _change(
    request: HttpRequest,
    event: EventRequest,
    *,
    change: str,
    title: str,
    form: forms.Form,
    apply: Callable[[Membership, dict[str, Any]], str],
) -> HttpResponse:
    """A change to ``event`` through ``core.formviews.form_view``: 409 with the reason when
    its state refuses ``change``, back to the request when it is made."""
    membership = membership_of(request)
    return form_view(
        request,
        form=form,
        apply=lambda: apply(membership, form.cleaned_data),
        template="events/change.html",
        success_url=reverse("events:detail", kwargs={"public_id": event.public_id}),
        refusal=services.refusal(event, change),
        context={"event": event, "title": title},
    )


@require_http_methods(["GET", "POST"])
@reviewers
def add_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = _event_for(request, public_id)
    form = f.CheckForm(_posted(request), initial={"done_on": timezone.localdate()})

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.add_check(m, event, kind=d["kind"], outcome=d["outcome"], done_on=d["done_on"])
        return _("Check recorded")

    return _change(
        request,
        event,
        change="add a check to",
        title=_("Record a due-diligence check"),
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@reviewers
def assess(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = _event_for(request, public_id)
    form = f.AssessForm(
        _posted(request),
        initial={
            "risk_level": event.risk_level,
            "risk_notes": event.risk_notes,
            "independent_chair": event.independent_chair,
            "recorded": event.recorded,
            "balance_of_views": event.balance_of_views,
            "other_mitigations": event.other_mitigations,
        },
    )

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.assess(m, event, **d)
        return _("Risk and mitigations saved. The request now awaits a decision.")

    return _change(
        request,
        event,
        change="assess",
        title=_("Risk level and mitigations"),
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@approvers
def decide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = _event_for(request, public_id)
    form = f.DecideForm(_posted(request))

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.decide(m, event, **d)
        return _("Decision recorded")

    return _change(
        request, event, change="decide on", title=_("Decide on the request"), form=form, apply=apply
    )


@require_http_methods(["GET", "POST"])
@submitters
def outcome(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = _event_for(request, public_id)
    form = f.NotesForm(_posted(request))

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.record_outcome(m, event, notes=d["notes"])
        return _("Post-event notes saved")

    return _change(
        request,
        event,
        change="record the outcome of",
        title=_("After the event"),
        form=form,
        apply=apply,
    )


@require_http_methods(["GET", "POST"])
@submitters
def cancel(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    event = _event_for(request, public_id)
    form = f.CancelForm(_posted(request))

    def apply(m: Membership, d: dict[str, Any]) -> str:
        services.cancel(m, event, reason=d["reason"])
        return _("Event cancelled")

    return _change(
        request, event, change="cancel", title=_("Cancel the event"), form=form, apply=apply
    )
