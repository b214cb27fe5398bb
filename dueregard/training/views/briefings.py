"""CPD briefings: the list, logging one, and (the DSL) counting one as a course."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dueregard.audit.services import log
from dueregard.core.formviews import Done, form_view
from dueregard.organisations.access import get_object_for, membership_of
from dueregard.organisations.permissions import Can
from dueregard.training import audit_codes as codes
from dueregard.training import forms as f
from dueregard.training.models import Briefing
from dueregard.training.services import briefings as services
from dueregard.training.views.common import managers_only


@require_GET
@managers_only
def briefings(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    items = (
        Briefing.objects.visible_to(membership)
        .select_related("counts_as")
        .prefetch_related("attendees")
    )
    return render(request, "training/briefings.html", {"briefings": items})


@require_http_methods(["GET", "POST"])
@managers_only
def briefing_add(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request)
    form = f.BriefingForm(membership.organisation_id, request.POST or None)

    def apply() -> Done:
        d = form.cleaned_data
        briefing = services.add_briefing(
            membership,
            title=d["title"],
            given_by=d["given_by"],
            held_on=d["held_on"],
            summary=d["summary"],
            attendees=list(d["attendees"]),
        )
        return Done(
            _("Briefing logged"),
            reverse("training:briefing", kwargs={"public_id": briefing.public_id}),
        )

    return form_view(
        request,
        form=form,
        apply=apply,
        template="training/form.html",
        context={"title": _("Log a CPD briefing")},
    )


@require_http_methods(["GET", "POST"])
@managers_only
def briefing(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    membership = membership_of(request)
    item = get_object_for(
        Briefing.objects.visible_to(membership).select_related(
            "counts_as", "counted_by", "created_by"
        ),
        membership,
        public_id,
    )
    form = f.CountBriefingForm(membership.organisation_id, request.POST or None)

    def apply() -> str:
        made = services.count_briefing(membership, item, form.cleaned_data["course"])
        return _("Attendance now counts: %(n)d record(s) added") % {"n": made}

    response = form_view(
        request,
        form=form,
        apply=apply,
        template="training/briefing.html",
        success_url=reverse("training:briefing", kwargs={"public_id": item.public_id}),
        context={
            "briefing": item,
            "attendees": item.attendees.select_related("user").order_by("user__full_name"),
            "can_count": membership.can(Can.COUNT_BRIEFING) and not item.counts_as_id,
        },
    )
    if response.status_code != 302:
        log(membership, codes.BRIEFING_VIEWED, item)
    return response
